/// The `id` of a request, kept exactly as the client sent it: `"1"` and `1` differ, a
/// number comes back as the same text (`18446744073709551617`, `1.50`, `1e3`), and
/// `"id": null` is a request (answered with `"id": null`), not a notification.
public enum RequestID: Sendable, Hashable {
    /// A string id.
    case string(String)
    /// A number id, as the exact JSON text of the request.
    case number(String)
    /// `null`.
    case null

    /// The id as JSON text, exactly as it goes on the wire.
    public var jsonText: String {
        switch self {
        case .string(let value): JSONText.quoted(value)
        case .number(let text): text
        case .null: "null"
        }
    }
}

extension RequestID: Decodable {
    /// Decodes a string, a number or null; any other JSON type is not a valid id. A number
    /// decoded this way carries Foundation's reading of it: the server replaces it with
    /// the exact text of the request, which the syntax check keeps.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .number(String(value))
        } else {
            // Throws a type mismatch for booleans, arrays and objects.
            self = .number(String(try container.decode(Double.self)))
        }
    }
}

extension RequestID: CustomStringConvertible {
    /// The id as it reads in JSON, for logs.
    public var description: String { jsonText }
}

/// Writing JSON strings by hand, where a value must go on the wire as its exact bytes.
enum JSONText {
    /// `value` as a JSON string: quotes, backslashes and control characters escaped,
    /// everything else as it is (no escaped slashes), as `JSONEncoder` writes it.
    static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }
}
