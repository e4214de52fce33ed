import BoxOffice
import GRDB

/// Movies, theaters, screens and showings.
extension SQLiteRecords {
    func movies() throws -> [Movie] {
        try db.cachedRows(sql: "SELECT id, title, durationMinutes, rating FROM movie ORDER BY title, id").map(movie)
    }

    func movie(id: String) throws -> Movie? {
        try db.cachedRow(sql: "SELECT id, title, durationMinutes, rating FROM movie WHERE id = ?", arguments: [id])
            .map(movie)
    }

    private func movie(_ row: Row) -> Movie {
        Movie(id: row["id"], title: row["title"], durationMinutes: row["durationMinutes"], rating: row["rating"])
    }

    func insertMovie(_ movie: Movie, at: Timestamp) throws {
        try db.cachedExecute(
            sql: "INSERT INTO movie (id, title, durationMinutes, rating, createdAt) VALUES (?, ?, ?, ?, ?)",
            arguments: [movie.id, movie.title, movie.durationMinutes, movie.rating, at])
    }

    func theaters() throws -> [Theater] {
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
            let type = SeatType(rawValue: row["type"]) ?? .regular
            if let last = screens[theaterId]?.last, last.id == screenId {
                screens[theaterId]![screens[theaterId]!.count - 1].seatTypes[type] = row["count"]
            } else {
                screens[theaterId, default: []].append(
                    ScreenSummary(
                        id: screenId, name: row["name"], capacity: row["capacity"], seatTypes: [type: row["count"]]))
            }
        }
        return try db.cachedRows(sql: "SELECT id, name, city FROM theater ORDER BY name, id").map { row in
            Theater(id: row["id"], name: row["name"], city: row["city"], screens: screens[row["id"]] ?? [])
        }
    }

    func theaterExists(id: String) throws -> Bool {
        try db.cachedValue(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM theater WHERE id = ?)", arguments: [id])
            ?? false
    }

    func insertTheater(_ new: NewTheaterRecord, at: Timestamp) throws {
        let theater = new.theater
        try db.cachedExecute(
            sql: "INSERT INTO theater (id, name, city, createdAt) VALUES (?, ?, ?, ?)",
            arguments: [theater.id, theater.name, theater.city, at])
        let insertSeat = try db.cachedStatement(
            sql: """
                INSERT INTO seat (id, screenId, label, rowLabel, rowIndex, number, x, type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (position, screen) in new.screens.enumerated() {
            try db.cachedExecute(
                sql: """
                    INSERT INTO screen (id, theaterId, position, name, layout, capacity)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    screen.id, theater.id, position, screen.name, screen.layout.joined(separator: "\n"),
                    screen.capacity,
                ])
            for row in screen.rows {
                for seat in row.seats {
                    try insertSeat.execute(arguments: [
                        seat.id, screen.id, seat.label, row.label, seat.rowIndex, seat.number, seat.x,
                        seat.type.rawValue,
                    ])
                }
            }
        }
    }

    func screen(id: String) throws -> Screen? {
        guard
            let screen = try db.cachedRow(
                sql: "SELECT theaterId, name, layout FROM screen WHERE id = ?", arguments: [id])
        else { return nil }
        var rows: [Screen.Row] = []
        let cursor = try db.cachedCursor(
            sql:
                "SELECT id, label, rowLabel, rowIndex, number, x, type FROM seat WHERE screenId = ? ORDER BY rowIndex, x",
            arguments: [id])
        while let row = try cursor.next() {
            let rowIndex: Int = row["rowIndex"]
            if rows.count == rowIndex { rows.append(Screen.Row(label: row["rowLabel"], seats: [])) }
            rows[rows.count - 1].seats.append(
                Screen.Seat(
                    id: row["id"], label: row["label"], rowIndex: rowIndex, number: row["number"], x: row["x"],
                    type: SeatType(rawValue: row["type"]) ?? .regular))
        }
        let layout: String = screen["layout"]
        return Screen(
            id: id, theaterId: screen["theaterId"], name: screen["name"], rows: rows,
            layout: layout.components(separatedBy: "\n"))
    }

    func showing(id: String) throws -> ShowingRecord? {
        guard
            let row = try db.cachedRow(
                sql: """
                    SELECT showing.id, showing.movieId, screen.theaterId, showing.screenId, showing.startsAt,
                           showing.endsAt, showing.salesCloseAt, showing.currency
                    FROM showing JOIN screen ON screen.id = showing.screenId
                    WHERE showing.id = ?
                    """, arguments: [id])
        else { return nil }
        return showing(row, prices: try prices(showingIds: [id])[id] ?? [:])
    }

    private func showing(_ row: Row, prices: [SeatType: Int64]) -> ShowingRecord {
        ShowingRecord(
            id: row["id"], movieId: row["movieId"], theaterId: row["theaterId"], screenId: row["screenId"],
            startsAt: row["startsAt"], endsAt: row["endsAt"], salesCloseAt: row["salesCloseAt"],
            currency: row["currency"], prices: prices)
    }

    private func prices(showingIds: [String]) throws -> [String: [SeatType: Int64]] {
        guard !showingIds.isEmpty else { return [:] }
        var prices: [String: [SeatType: Int64]] = [:]
        let rows = try db.cachedCursor(
            sql:
                "SELECT showingId, seatType, amount FROM showingPrice WHERE showingId IN (SELECT value FROM json_each(?))",
            arguments: [jsonArray(showingIds)])
        while let row = try rows.next() {
            if let type = SeatType(rawValue: row["seatType"]) {
                prices[row["showingId"], default: [:]][type] = row["amount"]
            }
        }
        return prices
    }

    func insertShowing(_ showing: ShowingRecord, at: Timestamp) throws {
        try db.cachedExecute(
            sql: """
                INSERT INTO showing (id, movieId, screenId, startsAt, endsAt, salesCloseAt, currency, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                showing.id, showing.movieId, showing.screenId, showing.startsAt, showing.endsAt, showing.salesCloseAt,
                showing.currency, at,
            ])
        for (type, amount) in showing.prices.sorted(by: { $0.key < $1.key }) {
            try db.cachedExecute(
                sql: "INSERT INTO showingPrice (showingId, seatType, amount) VALUES (?, ?, ?)",
                arguments: [showing.id, type.rawValue, amount])
        }
    }

    func overlappingShowing(screenId: String, from: Timestamp, to: Timestamp) throws -> String? {
        try db.cachedValue(
            String.self,
            sql: "SELECT id FROM showing WHERE screenId = ? AND startsAt < ? AND endsAt > ? ORDER BY startsAt LIMIT 1",
            arguments: [screenId, to, from])
    }

    func showingSummaries(_ filter: ShowingFilter, now: Timestamp) throws -> [ShowingSummary] {
        let rows = try db.cachedRows(
            sql: """
                SELECT * FROM (
                    SELECT showing.id, showing.movieId, screen.theaterId, showing.screenId, showing.startsAt,
                           showing.endsAt, showing.salesCloseAt, showing.currency, screen.capacity,
                           movie.title AS movieTitle, theater.name AS theaterName, screen.name AS screenName,
                           screen.capacity
                           - (SELECT COUNT(*) FROM bookingSeat JOIN booking ON booking.id = bookingSeat.bookingId
                              WHERE bookingSeat.showingId = showing.id AND bookingSeat.releasedAt IS NULL
                                AND (booking.status = 'confirmed' OR (booking.status = 'pending' AND booking.expiresAt > :now)))
                           - (SELECT COUNT(*) FROM seatBlock
                              WHERE seatBlock.showingId = showing.id AND seatBlock.unblockedAt IS NULL) AS available
                    FROM showing JOIN screen ON screen.id = showing.screenId
                    JOIN movie ON movie.id = showing.movieId JOIN theater ON theater.id = screen.theaterId
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
        let prices = try prices(showingIds: rows.map { $0["id"] })
        return rows.map { row in
            ShowingSummary(
                showing: showing(row, prices: prices[row["id"]] ?? [:]).showing(at: now),
                capacity: row["capacity"], available: row["available"],
                movie: MovieRef(id: row["movieId"], title: row["movieTitle"]),
                theater: NamedRef(id: row["theaterId"], name: row["theaterName"]),
                screen: NamedRef(id: row["screenId"], name: row["screenName"]))
        }
    }
}
