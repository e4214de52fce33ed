import Foundation
import JSONRPC

/// Reading answers in tests: every step of a path that is not there gives `.null`, so a
/// test checks what came back instead of crashing on it.
extension JSONValue {
    /// The member `key` of an object; `.null` when there is none.
    public subscript(key: String) -> JSONValue {
        if case .object(let object) = self, let member = object[key] { return member }
        return .null
    }

    /// The element at `index` of an array; `.null` when there is none.
    public subscript(index: Int) -> JSONValue {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return .null
    }

    /// The string, if this is one.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, if this is one.
    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The moment, if this is an RFC 3339 time with whole seconds (`2030-01-01T00:10:00Z`).
    public var date: Date? {
        guard let text = string else { return nil }
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime]
        return format.date(from: text)
    }

    /// The boolean, if this is one.
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, or none when this is no array.
    public var array: [JSONValue] {
        if case .array(let value) = self { return value }
        return []
    }

    /// The members, or none when this is no object.
    public var object: [String: JSONValue] {
        if case .object(let value) = self { return value }
        return [:]
    }

    /// Whether this is `null` (or a step of a path that was not there).
    public var isNull: Bool { self == .null }

    /// Parses one JSON text.
    /// - Throws: when it is not JSON.
    public static func parse(_ text: some StringProtocol) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Parses one JSON text given as bytes.
    /// - Throws: when it is not JSON.
    public static func parse(bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The value as compact JSON with sorted keys, for messages and request lines.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("null".utf8), as: UTF8.self)
    }
}

/// Request lines for tests.
public enum RequestLine {
    /// `{"jsonrpc":"2.0","method":…,"params":…,"id":…}` as one line, without its `\n`.
    public static func make(_ method: String, _ params: JSONValue = [:], id: JSONValue) -> String {
        let message: JSONValue = ["jsonrpc": "2.0", "method": .string(method), "params": params, "id": id]
        return message.jsonText
    }
}

/// A small, seeded generator (SplitMix64), so that a randomized test that fails can be
/// replayed exactly from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state; the seed at first.
    public var state: UInt64

    /// A generator started at `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
