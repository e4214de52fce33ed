import BoxOffice
import PostgresNIO

/// Live claims on seats: bookings' seats and blocks, their release, and the status log.
extension PostgresRecords {
    func liveClaims(showingId: String, now: Timestamp, seatIds: [String]?) throws -> [String: LiveClaim] {
        try lockShowing(showingId)
        var claims: [String: LiveClaim] = [:]
        for row in try rows(Self.liveClaimsStatement(showingId: showingId, now: now, seatIds: seatIds)) {
            let status: SeatStatus =
                switch try row.int(1) {
                case 2: .booked
                case 1: .held
                default: .blocked
                }
            claims[try row.id(0)] = LiveClaim(status: status, userId: try row.optionalText(2))
        }
        return claims
    }

    /// A showing's live claims (of `seatIds` only, if given): its seat, 3 for a block, 2
    /// for a sale, 1 for a hold, and the booking's user.
    ///
    /// Searches `claim_oneLive` for the showing's claims (and with `seatIds`, for those
    /// seats, found by `seat.uuid` first), then each claim's seat and booking by primary
    /// key: its cost follows the showing's claims, never the size of the catalog. The
    /// `LATERAL … OFFSET 0` keeps the planner from joining `seat` or `booking` by a
    /// hash of the whole table, which it prefers on a few thousand rows; the seats'
    /// and bookings' tables grow with every screen and every sale of a chain.
    static func liveClaimsStatement(showingId: String, now: Timestamp, seatIds: [String]?) -> Statement {
        guard let seatIds else { return Statement(SQL.LiveClaims.self).id(showingId).time(now) }
        return Statement(SQL.LiveClaimsOfSeats.self).id(showingId).time(now).ids(seatIds)
    }

    func expiredHolds(showingId: String, now: Timestamp) throws -> [ExpiredHold] {
        try lockShowing(showingId)
        return try rows(Self.expiredHoldsStatement(showingId: showingId, now: now))
            .map { ExpiredHold(bookingId: try $0.id(0), expiresAt: try $0.time(1)) }
    }

    /// A showing's holds that ran out by `now`, searched in `booking_pendingByShowing`.
    static func expiredHoldsStatement(showingId: String, now: Timestamp) -> Statement {
        Statement(SQL.ExpiredHolds.self).id(showingId).time(now)
    }

    func releaseClaims(bookingId: String, seatIds: [String]?, at: Timestamp, removing: Bool) throws {
        try lockShowing(ofBooking: bookingId)
        guard let seatIds else {
            try run(Statement(SQL.ReleaseClaims.self).time(at).id(bookingId))
            return
        }
        try run(Statement(SQL.ReleaseSomeClaims.self).time(at).bool(removing).id(bookingId).ids(seatIds))
    }

    func insertBlocks(showingId: String, screenId: String, seatIds: [String], reason: String?, at: Timestamp)
        throws -> ClaimOutcome
    {
        try lockShowing(showingId)
        // As a booking's claims: a seat already claimed is skipped, and fewer blocks than
        // seats undoes the ones made.
        let made =
            try row(
                Statement(SQL.InsertBlocks.self).id(showingId).id(screenId).text(reason).time(at).ids(seatIds)
            )?[0].decode([Int64].self) ?? []
        guard made.count < seatIds.count else { return .done }
        try run(Statement(SQL.DeleteClaims.self).ints(made))
        return .seatsTaken
    }

    func removeBlocks(showingId: String, seatIds: [String], at: Timestamp) throws -> [String] {
        try lockShowing(showingId)
        return try rows(
            Statement(SQL.RemoveBlocks.self).time(at).id(showingId).ids(seatIds)
        ).map { try $0.id(0) }
    }

    func appendSeatEvents(_ events: [SeatEvent]) throws {
        guard !events.isEmpty else { return }
        try lockShowings(Set(events.map(\.showingId)))
        try run(Self.seatEventsStatement(events))
    }

    /// The lines of the seat log in one statement, in order, and one notification on the
    /// channel for the showings they are about: delivered to every listener when (and
    /// only if) the transaction commits.
    ///
    /// Each line finds its showing, seat and booking by `uuid`, one index search each
    /// (`LATERAL … OFFSET 0`), rather than by a hash join over the whole table, whose
    /// cost would grow with the catalog and the sales.
    static func seatEventsStatement(_ events: [SeatEvent]) -> Statement {
        Statement(SQL.AppendSeatEvents.self)
            .ids(events.map(\.showingId)).ids(events.map(\.seatId)).ints(events.map { PostgresStatus.code($0.status) })
            .texts(events.map(\.cause)).optionalIDs(events.map(\.bookingId)).texts(events.map(\.actor))
            .ints(events.map(\.at.secondsSince1970))
    }

    func latestSeatEventId() throws -> Int64 {
        try row(Statement(SQL.LatestSeatEvent.self))?.int(0) ?? 0
    }

    func latestSeatEventId(showingId: String) throws -> Int64 {
        try lockShowing(showingId)
        // Per showing, ids are in commit order: the showing's lock is held from the moment an
        // id is drawn to the commit. Across showings they are not, so a live seat map's
        // freshness is judged per showing.
        return try row(
            Statement(SQL.LatestSeatEventOfShowing.self).id(showingId))?.int(0) ?? 0
    }

