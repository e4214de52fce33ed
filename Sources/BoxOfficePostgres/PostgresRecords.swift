import BoxOffice
import PostgresNIO

/// The box office's reads and writes as SQL, on the session's connection inside one
/// transaction.
///
/// In a write transaction (`scope` set) every method that touches a showing's seats first
/// takes that showing's transaction-scoped advisory lock (`pg_advisory_xact_lock` on its
/// integer key), once per transaction, before it reads or writes anything of it; a method
/// that names a booking finds the booking's showing in the same statement that takes the
/// lock, and reads the booking only after. Under READ COMMITTED every later statement sees
/// all that committed before the lock was granted, so seat changes of one showing are
/// serialized across processes and hosts, and every availability check reads the truth.
/// Idempotency keys and screens (for overlapping showings) have locks of their own; the
/// order is key, screen, showings by ascending key (`docs/ARCHITECTURE.md`).
struct PostgresRecords: CinemaRecordWriter {
    let link: PostgresLink
    /// The write transaction this runs in; nil in a read snapshot.
    let scope: PostgresWriteScope?

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        let locks = scope?.locks
        try run(Statement(SQL.SetSavepoint.self))
        let result: T
        do {
            result = try body()
        } catch {
            // Locks taken inside the savepoint go with it.
            if let locks { scope?.locks = locks }
            try run(Statement(SQL.RollBackToSavepoint.self))
            try run(Statement(SQL.ReleaseSavepoint.self))
            throw error
        }
        try run(Statement(SQL.ReleaseSavepoint.self))
        return result
    }

    // MARK: Statements

    /// Runs one statement of this transaction or snapshot; in a write, `BEGIN` goes first
    /// when it has not been sent (see `PostgresWriteScope`).
    @discardableResult
    func run(_ statement: Statement) throws -> StatementAnswer {
        try scope?.begin(on: link)
        return try link.run(statement)
    }

    /// The rows of one statement, each ready to be read by column position.
    func rows(_ statement: Statement) throws -> [PostgresRandomAccessRow] {
        try run(statement).rows.map { $0.makeRandomAccess() }
    }

    /// The first row of one statement, if any.
    func row(_ statement: Statement) throws -> PostgresRandomAccessRow? {
        try run(statement).rows.first?.makeRandomAccess()
    }

    /// Runs a statement that is a whole write by itself (its locks, its checks, its writes
    /// and its notification, refused whole by the database when a rule says no). When it
    /// is the first of its transaction, it runs alone, with no BEGIN and no COMMIT: one
    /// round trip, and the transaction is over (whatever the caller does after only
    /// reads). Otherwise it runs in a savepoint, so that a refusal leaves the rest of the
    /// transaction going.
    func runWhole(_ statement: Statement) throws -> StatementAnswer {
        guard let scope, scope.progress != .begun else { return try savepoint { try run(statement) } }
        precondition(scope.progress != .settled(wrote: true), "a write after a statement that was a whole write")
        do {
            // It commits as it answers: a connection lost on the way leaves its fate unknown.
            let answer = try link.run(statement, during: .commit)
            scope.progress = .settled(wrote: true)
            return answer
        } catch {
            // Refused, it wrote nothing; what follows reads on its own (or tries again).
            scope.progress = .settled(wrote: false)
            throw error
        }
    }

    // MARK: Locks

    /// Serializes the seat changes of a showing: takes its lock, once per transaction.
    func lockShowing(_ showingId: String) throws {
        guard let scope, scope.holdsLocks, !scope.locks.showings.contains(showingId) else { return }
        try run(Statement(SQL.LockShowing.self).id(showingId))
        scope.locks.showings.insert(showingId)
    }

    /// Takes the locks of several showings in one call, in ascending key order.
    func lockShowings(_ showingIds: Set<String>) throws {
        guard let scope, scope.holdsLocks else { return }
        let missing = showingIds.subtracting(scope.locks.showings)
        if missing.isEmpty { return }
        if missing.count == 1, let only = missing.first { return try lockShowing(only) }
        try run(Statement(SQL.LockShowings.self).ids(missing.sorted()))
        scope.locks.showings.formUnion(missing)
    }

    /// Takes the lock of a booking's showing, found in the same statement; what the
    /// booking is (its status, its claims) is read only after, by later statements.
    func lockShowing(ofBooking bookingId: String) throws {
        guard let scope, scope.holdsLocks, !scope.locks.bookings.contains(bookingId) else { return }
        let row = try self.row(Statement(SQL.LockShowingOfBooking.self).id(bookingId))
        if let row { scope.locks.showings.insert(try row.id(0)) }
        scope.locks.bookings.insert(bookingId)
    }

    /// Serializes the uses of one idempotency key, so that a second call with it waits
    /// for the first to commit and then replays its answer.
    func lockIdempotencyKey(userId: String, key: String) throws {
        guard let scope, scope.holdsLocks else { return }
        let name = userId + "\u{0}" + key
        guard !scope.locks.keys.contains(name) else { return }
        try run(Statement(SQL.LockIdempotencyKey.self).text(userId).text(key))
        scope.locks.keys.insert(name)
    }

    /// Serializes the showings made on one screen, so that two cannot overlap.
    func lockScreen(_ screenId: String) throws {
        guard let scope, scope.holdsLocks, !scope.locks.screens.contains(screenId) else { return }
        try run(Statement(SQL.LockScreen.self).id(screenId))
        scope.locks.screens.insert(screenId)
    }

    // MARK: Counted identifiers

    func highestCountedIdentifiers() throws -> (ids: Int, bookingNumbers: Int) {
        var ids: Int64 = 0
        for table in ["movie", "theater", "screen", "seat", "showing", "booking"] {
            // Once per process, in --deterministic mode only: sent as text.
            let row = try self.row(
                Statement(
                    unprepared: """
                        SELECT max(encode(substr(uuid, 11), 'hex')::bigint) FROM \(table)
                        WHERE length(uuid) = 16 AND substr(uuid, 1, 10) = '\\x00000000000040008000'::bytea
                          AND encode(substr(uuid, 11), 'hex') ~ '^[0-9]+$'
                        """))
            ids = max(ids, try row?.optionalInt(0) ?? 0)
        }
        let bookings =
            try row(
                Statement(
                    unprepared: """
                        SELECT max(substring(bookingNumber from 4 for 18)::bigint) FROM booking
                        WHERE bookingNumber ~ '^BX-[0-9]+$'
                        """))?.optionalInt(0) ?? 0
        return (Int(ids), Int(bookings))
    }
}

