import BoxOffice
import GRDB

/// Movies, theaters, screens and showings.
extension SQLiteRecords {
    func movies() throws -> [Movie] {
        try db.cachedRows(sql: "SELECT uuid, title, durationMinutes, rating FROM movie ORDER BY title, uuid").map(movie)
    }

    func movie(id: String) throws -> Movie? {
        try db.cachedRow(
            sql: "SELECT uuid, title, durationMinutes, rating FROM movie WHERE uuid = ?",
            arguments: [StoredID.value(id)]
        ).map(movie)
    }

    private func movie(_ row: Row) -> Movie {
        Movie(id: row.id(0), title: row["title"], durationMinutes: row["durationMinutes"], rating: row["rating"])
    }

    func insertMovie(_ movie: Movie, at: Timestamp) throws {
        try db.cachedExecute(
            sql: "INSERT INTO movie (uuid, title, durationMinutes, rating, createdAt) VALUES (?, ?, ?, ?, ?)",
            arguments: [StoredID.value(movie.id), movie.title, movie.durationMinutes, movie.rating, at])
    }

    func theaters() throws -> [Theater] {
        var screens: [Int64: [ScreenSummary]] = [:]
        let screenRows = try db.cachedRows(
            sql: """
                SELECT screen.theater, screen.uuid, screen.name, screen.capacity, seat.type, COUNT(*) AS count
                FROM screen JOIN seat ON seat.screen = screen.id
                GROUP BY screen.id, seat.type
                ORDER BY screen.theater, screen.position, seat.type
                """)
        for row in screenRows {
            let theater: Int64 = row["theater"]
            let screenId = row.id("uuid")
            let type = SeatType(rawValue: row["type"]) ?? .regular
            if let last = screens[theater]?.last, last.id == screenId {
                screens[theater]![screens[theater]!.count - 1].seatTypes[type] = row["count"]
            } else {
                screens[theater, default: []].append(
                    ScreenSummary(
                        id: screenId, name: row["name"], capacity: row["capacity"], seatTypes: [type: row["count"]]))
            }
        }
        return try db.cachedRows(sql: "SELECT id, uuid, name, city FROM theater ORDER BY name, uuid").map { row in
            Theater(id: row.id("uuid"), name: row["name"], city: row["city"], screens: screens[row["id"]] ?? [])
        }
    }

    func theaterExists(id: String) throws -> Bool {
        try db.cachedValue(
            Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM theater WHERE uuid = ?)", arguments: [StoredID.value(id)])
            ?? false
    }

