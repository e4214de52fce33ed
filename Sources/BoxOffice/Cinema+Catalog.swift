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
        guard !title.isEmpty, title.codePointCount <= 200 else {
            throw BoxOfficeError.invalidInput(path: "title", reason: "must be 1 to 200 characters, not only spaces")
        }
        guard (1...1440).contains(new.durationMinutes) else {
            throw BoxOfficeError.invalidInput(path: "durationMinutes", reason: "must be from 1 to 1440 minutes")
        }
        let rating = new.rating?.trimmingSpaces
        if let rating, rating.isEmpty || rating.codePointCount > 16 {
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
        guard !name.isEmpty, name.codePointCount <= 200 else {
            throw BoxOfficeError.invalidInput(path: "name", reason: "must be 1 to 200 characters, not only spaces")
        }
        let city = new.city?.trimmingSpaces
        if let city, city.isEmpty || city.codePointCount > 200 {
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
            guard !screenName.isEmpty, screenName.codePointCount <= 100 else {
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
}
