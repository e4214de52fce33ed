/// How hard a commit works to survive a power cut.
public enum Durability: String, Sendable, CaseIterable {
    /// A commit is on disk when it returns (the default): SQLite's `synchronous=FULL`.
    case full
    /// A commit survives a crash of the process but may be lost with power; faster where
    /// fsync is slow: SQLite's `synchronous=NORMAL` in WAL mode.
    case normal
}
