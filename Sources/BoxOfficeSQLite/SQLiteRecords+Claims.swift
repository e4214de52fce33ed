import BoxOffice
import GRDB

/// Live claims on seats: bookings' seats and blocks, their release, and the status log.
extension SQLiteRecords {
    func liveClaims(showingId: String, now: Timestamp, seatIds: [String]?) throws -> [String: LiveClaim] {
        // Columns by position and the status as a number: this loop runs once per taken
        // seat of a seat map, and looking columns up by name was a fifth of its cost.
        let rows = try db.cachedCursor(
            sql: Self.liveClaimsSQL(filteringSeats: seatIds != nil),
            arguments: ["showingId": showingId, "now": now, "seatIds": seatIds.map(jsonArray)])
        var claims: [String: LiveClaim] = [:]
        while let row = try rows.next() {
            let status: SeatStatus =
                switch row[1] as Int {
                case 2: .booked
                case 1: .held
                default: .blocked
                }
            claims[row[0]] = LiveClaim(status: status, userId: row[2])
        }
        return claims
    }

    /// The statement behind `liveClaims`: live claims of unexpired bookings and live
    /// blocks, each half served by its partial unique index (a test checks the plan).
    static func liveClaimsSQL(filteringSeats: Bool) -> String {
        let claimFilter = filteringSeats ? "AND bookingSeat.seatId IN (SELECT value FROM json_each(:seatIds))" : ""
        let blockFilter = filteringSeats ? "AND seatBlock.seatId IN (SELECT value FROM json_each(:seatIds))" : ""
        return """
            SELECT bookingSeat.seatId, CASE booking.status WHEN 'confirmed' THEN 2 ELSE 1 END, booking.userId
            FROM bookingSeat JOIN booking ON booking.id = bookingSeat.bookingId
            WHERE bookingSeat.showingId = :showingId AND bookingSeat.releasedAt IS NULL
              AND (booking.status = 'confirmed' OR (booking.status = 'pending' AND booking.expiresAt > :now))
              \(claimFilter)
            UNION ALL
            SELECT seatBlock.seatId, 3, NULL FROM seatBlock
            WHERE seatBlock.showingId = :showingId AND seatBlock.unblockedAt IS NULL \(blockFilter)
            """
    }

    func expiredHolds(showingId: String, now: Timestamp) throws -> [ExpiredHold] {
        try db.cachedRows(
            sql: "SELECT id, expiresAt FROM booking WHERE showingId = ? AND status = 'pending' AND expiresAt <= ?",
            arguments: [showingId, now]
        ).map { ExpiredHold(bookingId: $0["id"], expiresAt: $0["expiresAt"]) }
    }

    func releaseClaims(bookingId: String, seatIds: [String]?, at: Timestamp, removing: Bool) throws {
        guard let seatIds else {
            try db.cachedExecute(
                sql: "UPDATE bookingSeat SET releasedAt = ? WHERE bookingId = ? AND releasedAt IS NULL",
                arguments: [at, bookingId])
            return
        }
        try db.cachedExecute(
            sql: """
                UPDATE bookingSeat SET releasedAt = :now, removedAt = CASE WHEN :removing THEN :now END
                WHERE bookingId = :bookingId AND seatId IN (SELECT value FROM json_each(:seatIds))
                """,
            arguments: ["now": at, "removing": removing, "bookingId": bookingId, "seatIds": jsonArray(seatIds)])
    }

    func insertBlocks(showingId: String, screenId: String, seatIds: [String], reason: String?, at: Timestamp)
        throws -> ClaimOutcome
    {
        do {
            try savepoint {
                for seatId in seatIds {
                    try db.cachedExecute(
                        sql: """
                            INSERT INTO seatBlock (showingId, screenId, seatId, reason, blockedAt)
                            VALUES (?, ?, ?, ?, ?)
                            """,
                        arguments: [showingId, screenId, seatId, reason, at])
                }
            }
            return .done
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_TRIGGER
        {
            return .seatsTaken
        }
    }

    func removeBlocks(showingId: String, seatIds: [String], at: Timestamp) throws -> [String] {
        try db.cachedValues(
            String.self,
            sql: """
                UPDATE seatBlock SET unblockedAt = :now
                WHERE showingId = :showingId AND unblockedAt IS NULL
                  AND seatId IN (SELECT value FROM json_each(:seatIds))
                RETURNING seatId
                """,
            arguments: ["now": at, "showingId": showingId, "seatIds": jsonArray(seatIds)])
    }

    func appendSeatEvents(_ events: [SeatEvent]) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO seatEvent (showingId, seatId, status, cause, bookingId, actor, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for event in events {
            try statement.execute(arguments: [
                event.showingId, event.seatId, event.status.rawValue, event.cause, event.bookingId, event.actor,
                event.at,
            ])
        }
    }
}
