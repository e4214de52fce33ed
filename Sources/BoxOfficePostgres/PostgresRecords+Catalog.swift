import BoxOffice
import PostgresNIO

/// Movies, theaters, screens and showings. Names are sorted `COLLATE "C"`, by their bytes,
/// as on SQLite, whatever the database's collation.
extension PostgresRecords {
    func movies() throws -> [Movie] {
        try rows(Statement(SQL.Movies.self)).map(movie)
    }

    func movie(id: String) throws -> Movie? {
        try row(Statement(SQL.Movie.self).id(id))
            .map(movie)
    }

    private func movie(_ row: PostgresRandomAccessRow) throws -> Movie {
        Movie(
            id: try row.id(0), title: try row.text(1), durationMinutes: Int(try row.int(2)),
            rating: try row.optionalText(3))
    }

    func insertMovie(_ movie: Movie, at: Timestamp) throws {
        try run(
            Statement(SQL.InsertMovie.self).id(movie.id).text(movie.title).int(Int64(movie.durationMinutes)).text(
                movie.rating
            ).time(at))
    }

    func theaters() throws -> [Theater] {
        var screens: [Int64: [ScreenSummary]] = [:]
        let screenRows = try rows(Statement(SQL.ScreenSummaries.self))
        for row in screenRows {
            let theater = try row.int(0)
            let screenId = try row.id(1)
            let type = SeatType(rawValue: try row.text(4)) ?? .regular
            let count = Int(try row.int(5))
            if let last = screens[theater]?.last, last.id == screenId {
                screens[theater]![screens[theater]!.count - 1].seatTypes[type] = count
            } else {
                screens[theater, default: []].append(
                    ScreenSummary(
                        id: screenId, name: try row.text(2), capacity: Int(try row.int(3)), seatTypes: [type: count]))
            }
        }
        return try rows(Statement(SQL.Theaters.self))
            .map { row in
                Theater(
                    id: try row.id(1), name: try row.text(2), city: try row.optionalText(3),
                    screens: screens[try row.int(0)] ?? [])
            }
    }

    func theaterExists(id: String) throws -> Bool {
        try row(Statement(SQL.TheaterExists.self).id(id))?.bool(0) ?? false
    }

    func insertTheater(_ new: NewTheaterRecord, at: Timestamp) throws {
        let theater = new.theater
        guard
            let theaterKey = try row(
                Statement(SQL.InsertTheater.self).id(theater.id).text(theater.name).text(theater.city).time(at))?.int(0)
        else { return }
        for (position, screen) in new.screens.enumerated() {
            let seats = screen.rows.flatMap(\.seats)
            // The screen and all its seats in one statement.
            try run(
                Statement(SQL.InsertScreens.self).id(screen.id).int(theaterKey).int(Int64(position)).text(screen.name)
                    .text(screen.layout.joined(separator: "\n")).int(Int64(screen.capacity))
                    .ids(seats.map(\.id)).texts(seats.map(\.label))
                    .texts(screen.rows.flatMap { row in row.seats.map { _ in row.label } })
                    .ints(seats.map { Int64($0.rowIndex) }).ints(seats.map { Int64($0.number) })
                    .ints(seats.map { Int64($0.x) }).texts(seats.map(\.type.rawValue)))
        }
    }

    func screen(id: String) throws -> Screen? {
        guard
            let screen = try row(Statement(SQL.Screen.self).id(id))
        else { return nil }
        var rows: [Screen.Row] = []
        let seats = try self.rows(Statement(SQL.Seats.self).int(try screen.int(0)))
        for row in seats {
            let rowIndex = Int(try row.int(3))
            if rows.count == rowIndex { rows.append(Screen.Row(label: try row.text(2), seats: [])) }
            rows[rows.count - 1].seats.append(
                Screen.Seat(
                    id: try row.id(0), label: try row.text(1), rowIndex: rowIndex, number: Int(try row.int(4)),
                    x: Int(try row.int(5)), type: SeatType(rawValue: try row.text(6)) ?? .regular))
        }
        return Screen(
            id: id, theaterId: try screen.id(1), name: try screen.text(2), rows: rows,
            layout: try screen.text(3).components(separatedBy: "\n"))
    }

