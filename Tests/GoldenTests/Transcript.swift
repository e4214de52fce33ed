import BoxOfficeTesting
import Foundation
import JSONRPC

/// A golden transcript in the JSON-RPC specification's notation:
///
///     // a comment
///     //! args: --demo
///     //! before: --demo --now 2030-01-01T00:00:00Z
///     --> {"jsonrpc": "2.0", "method": "server.info", "id": 1}
///     <-- {"jsonrpc": "2.0", "result": {...}, "id": 1}
///
/// A `-->` line is sent exactly as written. The `<--` lines after it are the lines it
/// must produce, in order: its answer, then any notification the server writes after it
/// (`seatmap.changed`); none means "no output at all". An answer may continue on
/// the lines after it that start with white space. `"<<any>>"` as a JSON string in an
/// answer matches any value (for facts of the machine, such as the SQLite version).
///
/// Every transcript runs on every engine (a SQLite file, a PostgreSQL database), and
/// expects the same answers on both but for what depends on the engine, which it says
/// with per-engine placeholders:
/// - `"<<engine>>"` is the engine's name: `"sqlite"` or `"postgresql"`;
/// - `"<<database>>"` is what `--db` named: `"golden.sqlite"`, or the test database's URL
///   (which has no password to leave out);
/// - `"<<engineVersion>>"` is the engine's version: the PostgreSQL server's, as it gives
///   it; on SQLite any dotted version number (the library's, a fact of the machine);
/// - a member whose name starts with an engine's name and a colon (`"sqlite:journalMode"`)
///   is that member (`journalMode`) on that engine, and must be absent on the others.
/// `//! args:` adds flags to the transcript's `serve --deterministic`; each `//! before:`
/// runs one `serve --deterministic` with those flags and no input on the same database
/// first; `//! live` runs the transcript's process without `--deterministic`.
///
/// `//! framing: headers` sends every request as a Content-Length frame (its line is the
/// body) and reads the answers as such frames, each of which must be exact. In any
/// framing, a request written `raw:"…"` (a JSON string) is sent as the bytes of that
/// string and nothing else: garbage, a bad header.
struct Transcript {
    struct Exchange {
        /// The request line, byte for byte.
        var request: String
        /// Where the request stands in the file (1-based).
        var line: Int
        /// The expected answers, as JSON texts.
        var answers: [String]
    }

    var arguments: [String] = []
    /// Flags of a `serve` run on the same database, with no input, before the transcript's
    /// own (`//! before: --demo --now …`): to prepare a database that is not fresh.
    var before: [[String]] = []
    /// `//! live`: the transcript's process runs without `--deterministic`, as a real one
    /// does (for answers that do not depend on ids or the clock).
    var live = false
    /// `//! framing: headers`: requests and answers go in Content-Length frames.
    var framing = Framing.lines
    var exchanges: [Exchange] = []
    /// The file's lines, for rewriting it.
    var lines: [String]

    static let wildcard = "<<any>>"

    init(text: String) throws {
        lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("//! args:") {
                arguments += line.dropFirst("//! args:".count).split(separator: " ").map(String.init)
            } else if line == "//! live" {
                live = true
            } else if line.hasPrefix("//! framing:") {
                let name = line.dropFirst("//! framing:".count).trimmingCharacters(in: .whitespaces)
                guard let chosen = Framing(rawValue: name) else {
                    throw TranscriptError("line \(index + 1): framing is lines or headers, not \(name)")
                }
                framing = chosen
            } else if line.hasPrefix("//! before:") {
                before.append(line.dropFirst("//! before:".count).split(separator: " ").map(String.init))
            } else if line.hasPrefix("--> ") || line == "-->" {
                exchanges.append(Exchange(request: String(line.dropFirst(4)), line: index + 1, answers: []))
            } else if line.hasPrefix("<-- ") {
                guard !exchanges.isEmpty else {
                    throw TranscriptError("line \(index + 1): an answer before any request")
                }
                var answer = String(line.dropFirst(4))
                while index + 1 < lines.count, let next = lines[index + 1].first, next == " " || next == "\t" {
                    index += 1
                    answer += "\n" + lines[index]
                }
                exchanges[exchanges.count - 1].answers.append(answer)
            } else if !(line.isEmpty || line.hasPrefix("//")) {
                throw TranscriptError("line \(index + 1): expected -->, <--, // or a blank line, got: \(line)")
            }
            index += 1
        }
    }

    /// The transcript with every request's answers replaced by `answers` (a list per
    /// exchange), keeping comments, directives and requests as they were.
    func rewritten(answers: [[String]]) -> String {
        var output: [String] = []
        var exchange = -1
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("<-- ") {
                while index + 1 < lines.count, let next = lines[index + 1].first, next == " " || next == "\t" {
                    index += 1
                }
            } else {
                output.append(line)
                if line.hasPrefix("--> ") || line == "-->" {
                    exchange += 1
                    for answer in answers[exchange] {
                        output.append("<-- " + answer)
                    }
                }
            }
            index += 1
        }
        return output.joined(separator: "\n") + "\n"
    }
}

