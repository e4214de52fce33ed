/// The engine's cheap signal that records may have changed since the last look: a commit
/// by another process on the same database, or by this one. Live seat maps ask it every
/// watch interval and read the seat status log only when it says yes, so that a process
/// whose subscribers see nothing happen costs next to nothing.
///
/// A yes may be spurious (SQLite also moves its `data_version` after a checkpoint): it
/// only costs a read that finds nothing new. A no must be true: every commit that happened
/// before the call is reported by that call or an earlier one.
public protocol ChangeFeed: Sendable {
    /// Whether anything may have been committed since the previous call; the first call
    /// answers true. Never called inside a transaction.
    /// - Throws: the engine's error if it cannot be asked.
    func committedSinceLastLook() throws -> Bool
}
