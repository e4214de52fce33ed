import Foundation
import JSONRPC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a process-level booking test gave up: a wait ran past its bound, a child ended
/// early, or an answer had the wrong shape.
struct BookingProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A child process that keeps running while a test talks to it line by line: a live
/// `boxoffice serve`, or a helper such as a python3 script holding a database lock.
///
/// Every wait is bounded, so that a hang fails the test instead of stalling it; the
/// child is killed when the value goes away.
final class BookingChildProcess: @unchecked Sendable {
    let process = Process()
    let name: String
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var buffer: [UInt8] = []
    private var lines: [String] = []
    private var outputEnded = false
    private var errorText: [UInt8] = []
    private var errorEnded = false

    /// Starts `executable arguments` in `directory` with piped stdin, stdout and stderr.
    init(name: String, executable: URL, arguments: [String], in directory: URL) throws {
        // A write to a child that died must fail with EPIPE, not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        self.name = name
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        startReading(output.fileHandleForReading.fileDescriptor, isOutput: true)
        startReading(errors.fileHandleForReading.fileDescriptor, isOutput: false)
    }

    /// A `boxoffice serve --db DATABASE extra…` child.
    static func boxOffice(
        name: String, database: String, extra: [String] = [], in directory: URL
    ) throws -> BookingChildProcess {
        try BookingChildProcess(
            name: name, executable: BoxOfficeBinary.url, arguments: ["serve", "--db", database] + extra,
            in: directory)
    }

    /// A `python3 -c SCRIPT arguments…` child, found on the PATH.
    static func python(name: String, script: String, arguments: [String], in directory: URL) throws
        -> BookingChildProcess
    {
        try BookingChildProcess(
            name: name, executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["python3", "-c", script] + arguments, in: directory)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    private func startReading(_ fd: Int32, isOutput: Bool) {
        let thread = Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                condition.lock()
                if count > 0 {
                    if isOutput {
                        buffer += chunk[0..<count]
                        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                            lines.append(String(decoding: buffer[..<newline], as: UTF8.self))
                            buffer.removeSubrange(...newline)
                        }
                    } else {
                        errorText += chunk[0..<count]
                    }
                } else if isOutput {
                    outputEnded = true
                } else {
                    errorEnded = true
                }
                condition.broadcast()
                condition.unlock()
                if count <= 0 { return }
            }
        }
        thread.name = "\(name) \(isOutput ? "stdout" : "stderr")"
        thread.start()
    }

    /// What the child wrote to stderr so far.
    var stderr: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: errorText, as: UTF8.self)
    }

    /// Writes `text` to the child's stdin in as few `write(2)` calls as it takes.
    func write(_ text: String) throws {
        let fd = input.fileHandleForWriting.fileDescriptor
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                throw BookingProcessError("\(name): writing its stdin failed (errno \(errno)); stderr:\n\(stderr)")
            }
        }
    }

    /// Sends each line with its `\n`, all in one write.
    func send(lines: [String]) throws {
        try write(lines.map { $0 + "\n" }.joined())
    }

    /// Ends the child's stdin: a boxoffice process answers what it read, then exits 0.
    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// The next line the child writes to stdout.
    /// - Throws: when none comes within `timeout` seconds, or stdout ends first.
    func nextLine(timeout: TimeInterval) throws -> String {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while lines.isEmpty {
            if outputEnded {
                throw BookingProcessError("\(name): stdout ended before an expected line; stderr:\n\(stderrLocked)")
            }
            if !condition.wait(until: deadline) && lines.isEmpty {
                throw BookingProcessError("\(name): no line on stdout within \(timeout) s; stderr:\n\(stderrLocked)")
            }
        }
        return lines.removeFirst()
    }

    /// Every line still to come on stdout, until it ends.
    /// - Throws: when stdout does not end within `timeout` seconds.
    func remainingLines(timeout: TimeInterval) throws -> [String] {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while !outputEnded {
            if !condition.wait(until: deadline) && !outputEnded {
                throw BookingProcessError("\(name): stdout did not end within \(timeout) s; stderr:\n\(stderrLocked)")
            }
        }
        defer { lines.removeAll() }
        return lines
    }

    private var stderrLocked: String { String(decoding: errorText, as: UTF8.self) }

    /// The next stdout line, parsed as JSON.
    func nextJSON(timeout: TimeInterval) throws -> BookingJSON {
        let line = try nextLine(timeout: timeout)
        do {
            return BookingJSON(try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)))
        } catch {
            throw BookingProcessError("\(name): not JSON on stdout: \(line)")
        }
    }

    /// Sends one request and returns its answer (the whole response object).
    func call(_ method: String, _ params: JSONValue, id: JSONValue, timeout: TimeInterval = 30) throws -> BookingJSON {
        try send(lines: [BookingRequestLine.line(method, params, id: id)])
        let answer = try nextJSON(timeout: timeout)
        guard answer["id"].value == id else {
            throw BookingProcessError("\(name): answer to \(id) has another id: \(answer)")
        }
        return answer
    }

    /// Sends SIGKILL: the process dies at once, wherever it is.
    func killNow() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for the child to exit and returns its status.
    /// - Throws: when it is still running after `timeout` seconds (it is then killed).
    @discardableResult
    func waitForExit(timeout: TimeInterval) throws -> (status: Int32, reason: Process.TerminationReason) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw BookingProcessError("\(name): still running after \(timeout) s; killed it. stderr:\n\(stderr)")
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason)
    }
}

