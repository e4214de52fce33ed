/// The `id` of a request, kept exactly as the client sent it: `"1"` and `1` differ,
/// and `"id": null` is a request (answered with `"id": null`), not a notification.
public enum RequestID: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case double(Double)
    case null
}

extension RequestID: Codable {
    /// Decodes a string, a number or null; any other JSON type is not a valid id.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else {
            // Throws a type mismatch for booleans, arrays and objects.
            self = .double(try container.decode(Double.self))
        }
    }

    /// Encodes the id back as the same JSON type it arrived as.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}

extension RequestID: CustomStringConvertible {
    /// The id as it would read in JSON, for logs.
    public var description: String {
        switch self {
        case .string(let value): return "\"\(value)\""
        case .integer(let value): return String(value)
        case .double(let value): return String(value)
        case .null: return "null"
        }
    }
}
