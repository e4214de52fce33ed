/// A method whose params carry a call of another method: a name, and that method's params
/// under another key. MCP's `tools/call {name, arguments}` is one.
///
/// The carried call goes through everything a call of its own would (strict params,
/// U+0000, numbers out of range, the registry's error mapping), with paths inside the
/// carried params (`seats[1]`, not `arguments.seats[1]`); its result or its error then
/// goes to `answer`, which makes the relay's own result. The relay fails by itself only
/// when its params name no method (`unknown`), lack the name, or carry params that are
/// not an object, and when the carried call throws an error the registry cannot map.
public struct Relay: Sendable {
    /// The relay's own method name, such as `tools/call`.
    public var method: String
    /// The params key that names the call, such as `name`.
    public var nameKey: String
    /// The params key that holds the call's params, such as `arguments`; absent or null is `{}`.
    public var paramsKey: String
    /// The registered method a name stands for, or nil when it stands for none.
    public var target: @Sendable (String) -> String?
    /// The error that answers a name that stands for no method.
    public var unknown: @Sendable (String) -> ResponseError
    /// The relay's result from the carried call's outcome.
    /// - Throws: a `ResponseError` to answer the relay with an error instead.
    public var answer: @Sendable (RelayedCall) throws -> any Encodable & Sendable

    /// A relay; see the properties for what each part does.
    public init(
        method: String, nameKey: String, paramsKey: String, target: @escaping @Sendable (String) -> String?,
        unknown: @escaping @Sendable (String) -> ResponseError,
        answer: @escaping @Sendable (RelayedCall) throws -> any Encodable & Sendable
    ) {
        self.method = method
        self.nameKey = nameKey
        self.paramsKey = paramsKey
        self.target = target
        self.unknown = unknown
        self.answer = answer
    }
}

/// A call a relay made, and how it went.
public struct RelayedCall: Sendable {
    /// The name the relay's params gave, such as `booking_hold`.
    public var name: String
    /// The method it stands for, such as `booking.hold`.
    public var method: String
    /// The method's result as its handler returned it, or the error that would answer a
    /// call of its own: -32602 with a path inside the carried params, or an application
    /// error as the registry maps it.
    public var outcome: Result<any Encodable & Sendable, ResponseError>
}
