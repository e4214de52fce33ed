import GRDB

extension Cinema {
    /// Adds a movie to the catalog.
    /// - Throws: `BoxOfficeError.invalidInput` for an empty title, a running time outside
    ///   1–1440 minutes, or a rating longer than 16 characters.
    public func createMovie(_ new: NewMovie) throws -> Movie {
        let now = clock.now()
        return try database.writer.write { db in try createMovie(new, in: db, now: now) }
    }

    func createMovie(_ new: NewMovie, in db: Database, now: Timestamp) throws -> Movie {
        let title = new.title.trimmingSpaces
        guard !title.isEmpty, title.count <= 200 else {
            throw BoxOfficeError.invalidInput(path: "title", reason: "must be 1 to 200 characters, not only spaces")
        }
        guard (1...1440).contains(new.durationMinutes) else {
            throw BoxOfficeError.invalidInput(path: "durationMinutes", reason: "must be from 1 to 1440 minutes")
        }
        let rating = new.rating?.trimmingSpaces
        if let rating, rating.isEmpty || rating.count > 16 {
            throw BoxOfficeError.invalidInput(
                path: "rating", reason: "must be 1 to 16 characters, not only spaces, when given")
        }
        let movie = Movie(id: ids.newID(), title: title, durationMinutes: new.durationMinutes, rating: rating)
        try db.cachedExecute(
            sql: "INSERT INTO movie (id, title, durationMinutes, rating, createdAt) VALUES (?, ?, ?, ?, ?)",
            arguments: [movie.id, movie.title, movie.durationMinutes, movie.rating, now])
        return movie
    }

    /// Every movie, by title.
    /// - Throws: `DatabaseError` if the database cannot be read.
    public func movies() throws -> [Movie] {
        try database.writer.read { db in
            try db.cachedRows(sql: "SELECT id, title, durationMinutes, rating FROM movie ORDER BY title, id").map {
                Movie(id: $0["id"], title: $0["title"], durationMinutes: $0["durationMinutes"], rating: $0["rating"])
            }
        }
    }

    /// Adds a theater with its screens and their seats, in one transaction.
    /// - Throws: `BoxOfficeError.invalidInput` for an empty name, no screens or more
    ///   than 50, a screen name used twice, or a layout that does not parse (the path
    ///   names the row: `screens[0].layout[3]`).
    public func createTheater(_ new: NewTheater) throws -> Theater {
        let now = clock.now()
        return try database.writer.write { db in try createTheater(new, in: db, now: now) }
    }

    func createTheater(_ new: NewTheater, in db: Database, now: Timestamp) throws -> Theater {
        let name = new.name.trimmingSpaces
        guard !name.isEmpty, name.count <= 200 else {
            throw BoxOfficeError.invalidInput(path: "name", reason: "must be 1 to 200 characters, not only spaces")
        }
        let city = new.city?.trimmingSpaces
        if let city, city.isEmpty || city.count > 200 {
            throw BoxOfficeError.invalidInput(
                path: "city", reason: "must be 1 to 200 characters, not only spaces, when given")
        }
        guard (1...50).contains(new.screens.count) else {
            throw BoxOfficeError.invalidInput(path: "screens", reason: "a theater has 1 to 50 screens")
        }
        var layouts: [ScreenLayout] = []
        var screenNames: Set<String> = []
        for (index, screen) in new.screens.enumerated() {
            let screenName = screen.name.trimmingSpaces
            guard !screenName.isEmpty, screenName.count <= 100 else {
                throw BoxOfficeError.invalidInput(
                    path: "screens[\(index)].name", reason: "must be 1 to 100 characters, not only spaces")
            }
            guard screenNames.insert(screenName).inserted else {
                throw BoxOfficeError.invalidInput(
                    path: "screens[\(index)].name",
                    reason: "another screen of this theater is already called \(screenName)")
            }
            do {
                layouts.append(try ScreenLayout(rows: screen.layout))
            } catch {
                let path = error.row.map { "screens[\(index)].layout[\($0)]" } ?? "screens[\(index)].layout"
                throw BoxOfficeError.invalidInput(path: path, reason: error.reason)
            }
        }

        let theater = Theater(
            id: ids.newID(), name: name, city: city,
            screens: zip(new.screens, layouts).map { screen, layout in
                ScreenSummary(
                    id: ids.newID(), name: screen.name.trimmingSpaces, capacity: layout.capacity,
                    seatTypes: layout.seatTypeCounts)
            })
        let seatIDs = layouts.map { $0.seats.map { _ in ids.newID() } }
        try db.cachedExecute(
            sql: "INSERT INTO theater (id, name, city, createdAt) VALUES (?, ?, ?, ?)",
            arguments: [theater.id, theater.name, theater.city, now])
        let insertSeat = try db.makeStatement(
            sql: """
                INSERT INTO seat (id, screenId, label, rowLabel, rowIndex, number, x, type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (position, (screen, layout)) in zip(theater.screens, layouts).enumerated() {
            try db.cachedExecute(
                sql: """
                    INSERT INTO screen (id, theaterId, position, name, layout, capacity)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    screen.id, theater.id, position, screen.name,
                    new.screens[position].layout.joined(separator: "\n"), screen.capacity,
                ])
            var seatIndex = 0
            for (rowIndex, row) in layout.rows.enumerated() {
                for seat in row.seats {
                    try insertSeat.execute(arguments: [
                        seatIDs[position][seatIndex], screen.id, seat.label, row.label, rowIndex, seat.number,
                        seat.x, seat.type.rawValue,
                    ])
                    seatIndex += 1
                }
            }
        }
        return theater
    }

    /// Every theater with its screens, by name.
    /// - Throws: `DatabaseError` if the database cannot be read.
    public func theaters() throws -> [Theater] {
        try database.writer.read { db in
            var screens: [String: [ScreenSummary]] = [:]
            let screenRows = try db.cachedRows(
                sql: """
                    SELECT screen.theaterId, screen.id, screen.name, screen.capacity, seat.type, COUNT(*) AS count
                    FROM screen JOIN seat ON seat.screenId = screen.id
                    GROUP BY screen.id, seat.type
                    ORDER BY screen.theaterId, screen.position, seat.type
                    """)
            for row in screenRows {
                let theaterId: String = row["theaterId"]
                let screenId: String = row["id"]
                let type = SeatType(rawValue: row["type"])!
                if let last = screens[theaterId]?.last, last.id == screenId {
                    screens[theaterId]![screens[theaterId]!.count - 1].seatTypes[type] = row["count"]
                } else {
                    screens[theaterId, default: []].append(
                        ScreenSummary(
                            id: screenId, name: row["name"], capacity: row["capacity"], seatTypes: [type: row["count"]])
                    )
                }
            }
            return try db.cachedRows(sql: "SELECT id, name, city FROM theater ORDER BY name, id").map { row in
                Theater(id: row["id"], name: row["name"], city: row["city"], screens: screens[row["id"]] ?? [])
            }
        }
    }

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
            guard (0...100_000_000).contains(amount) else {
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
    ///   does not exist; `.invalidInput` for `to` before `from` or a negative `minAvailable`.
    public func showings(matching filter: ShowingFilter) throws -> [ShowingSummary] {
        if let from = filter.from, let to = filter.to, to < from {
            throw BoxOfficeError.invalidInput(path: "to", reason: "must not be before from")
        }
        if let minAvailable = filter.minAvailable, minAvailable < 0 {
            throw BoxOfficeError.invalidInput(path: "minAvailable", reason: "must be 0 or more")
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

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