    /// The columns `showing(_:prices:)` reads, first of a query that joins showing, movie,
    /// screen and theater.
    static let showingColumns = """
        showing.id, showing.uuid, movie.uuid, theater.uuid, screen.uuid, showing.startsAt, showing.endsAt,
        showing.salesCloseAt, showing.currency
        """

    func showing(id: String) throws -> ShowingRecord? {
        guard
            let row = try self.row(Statement(SQL.Showing.self).id(id))
        else { return nil }
        let key = try row.int(0)
        return try showing(row, prices: try prices(showings: [key])[key] ?? [:])
    }

    private func showing(_ row: PostgresRandomAccessRow, prices: [SeatType: Int64]) throws -> ShowingRecord {
        ShowingRecord(
            id: try row.id(1), movieId: try row.id(2), theaterId: try row.id(3), screenId: try row.id(4),
            startsAt: try row.time(5), endsAt: try row.time(6), salesCloseAt: try row.time(7),
            currency: try row.text(8), prices: prices)
    }

    /// The prices of showings, by their integer keys.
    private func prices(showings: [Int64]) throws -> [Int64: [SeatType: Int64]] {
        guard !showings.isEmpty else { return [:] }
        var prices: [Int64: [SeatType: Int64]] = [:]
        for row in try rows(Statement(SQL.ShowingPrices.self).ints(showings)) {
            if let type = SeatType(rawValue: try row.text(1)) {
                prices[try row.int(0), default: [:]][type] = try row.int(2)
            }
        }
        return prices
    }

    func insertShowing(_ showing: ShowingRecord, at: Timestamp) throws {
        try lockScreen(showing.screenId)
        let prices = showing.prices.sorted { $0.key < $1.key }
        // A movie or screen that is not there leaves its key NULL, which NOT NULL refuses.
        try run(
            Statement(SQL.InsertShowing.self)
                .id(showing.id).id(showing.movieId).id(showing.screenId).time(showing.startsAt).time(showing.endsAt)
                .time(showing.salesCloseAt).text(showing.currency).time(at).texts(prices.map(\.key.rawValue))
                .ints(prices.map(\.value)))
    }

    func overlappingShowing(screenId: String, from: Timestamp, to: Timestamp) throws -> String? {
        try lockScreen(screenId)
        return try row(
            Statement(SQL.OverlappingShowing.self).id(screenId).time(to).time(from)
        ).map { try $0.id(0) }
    }

    func showingSummaries(_ filter: ShowingFilter, now: Timestamp) throws -> [ShowingSummary] {
        let rows = try self.rows(
            Statement(SQL.ShowingSummaries.self).time(now).id(filter.movieId).id(filter.theaterId).time(filter.from)
                .time(filter.to)
                .int(filter.minAvailable.map(Int64.init)))
        let prices = try prices(showings: try rows.map { try $0.int(0) })
        return try rows.map { row in
            ShowingSummary(
                showing: try showing(row, prices: prices[try row.int(0)] ?? [:]).showing(at: now),
                capacity: Int(try row.int(9)), available: Int(try row.int(13)),
                movie: MovieRef(id: try row.id(2), title: try row.text(10)),
                theater: NamedRef(id: try row.id(3), name: try row.text(11)),
                screen: NamedRef(id: try row.id(4), name: try row.text(12)))
        }
    }
}

extension SQL {
    enum Movies: StatementText {
        static let sql = "SELECT uuid, title, durationMinutes, rating FROM movie ORDER BY title COLLATE \"C\", uuid"
    }

    enum Movie: StatementText {
        static let sql = "SELECT uuid, title, durationMinutes, rating FROM movie WHERE uuid = $1"
    }

    enum InsertMovie: StatementText {
        static let sql =
            "INSERT INTO movie (uuid, title, durationMinutes, rating, createdAt) VALUES ($1, $2, $3, $4, $5)"
    }

    enum ScreenSummaries: StatementText {
        static let sql = """
            SELECT screen.theater, screen.uuid, screen.name, screen.capacity, seat.type, count(*)
            FROM screen JOIN seat ON seat.screen = screen.id
            GROUP BY screen.id, seat.type
            ORDER BY screen.theater, screen.position, seat.type COLLATE "C"
            """
    }

