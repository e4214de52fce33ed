import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A running `boxoffice` (or another program a test needs beside it, such as a python3
/// script holding a database lock) that a test talks to the way a client does: it writes
/// to the process's stdin a piece at a time, reads answer lines as they come, closes
/// either pipe, and sends signals. Every wait has an upper bound, so that a server that
/// hangs fails the test instead of hanging it; the process is killed when the value goes
/// away.
///
/// Spawned with `posix_spawn` rather than `Process` so that the child starts with the
/// default action for SIGPIPE, SIGTERM and SIGINT and no blocked signals, whatever the
/// test runner does with them: a test of how the server handles SIGPIPE must not pass
/// only because the runner ignored it and the child inherited that.
public final class LiveProcess {
    /// How long any single wait may take before the test gives up.
    public static let patience: TimeInterval = 20

    /// How a process ended, as `Process.TerminationReason` tells it, with its number.
    public enum Ending: Equatable, Sendable, CustomStringConvertible {
        /// It exited by itself, with this status.
        case exit(Int32)
        /// A signal it did not handle ended it.
        case uncaughtSignal(Int32)
        /// It ended, but `waitpid` could not say how (this errno): someone else reaped it.
        case unknown(Int32)

        public var description: String {
            switch self {
            case .exit(let status): "exit(\(status))"
            case .uncaughtSignal(let number): "uncaughtSignal(\(number))"
            case .unknown(let error): "unknown(errno \(error))"
            }
        }
    }

    /// The child's process id.
    public let pid: pid_t
    /// The file the process's stderr goes to (a file, so that logging never blocks it).
    public let stderrURL: URL
    private var input: Int32
    private var output: Int32
    private var pending: [UInt8] = []
    private var reachedEnd = false
    private let ended = EndingBox()

    /// Starts `boxoffice arguments` with fresh pipes on stdin and stdout and its stderr
    /// going to a file in `directory`.
    ///
    /// `waitingInput` is in the stdin pipe before the process starts, so its first read
    /// gets all of it at once; it must fit in the pipe's buffer (Linux: 64 KiB).
    public convenience init(_ arguments: [String], stderrIn directory: URL, waitingInput: [UInt8] = []) throws {
        try self.init(
            executable: BoxOfficeBinary.url, arguments: arguments, stderrIn: directory, waitingInput: waitingInput)
    }

    /// Starts `executable arguments` (an absolute path: the PATH is not searched) the
    /// same way.
    public init(executable: URL, arguments: [String], stderrIn directory: URL, waitingInput: [UInt8] = []) throws {
        precondition(waitingInput.count < 60 * 1024, "the waiting input would not fit in the pipe")
        // A write to a process that went away must fail with EPIPE here, not kill the
        // test runner. The child does not inherit this: see `spawn`.
        signal(SIGPIPE, SIG_IGN)
        stderrURL = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        let binary = executable.path
        let stderrPath = stderrURL.path
        (pid, input, output) = try Self.spawning.withLock {
            let stdinPipe = try Self.makePipe()
            let stdoutPipe = try Self.makePipe()
            defer {
                // The child has its own copies now (or never started).
                close(stdinPipe.read)
                close(stdoutPipe.write)
            }
            do {
                try FileHandle(fileDescriptor: stdinPipe.write, closeOnDealloc: false).write(contentsOf: waitingInput)
                let pid = try Self.spawn(
                    [binary] + arguments, stdin: stdinPipe.read, stdout: stdoutPipe.write, stderrPath: stderrPath)
                return (pid, stdinPipe.write, stdoutPipe.read)
            } catch {
                close(stdinPipe.write)
                close(stdoutPipe.read)
                throw error
            }
        }
        let pid = self.pid
        let ended = self.ended
        let reaper = Thread {
            var status: Int32 = 0
            var result = waitpid(pid, &status, 0)
            while result < 0 && errno == EINTR { result = waitpid(pid, &status, 0) }
            if result < 0 {
                ended.set(.unknown(errno))
            } else {
                ended.set(status & 0x7F == 0 ? .exit((status >> 8) & 0xFF) : .uncaughtSignal(status & 0x7F))
            }
        }
        reaper.name = "reap \(pid)"
        reaper.start()
    }

    deinit {
        if ended.wait(timeout: 0) == nil {
            kill(pid, SIGKILL)
            _ = ended.wait(timeout: Self.patience)
        }
        if input >= 0 { close(input) }
        if output >= 0 { close(output) }
    }

    /// Held while pipes are made and a child is spawned, so that no child of this class
    /// inherits an end of another's pipes in the moment before it is marked close-on-exec.
    /// (`Process` children close every descriptor above 2 by themselves.)
    private static let spawning = NSLock()

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw LiveProcessError("pipe failed: errno \(errno)") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    private static func spawn(_ arguments: [String], stdin: Int32, stdout: Int32, stderrPath: String) throws -> pid_t {
        let spawned = ChildSpawn.spawn(arguments) { actions in
            posix_spawn_file_actions_adddup2(&actions, stdin, STDIN_FILENO)
            posix_spawn_file_actions_adddup2(&actions, stdout, STDOUT_FILENO)
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        switch spawned {
        case .success(let pid): return pid
        case .failure(let error): throw LiveProcessError("posix_spawn \(arguments[0]) failed: \(error.code)")
        }
    }

    // MARK: stdin

    /// Writes all of `bytes` to the process's stdin; false when the process no longer
    /// reads it (EPIPE) or stdin was closed already.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        guard input >= 0 else { return false }
        // FileHandle writes all of it, retrying short writes; SIGPIPE is ignored in the
        // test process, so a reader that went away is an error here, not a signal.
        do {
            try FileHandle(fileDescriptor: input, closeOnDealloc: false).write(contentsOf: bytes)
            return true
        } catch {
            return false
        }
    }

    /// Writes `line` and a `\n`.
    @discardableResult
    public func send(_ line: String) -> Bool { write(Array((line + "\n").utf8)) }

    /// Closes stdin: the process sees the end of its input.
    public func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    // MARK: stdout

    /// Closes the reading end of stdout, as a client that went away does.
    public func closeOutput() {
        if output >= 0 { close(output) }
        output = -1
    }

    /// The next line on stdout, without its `\n`; nil at the end of output. Throws when
    /// no line comes within `timeout` seconds, or when the output ends inside a line.
    public func readLine(timeout: TimeInterval = patience) throws -> String? {
        try readLine(until: Date().addingTimeInterval(timeout), keepingCutLine: false)
    }

    /// Reads lines until the end of output; throws when it does not end within `timeout`
    /// seconds. Output that ends inside a line is an error, unless `keepingCutLastLine`:
    /// then that piece is the last line (a process killed while it wrote can leave one).
    public func readToEnd(timeout: TimeInterval = patience, keepingCutLastLine: Bool = false) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var lines: [String] = []
        while let line = try readLine(until: deadline, keepingCutLine: keepingCutLastLine) {
            lines.append(line)
        }
        return lines
    }

    private func readLine(until deadline: Date, keepingCutLine: Bool) throws -> String? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            if reachedEnd {
                if pending.isEmpty { return nil }
                if keepingCutLine {
                    defer { pending.removeAll() }
                    return String(decoding: pending, as: UTF8.self)
                }
                throw LiveProcessError(
                    "output ended inside a line: \(String(decoding: pending.prefix(200), as: UTF8.self))")
            }
            try fill(until: deadline)
        }
    }

    private func fill(until deadline: Date) throws {
        guard output >= 0 else { throw LiveProcessError("stdout is closed") }
        var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(max(0, min(deadline.timeIntervalSinceNow, 3600)) * 1000)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready < 0 {
            if errno == EINTR { return }
            throw LiveProcessError("poll failed: errno \(errno)")
        }
        if ready == 0 {
            throw LiveProcessError("no output within the time allowed; stderr:\n\(standardError)")
        }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
        if count > 0 {
            pending.append(contentsOf: buffer[..<count])
        } else if count == 0 {
            reachedEnd = true
        } else if errno != EINTR && errno != EAGAIN {
            throw LiveProcessError("read failed: errno \(errno)")
        }
    }

    // MARK: The process

    /// Sends signal `number` (such as `SIGTERM`, or `SIGKILL` to end it at once, wherever
    /// it is) to the process, unless it has ended already: its pid may be another's by then.
    public func sendSignal(_ number: Int32) {
        if ended.wait(timeout: 0) == nil { kill(pid, number) }
    }

    /// Waits for the process to end; throws when it has not within `timeout` seconds.
    public func waitForExit(timeout: TimeInterval = patience) throws -> Ending {
        let deadline = Date().addingTimeInterval(timeout)
        // Keep draining stdout meanwhile: a process blocked writing to a full pipe would
        // never exit. What is read stays in `pending` for readLine and readToEnd.
        do {
            while output >= 0 && !reachedEnd { try fill(until: deadline) }
        } catch {
            throw LiveProcessError("the process did not exit within \(timeout) s (\(error)); stderr:\n\(standardError)")
        }
        guard let ending = ended.wait(timeout: max(0, deadline.timeIntervalSinceNow)) else {
            throw LiveProcessError("the process did not exit within \(timeout) s; stderr:\n\(standardError)")
        }
        return ending
    }

    /// What the process logged so far.
    public var standardError: String {
        (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
    }
}
