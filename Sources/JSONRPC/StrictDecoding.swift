/// A params object (or an object nested in one) whose keys are all known in advance,
/// so that a key the client misspelled is an error instead of silently ignored.
///
/// Declare `CodingKeys` explicitly as `String, CodingKey, CaseIterable`; the
/// synthesized `init(from:)` still works, and the method registry checks the keys of
/// the top-level params object before it runs. A nested object is declared as
/// `Strict<Nested>`, which checks its keys the same way.
public protocol StrictDecodable: Decodable {
    /// Every key the object may hold.
    associatedtype CodingKeys: CodingKey & CaseIterable
    /// Whether keys beyond `CodingKeys` are ignored rather than refused: only for the
    /// params of a protocol that grows by adding fields (MCP's `_meta`, `task`), where a
    /// refusal would lock out every newer client; never for the contract's own params.
    static var ignoresUnknownKeys: Bool { get }
}

extension StrictDecodable {
    /// Unknown keys are refused.
    public static var ignoresUnknownKeys: Bool { false }
}

/// Thrown by `rejectUnknownKeys` for a key the object does not know; the registry turns
/// it into -32602 with `data.path` naming the key.
public struct UnknownKeyError: Error, Sendable {
    /// The path of the unknown key, from the root of the decoded value.
    public var codingPath: [any CodingKey]
    /// Every key the object knows, sorted.
    public var expected: [String]
}

extension Decoder {
    /// Throws `UnknownKeyError` when the object being decoded holds a key that is not
    /// one of `keys`. A value that is not an object passes; decoding it fails next, with
    /// a type error that says what was expected.
    public func rejectUnknownKeys<Key: CodingKey & CaseIterable>(_ keys: Key.Type) throws {
        guard let container = try? container(keyedBy: AnyCodingKey.self) else { return }
        // A key is known when `Key` can be made from it: no set of names is built for the
        // params that every request has right.
        var unknown: String?
        for key in container.allKeys where Key(stringValue: key.stringValue) == nil {
            // The first unknown key in sorted order, so that the error is deterministic.
            if unknown.map({ key.stringValue < $0 }) ?? true { unknown = key.stringValue }
        }
        if let unknown {
            throw UnknownKeyError(
                codingPath: codingPath + [AnyCodingKey(stringValue: unknown)],
                expected: Set(Key.allCases.map(\.stringValue)).sorted())
        }
    }
}

/// A coding key for any name or index.
public struct AnyCodingKey: CodingKey, Sendable {
    /// The key as a name.
    public var stringValue: String
    /// The key as an array index, when it is one.
    public var intValue: Int?

    /// A key with a name.
    public init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    /// A key for an array index. Its name is `Index N`, as Foundation names the keys of
    /// array elements, so that an index is never taken for an object key that looks like
    /// a number (`"12"`).
    public init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

/// Decodes `Value` after checking that its object holds no unknown keys: how the
/// registry decodes every params object, and how a params type declares an object nested
/// in it (`var screens: [Strict<Screen>]`), so that both follow one rule.
public struct Strict<Value: StrictDecodable>: Decodable {
    /// The decoded value.
    public var value: Value

    /// Checks the keys, then decodes `Value`.
    /// - Throws: `UnknownKeyError` for a key `Value` does not know; what `Value` throws.
    public init(from decoder: any Decoder) throws {
        if !Value.ignoresUnknownKeys { try decoder.rejectUnknownKeys(Value.CodingKeys.self) }
        value = try Value(from: decoder)
    }
}

extension Strict: Sendable where Value: Sendable {}

/// Turns a decoding failure into the -32602 that names the field and says what is wrong.
enum ParamsErrorDescription {
    /// `dropping` leading keys are stripped from the path (the envelope's `params`).
    static func invalidParams(for error: any Error, dropping: Int) -> ResponseError? {
        switch error {
        case let error as UnknownKeyError:
            let name = error.codingPath.last?.stringValue ?? ""
            let reason =
                Suggestion.nearest(to: name, among: error.expected).map { "unknown field; did you mean \($0)?" }
                ?? (error.expected.isEmpty
                    ? "unknown field; this method takes no params"
                    : "unknown field; the fields are \(error.expected.joined(separator: ", "))")
            return .invalidParams(
                path: path(error.codingPath.dropFirst(dropping)), reason: reason,
                extra: ["expected": .array(error.expected.map(JSONValue.string))])
        case let error as DecodingError:
            switch error {
            case .keyNotFound(let key, let context):
                return .invalidParams(
                    path: path((context.codingPath + [key]).dropFirst(dropping)), reason: "required field is missing")
            case .valueNotFound(let type, let context):
                return .invalidParams(
                    path: path(context.codingPath.dropFirst(dropping)),
                    reason: "must not be null; expected \(describe(type))")
            case .typeMismatch(let type, let context):
                return .invalidParams(
                    path: path(context.codingPath.dropFirst(dropping)), reason: "expected \(describe(type))")
            case .dataCorrupted(let context):
                // Our own validations say what is wrong; the parser's words are internal.
                guard context.underlyingError == nil else { return nil }
                return .invalidParams(
                    path: path(context.codingPath.dropFirst(dropping)), reason: context.debugDescription)
            @unknown default:
                return .invalidParams(path: "", reason: String(describing: error))
            }
        default:
            return nil
        }
    }

    /// `seats[2].label` from a coding path; an object key that looks like a number stays a
    /// key (`prices.12`), since only array elements have keys named `Index N`.
    static func path(_ keys: some Collection<any CodingKey>) -> String {
        var result = ""
        for key in keys {
            if let index = key.intValue, key.stringValue != String(index) {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return result
    }

    /// "a string", "an integer": what a person calls the JSON type that was expected.
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array<") || name.hasPrefix("[") && !name.contains(":") { return "an array" }
            if name.hasPrefix("Dictionary<") || name.hasPrefix("[") { return "an object" }
            return "an object"
        }
    }
}