/// What one write transaction holds and did, that its statements must know of.
final class PostgresWriteScope {
    /// The advisory locks it holds.
    struct Locks {
        /// Showings whose seat changes it serialized.
        var showings: Set<String> = []
        /// Bookings whose showing it locked.
        var bookings: Set<String> = []
        /// Idempotency keys (user, NUL, key).
        var keys: Set<String> = []
        /// Screens.
        var screens: Set<String> = []
    }

    var locks = Locks()

    /// How far the transaction got: nothing sent yet (BEGIN waits for the first
    /// statement), begun, or settled by a statement that was a whole write by itself
    /// (committed, or refused with nothing written). Once settled, statements run each on
    /// its own, with no transaction to hold a lock: only reads, or the whole write again.
    enum Progress: Equatable { case notBegun, begun, settled(wrote: Bool) }

    var progress = Progress.notBegun

    /// Whether a lock taken now is held until the transaction ends: not once it settled.
    var holdsLocks: Bool {
        if case .settled = progress { return false }
        return true
    }

    /// Sends BEGIN before the transaction's first statement.
    func begin(on link: PostgresLink) throws {
        guard progress == .notBegun else { return }
        try link.run(Statement(SQL.Begin.self), during: .begin)
        progress = .begun
    }
}

extension SQL {
    enum SetSavepoint: StatementText { static let sql = "SAVEPOINT request" }

    enum RollBackToSavepoint: StatementText { static let sql = "ROLLBACK TO SAVEPOINT request" }

    enum ReleaseSavepoint: StatementText { static let sql = "RELEASE SAVEPOINT request" }

    enum Begin: StatementText { static let sql = "BEGIN" }

    enum LockShowing: StatementText {
        static let sql = "SELECT pg_advisory_xact_lock(id)::text FROM showing WHERE uuid = $1"
    }

    enum LockShowings: StatementText {
        static let sql = """
            SELECT pg_advisory_xact_lock(id)::text
            FROM (SELECT id FROM showing WHERE uuid = ANY($1) ORDER BY id OFFSET 0) AS locked
            """
    }

    enum LockShowingOfBooking: StatementText {
        static let sql = """
            SELECT showing.uuid, pg_advisory_xact_lock(showing.id)::text
            FROM booking JOIN showing ON showing.id = booking.showing WHERE booking.uuid = $1
            """
    }

    enum LockIdempotencyKey: StatementText {
        static let sql = "SELECT pg_advisory_xact_lock(2, hashtext($1 || chr(1) || $2))::text"
    }

    enum LockScreen: StatementText {
        static let sql = "SELECT pg_advisory_xact_lock(3, (id % 2147483647)::integer)::text FROM screen WHERE uuid = $1"
    }
}
