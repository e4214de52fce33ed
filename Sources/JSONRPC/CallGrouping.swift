/// How a server runs several calls that arrived together as one unit of work: what group
/// commit needs from the application, in the protocol's words.
///
/// The serve loop gathers calls of methods registered with `joinsGroups` that are
/// already waiting in the input (it never waits for company), runs them one after another
/// inside `together`, and writes their answers, in request order, only once `together`
/// has returned. Each call's effects are its own: a call that throws undoes what it did
/// and nothing else. When `together` throws, none of the calls' effects were kept, and
/// every call of the group is answered with that error.
public protocol CallGrouping: Sendable {
    /// The most calls one group may hold, so that one unit of work never holds what it
    /// locks for long.
    var maxGroupSize: Int { get }

    /// Runs `body`, which makes the calls of one group, as one unit of work, and keeps
    /// their effects together when it returns.
    /// - Throws: when the unit as a whole could not be kept (its commit failed); nothing
    ///   any call did is kept then.
    func together(_ body: () -> Void) throws
}
