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
        try link.run(Statement("SAVEPOINT request"))
        let result: T
        do {
            result = try body()
        } catch {
            // Locks taken inside the savepoint go with it.
            if let locks { scope?.locks = locks }
            try link.run(Statement("ROLLBACK TO SAVEPOINT request"))
            try link.run(Statement("RELEASE SAVEPOINT request"))
            throw error
        }
        try link.run(Statement("RELEASE SAVEPOINT request"))
        return result
    }

    // MARK: Locks

    /// Serializes the seat changes of a showing: takes its lock, once per transaction.
    func lockShowing(_ showingId: String) throws {
        guard let scope, !scope.locks.showings.contains(showingId) else { return }
        try link.run(Statement("SELECT pg_advisory_xact_lock(id) FROM showing WHERE uuid = $1").id(showingId))
        scope.locks.showings.insert(showingId)
    }

    /// Takes the locks of several showings in one call, in ascending key order.
    func lockShowings(_ showingIds: Set<String>) throws {
        guard let scope else { return }
        let missing = showingIds.subtracting(scope.locks.showings)
        if missing.isEmpty { return }
        if missing.count == 1, let only = missing.first { return try lockShowing(only) }
        try link.run(
            Statement(
                """
                SELECT pg_advisory_xact_lock(id)
                FROM (SELECT id FROM showing WHERE uuid = ANY($1) ORDER BY id OFFSET 0) AS locked
                """
            ).ids(missing.sorted()))
        scope.locks.showings.formUnion(missing)
    }

    /// Takes the lock of a booking's showing, found in the same statement; what the
    /// booking is (its status, its claims) is read only after, by later statements.
    func lockShowing(ofBooking bookingId: String) throws {
        guard let scope, !scope.locks.bookings.contains(bookingId) else { return }
        let row = try link.row(
            Statement(
                """
                SELECT showing.uuid, pg_advisory_xact_lock(showing.id)::text
                FROM booking JOIN showing ON showing.id = booking.showing WHERE booking.uuid = $1
                """
            ).id(bookingId))
        if let row { scope.locks.showings.insert(try row.id(0)) }
        scope.locks.bookings.insert(bookingId)
    }

    /// Serializes the uses of one idempotency key, so that a second call with it waits
    /// for the first to commit and then replays its answer.
    func lockIdempotencyKey(userId: String, key: String) throws {
        guard let scope else { return }
        let name = userId + "\u{0}" + key
        guard !scope.locks.keys.contains(name) else { return }
        try link.run(
            Statement("SELECT pg_advisory_xact_lock(2, hashtext($1 || chr(1) || $2))").text(userId).text(key))
        scope.locks.keys.insert(name)
    }

    /// Serializes the showings made on one screen, so that two cannot overlap.
    func lockScreen(_ screenId: String) throws {
        guard let scope, !scope.locks.screens.contains(screenId) else { return }
        try link.run(
            Statement("SELECT pg_advisory_xact_lock(3, (id % 2147483647)::integer) FROM screen WHERE uuid = $1")
                .id(screenId))
        scope.locks.screens.insert(screenId)
    }

    // MARK: Counted identifiers

    func highestCountedIdentifiers() throws -> (ids: Int, bookingNumbers: Int) {
        var ids: Int64 = 0
        for table in ["movie", "theater", "screen", "seat", "showing", "booking"] {
            let row = try link.row(
                Statement(
                    """
                    SELECT max(encode(substr(uuid, 11), 'hex')::bigint) FROM \(table)
                    WHERE length(uuid) = 16 AND substr(uuid, 1, 10) = '\\x00000000000040008000'::bytea
                      AND encode(substr(uuid, 11), 'hex') ~ '^[0-9]+$'
                    """))
            ids = max(ids, try row?.optionalInt(0) ?? 0)
        }
        let bookings =
            try link.row(
                Statement(
                    """
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
}
