import BoxOfficeTesting
import Foundation
import GRDB
import Testing

@testable import BoxOffice

/// Movies, theaters and showings through `Cinema`, with a standing clock and counted ids.
struct CatalogTests {
    // MARK: Movies

    @Test func createMovieKeepsWhatItWasGiven() throws {
        let test = try TestCinema()
        let movie = try test.cinema.createMovie(NewMovie(title: "  Paper Moons\t", durationMinutes: 96, rating: "PG"))
        #expect(movie == Movie(id: countedID(1), title: "Paper Moons", durationMinutes: 96, rating: "PG"))
        let unrated = try test.cinema.createMovie(NewMovie(title: "Harbor Lights", durationMinutes: 1440))
        #expect(unrated == Movie(id: countedID(2), title: "Harbor Lights", durationMinutes: 1440, rating: nil))
        let short = try test.cinema.createMovie(
            NewMovie(title: "A", durationMinutes: 1, rating: String(repeating: "x", count: 16)))
        #expect(short.durationMinutes == 1)
        #expect(try test.cinema.movies() == [short, unrated, movie])
    }

    @Test(arguments: [
        (NewMovie(title: "", durationMinutes: 90), "title", "must be 1 to 200 characters, not only spaces"),
        (NewMovie(title: " \t\n ", durationMinutes: 90), "title", "must be 1 to 200 characters, not only spaces"),
        (
            NewMovie(title: String(repeating: "x", count: 201), durationMinutes: 90), "title",
            "must be 1 to 200 characters, not only spaces"
        ),
        (NewMovie(title: "Dune", durationMinutes: 0), "durationMinutes", "must be from 1 to 1440 minutes"),
        (NewMovie(title: "Dune", durationMinutes: -5), "durationMinutes", "must be from 1 to 1440 minutes"),
        (NewMovie(title: "Dune", durationMinutes: 1441), "durationMinutes", "must be from 1 to 1440 minutes"),
        (
            NewMovie(title: "Dune", durationMinutes: 90, rating: ""), "rating",
            "must be 1 to 16 characters, not only spaces, when given"
        ),
        (
            NewMovie(title: "Dune", durationMinutes: 90, rating: "   "), "rating",
            "must be 1 to 16 characters, not only spaces, when given"
        ),
        (
            NewMovie(title: "Dune", durationMinutes: 90, rating: String(repeating: "x", count: 17)), "rating",
            "must be 1 to 16 characters, not only spaces, when given"
        ),
    ])
    func createMovieRefuses(movie: NewMovie, path: String, reason: String) throws {
        let test = try TestCinema()
        #expect(boxOfficeError { _ = try test.cinema.createMovie(movie) } == .invalidInput(path: path, reason: reason))
        #expect(try test.cinema.movies().isEmpty)
    }

