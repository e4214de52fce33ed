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

    /// Fills the catalog when the database has no movies and no theaters; does nothing
    /// otherwise. Showings start on the days after the clock's today. Everything is
    /// written in one transaction, so two processes started with `--demo` at once fill
    /// the catalog once.
    /// - Returns: whether the catalog was filled.
    /// - Throws: `BoxOfficeError.busy`, or the store's error if it cannot be written.
    @discardableResult
    public static func install(into cinema: Cinema) throws -> Bool {
        try cinema.transaction { transaction in
            let records = transaction.records
            guard try records.movies().isEmpty, try records.theaters().isEmpty else { return false }
            let now = transaction.now
            let movies = try movies.map { try cinema.createMovie($0, in: transaction) }
            let theaters = try theaters.map { try cinema.createTheater($0, in: transaction) }
            // Floor division: the start of the clock's day, before 1970 too.
            let seconds = now.secondsSince1970
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
            for entry in schedule {
                _ = try cinema.createShowing(
                    NewShowing(
                        movieId: movies[entry.movie].id, screenId: entry.screen, startsAt: entry.startsAt,
                        currency: "EUR", prices: prices),
                    in: transaction)
            }
            return true
        }
    }
}
