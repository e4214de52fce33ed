import BoxOffice
import GRDB

/// Live claims on seats: bookings' seats and blocks, their release, and the status log.
extension SQLiteRecords {
    func liveClaims(showingId: String, now: Timestamp, seatIds: [String]?) throws -> [String: LiveClaim] {
        // Columns by position and the status as a number: this loop runs once per taken
        // seat of a seat map, and looking columns up by name was a fifth of its cost.
        let rows = try db.cachedCursor(
            sql: Self.liveClaimsSQL(filteringSeats: seatIds != nil),
            arguments: ["showingId": StoredID.value(showingId), "now": now, "seatIds": seatIds.map(jsonArray)])
        var seats: [Int64] = []
        var live: [LiveClaim] = []
        while let row = try rows.next() {
            let status: SeatStatus =
                switch row[1] as Int {
                case 2: .booked
                case 1: .held
                default: .blocked
                }
            seats.append(row[0])
            live.append(LiveClaim(status: status, userId: row[2]))
        }
        let ids = try seatIDs.ids(of: seats, in: db, keep: !(scope?.insertedSeats ?? false))
        return Dictionary(zip(ids, live), uniquingKeysWith: { first, _ in first })
    }

    /// The statement behind `liveClaims`: the live claims of the showing, through its
    /// partial unique index (a test checks the plan), less those of bookings that are
    /// neither confirmed nor an unexpired hold. Answers the seat's key (`SeatIDs` knows
    /// its id), 1 held, 2 booked or 3 blocked, and the booking's user.
    static func liveClaimsSQL(filteringSeats: Bool) -> String {
        let seatFilter =
            filteringSeats
            ? "AND claim.seat IN (SELECT id FROM seat WHERE uuid IN (SELECT storedId(value) FROM json_each(:seatIds)))"
            : ""
        return """
            SELECT claim.seat, CASE WHEN claim.booking IS NULL THEN 3 WHEN booking.status = 1 THEN 2 ELSE 1 END,
                   booking.userId
            FROM claim LEFT JOIN booking ON booking.id = claim.booking
            WHERE claim.showing = (SELECT id FROM showing WHERE uuid = :showingId) AND claim.releasedAt IS NULL
              AND (claim.booking IS NULL OR booking.status = 1 OR (booking.status = 0 AND booking.expiresAt > :now))
              \(seatFilter)
            """
    }

    func expiredHolds(showingId: String, now: Timestamp) throws -> [ExpiredHold] {
        try db.cachedRows(
            sql: """
                SELECT uuid, expiresAt FROM booking
                WHERE showing = (SELECT id FROM showing WHERE uuid = ?) AND status = 0 AND expiresAt <= ?
                """,
            arguments: [StoredID.value(showingId), now]
        ).map { ExpiredHold(bookingId: $0.id(0), expiresAt: $0["expiresAt"]) }
    }

    func releaseClaims(bookingId: String, seatIds: [String]?, at: Timestamp, removing: Bool) throws {
        guard let seatIds else {
            try db.cachedExecute(
                sql: """
                    UPDATE claim SET releasedAt = ?
                    WHERE booking = (SELECT id FROM booking WHERE uuid = ?) AND releasedAt IS NULL
                    """,
                arguments: [at, StoredID.value(bookingId)])
            return
        }
        try db.cachedExecute(
            sql: """
                UPDATE claim SET releasedAt = :now, removedAt = CASE WHEN :removing THEN :now END
                WHERE booking = (SELECT id FROM booking WHERE uuid = :bookingId)
                  AND seat IN (SELECT id FROM seat WHERE uuid IN (SELECT storedId(value) FROM json_each(:seatIds)))
                """,
            arguments: [
                "now": at, "removing": removing, "bookingId": StoredID.value(bookingId), "seatIds": jsonArray(seatIds),
            ])
    }

    func insertBlocks(showingId: String, screenId: String, seatIds: [String], reason: String?, at: Timestamp)
        throws -> ClaimOutcome
    {
        do {
            try savepoint {
                // The screen named must be the showing's, and the seat one of its: the
                // composite foreign keys check both.
                for seatId in seatIds {
                    try db.cachedExecute(
                        sql: """
                            INSERT INTO claim (showing, screen, seat, reason, blockedAt)
                            VALUES ((SELECT id FROM showing WHERE uuid = ?), (SELECT id FROM screen WHERE uuid = ?),
                                    (SELECT id FROM seat WHERE uuid = ?), ?, ?)
                            """,
                        arguments: [
                            StoredID.value(showingId), StoredID.value(screenId), StoredID.value(seatId), reason, at,
                        ])
                }
            }
            return .done
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            return .seatsTaken
        }
    }

    func removeBlocks(showingId: String, seatIds: [String], at: Timestamp) throws -> [String] {
        try db.cachedRows(
            sql: """
                UPDATE claim SET releasedAt = :now
                WHERE showing = (SELECT id FROM showing WHERE uuid = :showingId) AND releasedAt IS NULL
                  AND booking IS NULL
                  AND seat IN (SELECT id FROM seat WHERE uuid IN (SELECT storedId(value) FROM json_each(:seatIds)))
                RETURNING (SELECT uuid FROM seat WHERE seat.id = claim.seat)
                """,
            arguments: ["now": at, "showingId": StoredID.value(showingId), "seatIds": jsonArray(seatIds)]
        ).map { $0.id(0) }
    }

    func appendSeatEvents(_ events: [SeatEvent]) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO seatEvent (showing, seat, status, cause, booking, actor, at)
                VALUES ((SELECT id FROM showing WHERE uuid = ?), (SELECT id FROM seat WHERE uuid = ?), ?, ?,
                        (SELECT id FROM booking WHERE uuid = ?), ?, ?)
                """)
        for event in events {
            try statement.execute(arguments: [
                StoredID.value(event.showingId), StoredID.value(event.seatId), StoredStatus.code(event.status),
                event.cause, event.bookingId.map(StoredID.value), event.actor, event.at,
            ])
        }
    }
}