    /// The limit counts the title as sent, as the schema's `maxLength` does; what is kept
    /// is trimmed.
    @Test func aTitleCountsAsSentAndIsKeptTrimmed() throws {
        let test = try TestCinema()
        let title = String(repeating: "é", count: 196)
        #expect(try test.cinema.createMovie(NewMovie(title: "  " + title + "  ", durationMinutes: 90)).title == title)
        #expect(
            boxOfficeError { try test.cinema.createMovie(NewMovie(title: " " + title + "é   ", durationMinutes: 90)) }
                == .invalidInput(path: "title", reason: "must be 1 to 200 characters, not only spaces"))
    }

    @Test func moviesAreListedByTitleThenId() throws {
        let test = try TestCinema()
        let b = try test.cinema.createMovie(NewMovie(title: "B", durationMinutes: 90))
        let a2 = try test.cinema.createMovie(NewMovie(title: "A", durationMinutes: 91))
        let a1 = try test.cinema.createMovie(NewMovie(title: "A", durationMinutes: 92))
        #expect(try test.cinema.movies().map(\.id) == [a2.id, a1.id, b.id])
    }

    // MARK: Theaters

    @Test func createTheaterSummarizesItsScreens() throws {
        let test = try TestCinema()
        let theater = try test.cinema.createTheater(
            NewTheater(
                name: " Lumière ", city: "Lyon",
                screens: [
                    NewScreen(name: "Salle 1", layout: ["A: WC..RRRR..CW", "B: RR..PPPP..RR", "C: VVVV"]),
                    NewScreen(name: " Salle 2 ", layout: ["A: RRRR..RRRR"]),
                ]))
        #expect(
            theater
                == Theater(
                    id: countedID(1), name: "Lumière", city: "Lyon",
                    screens: [
                        ScreenSummary(
                            id: countedID(2), name: "Salle 1", capacity: 20,
                            seatTypes: [.regular: 8, .premium: 4, .vip: 4, .wheelchair: 2, .companion: 2]),
                        ScreenSummary(id: countedID(3), name: "Salle 2", capacity: 8, seatTypes: [.regular: 8]),
                    ]))
        #expect(try test.cinema.theaters() == [theater])

        // Seats got ids after the screens, front row first, left to right.
        let seats = try test.store.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(StoredSQL.uuid("seat.uuid")) AS id, \(StoredSQL.uuid("screen.uuid")) AS screenId, label,
                           rowLabel, rowIndex, number, x, type
                    FROM seat JOIN screen ON screen.id = seat.screen ORDER BY seat.uuid
                    """)
        }
        #expect(seats.count == 28)
        #expect(seats.first?["id"] == countedID(4))
        #expect(seats.first?["label"] == "A1")
        #expect(seats.first?["type"] == "wheelchair")
        let b5 = try #require(seats.first { $0["screenId"] == countedID(2) && $0["label"] == "B5" })
        #expect(b5["rowLabel"] == "B")
        #expect(b5["rowIndex"] == 1)
        #expect(b5["number"] == 5)
        #expect(b5["x"] == 6)
        #expect(b5["type"] == "premium")
        #expect(seats.last?["id"] == countedID(31))
        #expect(seats.last?["label"] == "A8")
        #expect(seats.last?["x"] == 9)
    }

    @Test(arguments: [
        (
            NewTheater(name: "  ", screens: [NewScreen(name: "1", layout: ["A: R"])]), "name",
            "must be 1 to 200 characters, not only spaces"
        ),
        (
            NewTheater(name: "Rex", city: " ", screens: [NewScreen(name: "1", layout: ["A: R"])]), "city",
            "must be 1 to 200 characters, not only spaces, when given"
        ),
        (NewTheater(name: "Rex", screens: []), "screens", "a theater has 1 to 50 screens"),
        (
            NewTheater(name: "Rex", screens: (0...50).map { NewScreen(name: "S\($0)", layout: ["A: R"]) }), "screens",
            "a theater has 1 to 50 screens"
        ),
        (
            NewTheater(
                name: "Rex", screens: [NewScreen(name: "1", layout: ["A: R"]), NewScreen(name: "", layout: ["A: R"])]),
            "screens[1].name", "must be 1 to 100 characters, not only spaces"
        ),
        (
            NewTheater(
                name: "Rex",
                screens: [NewScreen(name: "Saal 1", layout: ["A: R"]), NewScreen(name: " Saal 1", layout: ["A: R"])]),
            "screens[1].name", "another screen of this theater is already called Saal 1"
        ),
        (
            NewTheater(
                name: "Rex",
                screens: [
                    NewScreen(name: "1", layout: ["A: R"]), NewScreen(name: "2", layout: ["A: RR", "B: RR", "C: RXR"]),
                ]),
            "screens[1].layout[2]",
            "unknown cell \"X\" at column 1 of row C; use R regular, P premium, V vip, W wheelchair, C companion or . for no seat"
        ),
        (
            NewTheater(name: "Rex", screens: [NewScreen(name: "1", layout: [])]), "screens[0].layout",
            "a screen needs at least one row, like \"A: RRRR..RRRR\""
        ),
        (
            NewTheater(name: "Rex", screens: [NewScreen(name: "1", layout: ["A: R", "A: R"])]), "screens[0].layout[1]",
            "row label A is already used by an earlier row"
        ),
    ])
    func createTheaterRefuses(theater: NewTheater, path: String, reason: String) throws {
        let test = try TestCinema()
        #expect(
            boxOfficeError { _ = try test.cinema.createTheater(theater) } == .invalidInput(path: path, reason: reason))
        #expect(try test.cinema.theaters().isEmpty)
        #expect(
            try test.store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM seat") } == 0)
    }

    @Test func theSameScreenNameInTwoTheatersIsFine() throws {
        let test = try TestCinema()
        let a = try test.cinema.createTheater(NewTheater(name: "B", screens: [NewScreen(name: "1", layout: ["A: R"])]))
        let b = try test.cinema.createTheater(NewTheater(name: "A", screens: [NewScreen(name: "1", layout: ["A: RR"])]))
        // Listed by name.
        #expect(try test.cinema.theaters() == [b, a])
    }
}
