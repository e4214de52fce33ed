import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The transport of section 1 of the contract, through the real binary: line limits,
/// bytes that are not UTF-8, line endings, end of input, SIGTERM and a reader that goes
/// away. No sleeps: a test knows the server is ready once it has answered a request.
/// The transport is the same whatever the engine, so every test runs on each.
struct ProcessTests {
    // MARK: Requests and their exact answers

    static func infoRequest(id: Int) -> String { #"{"jsonrpc":"2.0","method":"server.info","id":\#(id)}"# }

    static func infoAnswer(id: JSONValue, database: TestDatabase) -> JSONValue {
        [
            "jsonrpc": "2.0", "id": id,
            "result": [
                "name": "boxoffice", "version": "0.1.0", "protocol": "1", "now": "2030-01-01T00:00:00Z",
                "database": database.serverInfo,
            ],
        ]
    }

    /// A request to a method that does not exist: the cheapest exchange with an exact answer.
    static func pingRequest(id: Int) -> String { #"{"jsonrpc":"2.0","method":"process.ping","id":\#(id)}"# }

    static func pingAnswer(id: JSONValue) -> JSONValue {
        [
            "jsonrpc": "2.0", "id": id,
            "error": [
                "code": -32601,
                "message": "Method not found: process.ping; rpc.discover lists every method",
            ],
        ]
    }

    static func lineTooLong(limit: Int64, value: Int64) -> JSONValue {
        [
            "jsonrpc": "2.0", "id": nil,
            "error": [
                "code": -32008, "message": .string("Limit exceeded: maxLineBytes is \(limit), got \(value)"),
                "data": [
                    "reason": "LIMIT_EXCEEDED", "name": "maxLineBytes", "limit": .integer(limit),
                    "value": .integer(value),
                ],
            ],
        ]
    }

    static func parseError(_ reason: String) -> JSONValue {
        [
            "jsonrpc": "2.0", "id": nil,
            "error": [
                "code": -32700, "message": .string("Parse error: \(reason)"), "data": ["reason": .string(reason)],
            ],
        ]
    }

    /// A server.info request of exactly `length` bytes, padded inside its string id.
    static func infoRequest(length: Int) -> (line: String, id: String) {
        let prefix = #"{"jsonrpc":"2.0","method":"server.info","id":""#
        let suffix = #""}"#
        let id = String(repeating: "p", count: length - prefix.utf8.count - suffix.utf8.count)
        let line = prefix + id + suffix
        precondition(line.utf8.count == length)
        return (line, id)
    }

    // MARK: Checks

    /// A server in `--deterministic` mode on `database`.
    static func start(_ extra: [String] = [], on database: TestDatabase) throws -> LiveProcess {
        try LiveProcess(
            ["serve", "--db", database.location, "--deterministic"] + extra, stderrIn: database.scratch.url)
    }

    /// Parses one stdout line, checking that it is what every stdout line must be: one
    /// JSON object (or a batch of them) with `"jsonrpc":"2.0"`.
    static func parse(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        let objects: [JSONValue] = if case .array(let entries) = value { entries } else { [value] }
        for object in objects {
            guard case .object(let members) = object else {
                Issue.record("stdout line is not a JSON object: \(line.prefix(300))", sourceLocation: sourceLocation)
                continue
            }
            #expect(
                members["jsonrpc"] == "2.0", "no \"jsonrpc\":\"2.0\" in \(line.prefix(300))",
                sourceLocation: sourceLocation)
        }
        #expect(!line.contains("\r"), "carriage return in an answer", sourceLocation: sourceLocation)
        return value
    }

    /// Reads the next line and checks it against `expected` (where `"<<any>>"` matches anything).
    static func expectAnswer(
        _ process: LiveProcess, _ expected: JSONValue, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let line = try #require(
            try process.readLine(), "output ended; stderr:\n\(process.standardError)", sourceLocation: sourceLocation)
        let actual = try parse(line, sourceLocation: sourceLocation)
        #expect(
            JSONComparison.matches(expected: expected, actual: actual),
            "expected \(JSONComparison.format(expected))\n  actual \(line.prefix(500))", sourceLocation: sourceLocation)
    }

    /// Closes stdin and expects no more output and a clean exit with status 0.
    static func expectCleanEnd(_ process: LiveProcess, sourceLocation: SourceLocation = #_sourceLocation) throws {
        process.closeInput()
        #expect(try process.readToEnd() == [], "output after the last expected answer", sourceLocation: sourceLocation)
        let ending = try process.waitForExit()
        #expect(ending == .exit(0), "stderr:\n\(process.standardError)", sourceLocation: sourceLocation)
    }

    /// Sends SIGTERM once and waits for the process to end. Once, on purpose: the handler
    /// is installed before the first request is read, so a signal sent after an answer
    /// can never be lost.
    static func terminate(_ process: LiveProcess, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> LiveProcess.Ending
    {
        process.sendSignal(SIGTERM)
        return try process.waitForExit()
    }

    // MARK: Line limits

    @Test(arguments: Engine.all)
    func aTwoMebibyteLineGetsOneLimitErrorAndTheNextLineIsAnswered(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        let process = try Self.start(on: database)
        // A well-formed request, exactly 2 MiB long: its id must not be read.
        let huge = Self.infoRequest(length: 2 << 20).line
        #expect(process.write(Array((huge + "\n" + Self.infoRequest(id: 2) + "\n").utf8)))
        try Self.expectAnswer(process, Self.lineTooLong(limit: 1 << 20, value: 2 << 20))
        try Self.expectAnswer(process, Self.infoAnswer(id: 2, database: database))
        try Self.expectCleanEnd(process)
    }

    @Test(arguments: Engine.all)
    func aLineAtTheDefaultLimitIsAnswered(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        let process = try Self.start(on: database)
        let atLimit = Self.infoRequest(length: 1 << 20)
        #expect(process.send(atLimit.line))
        try Self.expectAnswer(process, Self.infoAnswer(id: .string(atLimit.id), database: database))
        try Self.expectCleanEnd(process)
    }

    @Test(arguments: Engine.all)
    func maxLineBytesFlagLowersTheLimit(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        let process = try Self.start(["--max-line-bytes", "100"], on: database)
        let over = Self.infoRequest(length: 101)
        let atLimit = Self.infoRequest(length: 100)
        #expect(process.send(over.line))
        try Self.expectAnswer(process, Self.lineTooLong(limit: 100, value: 101))
        #expect(process.send(atLimit.line))
        try Self.expectAnswer(process, Self.infoAnswer(id: .string(atLimit.id), database: database))
        // The limit does not count the line ending.
        #expect(process.write(Array((atLimit.line + "\r\n").utf8)))
        try Self.expectAnswer(process, Self.infoAnswer(id: .string(atLimit.id), database: database))
        #expect(process.send(String(repeating: " ", count: 500) + "x"))
        try Self.expectAnswer(process, Self.lineTooLong(limit: 100, value: 501))
        #expect(process.send(Self.infoRequest(id: 5)))
        try Self.expectAnswer(process, Self.infoAnswer(id: 5, database: database))
        try Self.expectCleanEnd(process)
    }

    // MARK: Bytes and line endings

    @Test(arguments: Engine.all)
    func invalidUTF8GetsAParseErrorAndTheNextLineIsAnswered(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        let process = try Self.start(on: database)
        #expect(process.write([0xFF, 0xFE, 0x7B, 0xC3, 0x28, 0x7D, 0x0A]))
        try Self.expectAnswer(process, Self.parseError("bytes that are not UTF-8 at byte 1"))
        #expect(process.send(Self.infoRequest(id: 1)))
        try Self.expectAnswer(process, Self.infoAnswer(id: 1, database: database))
        try Self.expectCleanEnd(process)
    }

    /// Bytes that are not UTF-8 inside a JSON string make the line not JSON text either.
    @Test(arguments: Engine.all)
    func invalidUTF8InsideAStringGetsAParseError(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        let process = try Self.start(on: database)
        let request =
            Array(#"{"jsonrpc":"2.0","method":"server.info","id":1,"note":""#.utf8) + [0xFF] + Array("\"}\n".utf8)
        #expect(process.write(request))
        let line = try #require(try process.readLine())
        #expect(try Self.parse(line) == Self.parseError("bytes that are not UTF-8 at byte 56"))
        #expect(process.send(Self.infoRequest(id: 2)))
        try Self.expectAnswer(process, Self.infoAnswer(id: 2, database: database))
        try Self.expectCleanEnd(process)
    }

    @Test(arguments: Engine.all)
    func crlfEndedRequestIsAnswered(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        let process = try Self.start(on: database)
        #expect(process.write(Array((#"{"jsonrpc":"2.0","method":"server.info","id":"crlf"}"# + "\r\n").utf8)))
        try Self.expectAnswer(process, Self.infoAnswer(id: "crlf", database: database))
        // Blank lines, with either ending, are ignored.
        #expect(process.write(Array("\r\n\n  \r\n".utf8)))
        #expect(process.write(Array((Self.infoRequest(id: 2) + "\r\n").utf8)))
        try Self.expectAnswer(process, Self.infoAnswer(id: 2, database: database))
        try Self.expectCleanEnd(process)
    }

    @Test(arguments: Engine.all)
    func aLastLineWithoutNewlineIsAnsweredAtEndOfInput(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        let process = try Self.start(on: database)
        #expect(process.write(Array(Self.infoRequest(id: 9).utf8)))
        process.closeInput()
        try Self.expectAnswer(process, Self.infoAnswer(id: 9, database: database))
        try Self.expectCleanEnd(process)
    }

    // MARK: End of input and signals

    @Test(arguments: Engine.all)
    func closingStdinAfterManyRequestsAnswersThemAllInOrder(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        let process = try Self.start(on: database)
        let requests = (1...200).map { Self.infoRequest(id: $0) + "\n" }.joined()
        #expect(process.write(Array(requests.utf8)))
        process.closeInput()
        let lines = try process.readToEnd()
        #expect(lines.count == 200, "stderr:\n\(process.standardError)")
        for (index, line) in lines.enumerated() {
            let actual = try Self.parse(line)
            let expected = Self.infoAnswer(id: .integer(Int64(index + 1)), database: database)
            #expect(JSONComparison.matches(expected: expected, actual: actual), "answer \(index + 1): \(line)")
        }
        #expect(try process.waitForExit() == .exit(0), "stderr:\n\(process.standardError)")
    }
}
