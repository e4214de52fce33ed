import GRDB

extension Cinema {
    /// Schedules a showing.
    /// - Throws: `BoxOfficeError.notFound` for an unknown movie or screen;
    ///   `.invalidInput` for a malformed currency, a price for an unknown seat type, a
    ///   missing price for a type the screen has, or sales closing after the film ends;
    ///   `.conflict` when another showing on the same screen overlaps it.
    public func createShowing(_ new: NewShowing) throws -> Showing {
        let now = clock.now()
        return try database.writer.write { db in try createShowing(new, in: db, now: now) }
    }

    func createShowing(_ new: NewShowing, in db: Database, now: Timestamp) throws -> Showing {
        try Validation.currency(new.currency, path: "currency")
        var prices: [SeatType: Int64] = [:]
        // In key order, so that the same bad request always names the same price.
        for (name, amount) in new.prices.sorted(by: { $0.key < $1.key }) {
            guard let type = SeatType(rawValue: name) else {
                throw BoxOfficeError.invalidInput(
                    path: "prices.\(name)",
                    reason: "unknown seat type; use regular, premium, vip, wheelchair or companion")
            }
            guard (0...BookingLimits.maxSeatPrice).contains(amount) else {
                throw BoxOfficeError.invalidInput(
                    path: "prices.\(name)", reason: "must be from 0 to 100000000 minor units")
            }
            prices[type] = amount
        }
        guard
            let movie = try db.cachedRow(
                sql: "SELECT durationMinutes FROM movie WHERE id = ?", arguments: [new.movieId])
        else { throw BoxOfficeError.notFound(kind: "movie", id: new.movieId) }
        guard
            let theaterId = try db.cachedValue(
                String.self, sql: "SELECT theaterId FROM screen WHERE id = ?", arguments: [new.screenId])
        else { throw BoxOfficeError.notFound(kind: "screen", id: new.screenId) }
        let types = try db.cachedValues(
            String.self, sql: "SELECT DISTINCT type FROM seat WHERE screenId = ?", arguments: [new.screenId]
        ).compactMap(SeatType.init(rawValue:)).sorted()
        for type in types where prices[type] == nil {
            throw BoxOfficeError.invalidInput(
                path: "prices.\(type.rawValue)", reason: "the screen has \(type.rawValue) seats, so they need a price")
        }
        // One price table may serve many screens: prices for types this screen lacks are left out.
        prices = prices.filter { types.contains($0.key) }
        let durationMinutes: Int64 = movie["durationMinutes"]
        let endsAt = new.startsAt.adding(seconds: durationMinutes * 60)
        let salesCloseAt = new.salesCloseAt ?? new.startsAt
        guard salesCloseAt <= endsAt else {
            throw BoxOfficeError.invalidInput(
                path: "salesCloseAt", reason: "sales cannot close after the showing ends at \(endsAt)")
        }
        if let other = try db.cachedValue(
            String.self,
            sql: "SELECT id FROM showing WHERE screenId = ? AND startsAt < ? AND endsAt > ? ORDER BY startsAt LIMIT 1",
            arguments: [new.screenId, endsAt, new.startsAt])
        {
            throw BoxOfficeError.conflict(
                detail: "another showing on this screen overlaps \(new.startsAt) to \(endsAt)", id: other)
        }
        let showing = Showing(
            id: ids.newID(), movieId: new.movieId, theaterId: theaterId, screenId: new.screenId,
            startsAt: new.startsAt, salesCloseAt: salesCloseAt, currency: new.currency, prices: prices,
            status: now < salesCloseAt ? .open : .closed)
        try db.cachedExecute(
            sql: """
                INSERT INTO showing (id, movieId, screenId, startsAt, endsAt, salesCloseAt, currency, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                showing.id, showing.movieId, showing.screenId, showing.startsAt, endsAt, salesCloseAt,
                showing.currency, now,
            ])
        for (type, amount) in prices.sorted(by: { $0.key < $1.key }) {
            try db.cachedExecute(
                sql: "INSERT INTO showingPrice (showingId, seatType, amount) VALUES (?, ?, ?)",
                arguments: [showing.id, type.rawValue, amount])
        }
        return showing
    }

    /// The showings that match `filter`, by start time, each with its capacity and the
    /// seats available now.
    /// - Throws: `BoxOfficeError.notFound` when the filter names a movie or theater that
    ///   does not exist; `.invalidInput` for `to` before `from` or a `minAvailable` outside 0–20,000.
    public func showings(matching filter: ShowingFilter) throws -> [ShowingSummary] {
        if let from = filter.from, let to = filter.to, to < from {
            throw BoxOfficeError.invalidInput(path: "to", reason: "must not be before from")
        }
        if let minAvailable = filter.minAvailable, !(0...ScreenLayout.maxSeats).contains(minAvailable) {
            throw BoxOfficeError.invalidInput(
                path: "minAvailable", reason: "must be from 0 to \(ScreenLayout.maxSeats), the most seats a screen has")
        }
        let now = clock.now()
        return try database.writer.read { db in
            if let movieId = filter.movieId,
                try !Self.exists(db, table: "movie", id: movieId)
            {
                throw BoxOfficeError.notFound(kind: "movie", id: movieId)
            }
            if let theaterId = filter.theaterId,
                try !Self.exists(db, table: "theater", id: theaterId)
            {
                throw BoxOfficeError.notFound(kind: "theater", id: theaterId)
            }
            let rows = try db.cachedRows(
                sql: """
                    SELECT * FROM (
                        SELECT showing.id, showing.movieId, screen.theaterId, showing.screenId, showing.startsAt,
                               showing.salesCloseAt, showing.currency, screen.capacity,
                               screen.capacity
                               - (SELECT COUNT(*) FROM bookingSeat JOIN booking ON booking.id = bookingSeat.bookingId
                                  WHERE bookingSeat.showingId = showing.id AND bookingSeat.releasedAt IS NULL
                                    AND (booking.status = 'confirmed' OR (booking.status = 'pending' AND booking.expiresAt > :now)))
                               - (SELECT COUNT(*) FROM seatBlock
                                  WHERE seatBlock.showingId = showing.id AND seatBlock.unblockedAt IS NULL) AS available
                        FROM showing JOIN screen ON screen.id = showing.screenId
                        WHERE (:movieId IS NULL OR showing.movieId = :movieId)
                          AND (:theaterId IS NULL OR screen.theaterId = :theaterId)
                          AND (:from IS NULL OR showing.startsAt >= :from)
                          AND (:to IS NULL OR showing.startsAt < :to)
                    )
                    WHERE :minAvailable IS NULL OR available >= :minAvailable
                    ORDER BY startsAt, id
                    """,
                arguments: [
                    "now": now, "movieId": filter.movieId, "theaterId": filter.theaterId, "from": filter.from,
                    "to": filter.to, "minAvailable": filter.minAvailable,
                ])
            let prices = try Self.prices(db, showingIds: rows.map { $0["id"] })
            return rows.map { row in
                ShowingSummary(
                    showing: Self.showing(row, prices: prices[row["id"]] ?? [:], now: now),
                    capacity: row["capacity"], available: row["available"])
            }
        }
    }

    static func exists(_ db: Database, table: String, id: String) throws -> Bool {
        try db.cachedValue(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id])
            ?? false
    }

    /// One showing by id.
    /// - Throws: `BoxOfficeError.notFound` when there is no such showing.
    public func showing(id: String) throws -> Showing {
        let now = clock.now()
        return try database.writer.read { db in try Self.showing(db, id: id, now: now) }
    }

    static func showing(_ db: Database, id: String, now: Timestamp) throws -> Showing {
        guard
            let row = try db.cachedRow(
                sql: """
                    SELECT showing.id, showing.movieId, screen.theaterId, showing.screenId, showing.startsAt,
                           showing.salesCloseAt, showing.currency
                    FROM showing JOIN screen ON screen.id = showing.screenId
                    WHERE showing.id = ?
                    """, arguments: [id])
        else { throw BoxOfficeError.notFound(kind: "showing", id: id) }
        return showing(row, prices: try prices(db, showingIds: [id])[id] ?? [:], now: now)
    }

    private static func showing(_ row: Row, prices: [SeatType: Int64], now: Timestamp) -> Showing {
        let salesCloseAt: Timestamp = row["salesCloseAt"]
        return Showing(
            id: row["id"], movieId: row["movieId"], theaterId: row["theaterId"], screenId: row["screenId"],
            startsAt: row["startsAt"], salesCloseAt: salesCloseAt, currency: row["currency"], prices: prices,
            status: now < salesCloseAt ? .open : .closed)
    }

    private static func prices(_ db: Database, showingIds: [String]) throws -> [String: [SeatType: Int64]] {
        guard !showingIds.isEmpty else { return [:] }
        var prices: [String: [SeatType: Int64]] = [:]
        let rows = try db.cachedCursor(
            sql:
                "SELECT showingId, seatType, amount FROM showingPrice WHERE showingId IN (SELECT value FROM json_each(?))",
            arguments: [String(decoding: try JSONEncoderForSQL.encode(showingIds), as: UTF8.self)])
        while let row = try rows.next() {
            if let type = SeatType(rawValue: row["seatType"]) {
                prices[row["showingId"], default: [:]][type] = row["amount"]
            }
        }
        return prices
    }
}
