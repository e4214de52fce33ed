/// A JSON-RPC method as a type: its wire name, the params it takes (decoded once,
/// straight from the request) and the result it answers with.
///
/// ```swift
/// enum ServerInfo: RPCMethod {
///     static let method = "server.info"
///     typealias Params = EmptyParams
///     struct Result: Encodable, Sendable { var name: String }
/// }
/// ```
public protocol RPCMethod {
    /// The params object; unknown names in it are rejected with -32602.
    associatedtype Params: StrictDecodable & Sendable
    /// What a successful call answers with.
    associatedtype Result: Encodable & Sendable
    /// The method name on the wire, such as `"server.info"`.
    static var method: String { get }
}

/// A result that already knows its own JSON bytes, so that a large and mostly static
/// answer need not go through `JSONEncoder` on every request.
public protocol PreEncodedResult: Encodable, Sendable {
    /// The result as one JSON value, UTF-8, with no line breaks.
    func jsonBytes() throws -> [UInt8]
}

/// Params for a method that takes none: only `{}`, `null` or an absent `params` fit.
public struct EmptyParams: StrictDecodable, Sendable, Equatable {
    /// No keys at all.
    public enum CodingKeys: CodingKey, CaseIterable {
        /// There are none.
        public static var allCases: [CodingKeys] { [] }
        /// Unreachable: no value of this type exists.
        public var stringValue: String { switch self {} }
        /// Unreachable: no value of this type exists.
        public var intValue: Int? { nil }
        public init?(stringValue: String) { nil }
        public init?(intValue: Int) { nil }
    }

    /// The empty params.
    public init() {}

    /// Accepts an object with no keys (unknown keys are rejected before this runs).
    public init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: CodingKeys.self)
    }
}
