import GRDB

/// What `v3-lean` carries over from the v2 tables.
extension Schema {
    /// Copies every row of the v2 tables into v3's: rowids become the integer keys, text
    /// references become those keys (a reference that finds nothing is NULL, which NOT NULL
    /// refuses, so nothing is dropped on the way), statuses become their numbers.
    static func carryOverV2(_ db: Database) throws {
        let bookingStatus =
            "CASE status WHEN 'pending' THEN 0 WHEN 'confirmed' THEN 1 WHEN 'cancelled' THEN 2 WHEN 'expired' THEN 3 END"
        let seatStatus =
            "CASE status WHEN 'available' THEN 0 WHEN 'held' THEN 1 WHEN 'booked' THEN 2 WHEN 'blocked' THEN 3 END"
        func key(_ table: String, _ column: String) -> String {
            "(SELECT rowid FROM v2_\(table) WHERE v2_\(table).id = \(column))"
        }
        try db.execute(
            sql: """
                INSERT INTO movie (id, uuid, title, durationMinutes, rating, createdAt)
                SELECT rowid, storedId(id), title, durationMinutes, rating, createdAt FROM v2_movie ORDER BY rowid;

                INSERT INTO theater (id, uuid, name, city, createdAt)
                SELECT rowid, storedId(id), name, city, createdAt FROM v2_theater ORDER BY rowid;

                INSERT INTO screen (id, uuid, theater, position, name, layout, capacity)
                SELECT rowid, storedId(id), \(key("theater", "theaterId")), position, name, layout, capacity
                FROM v2_screen ORDER BY rowid;

                INSERT INTO seat (id, uuid, screen, label, rowLabel, rowIndex, number, x, type)
                SELECT rowid, storedId(id), \(key("screen", "screenId")), label, rowLabel, rowIndex, number, x, type
                FROM v2_seat ORDER BY rowid;

                INSERT INTO showing (id, uuid, movie, screen, startsAt, endsAt, salesCloseAt, currency, createdAt)
                SELECT rowid, storedId(id), \(key("movie", "movieId")), \(key("screen", "screenId")), startsAt, endsAt,
                       salesCloseAt, currency, createdAt
                FROM v2_showing ORDER BY rowid;

                INSERT INTO showingPrice (showing, seatType, amount)
                SELECT \(key("showing", "showingId")), seatType, amount FROM v2_showingPrice;

                INSERT INTO booking (id, uuid, bookingNumber, userId, showing, status, total, currency, createdAt,
                                     updatedAt, expiresAt)
                SELECT rowid, storedId(id), bookingNumber, userId, \(key("showing", "showingId")), \(bookingStatus),
                       total, currency, createdAt, updatedAt, expiresAt
                FROM v2_booking ORDER BY rowid;

                INSERT INTO claim (showing, screen, seat, booking, price, releasedAt, removedAt)
                SELECT \(key("showing", "showingId")), \(key("screen", "screenId")), \(key("seat", "seatId")),
                       \(key("booking", "bookingId")), price, releasedAt, removedAt
                FROM v2_bookingSeat ORDER BY \(key("booking", "bookingId")), \(key("seat", "seatId"));

                INSERT INTO claim (showing, screen, seat, reason, blockedAt, releasedAt)
                SELECT \(key("showing", "showingId")), \(key("screen", "screenId")), \(key("seat", "seatId")),
                       reason, blockedAt, unblockedAt
                FROM v2_seatBlock ORDER BY id;

                INSERT INTO idempotencyKey (userId, key, method, fingerprint, booking, result, createdAt)
                SELECT userId, key, method, fingerprint, \(key("booking", "bookingId")), result, createdAt
                FROM v2_idempotencyKey;

                INSERT INTO seatEvent (id, showing, seat, status, cause, booking, actor, at)
                SELECT id, \(key("showing", "showingId")), \(key("seat", "seatId")), \(seatStatus), cause,
                       \(key("booking", "bookingId")), actor, at
                FROM v2_seatEvent ORDER BY id;
                """)
    }
}