/// Request lines, built from `JSONValue`s.
enum BookingRequestLine {
    static func line(_ method: String, _ params: JSONValue, id: JSONValue) -> String {
        let message: JSONValue = ["jsonrpc": "2.0", "method": .string(method), "params": params, "id": id]
        return String(decoding: (try? JSONEncoder().encode(message)) ?? Data(), as: UTF8.self)
    }
}

/// A read-only view of a JSON value that tolerates missing keys: every step of a path
/// that is not there gives `.null`, so that a test can check the result instead of
/// crashing on it.
struct BookingJSON: CustomStringConvertible, Sendable {
    let value: JSONValue

    init(_ value: JSONValue) { self.value = value }

    subscript(key: String) -> BookingJSON {
        if case .object(let object) = value, let member = object[key] { return BookingJSON(member) }
        return BookingJSON(.null)
    }

    subscript(index: Int) -> BookingJSON {
        if case .array(let array) = value, array.indices.contains(index) { return BookingJSON(array[index]) }
        return BookingJSON(.null)
    }

    var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    var int: Int64? {
        if case .integer(let number) = value { return number }
        return nil
    }

    var array: [BookingJSON] {
        if case .array(let array) = value { return array.map(BookingJSON.init) }
        return []
    }

    var isNull: Bool { value == .null }

    var description: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }
}

/// Reads a database file from outside boxoffice, through python3's sqlite3 module (the
/// test target does not link GRDB, and python3 is on every machine CI runs on).
enum BookingSQLite {
    private static let queryScript = """
        import json, sqlite3, sys
        connection = sqlite3.connect(sys.argv[1], timeout=30)
        connection.row_factory = sqlite3.Row
        rows = [dict(row) for row in connection.execute(sys.argv[2], json.loads(sys.argv[3]))]
        print(json.dumps(rows))
        """

    /// The rows of `sql`, each a JSON object keyed by column name.
    static func query(_ database: URL, _ sql: String, _ arguments: [String] = [], timeout: TimeInterval = 30) throws
        -> [BookingJSON]
    {
        let argumentsText = String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self)
        let child = try BookingChildProcess.python(
            name: "python3 sqlite3", script: queryScript, arguments: [database.path, sql, argumentsText],
            in: database.deletingLastPathComponent())
        let line = try child.nextLine(timeout: timeout)
        let exit = try child.waitForExit(timeout: timeout)
        guard exit.status == 0 else {
            throw BookingProcessError("python3 sqlite3 exited \(exit.status) for \(sql); stderr:\n\(child.stderr)")
        }
        return BookingJSON(try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))).array
    }
}

/// A database file filled by `boxoffice serve --db … --demo` (real clock, random ids),
/// and what a test needs to know of it.
struct BookingDemoDatabase {
    let url: URL
    /// The first showing of screen "Salle 1" (86 seats, rows A–G).
    let showingId: String
    let showingStartsAt: String

    /// Fills `name` in `directory` with the demo catalog through one process that exits.
    init(named name: String, in directory: URL) throws {
        url = directory.appendingPathComponent(name)
        let requests = [
            BookingRequestLine.line("theaters.list", [:], id: 1),
            BookingRequestLine.line("showings.list", [:], id: 2),
        ]
        let outcome = try BoxOfficeBinary.run(
            ["serve", "--db", name, "--demo"], input: Data(requests.map { $0 + "\n" }.joined().utf8), in: directory)
        guard outcome.status == 0, outcome.lines.count == 2 else {
            throw BookingProcessError(
                "the demo process exited \(outcome.status) with \(outcome.lines.count) lines; stderr:\n\(outcome.stderr)")
        }
        let parsed = try outcome.lines.map {
            BookingJSON(try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)))
        }
        let screens = parsed[0]["result"]["theaters"].array.flatMap { $0["screens"].array }
        guard let salle1 = screens.first(where: { $0["name"].string == "Salle 1" })?["id"].string else {
            throw BookingProcessError("no screen Salle 1 in \(parsed[0])")
        }
        let showings = parsed[1]["result"]["showings"].array
            .filter { $0["screenId"].string == salle1 && $0["status"].string == "open" }
            .sorted { ($0["startsAt"].string ?? "") < ($1["startsAt"].string ?? "") }
        guard let showing = showings.first, let id = showing["id"].string, let startsAt = showing["startsAt"].string
        else { throw BookingProcessError("no open showing on Salle 1 in \(parsed[1])") }
        showingId = id
        showingStartsAt = startsAt
    }
}
