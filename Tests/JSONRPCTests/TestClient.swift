import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// An in-process client: sends lines to a `Server` and reads its answers back as JSON
/// values, with no process, no pipes and no waiting.
struct TestClient {
    let server: Server<NoContext>

    /// A client of a server that knows the methods of `TestMethods`, within `limits`.
    init(limits: Limits = Limits(), journal: CallJournal = CallJournal(), log: CapturedLog = CapturedLog()) {
        server = Server(registry: TestMethods.registry(journal: journal), limits: limits, logger: log.logger())
    }

    /// The raw answer to one line, or nil when the server writes nothing.
    func rawAnswer(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8]? {
        rawAnswer(bytes: Array(line.utf8), sourceLocation: sourceLocation)
    }

    /// The raw answer to one line given as bytes (which need not be UTF-8).
    func rawAnswer(bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8]? {
        let answer = server.respond(to: .line(bytes))
        if let answer {
            // One JSON value per line: a line break inside an answer would split it in two.
            #expect(!answer.contains(UInt8(ascii: "\n")), "answer holds a line break", sourceLocation: sourceLocation)
            #expect(
                !answer.contains(UInt8(ascii: "\r")), "answer holds a carriage return", sourceLocation: sourceLocation)
        }
        return answer
    }

    /// The answer to one line, parsed; nil when the server writes nothing.
    func answer(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue? {
        try rawAnswer(line, sourceLocation: sourceLocation).map(JSONText.parse)
    }

    /// The answer to one line given as bytes, parsed.
    func answer(bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue? {
        try rawAnswer(bytes: bytes, sourceLocation: sourceLocation).map(JSONText.parse)
    }
}

/// Parsing answers into values, so that key order and spacing do not count but
/// `1`, `1.5` and `"1"` all differ.
///
/// The envelope errors (-32700, -32600, -32601) are read in their short form: the parse
/// checks that the message says `<title>: <details>` and that `data.reason`, where there
/// is one, is those details, then keeps only the code and the title. Tests of dispatch
/// compare with `Expected.parseError()` and friends; `ErrorMessageTests` checks the exact
/// words on the raw bytes.
enum JSONText {
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        shortForm(try JSONDecoder().decode(JSONValue.self, from: Data(bytes)))
    }

    static let titles: [Int64: String] = [-32700: "Parse error", -32600: "Invalid Request", -32601: "Method not found"]

    private static func shortForm(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let answers):
            return .array(answers.map(shortForm))
        case .object(var answer):
            guard case .object(let error)? = answer["error"], case .integer(let code)? = error["code"],
                let title = titles[code], case .string(let message)? = error["message"]
            else { return value }
            let details = message.hasPrefix(title + ": ") ? String(message.dropFirst(title.count + 2)) : nil
            #expect(details != nil, "the message '\(message)' must say \(title): and the details")
            if case .object(let data)? = error["data"] {
                #expect(
                    data["reason"] == .string(details ?? ""),
                    "data.reason must be what the message says after '\(title): ' in \(message)")
            }
            answer["error"] = ["code": .integer(code), "message": .string(title)]
            return .object(answer)
        default:
            return value
        }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// The expected answers, spelled once.
