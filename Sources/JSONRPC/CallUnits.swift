/// How a server runs calls: the context every handler is given (`Context`, the
/// application's unit of work), and which calls share one.
///
/// A call runs `alone`, in a context of its own. Calls of methods registered with
/// `joinsGroups` that are already waiting in the input (the serve loop never waits for
/// company) run one after another inside `together`, all in the context it gives, and
/// their answers are written, in request order, only once `together` has returned. Each
/// call's effects are its own: a call that throws undoes what it did and nothing else.
/// When `together` throws, none of the calls' effects were kept, and every call of the
/// group is answered with that error. This is what group commit needs from the
/// application, in the protocol's words.
public protocol CallUnits<Context>: Sendable {
    /// What a handler is given: its unit of work.
    associatedtype Context

    /// The most calls one group may hold (1: every call runs alone), so that one unit of
    /// work never holds what it locks for long.
    var maxGroupSize: Int { get }

    /// Runs `body`, one call, in a context of its own.
    func alone(_ body: (Context) -> Void)

    /// Runs `body`, which makes the calls of one group, in one context, and keeps their
    /// effects together when it returns.
    /// - Throws: when the unit as a whole could not be kept (its commit failed); nothing
    ///   any call did is kept then.
    func together(_ body: (Context) -> Void) throws
}

/// The context of a call whose handler needs none.
public struct NoContext: Sendable {
    /// The one value.
    public init() {}
}

/// Calls that need no context, each on its own: for a registry whose handlers take none.
public struct SoloCalls: CallUnits {
    /// Nothing.
    public typealias Context = NoContext

    /// Every call runs alone.
    public var maxGroupSize: Int { 1 }

    /// Calls without a context.
    public init() {}

    /// Runs `body`.
    public func alone(_ body: (NoContext) -> Void) { body(NoContext()) }

    /// Runs `body`; never called, as no group holds more than one call.
    public func together(_ body: (NoContext) -> Void) throws { body(NoContext()) }
}
