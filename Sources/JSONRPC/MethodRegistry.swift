import Foundation

/// The methods a server answers, each registered once with its handler.
///
/// Params are decoded a single time, straight from the request into the method's
/// `Params` type; results are encoded once into the response line. Every handler is
/// given the call's `Context` (its unit of work, as the server's `CallUnits` make it),
/// in the spirit of a web framework's request context: what a call may do is in its
/// signature.
public struct MethodRegistry<Context>: Sendable {
    /// A registered method: decodes its params from the request and prepares the call.
    struct Entry: Sendable {
        /// Decodes params from the envelope's `params` member, or from `{}` when absent.
        var prepare: @Sendable (ParamsSource) throws -> PreparedCall<Context>
        /// For a relay, where its params carry the call it makes; nil for a method.
        var relay: Relay?
        /// Whether calls of the method may run together with others that arrived with
        /// them, in one context (`CallUnits.together`).
        var joinsGroups = false
    }

    private(set) var entries: [String: Entry] = [:]
    /// Maps an error a handler threw to the error the client sees; `nil` means
    /// "not mine" and the error becomes -32603.
    let translateError: @Sendable (any Error) -> ResponseError?

    /// An empty registry. `translateError` maps application errors to JSON-RPC errors.
    public init(translateError: @escaping @Sendable (any Error) -> ResponseError? = { _ in nil }) {
        self.translateError = translateError
    }

    /// Methods this server knows of but does not serve, each with why (`exists only with
    /// --deterministic`), for the -32601 of a client that calls one.
    private var unavailable: [String: String] = [:]

    /// Methods that answer whoever calls them but are never offered: not in
    /// `methodNames`, never a "did you mean" (another protocol's methods, such as MCP's).
    private var unlisted: Set<String> = []

    /// The names of every registered method that is offered, sorted.
    public var methodNames: [String] { entries.keys.filter { !unlisted.contains($0) }.sorted() }

    /// Keeps `method` out of `methodNames` and out of the nearest names a -32601 suggests.
    public mutating func markUnlisted(_ method: String) {
        unlisted.insert(method)
    }

    /// Notes that `method` exists elsewhere but is not served here, and why.
    public mutating func markUnavailable(_ method: String, because reason: String) {
        unavailable[method] = reason
    }

    /// The -32601 for `method`: why it is not served, or the nearest name there is, and
    /// where to find them all.
    func notFound(_ method: String) -> ResponseError {
        if let reason = unavailable[method] { return .methodNotFound(method, detail: reason, hint: nil) }
        let hint = entries["rpc.discover"] != nil ? "rpc.discover lists every method" : nil
        let nearest = Suggestion.nearest(to: method, among: entries.keys.filter { !unlisted.contains($0) })
        return .methodNotFound(method, detail: nearest.map { "did you mean \($0)?" }, hint: hint)
    }

    /// Registers `handler` for `M`, given each call's context. With `joinsGroups`, calls
    /// of it that arrive together with others of such methods run with them in one
    /// context (`CallUnits.together`): only for a method whose handler does all its work
    /// through that context. Registering a name twice is a programming error and traps,
    /// at start, before any request is read.
    public mutating func register<M: RPCMethod>(
        _ method: M.Type, joinsGroups: Bool = false,
        handler: @escaping @Sendable (M.Params, Context) throws -> M.Result
    ) {
        precondition(entries[M.method] == nil, "the method \(M.method) is registered twice")
        entries[M.method] = Entry(
            prepare: { source in
                let params: M.Params
                switch source {
                case .member(let container, let key):
                    params = try container.decode(Strict<M.Params>.self, forKey: key).value
                case .absent:
                    params = try JSONDecoder().decode(Strict<M.Params>.self, from: Data("{}".utf8)).value
                }
                return PreparedCall { context in try handler(params, context) }
            }, relay: nil, joinsGroups: joinsGroups)
    }

    /// Registers `handler` for `M`, a method that needs nothing of its call's context (it
    /// reads, or answers from the process itself), so it never joins a group.
    public mutating func register<M: RPCMethod>(
        _ method: M.Type, handler: @escaping @Sendable (M.Params) throws -> M.Result
    ) {
        register(method, joinsGroups: false) { params, _ in try handler(params) }
    }

    /// Registers `relay` under its method name: a method whose params carry a call of
    /// another registered method (MCP's `tools/call`). Registering a name twice traps.
    public mutating func register(_ relay: Relay) {
        precondition(entries[relay.method] == nil, "the method \(relay.method) is registered twice")
        entries[relay.method] = Entry(prepare: { _ in throw ResponseError.internalError }, relay: relay)
    }
}

/// Where a method's params come from: a member of an object (the request's `params`, or a
/// relay's carried params), or nowhere.
enum ParamsSource {
    case member(KeyedDecodingContainer<AnyCodingKey>, key: AnyCodingKey)
    case absent
}

/// A call whose params are decoded, ready to run in a context.
struct PreparedCall<Context>: Sendable {
    /// Runs the handler in a context; answers with its result.
    var result: @Sendable (Context) throws -> any Encodable & Sendable

    /// Runs the handler in `context` and answers with the result's JSON bytes.
    func run(_ encoder: JSONEncoder, in context: Context) throws -> [UInt8] {
        let value = try result(context)
        if let preEncoded = value as? any PreEncodedResult {
            return try preEncoded.jsonBytes()
        }
        return Array(try encoder.encode(value))
    }
}

/// The members of a request object.
enum EnvelopeKey: String, CodingKey {
    case jsonrpc, id, method, params
}
