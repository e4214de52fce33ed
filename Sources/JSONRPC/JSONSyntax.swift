import Foundation

/// A strict RFC 8259 check of one JSON text, run before decoding so that every line
/// that is not JSON gets -32700: Foundation's decoder reads numbers and strings lazily,
/// and would otherwise let `01`, bytes that are not UTF-8, or a lone surrogate escape
/// through wherever it does not happen to look.
enum JSONSyntax {
    /// Nesting deeper than this is refused, so that a hostile line cannot exhaust the stack.
    static let maxDepth = 512

    /// What the check learned on the way, for the decoder: facts that Foundation's decoder
    /// loses.
    struct Findings: Sendable {
        /// The exact text of each envelope's `id` when it is a number, so that it is echoed
        /// as sent (`18446744073709551617`, `1.50`): keyed by the envelope's index in a
        /// batch, or -1 for a single message.
        var numericIds: [Int: String] = [:]
        /// Whether a string anywhere holds the escape `\u0000`: only then is the cost of
        /// looking for U+0000 in params paid.
        var hasNULEscape = false
    }

    /// Why a line is not JSON, in words that point at the place: `unexpected character
    /// 'x' at byte 17` (bytes counted from 1).
    struct Problem: Error, Sendable, Equatable {
        /// The sentence for `data.reason`.
        var reason: String
        /// Whether the line ended inside a value that had begun well: most often the first
        /// line of a request pretty-printed over several lines.
        var endsEarly = false
    }

    /// Whether `bytes` are exactly one JSON value, with optional white space around it.
    static func isValid(_ bytes: [UInt8]) -> Bool { (try? check(bytes)) != nil }

    /// The findings when `bytes` are exactly one JSON value, with optional white space
    /// around it.
    /// - Throws: `Problem` saying where and why they are not.
    /// Of a batch longer than `maxBatchEntries`, which is refused whole, no id text is kept
    /// past that many entries, so that a hostile line costs no more memory than a batch.
    static func check(_ bytes: [UInt8], maxBatchEntries: Int = .max) throws(Problem) -> Findings {
        let result: Result<Findings, Problem> = bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(bytes: buffer)
            scanner.maxBatchEntries = maxBatchEntries
            scanner.skipWhitespace()
            guard scanner.value(depth: 0) else { return .failure(scanner.problem()) }
            scanner.skipWhitespace()
            guard scanner.position == buffer.count else {
                return .failure(Problem(reason: "more after the JSON value, from byte \(scanner.position + 1)"))
            }
            return .success(scanner.findings)
        }
        return try result.get()
    }

    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        var findings = Findings()
        /// Set when nesting went past `maxDepth`.
        var tooDeep = false
        /// The top-level value is an array (a batch), and the index of its element being read.
        var batchIndex: Int?
        /// Entries of a batch past this many keep no facts (the batch is refused anyway).
        var maxBatchEntries = Int.max

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        mutating func expect(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            for index in 0..<count where bytes[position + index] != literal.utf8Start[index] { return false }
            position += count
            return true
        }

        mutating func value(depth: Int) -> Bool {
            guard let byte = current else { return false }
            switch byte {
            case UInt8(ascii: "{"):
                guard depth < JSONSyntax.maxDepth else {
                    tooDeep = true
                    return false
                }
                return object(depth: depth + 1)
            case UInt8(ascii: "["):
                if depth == 0 { batchIndex = 0 }
                guard depth < JSONSyntax.maxDepth else {
                    tooDeep = true
                    return false
                }
                return array(depth: depth + 1)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return expect("true")
            case UInt8(ascii: "f"): return expect("false")
            case UInt8(ascii: "n"): return expect("null")
            default: return number()
            }
        }

        mutating func object(depth: Int) -> Bool {
            position += 1
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                position += 1
                return true
            }
            // An envelope is the top-level object, or an object element of a top-level array.
            let envelope: Int? =
                depth == 1 && batchIndex == nil
                ? -1 : depth == 2 ? batchIndex.flatMap { $0 < maxBatchEntries ? $0 : nil } : nil
            var sawId = false
            while true {
                let keyStart = position
                guard current == UInt8(ascii: "\""), string() else { return false }
                // Foundation's decoder keeps the first of duplicate keys; so does this.
                let isId = envelope != nil && !sawId && isIdKey(keyStart..<position)
                if isId { sawId = true }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { return false }
                position += 1
                skipWhitespace()
                let valueStart = position
                guard value(depth: depth) else { return false }
                if isId, let envelope {
                    let first = bytes[valueStart]
                    if first == UInt8(ascii: "-") || (0x30...0x39).contains(first) {
                        findings.numericIds[envelope] = String(
                            decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<position]), as: UTF8.self)
                    } else {
                        findings.numericIds[envelope] = nil
                    }
                }
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","):
                    position += 1
                    skipWhitespace()
                case UInt8(ascii: "}"):
                    position += 1
                    return true
                default:
                    return false
                }
            }
        }

        mutating func array(depth: Int) -> Bool {
            position += 1
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                position += 1
                return true
            }
            while true {
                guard value(depth: depth) else { return false }
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","):
                    position += 1
                    skipWhitespace()
                    if depth == 1, let index = batchIndex { batchIndex = index + 1 }
                case UInt8(ascii: "]"):
                    position += 1
                    return true
                default:
                    return false
                }
            }
        }

        /// What is wrong where the scan stopped.
        func problem() -> Problem {
            if tooDeep { return Problem(reason: "nested deeper than \(JSONSyntax.maxDepth) levels") }
            guard position < bytes.count else {
                return Problem(
                    reason:
                        "the line ends before the JSON value does; each request goes on one line"
                        + " (newline-delimited JSON), or in Content-Length frames",
                    endsEarly: true)
            }
            let byte = bytes[position]
            let place = "at byte \(position + 1)"
            switch byte {
            case 0x00..<0x20:
                return Problem(
                    reason: "a control character (0x\(String(byte, radix: 16))) \(place); escape it in a string")
            case 0x80...:
                return Problem(reason: "bytes that are not UTF-8 \(place)")
            case UInt8(ascii: "\\"):
                return Problem(reason: "a bad escape or a lone surrogate \(place)")
            default:
                return Problem(reason: "unexpected character '\(Character(Unicode.Scalar(byte)))' \(place)")
            }
        }

        /// Whether the string token at `range` (quotes included) is the key `id`, however
        /// it is escaped.
        func isIdKey(_ range: Range<Int>) -> Bool {
            let token = UnsafeBufferPointer(rebasing: bytes[range])
            if token.count == 4 { return token[1] == UInt8(ascii: "i") && token[2] == UInt8(ascii: "d") }
            guard token.contains(UInt8(ascii: "\\")) else { return false }
            // Rare: an escaped key such as "\u0069d"; let Foundation unescape it.
            return (try? JSONDecoder().decode(String.self, from: Data(token))) == "id"
        }

        mutating func digits() -> Int {
            let start = position
            while let byte = current, byte >= 0x30, byte <= 0x39 { position += 1 }
            return position - start
        }

        /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`
        mutating func number() -> Bool {
            if current == UInt8(ascii: "-") { position += 1 }
            if current == UInt8(ascii: "0") {
                position += 1
            } else if digits() == 0 {
                return false
            }
            if current == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { return false }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { return false }
            }
            return true
        }
    }
}