extension Transcript {
    /// The bytes that send `request` in this transcript's framing.
    func wire(_ request: String) throws -> [UInt8] {
        if request.hasPrefix("raw:") {
            guard let raw = try? JSONDecoder().decode(String.self, from: Data(request.dropFirst(4).utf8)) else {
                throw TranscriptError("raw: takes a JSON string, got \(request)")
            }
            return Array(raw.utf8)
        }
        return framing.frame(Array(request.utf8))
    }

    /// The messages of `output` in this transcript's framing; a frame that is not exact
    /// (`Content-Length: N`, a blank line, N bytes) is an error.
    func messages(in output: Data) throws -> [String] {
        guard framing == .headers else {
            return String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast().map(String.init)
        }
        let bytes = [UInt8](output)
        let prefix = Array("Content-Length: ".utf8)
        let separator = Array("\r\n\r\n".utf8)
        var messages: [String] = []
        var start = 0
        while start < bytes.count {
            let rest = bytes[start...]
            let end = (start..<bytes.count).first { bytes[$0...].starts(with: separator) }
            guard rest.starts(with: prefix), let end,
                let length = Int(String(decoding: bytes[(start + prefix.count)..<end], as: UTF8.self)),
                end + 4 + length <= bytes.count
            else {
                throw TranscriptError(
                    "not an exact Content-Length frame: \(String(decoding: rest.prefix(80), as: UTF8.self))")
            }
            messages.append(String(decoding: bytes[(end + 4)..<(end + 4 + length)], as: UTF8.self))
            start = end + 4 + length
        }
        return messages
    }
}

