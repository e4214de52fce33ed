import BoxOffice
import Foundation
import PostgresNIO

/// The box office's records in one PostgreSQL database, through postgres-nio: the store
/// that many processes on many hosts share.
///
/// One connection per process serves requests (a serial stdio server needs no more), and
/// one more listens for other processes' commits once someone subscribes to a seat map.
/// Both come back by themselves after the server went away. Every session sets
/// `lock_timeout` (a showing locked longer is `BUSY`), `statement_timeout` (nothing waits
/// forever) and `synchronous_commit` (`--durability`) when it connects.
///
/// Writes run under READ COMMITTED with the seat changes of each showing serialized by a
/// transaction-scoped advisory lock (see `PostgresRecords`); reads run in one REPEATABLE
/// READ snapshot. A write that the server broke off for a deadlock or a serialization
/// failure runs again, at most `maxAttempts` times in all.
public final class PostgresStore: CinemaStore {
    /// Where the database is.
    public let location: PostgresLocation
    /// The URL as given, without its password: what `server.info` shows.
    public let shownURL: String
    /// What `--durability` asked for.
    public let durability: Durability
    /// Whether calls that arrive together share one commit; off unless asked for (see
    /// `groupsCommits`).
    private let grouping: Bool
    let session: PostgresSession
    let settings: [(String, String)]
    /// The write transactions this process committed, for the change feed.
    let commits = CommitCount()

    /// How long a statement waits for a lock (a showing's, above all) before `BUSY`.
    public static let lockTimeout = "3s"
    /// How long a statement may run at most.
    public static let statementTimeout = "30s"
    /// How many times a write runs at most when the server breaks it off for a deadlock or
    /// a serialization failure.
    public static let maxAttempts = 4

    private init(location: PostgresLocation, shownURL: String, durability: Durability, grouping: Bool) {
        self.location = location
        self.shownURL = shownURL
        self.durability = durability
        self.grouping = grouping
        settings = [
            ("lock_timeout", Self.lockTimeout), ("statement_timeout", Self.statementTimeout),
            ("synchronous_commit", durability == .full ? "on" : "off"),
            ("idle_in_transaction_session_timeout", "60s"), ("TimeZone", "UTC"),
        ]
        session = PostgresSession(location: location, settings: settings)
    }

    deinit { session.close() }

    /// Connects to the database at `url` and migrates it, under an advisory lock so that
    /// processes starting together do not race.
    /// - Throws: `PostgresOpeningError` saying in one line what is wrong: a bad URL, a
    ///   server that cannot be reached, no such database, a refused user, a database of
    ///   another program, a schema newer than this build knows.
    ///
    /// `groupsCommits` turns group commit on, for measuring it (it does not pay here; see
    /// `groupsCommits`): a group's transaction is then never run again after a deadlock,
    /// which is `BUSY` for the whole group instead.
    public static func open(url: String, durability: Durability = .full, groupsCommits: Bool = false) throws
        -> PostgresStore
    {
        let location = try PostgresLocation(url: url)
        let shown = PostgresLocation.redacting(url)
        let store = PostgresStore(location: location, shownURL: shown, durability: durability, grouping: groupsCommits)
        do {
            try store.session.withConnection { link in try PostgresMigrator.migrate(link, shown: shown) }
        } catch let error as PostgresOpeningError {
            throw error
        } catch let failure as PostgresFailure {
            throw PostgresOpeningError(location: shown, cause: Self.cause(of: failure, location: location))
        }
        store.session.markOpened()
        return store
    }

    /// Words for a failure to open.
    private static func cause(of failure: PostgresFailure, location: PostgresLocation) -> String {
        switch failure {
        case .unavailable(let reason, _):
            let place =
                location.socketDirectory.map { "the socket in \($0)" } ?? "\(location.host):\(location.port)"
            return "the server cannot be reached (\(reason)); is PostgreSQL running at \(place)?"
        case .refused(let state, let message, _):
            switch state {
            case "3D000":
                return "there is no database \(location.database) on the server; create it first "
                    + "(CREATE DATABASE \(location.database))"
            case "28P01", "28000":
                return "the server refused the user \(location.user): \(message)"
            case "53300":
                return "the server has no connection to spare (\(message)); raise max_connections or close others"
            default:
                return "PostgreSQL said (\(state)): \(message)"
            }
        }
    }

    /// Whether calls that arrive together share one commit. Not here: PostgreSQL already
    /// flushes the commits of concurrent sessions together, and on this store a booking
    /// waits for round trips far more than for its commit's flush (measured in
    /// `docs/ARCHITECTURE.md`); a shared transaction would also hold several showings'
    /// locks at once, in request order.
    public var groupsCommits: Bool { grouping }

    /// The clock of the database server, for judging holds and sales on every host alike.
    public func databaseClock() -> DatabaseClock { DatabaseClock(session: session) }

    /// Closes the connection; the next call connects again.
    public func close() { session.close() }

    /// How many connections the store opened for requests: 1 until the server went away.
    public var connectionsMade: Int { session.connections }

