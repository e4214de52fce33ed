import Foundation
import GRDB

/// A seat of a screen, as the booking transactions need it.
struct ScreenSeat: Sendable, Equatable {
    var id: String
    var label: String
    var type: SeatType
    var rowIndex: Int
    var number: Int
}

/// What holds a seat of a showing right now.
struct LiveClaim: Sendable, Equatable {
    var status: SeatStatus
    /// The user of the booking holding it; nil for a block.
    var userId: String?
}

/// The shared steps of every booking transaction: naming seats, freeing expired holds,
/// reading who holds what, and writing the seat status log.
enum SeatClaims {
    /// Resolves seat references (ids, or labels whatever their case) to seats of
    /// `screenId`, in order.
    /// - Throws: `BoxOfficeError.seatsNotFound` naming every reference that names no seat
    ///   of this screen; `.invalidInput` when two references name the same seat.
    static func resolve(_ db: Database, references: [String], screenId: String, path: String = "seats")
        throws -> [ScreenSeat]
    {
        let rows = try db.cachedRows(
            sql: """
                SELECT ref.key AS position, ref.value AS reference, seat.id, seat.label, seat.type, seat.rowIndex, seat.number
                FROM json_each(?) AS ref
                LEFT JOIN seat ON seat.screenId = ? AND (seat.id = ref.value OR seat.label = upper(ref.value))
                ORDER BY ref.key
                """,
            arguments: [try jsonArray(references), screenId])
        var seats: [ScreenSeat] = []
        var positions: [String: Int] = [:]
        var unknown: [String] = []
        for row in rows {
            let position: Int = row["position"]
            guard let id: String = row["id"] else {
                unknown.append(row["reference"])
                continue
            }
            if let earlier = positions[id] {
                throw BoxOfficeError.invalidInput(
                    path: "\(path)[\(position)]", reason: "names the same seat as \(path)[\(earlier)]")
            }
            positions[id] = position
            seats.append(
                ScreenSeat(
                    id: id, label: row["label"], type: SeatType(rawValue: row["type"]) ?? .regular,
                    rowIndex: row["rowIndex"], number: row["number"]))
        }
        if !unknown.isEmpty { throw BoxOfficeError.seatsNotFound(unknown) }
        return seats
    }

    /// Frees the seats of every hold of the showing that has expired by `now`, marks
    /// those bookings `expired`, and logs the seats as available from the moment each
    /// hold ran out. Runs inside the transaction that needs the seats, so no background
    /// job is ever needed.
    static func reclaimExpiredHolds(_ db: Database, showingId: String, now: Timestamp) throws {
        let expired = try db.cachedRows(
            sql: "SELECT id, expiresAt FROM booking WHERE showingId = ? AND status = 'pending' AND expiresAt <= ?",
            arguments: [showingId, now])
        for row in expired {
            let bookingId: String = row["id"]
            let expiresAt: Timestamp = row["expiresAt"]
            try db.cachedExecute(
                sql: """
                    INSERT INTO seatEvent (showingId, seatId, status, cause, bookingId, actor, at)
                    SELECT showingId, seatId, 'available', 'expired', bookingId, 'system', ?
                    FROM bookingSeat WHERE bookingId = ? AND releasedAt IS NULL
                    """,
                arguments: [expiresAt, bookingId])
            try db.cachedExecute(
                sql: "UPDATE bookingSeat SET releasedAt = ? WHERE bookingId = ? AND releasedAt IS NULL",
                arguments: [expiresAt, bookingId])
            try db.cachedExecute(
                sql: "UPDATE booking SET status = 'expired', updatedAt = ? WHERE id = ?",
                arguments: [expiresAt, bookingId])
        }
    }

    /// Who holds each seat of the showing that is held, booked or blocked at `now`;
    /// seats not in the answer are available. With `seatIds`, only those seats are read.
    /// One statement, served by the partial unique indexes on live claims and blocks.
    static func liveClaims(_ db: Database, showingId: String, now: Timestamp, seatIds: [String]? = nil)
        throws -> [String: LiveClaim]
    {
        // Columns by position and the status as a number: this loop runs once per taken
        // seat of a seat map, and looking columns up by name was a fifth of its cost.
        let rows = try db.cachedCursor(
            sql: liveClaimsSQL(filteringSeats: seatIds != nil),
            arguments: ["showingId": showingId, "now": now, "seatIds": try seatIds.map(jsonArray)])
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

    /// Throws `SEATS_UNAVAILABLE` naming every one of `seats` that is held, booked or
    /// blocked, each marked `mine` when `userId` holds or booked it.
    static func requireAvailable(
        _ db: Database, seats: [ScreenSeat], showingId: String, userId: String, now: Timestamp
    ) throws {
        let claims = try liveClaims(db, showingId: showingId, now: now, seatIds: seats.map(\.id))
        let conflicts = seats.compactMap { seat in
            claims[seat.id].map {
                SeatConflict(
                    id: seat.id, label: seat.label, status: $0.status,
                    mine: $0.userId?.isIdentical(to: userId) ?? false)
            }
        }
        if !conflicts.isEmpty { throw BoxOfficeError.seatsUnavailable(conflicts) }
    }

    /// Appends one line per seat to the status log.
    static func log(
        _ db: Database, showingId: String, seatIds: [String], status: SeatStatus, cause: String, bookingId: String?,
        actor: String, at: Timestamp
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO seatEvent (showingId, seatId, status, cause, bookingId, actor, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for seatId in seatIds {
            try statement.execute(arguments: [showingId, seatId, status.rawValue, cause, bookingId, actor, at])
        }
    }

    /// A JSON array of strings, to bind to `json_each(?)`.
    static func jsonArray(_ values: [String]) throws -> String {
        String(decoding: try JSONEncoderForSQL.encode(values), as: UTF8.self)
    }
}