    func nextHoldExpiry(showingId: String, after now: Timestamp) throws -> Timestamp? {
        try lockShowing(showingId)
        return try row(Statement(SQL.NextHoldExpiry.self).id(showingId).time(now))?.optionalTime(0)
    }
}

extension SQL {
    enum ExpiredHolds: StatementText {
        static let sql = """
            SELECT uuid, expiresAt FROM booking
            WHERE showing = (SELECT id FROM showing WHERE uuid = $1) AND status = 0 AND expiresAt <= $2
            ORDER BY id
            """
    }

    enum ReleaseClaims: StatementText {
        static let sql = """
            UPDATE claim SET releasedAt = $1
            WHERE booking = (SELECT id FROM booking WHERE uuid = $2) AND releasedAt IS NULL
            """
    }

    enum ReleaseSomeClaims: StatementText {
        static let sql = """
            UPDATE claim SET releasedAt = $1, removedAt = CASE WHEN $2 THEN $1 END
            WHERE booking = (SELECT id FROM booking WHERE uuid = $3)
              AND seat IN (SELECT id FROM seat WHERE uuid = ANY($4))
            """
    }

    enum InsertBlocks: StatementText {
        static let sql = """
            WITH made AS (
                INSERT INTO claim (showing, screen, seat, reason, blockedAt)
                SELECT (SELECT id FROM showing WHERE uuid = $1), (SELECT id FROM screen WHERE uuid = $2),
                       seat.id, $3, $4
                FROM unnest($5::bytea[]) WITH ORDINALITY AS s(uuid, n)
                     CROSS JOIN LATERAL (SELECT id FROM seat WHERE seat.uuid = s.uuid OFFSET 0) AS seat
                ORDER BY s.n
                ON CONFLICT (showing, seat) WHERE releasedAt IS NULL DO NOTHING
                RETURNING id
            )
            SELECT COALESCE(array_agg(id), '{}') FROM made
            """
    }

    enum DeleteClaims: StatementText { static let sql = "DELETE FROM claim WHERE id = ANY($1)" }

    enum RemoveBlocks: StatementText {
        static let sql = """
            UPDATE claim SET releasedAt = $1
            WHERE showing = (SELECT id FROM showing WHERE uuid = $2) AND releasedAt IS NULL
              AND booking IS NULL AND seat IN (SELECT id FROM seat WHERE uuid = ANY($3))
            RETURNING (SELECT uuid FROM seat WHERE seat.id = claim.seat)
            """
    }

    enum AppendSeatEvents: StatementText {
        static let sql = """
            WITH logged AS (
                INSERT INTO seatEvent (showing, seat, status, cause, booking, actor, at)
                SELECT showing.id, seat.id, e.status, e.cause, booking.id, e.actor, e.at
                FROM unnest($1::bytea[], $2::bytea[], $3::bigint[], $4::text[], $5::bytea[], $6::text[],
                            $7::bigint[]) WITH ORDINALITY AS e(showing, seat, status, cause, booking, actor, at, n)
                CROSS JOIN LATERAL (SELECT id FROM showing WHERE showing.uuid = e.showing OFFSET 0) AS showing
                CROSS JOIN LATERAL (SELECT id FROM seat WHERE seat.uuid = e.seat OFFSET 0) AS seat
                LEFT JOIN LATERAL (
                    SELECT id FROM booking WHERE booking.uuid = NULLIF(e.booking, ''::bytea) OFFSET 0
                ) AS booking ON TRUE
                ORDER BY e.n
                RETURNING showing
            )
            SELECT pg_notify('\(PostgresChangeFeed.channel)', string_agg(DISTINCT showing::text, ','))::text
            FROM logged HAVING count(*) > 0
            """
    }

    enum LatestSeatEvent: StatementText { static let sql = "SELECT COALESCE(max(id), 0) FROM seatEvent" }

    enum LatestSeatEventOfShowing: StatementText {
        static let sql =
            "SELECT COALESCE(max(id), 0) FROM seatEvent WHERE showing = (SELECT id FROM showing WHERE uuid = $1)"
    }

    enum NextHoldExpiry: StatementText {
        static let sql = """
            SELECT min(expiresAt) FROM booking
            WHERE showing = (SELECT id FROM showing WHERE uuid = $1) AND status = 0 AND expiresAt > $2
            """
    }

    enum LiveClaims: StatementText { static let sql = liveClaims(where: "") }

    enum LiveClaimsOfSeats: StatementText {
        static let sql = liveClaims(where: "AND claim.seat = ANY(ARRAY(SELECT id FROM seat WHERE uuid = ANY($3)))")
    }

    /// A showing's live claims, with one more condition.
    private static func liveClaims(where condition: String) -> String {
        """
        SELECT seat.uuid, CASE WHEN claim.booking IS NULL THEN 3 WHEN booking.status = 1 THEN 2 ELSE 1 END,
               booking.userId
        FROM claim
        CROSS JOIN LATERAL (SELECT uuid FROM seat WHERE seat.id = claim.seat OFFSET 0) AS seat
        LEFT JOIN LATERAL (
            SELECT status, expiresAt, userId FROM booking WHERE booking.id = claim.booking OFFSET 0
        ) AS booking ON TRUE
        WHERE claim.showing = (SELECT id FROM showing WHERE uuid = $1) AND claim.releasedAt IS NULL
          AND (claim.booking IS NULL OR booking.status = 1 OR (booking.status = 0 AND booking.expiresAt > $2))
          \(condition)
        """
    }
}