    /// Runs `body` in one REPEATABLE READ, READ ONLY transaction: one snapshot. Inside a
    /// write of this thread, it reads through that write.
    /// - Throws: what `body` throws; `BoxOfficeError.databaseUnavailable` when the server
    ///   cannot be reached, `.busy` for a statement that timed out.
    public func read<T>(_ body: (any CinemaRecords) throws -> T) throws -> T {
        try reconnectingOnce {
            try session.withConnection { link in
                if let open = session.openWrite { return try body(open) }
                try link.run(Statement(SQL.BeginSnapshot.self), during: .begin)
                do {
                    let result = try body(PostgresRecords(link: link, scope: nil))
                    try link.run(Statement(SQL.Commit.self))
                    return result
                } catch {
                    link.rollBack(after: error)
                    throw error
                }
            }
        }
    }

    /// Runs `body` in one READ COMMITTED transaction and commits it (on disk at
    /// `--durability full` when this returns). After a deadlock or serialization failure
    /// the server rolled back, `body` runs again (at most `maxAttempts` in all): it must
    /// change nothing outside the transaction but what it may redo.
    /// - Throws: what `body` throws; `BoxOfficeError.busy` when a lock waited past
    ///   `lockTimeout` or the retries ran out (nothing written); `.databaseUnavailable`
    ///   when the server cannot be reached (`commitUnknown` when it went during the COMMIT).
    public func write<T>(_ body: (any CinemaRecordWriter) throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                let result = try reconnectingOnce {
                    try session.withConnection { link in try writeTransaction(link, body) }
                }
                commits.increment()
                return result
            } catch let failure as PostgresFailure where failure.isTransient {
                // A body that answers several requests (a group) must not run twice.
                guard attempt < (grouping ? 1 : Self.maxAttempts) else { throw BoxOfficeError.busy }
                attempt += 1
            }
        }
    }

    private func writeTransaction<T>(_ link: PostgresLink, _ body: (any CinemaRecordWriter) throws -> T) throws -> T {
        precondition(session.openWrite == nil, "a write transaction is already open on this connection")
        let scope = PostgresWriteScope()
        let records = PostgresRecords(link: link, scope: scope)
        session.openWrite = records
        defer { session.openWrite = nil }
        do {
            let result = try body(records)
            // Nothing to commit when nothing was sent, or when one statement was the whole
            // write (it committed as it ran).
            guard scope.progress == .begun else { return result }
            // Sent as text: its command tag says whether it committed.
            let answer = try link.run(Statement(unprepared: "COMMIT"), during: .commit)
            // COMMIT of a transaction that an error aborted answers ROLLBACK, not an error.
            guard answer.command == "COMMIT" else {
                throw PostgresFailure.refused(
                    sqlState: "25P02", message: "the transaction was aborted and rolled back", constraint: nil)
            }
            return result
        } catch {
            if scope.progress == .begun { link.rollBack(after: error) }
            throw error
        }
    }

    /// Runs `body`, once more on a new connection when the old one turned out to be gone
    /// before anything was sent in earnest (the server restarted since its last use); and
    /// turns the failures that have one into the box office's errors.
    private func reconnectingOnce<T>(_ body: () throws -> T) throws -> T {
        do {
            do {
                return try body()
            } catch PostgresFailure.unavailable(_, during: .begin) {
                return try body()
            }
        } catch let failure as PostgresFailure where !failure.isTransient {
            if let error = failure.domainError { throw error }
            throw failure
        }
    }

    /// A watch on the database's commits: a listening connection of its own.
    /// - Throws: `BoxOfficeError.databaseUnavailable` if it cannot connect.
    public func changeFeed() throws -> any ChangeFeed {
        PostgresChangeFeed(location: location, settings: settings, ownCommits: commits)
    }

    /// Facts about the database, for `server.info`: the server's version, the schema
    /// version, and `synchronous_commit` as the connection that commits has it.
    /// - Throws: `BoxOfficeError.databaseUnavailable` when the server cannot be reached.
    public func info() throws -> StoreInfo {
        try reconnectingOnce {
            try session.withConnection { link in
                let row = try link.row(Statement(SQL.StoreInfo.self), during: .begin)
                return StoreInfo(
                    engine: "postgresql", path: shownURL, schemaVersion: Int(try row?.int(2) ?? 0),
                    engineVersion: try row?.text(0).split(separator: " ").first.map(String.init) ?? "",
                    journalMode: "", durability: try row?.text(1) == "off" ? "normal" : "full")
            }
        }
    }
}

extension PostgresLink {
    /// The first row of one statement, at a given step of a transaction.
    func row(_ statement: Statement, during step: PostgresFailure.Step) throws -> PostgresRandomAccessRow? {
        try run(statement, during: step).rows.first?.makeRandomAccess()
    }
}

extension SQL {
    enum BeginSnapshot: StatementText { static let sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" }

    enum Commit: StatementText { static let sql = "COMMIT" }

    enum RollBack: StatementText { static let sql = "ROLLBACK" }

    enum StoreInfo: StatementText {
        static let sql = """
            SELECT current_setting('server_version'), current_setting('synchronous_commit'),
                   (SELECT COALESCE(max(version), 0)::bigint FROM \(PostgresSchema.migrationTable))
            """
    }
}
