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

    /// -32700: the line was not valid JSON (or not valid UTF-8); `reason` says where.
    public static func parseError(reason: String) -> ResponseError {
        ResponseError(code: .parseError, message: "Parse error: \(reason)", data: ["reason": .string(reason)])
    }

    /// -32600: the value is not a valid Request object; `reason` says why
    /// (`"jsonrpc" must be "2.0"`).
    public static func invalidRequest(reason: String) -> ResponseError {
        ResponseError(code: .invalidRequest, message: "Invalid Request: \(reason)", data: ["reason": .string(reason)])
    }

    /// -32601: no such method. The message names it, adds `detail` in brackets (the
    /// nearest name, or why it is not served here) and then `hint`.
    public static func methodNotFound(_ method: String, detail: String?, hint: String?) -> ResponseError {
        var message = "Method not found: \(method)"
        if let detail { message += " (\(detail))" }
        if let hint { message += "; \(hint)" }
        return ResponseError(code: .methodNotFound, message: message)
    }

    /// -32601 with no details, for a handler that finds its method unavailable.
    public static let methodNotFound = ResponseError(code: .methodNotFound, message: "Method not found")
    /// -32603: something went wrong inside the server.
    public static let internalError = ResponseError(code: .internalError, message: "Internal error")

    /// -32602 with `data.path` naming the offending field (`"seats[2]"`, `""` for the
    /// params object itself) and `data.reason`, a sentence a person understands.
    public static func invalidParams(path: String, reason: String) -> ResponseError {
        invalidParams(path: path, reason: reason, extra: [:])
    }

    /// -32602 with `data.path`, `data.reason` and more details (`expected`: the names a
    /// params object knows). The message says both, so a client that logs only the
    /// message still learns what to fix: `Invalid params: seats[1]: names the same seat
    /// as seats[0]`.
    public static func invalidParams(path: String, reason: String, extra: [String: JSONValue]) -> ResponseError {
        var data = extra
        data["path"] = .string(path)
        data["reason"] = .string(reason)
        return ResponseError(
            code: .invalidParams,
            message: path.isEmpty ? "Invalid params: \(reason)" : "Invalid params: \(path): \(reason)",
            data: .object(data))
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
