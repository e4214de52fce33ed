import BoxOffice
import GRDB

/// The box office's reads and writes as SQL, on one connection inside one transaction.
struct SQLiteRecords: CinemaRecordWriter {
    let db: Database
    /// The store's seat ids by key.
    let seatIDs: SeatIDs
    /// The write transaction this runs in; nil in a read snapshot, which sees only
    /// committed rows.
    let scope: WriteScope?

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        // Every savepoint runs inside the write transaction. If SQLite rolled that back on
        // its own (a full disk, an I/O error), a savepoint here would start a transaction
        // of its own and commit it alone: refuse instead, so that a group of requests
        // sharing the transaction fails as a whole.
        guard db.isInsideTransaction else {
            throw DatabaseError(resultCode: .SQLITE_ABORT, message: "the write transaction was rolled back")
        }
        // Prepared once per connection: a request of a group opens one or two of these.
        try db.cachedStatement(sql: "SAVEPOINT request").execute()
        let result: T
        do {
            result = try body()
        } catch {
            if db.isInsideTransaction {
                try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT request").execute()
                try db.cachedStatement(sql: "RELEASE SAVEPOINT request").execute()
            }
            throw error
        }
        try db.cachedStatement(sql: "RELEASE SAVEPOINT request").execute()
        return result
    }

    func highestCountedIdentifiers() throws -> (ids: Int, bookingNumbers: Int) {
        // A counted id is `00000000-0000-4000-8000-` and a number: its first 10 bytes are
        // these, and the hex of its last 6 is the number's digits.
        let tables = ["movie", "theater", "screen", "seat", "showing", "booking"]
        let ids =
            try tables.map { table in
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT MAX(CAST(CASE typeof(uuid) WHEN 'blob' THEN hex(substr(uuid, 11)) ELSE substr(uuid, 25) END
                                        AS INTEGER))
                        FROM \(table)
                        WHERE (typeof(uuid) = 'blob' AND substr(uuid, 1, 10) = x'00000000000040008000'
                               AND hex(substr(uuid, 11)) GLOB '[0-9]*')
                           OR (typeof(uuid) = 'text' AND uuid GLOB '00000000-0000-4000-8000-[0-9]*')
                        """) ?? 0
            }.max() ?? 0
        let bookings =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT MAX(CAST(substr(bookingNumber, 4) AS INTEGER)) FROM booking
                    WHERE bookingNumber GLOB 'BX-[0-9]*'
                    """) ?? 0
        return (ids, bookings)
    }
}
