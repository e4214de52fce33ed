import Foundation

/// Starting a child process directly with `posix_spawn`, as the tests' process helpers
/// do: the child starts with SIGPIPE, SIGTERM, SIGINT and SIGCHLD at their defaults and no
/// signal blocked, whatever the test process did to its own, and its standard files
/// are set up by the caller.
enum ChildSpawn {
    #if canImport(Glibc)
        /// The file actions of a spawn, as this platform spells their type.
        typealias FileActions = posix_spawn_file_actions_t
        typealias Attributes = posix_spawnattr_t
    #else
        typealias FileActions = posix_spawn_file_actions_t?
        typealias Attributes = posix_spawnattr_t?
    #endif

    /// Spawns `arguments[0]` with `arguments`, `environment` (`NAME=value` lines; this
    /// process's own when nil), and the standard files `files` sets up; answers the pid,
    /// or the error number `posix_spawn` gave.
    static func spawn(_ arguments: [String], environment: [String]? = nil, files: (inout FileActions) -> Void)
        -> Result<pid_t, POSIXSpawnError>
    {
        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        files(&actions)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGPIPE, SIGTERM, SIGINT, SIGCHLD] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result: Int32
        if let environment {
            var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
            defer { for pointer in envp { free(pointer) } }
            result = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, &envp)
        } else {
            result = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, environ)
        }
        return result == 0 ? .success(pid) : .failure(POSIXSpawnError(code: result))
    }
}

/// The error number `posix_spawn` answered.
struct POSIXSpawnError: Error {
    /// The errno value.
    var code: Int32
}
