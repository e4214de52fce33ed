import BoxOffice
import GRDB

/// The box office's reads and writes as SQL, on one connection inside one transaction.
struct SQLiteRecords: CinemaRecordWriter {
    let db: Database

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try db.inSavepoint {
            result = try body()
            return .commit
        }
        return result!
    }

    func highestCountedIdentifiers() throws -> (ids: Int, bookingNumbers: Int) {
        let tables = ["movie", "theater", "screen", "seat", "showing", "booking"]
        let ids =
            try tables.map { table in
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT MAX(CAST(substr(id, 25) AS INTEGER)) FROM \(table)
                        WHERE id GLOB '00000000-0000-4000-8000-[0-9]*'
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
