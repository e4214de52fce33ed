import BoxOfficeTesting
import Foundation
import JSONRPC

/// Why a booking test gave up: a child ended early or failed, or an answer had the wrong
/// shape.
struct BookingTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The booking tests' children: a live `boxoffice serve` on a database file, or python3
/// reading it or holding its lock, and the calls a test makes to a server.
extension LiveProcess {
    /// A `boxoffice serve --db DATABASE` child, its stderr in a file beside the database.
    static func bookingServer(database: URL) throws -> LiveProcess {
        try LiveProcess(["serve", "--db", database.path], stderrIn: database.deletingLastPathComponent())
    }

    /// A `boxoffice serve` child on a demo database of either engine.
    static func bookingServer(_ demo: BookingDemoDatabase) throws -> LiveProcess {
        try LiveProcess(["serve", "--db", demo.location], stderrIn: demo.directory)
    }

    /// A `python3 -c SCRIPT arguments…` child, python3 found on the PATH.
    static func python(script: String, arguments: [String], stderrIn directory: URL) throws -> LiveProcess {
        try LiveProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", script] + arguments,
            stderrIn: directory)
    }

    /// Sends each line with its `\n`, all at once.
    /// - Throws: when the child no longer reads its stdin.
    func send(lines: [String]) throws {
        guard write(Array(lines.map { $0 + "\n" }.joined().utf8)) else {
            throw BookingTestError("writing the stdin of \(pid) failed; stderr:\n\(standardError)")
        }
    }

    /// The next stdout line, parsed as JSON.
    /// - Throws: when none comes within `timeout` seconds, stdout ends first, or it is not JSON.
    func nextJSON(timeout: TimeInterval) throws -> JSONValue {
        guard let line = try readLine(timeout: timeout) else {
            throw BookingTestError("stdout of \(pid) ended before an expected line; stderr:\n\(standardError)")
        }
        do {
            return try JSONValue.parse(line)
        } catch {
            throw BookingTestError("not JSON on the stdout of \(pid): \(line)")
        }
    }

    /// Sends one request and returns its answer (the whole response object).
    func call(_ method: String, _ params: JSONValue, id: JSONValue, timeout: TimeInterval = 30) throws -> JSONValue {
        try send(lines: [RequestLine.make(method, params, id: id)])
        let answer = try nextJSON(timeout: timeout)
        guard answer["id"] == id else {
            throw BookingTestError("the answer of \(pid) to \(id) has another id: \(answer)")
        }
        return answer
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
        -> [JSONValue]
    {
        let argumentsText = String(decoding: try JSONEncoder().encode(arguments), as: UTF8.self)
        let python = try LiveProcess.python(
            script: queryScript, arguments: [database.path, sql, argumentsText],
            stderrIn: database.deletingLastPathComponent())
        guard let line = try python.readLine(timeout: timeout) else {
            throw BookingTestError("python3 sqlite3 printed nothing for \(sql); stderr:\n\(python.standardError)")
        }
        let ending = try python.waitForExit(timeout: timeout)
        guard ending == .exit(0) else {
            throw BookingTestError("python3 sqlite3 ended \(ending) for \(sql); stderr:\n\(python.standardError)")
        }
        return try JSONValue.parse(line).array
    }
}

/// A database filled by `boxoffice serve --db … --demo` (real clock, random ids), and
/// what a test needs to know of it.
struct BookingDemoDatabase {
    /// What `--db` names: a file's path or a PostgreSQL URL.
    let location: String
    /// Where the test's children write their stderr.
    let directory: URL
    /// The first showing of screen "Salle 1" (86 seats, rows A–G).
    let showingId: String
    let showingStartsAt: String

    /// The database file (SQLite only).
    var url: URL { URL(fileURLWithPath: location) }

    /// Fills `name` in `directory` with the demo catalog through one process that exits.
    init(named name: String, in directory: URL) throws {
        try self.init(location: directory.appendingPathComponent(name).path, directory: directory)
    }

    /// Fills `database`, of either engine, with the demo catalog.
    init(_ database: TestDatabase) throws {
        try self.init(location: database.location, directory: database.scratch.url)
    }

    /// Fills the database `location` names with the demo catalog; children write their
    /// stderr in `directory`.
    init(location: String, directory: URL) throws {
        self.location = location
        self.directory = directory
        let requests = [
            RequestLine.make("theaters.list", [:], id: 1),
            RequestLine.make("showings.list", [:], id: 2),
        ]
        let outcome = try BoxOfficeBinary.run(
            ["serve", "--db", location, "--demo"], input: Data(requests.map { $0 + "\n" }.joined().utf8),
            in: directory)
        guard outcome.status == 0, outcome.lines.count == 2 else {
            throw BookingTestError(
                "the demo process exited \(outcome.status) with \(outcome.lines.count) lines; stderr:\n\(outcome.stderr)"
            )
        }
        let parsed = try outcome.lines.map {
            try JSONValue.parse($0)
        }
        let screens = parsed[0]["result"]["theaters"].array.flatMap { $0["screens"].array }
        guard let salle1 = screens.first(where: { $0["name"].string == "Salle 1" })?["id"].string else {
            throw BookingTestError("no screen Salle 1 in \(parsed[0])")
        }
        let showings = parsed[1]["result"]["showings"].array
            .filter { $0["screenId"].string == salle1 && $0["status"].string == "open" }
            .sorted { ($0["startsAt"].string ?? "") < ($1["startsAt"].string ?? "") }
        guard let showing = showings.first, let id = showing["id"].string, let startsAt = showing["startsAt"].string
        else { throw BookingTestError("no open showing on Salle 1 in \(parsed[1])") }
        showingId = id
        showingStartsAt = startsAt
    }
}
