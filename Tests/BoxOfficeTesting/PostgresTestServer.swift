import Foundation
import Synchronization

/// The PostgreSQL server the tests use, and throwaway clusters of their own.
///
/// Where the shared server comes from, in order:
/// 1. `BOXOFFICE_TEST_POSTGRES_URL`: a URL of a server on which the tests may create
///    databases (`.ci/run` starts a throwaway cluster and sets it);
/// 2. otherwise, when PostgreSQL's binaries are installed (`initdb`, `pg_ctl`, `psql` on
///    the `PATH` or in `/usr/lib/postgresql/*/bin`), a throwaway cluster started once for
///    this test process and stopped when it exits;
/// 3. otherwise none: the PostgreSQL tests skip, with one loud line on stderr. With
///    `BOXOFFICE_REQUIRE_POSTGRES=1` (set by `.ci/run`) they fail instead.
///
/// Every test gets a database of its own (`freshDatabaseURL`), so tests run in parallel.
public enum PostgresTestServer {
    /// Whether CI said the PostgreSQL tests must run (`BOXOFFICE_REQUIRE_POSTGRES=1`).
    public static let required = ProcessInfo.processInfo.environment["BOXOFFICE_REQUIRE_POSTGRES"] == "1"

    /// Whether a PostgreSQL test should run: when a server can be had, or when CI requires
    /// one (the test then fails on its absence). For `@Test(.enabled(if:))`.
    public static var available: Bool {
        required || ((try? serverURL()) ?? nil) != nil
    }

    /// Why there is no server, once looked for: the loud line is printed only once.
    private static let shared = Mutex<Result<String, PostgresTestError>?>(nil)

    /// The URL of the shared server's `postgres` database, starting a throwaway cluster
    /// the first time when no URL was given; nil when there is no server to be had and
    /// CI does not require one.
    /// - Throws: `PostgresTestError` when a server is required but cannot be had.
    public static func serverURL() throws -> String? {
        let result = shared.withLock { shared in
            if let shared { return shared }
            let found = findServer()
            shared = found
            if case .failure(let error) = found, !required {
                FileHandle.standardError.write(
                    Data(
                        ("\n*** SKIPPED: the PostgreSQL tests do not run: \(error.description). Install PostgreSQL "
                            + "(`apt-get install postgresql`) or set BOXOFFICE_TEST_POSTGRES_URL; "
                            + "BOXOFFICE_REQUIRE_POSTGRES=1 makes this a failure. ***\n\n").utf8))
            }
            return found
        }
        switch result {
        case .success(let url): return url
        case .failure(let error): if required { throw error } else { return nil }
        }
    }

    /// A new, empty database on the shared server, as a URL for `boxoffice serve --db`;
    /// nil when there is no server and none is required (the test should then skip).
    /// - Throws: `PostgresTestError` when a server is required but cannot be had, or the
    ///   database cannot be created.
    public static func freshDatabaseURL() throws -> String? {
        guard let server = try serverURL() else { return nil }
        return try createDatabase(on: server)
    }

    /// Creates a database with a new name on the server at `serverURL`; answers its URL.
    /// - Throws: `PostgresTestError` when `psql` fails.
    public static func createDatabase(on serverURL: String) throws -> String {
        let name = "boxoffice_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try psql(serverURL, "CREATE DATABASE \(name)")
        return try url(serverURL, database: String(name))
    }

    /// Runs one SQL statement with `psql` against the database at `url`; answers what it
    /// printed (unaligned, tuples only).
    /// - Throws: `PostgresTestError` when psql cannot be run or the statement fails.
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let tool = try PostgresBinaries.find().psql
        let run = try PostgresBinaries.run(
            tool, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
        guard run.status == 0 else {
            throw PostgresTestError("psql failed on `\(sql.prefix(80))`: \(run.output.prefix(500))")
        }
        return run.output
    }

    /// `url` with its database replaced by `database`.
    static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw PostgresTestError("not a URL: \(url)") }
        components.path = "/" + database
        guard let result = components.string else { throw PostgresTestError("not a URL: \(url)") }
        return result
    }

    private static func findServer() -> Result<String, PostgresTestError> {
        if let url = ProcessInfo.processInfo.environment["BOXOFFICE_TEST_POSTGRES_URL"], !url.isEmpty {
            return .success(url)
        }
        do {
            let cluster = try PostgresCluster()
            processCluster.withLock { $0 = cluster }
            // Stopped when the test process exits: a cluster outliving its tests would
            // keep a server and a directory behind.
            atexit { PostgresTestServer.processCluster.withLock { $0?.destroy() } }
            return .success(cluster.url)
        } catch let error as PostgresTestError {
            return .failure(error)
        } catch {
            return .failure(PostgresTestError("\(error)"))
        }
    }

    /// The cluster this test process started for itself, if it did.
    static let processCluster = Mutex<PostgresCluster?>(nil)
}

/// A throwaway PostgreSQL cluster in a directory of its own: `initdb`, then a server on
/// a free loopback port with its socket in that directory, trusting local connections.
/// When the tests run as root, everything runs as the `postgres` user, since the server
/// refuses to run as root. Removed (server stopped, directory deleted) by `destroy()` or
/// when let go of.
public final class PostgresCluster: Sendable {
    /// The URL of its `postgres` database, as the `postgres` superuser over TCP.
    public let url: String
    /// Its port on 127.0.0.1.
    public let port: Int
    /// The directory holding its data, log and socket.
    public let directory: URL
    private let binaries: PostgresBinaries
    private let destroyed = Mutex(false)

