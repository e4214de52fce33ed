/// A JSON-RPC error code. A struct with static members rather than a closed enum, so
/// that an application adds its own codes (in the server range -32000…-32099) beside
/// the five that the specification defines.
public struct ErrorCode: RawRepresentable, Hashable, Sendable, Codable {
    /// The integer that goes on the wire.
    public var rawValue: Int

    /// Wraps a code.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Invalid JSON was received.
    public static let parseError = ErrorCode(rawValue: -32700)
    /// The JSON sent is not a valid Request object.
    public static let invalidRequest = ErrorCode(rawValue: -32600)
    /// The method does not exist or is not available.
    public static let methodNotFound = ErrorCode(rawValue: -32601)
    /// Invalid method parameters.
    public static let invalidParams = ErrorCode(rawValue: -32602)
    /// An error inside the server that the client could not have caused.
    public static let internalError = ErrorCode(rawValue: -32603)
    /// A transport limit was exceeded: line length, batch size, or an application limit.
    public static let limitExceeded = ErrorCode(rawValue: -32008)

    /// Decodes the bare integer.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    /// Encodes the bare integer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The `error` member of a response. Handlers throw it to answer with an error of
/// their choosing; anything else they throw becomes an internal error.
public struct ResponseError: Error, Sendable, Hashable, Codable {
    /// What kind of error this is.
    public var code: ErrorCode
    /// A short sentence; for the five standard errors, the specification's own words.
    public var message: String
    /// Details a program can act on.
    public var data: JSONValue?

    /// An error with a code, a message and optional data.
    public init(code: ErrorCode, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// -32700: the line was not valid JSON (or not valid UTF-8).
    public static let parseError = ResponseError(code: .parseError, message: "Parse error")
    /// -32600: the value is not a valid Request object.
    public static let invalidRequest = ResponseError(code: .invalidRequest, message: "Invalid Request")
    /// -32601: no such method.
    public static let methodNotFound = ResponseError(code: .methodNotFound, message: "Method not found")
    /// -32603: something went wrong inside the server.
    public static let internalError = ResponseError(code: .internalError, message: "Internal error")

    /// -32602 with `data.path` naming the offending field (`"seats[2]"`, `""` for the
    /// params object itself) and `data.reason`, a sentence a person understands.
    public static func invalidParams(path: String, reason: String) -> ResponseError {
        ResponseError(
            code: .invalidParams, message: "Invalid params",
            data: ["path": .string(path), "reason": .string(reason)])
    }

    /// -32008 `LIMIT_EXCEEDED`: `name` says which limit, `limit` its value, `value` what was sent.
    public static func limitExceeded(name: String, limit: Int, value: Int) -> ResponseError {
        ResponseError(
            code: .limitExceeded, message: "Limit exceeded: \(name) is \(limit), got \(value)",
            data: [
                "reason": "LIMIT_EXCEEDED", "name": .string(name),
                "limit": .integer(Int64(limit)), "value": .integer(Int64(value)),
            ])
    }
}