    func insertTheater(_ new: NewTheaterRecord, at: Timestamp) throws {
        let theater = new.theater
        scope?.insertedSeats = true
        try db.cachedExecute(
            sql: "INSERT INTO theater (uuid, name, city, createdAt) VALUES (?, ?, ?, ?)",
            arguments: [StoredID.value(theater.id), theater.name, theater.city, at])
        let theaterKey = db.lastInsertedRowID
        let insertSeat = try db.cachedStatement(
            sql: """
                INSERT INTO seat (uuid, screen, label, rowLabel, rowIndex, number, x, type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (position, screen) in new.screens.enumerated() {
            try db.cachedExecute(
                sql: """
                    INSERT INTO screen (uuid, theater, position, name, layout, capacity)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    StoredID.value(screen.id), theaterKey, position, screen.name, screen.layout.joined(separator: "\n"),
                    screen.capacity,
                ])
            let screenKey = db.lastInsertedRowID
            for row in screen.rows {
                for seat in row.seats {
                    try insertSeat.execute(arguments: [
                        StoredID.value(seat.id), screenKey, seat.label, row.label, seat.rowIndex, seat.number, seat.x,
                        seat.type.rawValue,
                    ])
                }
            }
        }
    }

    func screen(id: String) throws -> Screen? {
        guard
            let screen = try db.cachedRow(
                sql: """
                    SELECT screen.id, theater.uuid AS theaterId, screen.name, screen.layout
                    FROM screen JOIN theater ON theater.id = screen.theater
                    WHERE screen.uuid = ?
                    """,
                arguments: [StoredID.value(id)])
        else { return nil }
        var rows: [Screen.Row] = []
        let cursor = try db.cachedCursor(
            sql:
                "SELECT uuid, label, rowLabel, rowIndex, number, x, type FROM seat WHERE screen = ? ORDER BY rowIndex, x",
            arguments: [screen["id"] as Int64])
        while let row = try cursor.next() {
            let rowIndex: Int = row["rowIndex"]
            if rows.count == rowIndex { rows.append(Screen.Row(label: row["rowLabel"], seats: [])) }
            rows[rows.count - 1].seats.append(
                Screen.Seat(
                    id: row.id(0), label: row["label"], rowIndex: rowIndex, number: row["number"], x: row["x"],
                    type: SeatType(rawValue: row["type"]) ?? .regular))
        }
        let layout: String = screen["layout"]
        return Screen(
            id: id, theaterId: screen.id("theaterId"), name: screen["name"], rows: rows,
            layout: layout.components(separatedBy: "\n"))
    }

    /// The columns `showing(_:prices:)` reads, for a query that joins showing, movie, screen
    /// and theater.
    private static let showingColumns = """
        showing.id AS showingKey, showing.uuid AS id, movie.uuid AS movieId, theater.uuid AS theaterId,
        screen.uuid AS screenId, showing.startsAt, showing.endsAt, showing.salesCloseAt, showing.currency
        """

    func showing(id: String) throws -> ShowingRecord? {
        guard
            let row = try db.cachedRow(
                sql: """
                    SELECT \(Self.showingColumns)
                    FROM showing JOIN screen ON screen.id = showing.screen JOIN movie ON movie.id = showing.movie
                    JOIN theater ON theater.id = screen.theater
                    WHERE showing.uuid = ?
                    """, arguments: [StoredID.value(id)])
        else { return nil }
        let key: Int64 = row["showingKey"]
        return showing(row, prices: try prices(showings: [key])[key] ?? [:])
    }

    private func showing(_ row: Row, prices: [SeatType: Int64]) -> ShowingRecord {
        ShowingRecord(
            id: row.id("id"), movieId: row.id("movieId"), theaterId: row.id("theaterId"), screenId: row.id("screenId"),
            startsAt: row["startsAt"], endsAt: row["endsAt"], salesCloseAt: row["salesCloseAt"],
            currency: row["currency"], prices: prices)
    }

    /// The prices of showings, by their integer keys.
    private func prices(showings: [Int64]) throws -> [Int64: [SeatType: Int64]] {
        guard !showings.isEmpty else { return [:] }
        var prices: [Int64: [SeatType: Int64]] = [:]
        let rows = try db.cachedCursor(
            sql: "SELECT showing, seatType, amount FROM showingPrice WHERE showing IN (SELECT value FROM json_each(?))",
            arguments: ["[" + showings.map(String.init).joined(separator: ",") + "]"])
        while let row = try rows.next() {
            if let type = SeatType(rawValue: row["seatType"]) {
                prices[row["showing"], default: [:]][type] = row["amount"]
            }
        }
        return prices
    }

    func insertShowing(_ showing: ShowingRecord, at: Timestamp) throws {
        // A movie or screen that is not there leaves its key NULL, which NOT NULL refuses.
        try db.cachedExecute(
            sql: """
                INSERT INTO showing (uuid, movie, screen, startsAt, endsAt, salesCloseAt, currency, createdAt)
                VALUES (?, (SELECT id FROM movie WHERE uuid = ?), (SELECT id FROM screen WHERE uuid = ?), ?, ?, ?, ?, ?)
                """,
            arguments: [
                StoredID.value(showing.id), StoredID.value(showing.movieId), StoredID.value(showing.screenId),
                showing.startsAt, showing.endsAt, showing.salesCloseAt, showing.currency, at,
            ])
        let key = db.lastInsertedRowID
        for (type, amount) in showing.prices.sorted(by: { $0.key < $1.key }) {
            try db.cachedExecute(
                sql: "INSERT INTO showingPrice (showing, seatType, amount) VALUES (?, ?, ?)",
                arguments: [key, type.rawValue, amount])
        }
    }

    func overlappingShowing(screenId: String, from: Timestamp, to: Timestamp) throws -> String? {
        try db.cachedRow(
            sql: """
                SELECT uuid FROM showing
                WHERE screen = (SELECT id FROM screen WHERE uuid = ?) AND startsAt < ? AND endsAt > ?
                ORDER BY startsAt LIMIT 1
                """,
            arguments: [StoredID.value(screenId), to, from]
        ).map { $0.id(0) }
    }

    func showingSummaries(_ filter: ShowingFilter, now: Timestamp) throws -> [ShowingSummary] {
        let rows = try db.cachedRows(
            sql: """
                SELECT * FROM (
                    SELECT \(Self.showingColumns), screen.capacity,
                           movie.title AS movieTitle, theater.name AS theaterName, screen.name AS screenName,
                           screen.capacity
                           - (SELECT COUNT(*) FROM claim LEFT JOIN booking ON booking.id = claim.booking
                              WHERE claim.showing = showing.id AND claim.releasedAt IS NULL
                                AND (claim.booking IS NULL OR booking.status = 1
                                     OR (booking.status = 0 AND booking.expiresAt > :now))) AS available
                    FROM showing JOIN screen ON screen.id = showing.screen
                    JOIN movie ON movie.id = showing.movie JOIN theater ON theater.id = screen.theater
                    WHERE (:movieId IS NULL OR movie.uuid = :movieId)
                      AND (:theaterId IS NULL OR theater.uuid = :theaterId)
                      AND (:from IS NULL OR showing.startsAt >= :from)
                      AND (:to IS NULL OR showing.startsAt < :to)
                )
                WHERE :minAvailable IS NULL OR available >= :minAvailable
                ORDER BY startsAt, id
                """,
            arguments: [
                "now": now, "movieId": filter.movieId.map(StoredID.value),
                "theaterId": filter.theaterId.map(StoredID.value),
                "from": filter.from, "to": filter.to, "minAvailable": filter.minAvailable,
            ])
        let prices = try prices(showings: rows.map { $0["showingKey"] })
        return rows.map { row in
            ShowingSummary(
                showing: showing(row, prices: prices[row["showingKey"]] ?? [:]).showing(at: now),
                capacity: row["capacity"], available: row["available"],
                movie: MovieRef(id: row.id("movieId"), title: row["movieTitle"]),
                theater: NamedRef(id: row.id("theaterId"), name: row["theaterName"]),
                screen: NamedRef(id: row.id("screenId"), name: row["screenName"]))
        }
    }
}
