extension Cinema {
    /// Adds a movie to the catalog.
    /// - Throws: `BoxOfficeError.invalidInput` for an empty title, a running time outside
    ///   1–1440 minutes, or a rating longer than 16 characters.
    public func createMovie(_ new: NewMovie, in transaction: CinemaTransaction) throws -> Movie {
        let title = new.title.trimmingSpaces
        guard !title.isEmpty, new.title.codePointCount <= 200 else {
            throw BoxOfficeError.invalidInput(path: "title", reason: "must be 1 to 200 characters, not only spaces")
        }
        guard (1...1440).contains(new.durationMinutes) else {
            throw BoxOfficeError.invalidInput(path: "durationMinutes", reason: "must be from 1 to 1440 minutes")
        }
        let rating = new.rating?.trimmingSpaces
        if let rating, rating.isEmpty || (new.rating?.codePointCount ?? 0) > 16 {
            throw BoxOfficeError.invalidInput(
                path: "rating", reason: "must be 1 to 16 characters, not only spaces, when given")
        }
        let movie = Movie(id: ids.newID(), title: title, durationMinutes: new.durationMinutes, rating: rating)
        try transaction.records.insertMovie(movie, at: transaction.now)
        return movie
    }

    /// Every movie, by title.
    /// - Throws: `.busy` if the store stays locked.
    public func movies() throws -> [Movie] {
        try store.read { try $0.movies() }
    }

    /// Adds a theater with its screens and their seats, in one transaction.
    /// - Throws: `BoxOfficeError.invalidInput` for an empty name, no screens or more
    ///   than 50, a screen name used twice, or a layout that does not parse (the path
    ///   names the row: `screens[0].layout[3]`).
    public func createTheater(_ new: NewTheater, in transaction: CinemaTransaction) throws -> Theater {
        let name = new.name.trimmingSpaces
        guard !name.isEmpty, new.name.codePointCount <= 200 else {
            throw BoxOfficeError.invalidInput(path: "name", reason: "must be 1 to 200 characters, not only spaces")
        }
        let city = new.city?.trimmingSpaces
        if let city, city.isEmpty || (new.city?.codePointCount ?? 0) > 200 {
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
            guard !screenName.isEmpty, screen.name.codePointCount <= 100 else {
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
        let screens = zip(zip(theater.screens, layouts), new.screens).map { pair, new in
            let (summary, layout) = pair
            let rows = layout.rows.enumerated().map { rowIndex, row in
                Screen.Row(
                    label: row.label,
                    seats: row.seats.map { seat in
                        Screen.Seat(
                            id: ids.newID(), label: seat.label, rowIndex: rowIndex, number: seat.number, x: seat.x,
                            type: seat.type)
                    })
            }
            return Screen(id: summary.id, theaterId: theater.id, name: summary.name, rows: rows, layout: new.layout)
        }
        try transaction.records.insertTheater(NewTheaterRecord(theater: theater, screens: screens), at: transaction.now)
        return theater
    }

    /// Every theater with its screens, by name.
    /// - Throws: `.busy` if the store stays locked.
    public func theaters() throws -> [Theater] {
        try store.read { try $0.theaters() }
    }
}
