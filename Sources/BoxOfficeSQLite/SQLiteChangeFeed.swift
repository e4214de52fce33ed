import BoxOffice
import GRDB
import Synchronization

/// Live seat maps' watch on a SQLite file: `PRAGMA data_version` on a connection of its
/// own, outside any transaction, which moves whenever another connection commits (another
/// process, or this process's writer: it is another connection too), and also after a
/// checkpoint, which only costs a read that finds nothing.
///
/// `data_version` never moves for a connection's own commits, and an in-memory database
/// has only the one connection; so the store also counts the commits it makes itself,
/// and either moving is a yes.
final class SQLiteChangeFeed: ChangeFeed {
    private let connection: any DatabaseWriter
    private let ownCommits: CommitCount
    /// What the previous look saw: the data version and this store's commit count.
    private let seen = Mutex<(version: Int64, commits: Int)?>(nil)

    init(connection: any DatabaseWriter, ownCommits: CommitCount) {
        self.connection = connection
        self.ownCommits = ownCommits
    }

    func committedSinceLastLook() throws -> Bool {
        // The count first: a commit that lands between the two reads moves both, and the
        // next look sees the version it left behind.
        let commits = ownCommits.value
        let version = try connection.writeWithoutTransaction { db in
            try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        }
        return seen.withLock { seen in
            defer { seen = (version, commits) }
            guard let previous = seen else { return true }
            return previous.version != version || previous.commits != commits
        }
    }
}

/// How many write transactions this store committed: what the writer knows it wrote.
final class CommitCount: Sendable {
    private let count = Mutex(0)

    /// The commits so far.
    var value: Int { count.withLock { $0 } }

    /// Counts one more commit.
    func increment() { count.withLock { $0 += 1 } }
}

/// The seat status log as live seat maps read it.
extension SQLiteRecords {
    func latestSeatEventId() throws -> Int64 {
        try db.cachedValue(Int64.self, sql: "SELECT MAX(id) FROM seatEvent") ?? 0
    }

    func latestSeatEventId(showingId: String) throws -> Int64 {
        // One search of seatEvent_byShowing, however long the log (a test checks the plan).
        try db.cachedValue(Int64.self, sql: Self.latestShowingEventSQL, arguments: [StoredID.value(showingId)]) ?? 0
    }

    /// The index's entries end with the rowid, so the newest of a showing is its last one.
    static let latestShowingEventSQL =
        "SELECT MAX(id) FROM seatEvent WHERE showing = (SELECT id FROM showing WHERE uuid = ?)"

    func nextHoldExpiry(showingId: String, after now: Timestamp) throws -> Timestamp? {
        try db.cachedValue(Int64.self, sql: Self.nextHoldExpirySQL, arguments: [StoredID.value(showingId), now])
            .map(Timestamp.init(secondsSince1970:))
    }

    /// Served by the partial index `booking_pendingByShowing`.
    static let nextHoldExpirySQL = """
        SELECT MIN(expiresAt) FROM booking
        WHERE showing = (SELECT id FROM showing WHERE uuid = ?) AND status = 0 AND expiresAt > ?
        """
}