enum Expected {
    static func result(_ result: JSONValue, id: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "result": result]
    }

    static func error(_ code: Int64, _ message: String, data: JSONValue? = nil, id: JSONValue) -> JSONValue {
        var error: [String: JSONValue] = ["code": .integer(code), "message": .string(message)]
        if let data { error["data"] = data }
        return ["jsonrpc": "2.0", "id": id, "error": .object(error)]
    }

    /// -32700 in the short form `JSONText.parse` reads it in.
    static func parseError() -> JSONValue { error(-32700, "Parse error", id: nil) }

    /// -32600 in the short form `JSONText.parse` reads it in.
    static func invalidRequest(id: JSONValue = nil) -> JSONValue { error(-32600, "Invalid Request", id: id) }

    /// -32601 in the short form `JSONText.parse` reads it in.
    static func methodNotFound(id: JSONValue) -> JSONValue { error(-32601, "Method not found", id: id) }

    static func invalidParams(path: String, reason: String, id: JSONValue) -> JSONValue {
        error(
            -32602, path.isEmpty ? "Invalid params: \(reason)" : "Invalid params: \(path): \(reason)",
            data: ["path": .string(path), "reason": .string(reason)], id: id)
    }

    /// -32602 for a name the params object does not know, naming the nearest known one.
    static func unknownField(_ path: String, nearest: String?, expected: [String], id: JSONValue) -> JSONValue {
        let reason =
            nearest.map { "unknown field; did you mean \($0)?" }
            ?? (expected.isEmpty
                ? "unknown field; this method takes no params"
                : "unknown field; the fields are \(expected.joined(separator: ", "))")
        return error(
            -32602, "Invalid params: \(path): \(reason)",
            data: [
                "path": .string(path), "reason": .string(reason), "expected": .array(expected.map(JSONValue.string)),
            ], id: id)
    }

    static func internalError(id: JSONValue) -> JSONValue { error(-32603, "Internal error", id: id) }

    static func limitExceeded(name: String, limit: Int64, value: Int64) -> JSONValue {
        error(
            -32008, "Limit exceeded: \(name) is \(limit), got \(value)",
            data: [
                "reason": "LIMIT_EXCEEDED", "name": .string(name), "limit": .integer(limit), "value": .integer(value),
            ],
            id: nil)
    }
}

/// Lines handed to `Server.serve` from memory, counting how many were taken.
final class ArrayLineSource: LineSource {
    private var units: [FramedLine]
    /// Units handed out so far.
    private(set) var taken = 0
    /// Calls to `next(atMost:)`, including the one that found the input ended.
    private(set) var calls = 0

    init(_ units: [FramedLine]) { self.units = units }

    /// Each text becomes one `.line`.
    convenience init(lines: [String]) { self.init(lines.map { .line(Array($0.utf8)) }) }

    /// One unit a call, as a source that cannot tell what is ready.
    func next(atMost limit: Int) -> [FramedLine] {
        calls += 1
        guard taken < units.count else { return [] }
        defer { taken += 1 }
        return [units[taken]]
    }
}

/// Raw byte chunks, cut into lines by a `LineFramer` the way the executable's stdin
/// reader cuts them, including the last line at the end of input.
final class ChunkLineSource: LineSource {
    private var chunks: [[UInt8]]
    private var framer: LineFramer
    private var ready: [FramedLine] = []
    private var finished = false

    init(chunks: [String], limits: Limits) {
        self.chunks = chunks.map { Array($0.utf8) }
        framer = limits.makeFramer()
    }

    func next(atMost limit: Int) -> [FramedLine] {
        while ready.isEmpty {
            if !chunks.isEmpty {
                ready = framer.feed(chunks.removeFirst())
            } else if !finished {
                finished = true
                ready = framer.finish()
            } else {
                return []
            }
        }
        return [ready.removeFirst()]
    }
}

/// Collects the lines `serve` writes; after `accepting` lines it reports the reader gone.
final class CollectingSink: FrameSink, @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var written: [[UInt8]] = []
    private var attempts = 0
    private let accepting: Int

    init(accepting: Int = .max) { self.accepting = accepting }

    func write(line: [UInt8]) -> Bool {
        lock.withLock {
            attempts += 1
            guard attempts <= accepting else { return false }
            written.append(line)
            return true
        }
    }

    /// Every line accepted so far.
    var lines: [[UInt8]] { lock.withLock { written } }
    /// How many times `write` was called, accepted or not.
    var writeAttempts: Int { lock.withLock { attempts } }

    /// The accepted lines, parsed.
    func values() throws -> [JSONValue] { try lines.map(JSONText.parse) }
}