    /// Initializes and starts a new cluster, with `settings` (such as
    /// `log_statement=all`) beside the usual ones.
    /// - Throws: `PostgresTestError` when the binaries are missing or the server does not start.
    public init(settings: [String] = []) throws {
        binaries = try PostgresBinaries.find()
        // Short: the socket's path must stay under 107 bytes.
        directory = URL(fileURLWithPath: "/tmp/bxpg-" + UUID().uuidString.prefix(8).lowercased())
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if getuid() == 0 {
            try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: directory.path)
        }
        let initdb = try PostgresBinaries.run(
            binaries.initdb,
            [
                "-D", directory.appendingPathComponent("data").path, "--locale=C", "-E", "UTF8", "-A", "trust",
                "-U", "postgres", "--no-sync",
            ], asServerUser: true)
        guard initdb.status == 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw PostgresTestError("initdb failed: \(initdb.output.suffix(500))")
        }
        var lastFailure = ""
        for _ in 0..<8 {
            let port = Int.random(in: 20_000..<60_000)
            let start = try PostgresBinaries.run(
                binaries.pgCtl,
                [
                    "-D", directory.appendingPathComponent("data").path, "-l",
                    directory.appendingPathComponent("log").path,
                    "-o",
                    "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on"
                        + settings.map { " -c \($0)" }.joined(),
                    "-w", "-t", "30", "start",
                ], asServerUser: true)
            if start.status == 0 {
                self.port = port
                url = "postgresql://postgres@127.0.0.1:\(port)/postgres"
                return
            }
            lastFailure =
                start.output
                + ((try? String(contentsOf: directory.appendingPathComponent("log"), encoding: .utf8)) ?? "")
        }
        try? FileManager.default.removeItem(at: directory)
        throw PostgresTestError("the server did not start: \(lastFailure.suffix(800))")
    }

    /// What the server logged so far.
    public var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("log"), encoding: .utf8)) ?? ""
    }

    /// Stops the server (fast shutdown: sessions are cut off); the data stays for `start()`.
    /// - Throws: `PostgresTestError` when pg_ctl fails.
    public func stop() throws {
        let run = try PostgresBinaries.run(
            binaries.pgCtl, ["-D", dataPath, "-m", "fast", "-w", "stop"], asServerUser: true)
        guard run.status == 0 else { throw PostgresTestError("pg_ctl stop failed: \(run.output.suffix(500))") }
    }

    /// Starts the stopped server again on the same port.
    /// - Throws: `PostgresTestError` when pg_ctl fails.
    public func start() throws {
        let run = try PostgresBinaries.run(
            binaries.pgCtl,
            [
                "-D", dataPath, "-l", directory.appendingPathComponent("log").path, "-o",
                "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c max_connections=200", "-w", "-t",
                "30",
                "start",
            ], asServerUser: true)
        guard run.status == 0 else { throw PostgresTestError("pg_ctl start failed: \(run.output.suffix(500))") }
    }

    /// Stops the server at once and deletes its directory; nothing more can be done with it.
    public func destroy() {
        let first = destroyed.withLock { destroyed in
            defer { destroyed = true }
            return !destroyed
        }
        guard first else { return }
        _ = try? PostgresBinaries.run(
            binaries.pgCtl, ["-D", dataPath, "-m", "immediate", "-w", "stop"], asServerUser: true)
        try? FileManager.default.removeItem(at: directory)
    }

    private var dataPath: String { directory.appendingPathComponent("data").path }

    deinit { destroy() }
}

/// Where PostgreSQL's programs are.
struct PostgresBinaries: Sendable {
    var initdb: String
    var pgCtl: String
    var psql: String

    /// Finds them on the `PATH`, or else in the newest `/usr/lib/postgresql/*/bin`.
    static func find() throws -> PostgresBinaries {
        var directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(
            String.init)
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        directories += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        func locate(_ name: String) throws -> String {
            for directory in directories where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
                return directory + "/" + name
            }
            throw PostgresTestError("PostgreSQL's \(name) is not installed")
        }
        return PostgresBinaries(initdb: try locate("initdb"), pgCtl: try locate("pg_ctl"), psql: try locate("psql"))
    }

    /// Runs `tool` with `arguments` (as the `postgres` user when `asServerUser` and this
    /// process is root), with no `PG*` variables in its environment; answers its exit
    /// status (-1 when a signal ended it) and what it printed on stdout and stderr.
    ///
    /// Spawned and reaped directly (`posix_spawn`, `waitpid`), with its output in a file,
    /// not a pipe: a server started by pg_ctl could hold a pipe open and keep a reader
    /// waiting for its end.
    static func run(_ tool: String, _ arguments: [String], asServerUser: Bool = false) throws -> (
        status: Int32, output: String
    ) {
        let command =
            asServerUser && getuid() == 0
            ? ["/usr/sbin/runuser", "-u", "postgres", "--", tool] + arguments : [tool] + arguments
        let outputPath = "/tmp/bxpg-out-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }.map { "\($0)=\($1)" }

        let spawned = ChildSpawn.spawn(command, environment: environment) { actions in
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO)
        }
        let pid: pid_t
        switch spawned {
        case .success(let child): pid = child
        case .failure(let error): throw PostgresTestError("cannot run \(command[0]): error \(error.code)")
        }
        var status: Int32 = 0
        var result = waitpid(pid, &status, 0)
        while result < 0 && errno == EINTR { result = waitpid(pid, &status, 0) }
        let text = String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self)
        // Exited normally: WIFEXITED, then WEXITSTATUS.
        let exited = result == pid && status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : -1, text)
    }
}

/// Why a PostgreSQL server for the tests could not be had or used.
public struct PostgresTestError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in one line.
    public let description: String

    init(_ description: String) { self.description = description }
}