struct TranscriptError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Compares JSON as values: key order and spacing do not count, `1` and `"1"` differ, and
/// numbers compare as their text, so `18446744073709551617` is not `1.8446744073709552e19`
/// and `1.50` is not `1.5` (the server echoes number ids as sent).
enum JSONComparison {
    /// Numbers are read as strings that start with this mark, keeping their exact text.
    static let numberMark = "\u{1}number:"

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(markingNumbers(text).utf8))
    }

    /// The text with every number outside a string turned into a marked string.
    static func markingNumbers(_ text: String) -> String {
        var result = ""
        var inString = false
        var escaped = false
        var number = ""
        func flush() {
            guard !number.isEmpty else { return }
            result += "\"\\u0001number:" + number + "\""
            number = ""
        }
        for character in text {
            if inString {
                result.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
            } else if character.isASCII && (character.isNumber || character == "-")
                || !number.isEmpty && "+-.eE".contains(character)
            {
                number.append(character)
            } else {
                flush()
                if character == "\"" { inString = true }
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// Whether `actual` is what `expected` says, `"<<any>>"` matching anything; with
    /// `facts`, the per-engine placeholders and members stand for what they say on its engine.
    static func matches(expected: JSONValue, actual: JSONValue, on facts: EngineFacts? = nil) -> Bool {
        switch (expected, actual) {
        case (.string(Transcript.wildcard), _):
            return true
        case (.string(let placeholder), _) where facts != nil && EngineFacts.placeholders.contains(placeholder):
            return facts?.matches(placeholder, actual) ?? false
        case (.object(let expected), .object(let actual)):
            let expected = facts?.members(of: expected) ?? expected
            return expected.count == actual.count
                && expected.allSatisfy { key, value in
                    actual[key].map { matches(expected: value, actual: $0, on: facts) } ?? false
                }
        case (.array(let expected), .array(let actual)):
            return expected.count == actual.count
                && zip(expected, actual).allSatisfy { matches(expected: $0, actual: $1, on: facts) }
        default:
            return expected == actual
        }
    }

    /// `actual`, with `expected`'s placeholders and per-engine member names kept wherever
    /// `actual` still fits them: what `BOXOFFICE_GOLDEN_UPDATE=1` writes back, so that a
    /// rewrite from the SQLite run leaves the transcript valid on every engine.
    static func keepingPlaceholders(expected: JSONValue, actual: JSONValue, on facts: EngineFacts) -> JSONValue {
        switch (expected, actual) {
        case (.string(let placeholder), _)
        where placeholder == Transcript.wildcard || EngineFacts.placeholders.contains(placeholder):
            return matches(expected: expected, actual: actual, on: facts) ? expected : actual
        case (.object(let expected), .object(let actual)):
            var kept: [String: JSONValue] = [:]
            for (key, value) in actual {
                let engineKey = facts.engine.rawValue + ":" + key
                if let old = expected[key] {
                    kept[key] = keepingPlaceholders(expected: old, actual: value, on: facts)
                } else if let old = expected[engineKey] {
                    kept[engineKey] = keepingPlaceholders(expected: old, actual: value, on: facts)
                } else {
                    kept[key] = value
                }
            }
            // Members said only of the other engines stay as they were.
            for (key, value) in expected where EngineFacts.engine(of: key).map({ $0 != facts.engine }) ?? false {
                kept[key] = value
            }
            return .object(kept)
        case (.array(let expected), .array(let actual)) where expected.count == actual.count:
            return .array(zip(expected, actual).map { keepingPlaceholders(expected: $0, actual: $1, on: facts) })
        default:
            return actual
        }
    }

    /// Sorted keys; pretty over several indented lines when it would not fit in one.
    static func format(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let compact = unmarkingNumbers(String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self))
        if compact.count <= 160 { return compact }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        let pretty = unmarkingNumbers(String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self))
        return pretty.components(separatedBy: "\n").enumerated()
            .map { index, line in index == 0 ? line : "    " + line }
            .joined(separator: "\n")
    }

    /// Marked numbers back to their text.
    static func unmarkingNumbers(_ text: String) -> String {
        var result = text
        while let start = result.range(of: "\"\\u0001number:") {
            guard let end = result.range(of: "\"", range: start.upperBound..<result.endIndex) else { break }
            result.replaceSubrange(start.lowerBound..<end.upperBound, with: result[start.upperBound..<end.lowerBound])
        }
        return result
    }
}

/// What a transcript's per-engine placeholders stand for in one run: the engine, and the
/// database `--db` named.
struct EngineFacts: Sendable {
    var engine: Engine
    /// What `--db` was given, as `server.info` shows it.
    var database: String

    static let placeholders: Set<String> = ["<<engine>>", "<<database>>", "<<engineVersion>>"]

    /// Whether `actual` is what `placeholder` stands for on this engine.
    func matches(_ placeholder: String, _ actual: JSONValue) -> Bool {
        switch placeholder {
        case "<<engine>>": return actual == .string(engine.rawValue)
        case "<<database>>": return actual == .string(database)
        case "<<engineVersion>>":
            guard case .string(let version) = actual else { return false }
            switch engine {
            case .postgresql: return version == PostgresVersion.current
            case .sqlite:
                let parts = version.split(separator: ".", omittingEmptySubsequences: false)
                return parts.count >= 2
                    && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }
            }
        default: return false
        }
    }

    /// The engine a member name is said of (`sqlite:journalMode`), if it names one.
    static func engine(of key: String) -> Engine? {
        guard let colon = key.firstIndex(of: ":") else { return nil }
        return Engine(rawValue: String(key[..<colon]))
    }

    /// An expected object's members as they stand on this engine: those said of this
    /// engine under their own names, those said of another engine left out.
    func members(of object: [String: JSONValue]) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, value) in object {
            if let owner = Self.engine(of: key) {
                if owner == engine { result[String(key.dropFirst(owner.rawValue.count + 1))] = value }
            } else {
                result[key] = value
            }
        }
        return result
    }
}
