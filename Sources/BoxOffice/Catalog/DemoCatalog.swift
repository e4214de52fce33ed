/// A small but realistic catalog for trying boxoffice out: two theaters with screens
/// of different shapes (aisles, premium and VIP rows, wheelchair spaces with companion
/// seats beside them), three movies, and showings over the next two days.
public enum DemoCatalog {
    /// The theaters, screens and layouts.
    static let theaters: [NewTheater] = [
        NewTheater(
            name: "Lumière", city: "Lyon",
            screens: [
                NewScreen(
                    name: "Salle 1",
                    layout: [
                        "A: WC..RRRRRRRR..CW",
                        "B: RR..RRRRRRRR..RR",
                        "C: RR..RRRRRRRR..RR",
                        "D: RR..PPPPPPPP..RR",
                        "E: RR..PPPPPPPP..RR",
                        "F: RR..RRRRRRRR..RR",
                        "G: RRR.RRRRRRRR.RRR",
                    ]),
                NewScreen(
                    name: "Salle 2",
                    layout: [
                        "A: RRRRRR",
                        "B: RRRRRR",
                        "C: WCRRRR",
                    ]),
            ]),
        NewTheater(
            name: "Kino Rex", city: "Berlin",
            screens: [
                NewScreen(
                    name: "Saal 1",
                    layout: [
                        "A: ..RRRRRR..",
                        "B: .RRRRRRRR.",
                        "C: RRRRRRRRRR",
                        "D: RRRR..RRRR",
                        "E: VVVV..VVVV",
                    ])
            ]),
    ]

    /// The movies.
    static let movies: [NewMovie] = [
        NewMovie(title: "The Last Projectionist", durationMinutes: 118, rating: "PG-13"),
        NewMovie(title: "Paper Moons", durationMinutes: 96, rating: "PG"),
        NewMovie(title: "Harbor Lights", durationMinutes: 104, rating: "R"),
    ]

    /// Prices in euro cents.
    static let prices: [String: Int64] = [
        "regular": 1150, "premium": 1450, "vip": 2200, "wheelchair": 950, "companion": 950,
    ]

    /// What `install` did.
    public enum Outcome: Sendable, Equatable {
        /// The database was empty: the whole demo catalog is in it now.
        case installed
        /// The demo catalog was there, but sales of every demo showing had closed: these
        /// showings were added, on the days after the clock's today.
        case refreshed([Showing])
        /// The database holds another catalog, or the demo with showings still on sale:
        /// nothing was written.
        case leftAlone
    }

    /// Fills an empty database with the demo catalog. On a database that holds the demo
    /// catalog (its two theaters, with their screens' layouts) whose showings have all
    /// closed, adds fresh showings for the next two days, so that a demo started again a
    /// week later still sells. Any other catalog is left alone. Showings start on the days
    /// after the clock's today. One transaction, so two processes started with `--demo` at
    /// once write the catalog once.
    /// - Throws: `BoxOfficeError.busy`, or the store's error if it cannot be written.
    @discardableResult
    public static func install(into cinema: Cinema) throws -> Outcome {
        try cinema.write { transaction in
            let records = transaction.records
            let theaters = try records.theaters()
            let movies = try records.movies()
            if theaters.isEmpty && movies.isEmpty {
                let movies = try Self.movies.map { try cinema.createMovie($0, in: transaction) }
                let theaters = try Self.theaters.map { try cinema.createTheater($0, in: transaction) }
                try schedule(movies: movies, theaters: theaters, in: transaction, cinema: cinema)
                return .installed
            }
            guard let demo = try demoCatalog(theaters: theaters, movies: movies, in: records) else { return .leftAlone }
            let screenIds = Set(demo.theaters.flatMap { $0.screens.map(\.id) })
            let open = try records.showingSummaries(ShowingFilter(), now: transaction.now).contains {
                screenIds.contains($0.showing.screenId) && $0.showing.status == .open
            }
            guard !open else { return .leftAlone }
            return .refreshed(
                try schedule(movies: demo.movies, theaters: demo.theaters, in: transaction, cinema: cinema))
        }
    }

    /// The demo's theaters and movies in a catalog, when it holds them: theaters of the
    /// demo's names whose screens have the demo's names and layouts, and the demo's movies.
    private static func demoCatalog(theaters: [Theater], movies: [Movie], in records: any CinemaRecords) throws
        -> (theaters: [Theater], movies: [Movie])?
    {
        var found: [Theater] = []
        for new in Self.theaters {
            guard let theater = theaters.first(where: { $0.name == new.name }),
                theater.screens.map(\.name) == new.screens.map(\.name)
            else { return nil }
            for (summary, screen) in zip(theater.screens, new.screens) {
                guard let stored = try records.screen(id: summary.id),
                    let layout = try? ScreenLayout(rows: screen.layout),
                    stored.rows.map({ $0.seats.map { [$0.label, String($0.x), $0.type.rawValue] } })
                        == layout.rows.map({ $0.seats.map { [$0.label, String($0.x), $0.type.rawValue] } })
                else { return nil }
            }
            found.append(theater)
        }
        var demoMovies: [Movie] = []
        for new in Self.movies {
            guard
                let movie = movies.first(where: { $0.title == new.title && $0.durationMinutes == new.durationMinutes })
            else { return nil }
            demoMovies.append(movie)
        }
        return (found, demoMovies)
    }

    /// The demo's five showings, on the two days after the clock's today.
    @discardableResult
    private static func schedule(
        movies: [Movie], theaters: [Theater], in transaction: CinemaTransaction, cinema: Cinema
    ) throws -> [Showing] {
        // Floor division: the start of the clock's day, before 1970 too.
        let seconds = transaction.now.secondsSince1970
        let today = (seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400) * 86_400
        func at(day: Int64, hour: Int64, minute: Int64 = 0) -> Timestamp {
            Timestamp(secondsSince1970: today + day * 86_400 + hour * 3_600 + minute * 60)
        }
        let salle1 = theaters[0].screens[0].id
        let salle2 = theaters[0].screens[1].id
        let saal1 = theaters[1].screens[0].id
        let schedule: [(movie: Int, screen: String, startsAt: Timestamp)] = [
            (0, salle1, at(day: 1, hour: 18)),
            (1, salle1, at(day: 1, hour: 20, minute: 30)),
            (2, salle2, at(day: 1, hour: 19)),
            (1, saal1, at(day: 1, hour: 17)),
            (0, saal1, at(day: 2, hour: 20)),
        ]
        return try schedule.map { entry in
            try cinema.createShowing(
                NewShowing(
                    movieId: movies[entry.movie].id, screenId: entry.screen, startsAt: entry.startsAt,
                    currency: "EUR", prices: prices),
                in: transaction)
        }
    }
}