    enum Theaters: StatementText {
        static let sql = "SELECT id, uuid, name, city FROM theater ORDER BY name COLLATE \"C\", uuid"
    }

    enum TheaterExists: StatementText { static let sql = "SELECT EXISTS (SELECT 1 FROM theater WHERE uuid = $1)" }

    enum InsertTheater: StatementText {
        static let sql = "INSERT INTO theater (uuid, name, city, createdAt) VALUES ($1, $2, $3, $4) RETURNING id"
    }

    enum InsertScreens: StatementText {
        static let sql = """
            WITH made AS (
                INSERT INTO screen (uuid, theater, position, name, layout, capacity)
                VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
            )
            INSERT INTO seat (uuid, screen, label, rowLabel, rowIndex, number, x, type)
            SELECT s.uuid, made.id, s.label, s.rowLabel, s.rowIndex, s.number, s.x, s.type
            FROM made,
                 unnest($7::bytea[], $8::text[], $9::text[], $10::bigint[], $11::bigint[], $12::bigint[],
                        $13::text[]) WITH ORDINALITY AS s(uuid, label, rowLabel, rowIndex, number, x, type, n)
            ORDER BY s.n
            """
    }

    enum Screen: StatementText {
        static let sql = """
            SELECT screen.id, theater.uuid, screen.name, screen.layout
            FROM screen JOIN theater ON theater.id = screen.theater
            WHERE screen.uuid = $1
            """
    }

    enum Seats: StatementText {
        static let sql =
            "SELECT uuid, label, rowLabel, rowIndex, number, x, type FROM seat WHERE screen = $1 ORDER BY rowIndex, x"
    }

    enum Showing: StatementText {
        static let sql = """
            SELECT \(PostgresRecords.showingColumns)
            FROM showing JOIN screen ON screen.id = showing.screen JOIN movie ON movie.id = showing.movie
            JOIN theater ON theater.id = screen.theater
            WHERE showing.uuid = $1
            """
    }

    enum ShowingPrices: StatementText {
        static let sql = "SELECT showing, seatType, amount FROM showingPrice WHERE showing = ANY($1)"
    }

    enum InsertShowing: StatementText {
        static let sql = """
            WITH made AS (
                INSERT INTO showing (uuid, movie, screen, startsAt, endsAt, salesCloseAt, currency, createdAt)
                VALUES ($1, (SELECT id FROM movie WHERE uuid = $2), (SELECT id FROM screen WHERE uuid = $3),
                        $4, $5, $6, $7, $8)
                RETURNING id
            )
            INSERT INTO showingPrice (showing, seatType, amount)
            SELECT made.id, p.type, p.amount FROM made, unnest($9::text[], $10::bigint[]) AS p(type, amount)
            """
    }

    enum OverlappingShowing: StatementText {
        static let sql = """
            SELECT uuid FROM showing
            WHERE screen = (SELECT id FROM screen WHERE uuid = $1) AND startsAt < $2 AND endsAt > $3
            ORDER BY startsAt LIMIT 1
            """
    }

    enum ShowingSummaries: StatementText {
        static let sql = """
            SELECT * FROM (
                SELECT \(PostgresRecords.showingColumns), screen.capacity,
                       movie.title, theater.name, screen.name,
                       screen.capacity
                       - (SELECT count(*) FROM claim LEFT JOIN booking ON booking.id = claim.booking
                          WHERE claim.showing = showing.id AND claim.releasedAt IS NULL
                            AND (claim.booking IS NULL OR booking.status = 1
                                 OR (booking.status = 0 AND booking.expiresAt > $1))) AS available
                FROM showing JOIN screen ON screen.id = showing.screen
                JOIN movie ON movie.id = showing.movie JOIN theater ON theater.id = screen.theater
                WHERE ($2::bytea IS NULL OR movie.uuid = $2)
                  AND ($3::bytea IS NULL OR theater.uuid = $3)
                  AND ($4::bigint IS NULL OR showing.startsAt >= $4)
                  AND ($5::bigint IS NULL OR showing.startsAt < $5)
            ) AS summary
            WHERE $6::bigint IS NULL OR available >= $6
            ORDER BY 6, 2
            """
    }
}
