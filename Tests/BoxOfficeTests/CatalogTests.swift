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

    @Test func aTitleOf200CharactersAfterTrimmingIsAllowed() throws {
        let test = try TestCinema()
        let title = String(repeating: "é", count: 200)
        #expect(try test.cinema.createMovie(NewMovie(title: "  " + title + "  ", durationMinutes: 90)).title == title)
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
                db, sql: "SELECT id, screenId, label, rowLabel, rowIndex, number, x, type FROM seat ORDER BY id")
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

    // MARK: Showings

    /// A movie of 120 minutes and a theater with two screens: Salle 1 has every seat type but vip,
    /// Salle 2 only regular seats.
    struct Catalog {
        let test: TestCinema
        let movie: Movie
        let theater: Theater
        var cinema: Cinema { test.cinema }
        var salle1: String { theater.screens[0].id }
        var salle2: String { theater.screens[1].id }
        static let prices: [String: Int64] = ["regular": 1150, "premium": 1450, "wheelchair": 950, "companion": 950]

        init() throws {
            test = try TestCinema()
            movie = try test.cinema.createMovie(NewMovie(title: "The Last Projectionist", durationMinutes: 120))
            theater = try test.cinema.createTheater(
                NewTheater(
                    name: "Lumière", city: "Lyon",
                    screens: [
                        NewScreen(name: "Salle 1", layout: ["A: WC..RRRR", "B: PPPP"]),
                        NewScreen(name: "Salle 2", layout: ["A: RRR"]),
                    ]))
        }

        func showing(
            _ startsAt: String, screen: String? = nil, movie: String? = nil, salesCloseAt: String? = nil,
            prices: [String: Int64]? = nil
        ) throws -> Showing {
            try cinema.createShowing(
                new(startsAt, screen: screen, movie: movie, salesCloseAt: salesCloseAt, prices: prices))
        }

        func new(
            _ startsAt: String, screen: String? = nil, movie: String? = nil, salesCloseAt: String? = nil,
            currency: String = "EUR", prices: [String: Int64]? = nil
        ) throws -> NewShowing {
            NewShowing(
                movieId: movie ?? self.movie.id, screenId: screen ?? salle1, startsAt: try .at(startsAt),
                salesCloseAt: try salesCloseAt.map { try .at($0) }, currency: currency, prices: prices ?? Self.prices)
        }
    }

    @Test func createShowing() throws {
        let catalog = try Catalog()
        // ids so far: movie 1, theater 2, screens 3 and 4, seats 5 to 17.
        let showing = try catalog.showing("2030-01-02T19:00:00Z")
        #expect(
            showing
                == Showing(
                    id: countedID(18), movieId: catalog.movie.id, theaterId: catalog.theater.id,
                    screenId: catalog.salle1,
                    startsAt: try .at("2030-01-02T19:00:00Z"), salesCloseAt: try .at("2030-01-02T19:00:00Z"),
                    currency: "EUR", prices: [.regular: 1150, .premium: 1450, .wheelchair: 950, .companion: 950],
                    status: .open))
        #expect(try catalog.cinema.showing(id: showing.id) == showing)
    }

    @Test func salesMayCloseBeforeTheStartOrUntilTheEnd() throws {
        let catalog = try Catalog()
        let early = try catalog.showing("2030-01-02T19:00:00Z", salesCloseAt: "2030-01-02T18:30:00Z")
        #expect(early.salesCloseAt == (try .at("2030-01-02T18:30:00Z")))
        // The film runs 120 minutes: sales may stay open until it ends, not a second longer.
        let late = try catalog.showing("2030-01-03T19:00:00Z", salesCloseAt: "2030-01-03T21:00:00Z")
        #expect(late.salesCloseAt == (try .at("2030-01-03T21:00:00Z")))
        #expect(
            boxOfficeError { _ = try catalog.showing("2030-01-04T19:00:00Z", salesCloseAt: "2030-01-04T21:00:01Z") }
                == .invalidInput(
                    path: "salesCloseAt", reason: "sales cannot close after the showing ends at 2030-01-04T21:00:00Z"))
    }

    @Test func statusFollowsTheClock() throws {
        let catalog = try Catalog()
        // The clock stands at 2030-01-01T00:00:00Z.
        let past = try catalog.showing("2029-12-31T20:00:00Z")
        #expect(past.status == .closed)
        let closingNow = try catalog.showing("2030-01-01T00:00:00Z", screen: catalog.salle2, prices: ["regular": 1])
        #expect(closingNow.status == .closed)
        let oneSecondLeft = try catalog.showing("2030-01-01T00:00:01Z", prices: nil)
        #expect(oneSecondLeft.status == .open)

        catalog.test.clock.advance(seconds: 1)
        #expect(try catalog.cinema.showing(id: oneSecondLeft.id).status == .closed)
        #expect(
            try catalog.cinema.showings(matching: ShowingFilter()).map(\.showing.status) == [.closed, .closed, .closed])
    }

    @Test func unknownMovieOrScreen() throws {
        let catalog = try Catalog()
        #expect(
            boxOfficeError { _ = try catalog.showing("2030-01-02T19:00:00Z", movie: "nope") }
                == .notFound(kind: "movie", id: "nope"))
        #expect(
            boxOfficeError { _ = try catalog.showing("2030-01-02T19:00:00Z", screen: catalog.theater.id) }
                == .notFound(kind: "screen", id: catalog.theater.id))
    }

    @Test func everySeatTypeOfTheScreenNeedsAPrice() throws {
        let catalog = try Catalog()
        var prices = Catalog.prices
        prices["wheelchair"] = nil
        #expect(
            boxOfficeError { _ = try catalog.showing("2030-01-02T19:00:00Z", prices: prices) }
                == .invalidInput(
                    path: "prices.wheelchair", reason: "the screen has wheelchair seats, so they need a price"))
        // With several missing, the first in the contract's order is named.
        #expect(
            boxOfficeError { _ = try catalog.showing("2030-01-02T19:00:00Z", prices: ["companion": 1]) }
                == .invalidInput(path: "prices.regular", reason: "the screen has regular seats, so they need a price"))
        // Salle 2 has regular seats only: one price is enough.
        let showing = try catalog.showing("2030-01-02T19:00:00Z", screen: catalog.salle2, prices: ["regular": 0])
        #expect(showing.prices == [.regular: 0])
    }

    @Test(arguments: [
        (
            ["regular": Int64(1), "gold": 2], "prices.gold",
            "unknown seat type; use regular, premium, vip, wheelchair or companion"
        ),
        (["Regular": 1], "prices.Regular", "unknown seat type; use regular, premium, vip, wheelchair or companion"),
        (["regular": -1], "prices.regular", "must be from 0 to 100000000 minor units"),
        (["regular": 100_000_001], "prices.regular", "must be from 0 to 100000000 minor units"),
    ])
    func badPrices(prices: [String: Int64], path: String, reason: String) throws {
        let catalog = try Catalog()
        #expect(
            boxOfficeError { _ = try catalog.showing("2030-01-02T19:00:00Z", screen: catalog.salle2, prices: prices) }
                == .invalidInput(path: path, reason: reason))
    }

    @Test func withSeveralBadPricesTheFirstInSortedOrderIsNamed() throws {
        let catalog = try Catalog()
        let prices: [String: Int64] = ["gold": 1, "silver": 2, "bronze": 3, "regular": -5]
        let error = boxOfficeError { _ = try catalog.showing("2030-01-02T19:00:00Z", prices: prices) }
        // Prices are checked in key order, like unknown fields, so the same request always
        // names the same price, whatever order the Dictionary iterates in this process.
        #expect(
            error
                == .invalidInput(
                    path: "prices.bronze",
                    reason: "unknown seat type; use regular, premium, vip, wheelchair or companion"))
    }

    @Test(arguments: ["eur", "EURO", "EU", "", "E1R", "ÉUR"])
    func badCurrency(currency: String) throws {
        let catalog = try Catalog()
        #expect(
            boxOfficeError {
                _ = try catalog.cinema.createShowing(catalog.new("2030-01-02T19:00:00Z", currency: currency))
            }
                == .invalidInput(
                    path: "currency", reason: "must be an ISO 4217 code of three uppercase letters, like EUR"))
    }

    @Test func overlappingShowingsOnOneScreenConflict() throws {
        let catalog = try Catalog()
        // 19:00 to 21:00.
        let first = try catalog.showing("2030-01-02T19:00:00Z")
        for start in ["2030-01-02T19:00:00Z", "2030-01-02T20:59:59Z", "2030-01-02T17:00:01Z", "2030-01-02T18:00:00Z"] {
            let end = try Timestamp.at(start).adding(seconds: 7_200)
            #expect(
                boxOfficeError { _ = try catalog.showing(start) }
                    == .conflict(detail: "another showing on this screen overlaps \(start) to \(end)", id: first.id),
                "starting at \(start)")
        }
        // A longer film around the first one overlaps it too.
        let epic = try catalog.cinema.createMovie(NewMovie(title: "Epic", durationMinutes: 600))
        #expect(
            boxOfficeError { _ = try catalog.showing("2030-01-02T12:00:00Z", movie: epic.id) }
                == .conflict(
                    detail: "another showing on this screen overlaps 2030-01-02T12:00:00Z to 2030-01-02T22:00:00Z",
                    id: first.id))
        // The same time on another screen is fine.
        _ = try catalog.showing("2030-01-02T19:00:00Z", screen: catalog.salle2, prices: ["regular": 900])
    }

    @Test func theConflictNamesTheEarliestOverlappingShowing() throws {
        let catalog = try Catalog()
        let short = try catalog.cinema.createMovie(NewMovie(title: "Short", durationMinutes: 10))
        let second = try catalog.showing("2030-01-02T19:30:00Z", movie: short.id)
        let first = try catalog.showing("2030-01-02T19:00:00Z", movie: short.id)
        #expect(
            boxOfficeError { _ = try catalog.showing("2030-01-02T18:00:00Z") }
                == .conflict(
                    detail: "another showing on this screen overlaps 2030-01-02T18:00:00Z to 2030-01-02T20:00:00Z",
                    id: first.id))
        #expect(first.id != second.id)
    }

    @Test func adjacentShowingsAreAllowed() throws {
        let catalog = try Catalog()
        let middle = try catalog.showing("2030-01-02T19:00:00Z")  // until 21:00
        let after = try catalog.showing("2030-01-02T21:00:00Z")  // starts as the middle one ends
        let before = try catalog.showing("2030-01-02T17:00:00Z")  // ends as the middle one starts
        #expect(
            try catalog.cinema.showings(matching: ShowingFilter()).map(\.showing.id) == [
                before.id, middle.id, after.id,
            ])
    }

    // MARK: Listing showings

    /// Four showings: two at Lumière (one per screen), one at Kino Rex, one of another movie.
    struct Listing {
        let catalog: Catalog
        let rex: Theater
        let other: Movie
        let s1900: Showing  // Salle 1
        let s1930: Showing  // Salle 2
        let s2000: Showing  // Kino Rex
        let s2200: Showing  // Salle 1, another movie

        init() throws {
            catalog = try Catalog()
            let cinema = catalog.cinema
            rex = try cinema.createTheater(
                NewTheater(name: "Kino Rex", screens: [NewScreen(name: "Saal 1", layout: ["A: VV"])]))
            other = try cinema.createMovie(NewMovie(title: "Harbor Lights", durationMinutes: 104))
            // Created out of order, to see that the list is by start time.
            s2200 = try catalog.showing("2030-01-02T22:00:00Z", movie: other.id)
            s2000 = try catalog.showing("2030-01-02T20:00:00Z", screen: rex.screens[0].id, prices: ["vip": 2200])
            s1930 = try catalog.showing("2030-01-02T19:30:00Z", screen: catalog.salle2, prices: ["regular": 900])
            s1900 = try catalog.showing("2030-01-02T19:00:00Z")
        }

        func ids(_ filter: ShowingFilter) throws -> [String] {
            try catalog.cinema.showings(matching: filter).map(\.showing.id)
        }
    }

    @Test func showingsAreListedByStartTimeWithTheirCounts() throws {
        let listing = try Listing()
        let all = try listing.catalog.cinema.showings(matching: ShowingFilter())
        #expect(
            all == [
                ShowingSummary(showing: listing.s1900, capacity: 10, available: 10),
                ShowingSummary(showing: listing.s1930, capacity: 3, available: 3),
                ShowingSummary(showing: listing.s2000, capacity: 2, available: 2),
                ShowingSummary(showing: listing.s2200, capacity: 10, available: 10),
            ])
    }

    @Test func filterByMovieAndTheater() throws {
        let listing = try Listing()
        let lumiere = listing.catalog.theater.id
        #expect(try listing.ids(ShowingFilter(movieId: listing.other.id)) == [listing.s2200.id])
        #expect(
            try listing.ids(ShowingFilter(movieId: listing.catalog.movie.id))
                == [listing.s1900.id, listing.s1930.id, listing.s2000.id])
        #expect(
            try listing.ids(ShowingFilter(theaterId: lumiere)) == [
                listing.s1900.id, listing.s1930.id, listing.s2200.id,
            ])
        #expect(try listing.ids(ShowingFilter(theaterId: listing.rex.id)) == [listing.s2000.id])
        #expect(try listing.ids(ShowingFilter(movieId: listing.other.id, theaterId: listing.rex.id)) == [])
    }

    @Test func fromIsInclusiveAndToExclusive() throws {
        let listing = try Listing()
        #expect(
            try listing.ids(ShowingFilter(from: try .at("2030-01-02T19:30:00Z")))
                == [listing.s1930.id, listing.s2000.id, listing.s2200.id])
        #expect(
            try listing.ids(ShowingFilter(from: try .at("2030-01-02T19:30:01Z"))) == [
                listing.s2000.id, listing.s2200.id,
            ])
        #expect(
            try listing.ids(ShowingFilter(to: try .at("2030-01-02T20:00:00Z"))) == [listing.s1900.id, listing.s1930.id])
        #expect(
            try listing.ids(ShowingFilter(to: try .at("2030-01-02T20:00:01Z")))
                == [listing.s1900.id, listing.s1930.id, listing.s2000.id])
        #expect(
            try listing.ids(ShowingFilter(from: try .at("2030-01-02T19:30:00Z"), to: try .at("2030-01-02T22:00:00Z")))
                == [listing.s1930.id, listing.s2000.id])
        // An empty window is no error, just empty.
        #expect(
            try listing.ids(ShowingFilter(from: try .at("2030-01-02T20:00:00Z"), to: try .at("2030-01-02T20:00:00Z")))
                == [])
        #expect(
            boxOfficeError {
                _ = try listing.catalog.cinema.showings(
                    matching: ShowingFilter(from: try .at("2030-01-02T20:00:00Z"), to: try .at("2030-01-02T19:59:59Z")))
            } == .invalidInput(path: "to", reason: "must not be before from"))
    }

    @Test func minAvailableCountsHoldsBookingsAndBlocksThatAreLive() throws {
        let listing = try Listing()
        let cinema = listing.catalog.cinema
        let now = listing.catalog.test.clock.now()
        // On the Kino Rex showing (2 seats): one seat blocked. On Salle 2 (3 seats): one
        // confirmed, one live hold, one hold that expires right now, one cancelled.
        try listing.catalog.test.store.writer.write { db in
            let rexSeats = try String.fetchAll(
                db, sql: "SELECT id FROM seat WHERE screenId = ? ORDER BY x", arguments: [listing.rex.screens[0].id])
            try db.execute(
                sql: "INSERT INTO seatBlock (showingId, screenId, seatId, blockedAt) VALUES (?, ?, ?, ?)",
                arguments: [listing.s2000.id, listing.rex.screens[0].id, rexSeats[0], now])
            let salle2Seats = try String.fetchAll(
                db, sql: "SELECT id FROM seat WHERE screenId = ? ORDER BY x", arguments: [listing.catalog.salle2])
            let bookings: [(String, Timestamp?, String, Timestamp?)] = [
                ("confirmed", nil, salle2Seats[0], nil),
                ("pending", now.adding(seconds: 1), salle2Seats[1], nil),
                ("pending", now, salle2Seats[2], nil),
                ("cancelled", nil, salle2Seats[2], now),
            ]
            for (index, (status, expiresAt, seat, releasedAt)) in bookings.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO booking (id, bookingNumber, userId, showingId, status, total, currency, createdAt, updatedAt, expiresAt)
                        VALUES (?, ?, 'u', ?, ?, 900, 'EUR', ?, ?, ?)
                        """,
                    arguments: ["b\(index)", "BX-\(index)", listing.s1930.id, status, now, now, expiresAt])
                // The hold that expired keeps its claim row live: it frees the seat by itself.
                try db.execute(
                    sql:
                        "INSERT INTO bookingSeat (bookingId, seatId, showingId, screenId, price, releasedAt) VALUES (?, ?, ?, ?, 900, ?)",
                    arguments: ["b\(index)", seat, listing.s1930.id, listing.catalog.salle2, releasedAt])
            }
        }
        let all = try cinema.showings(matching: ShowingFilter())
        #expect(all.map(\.available) == [10, 1, 1, 10])
        #expect(all.map(\.capacity) == [10, 3, 2, 10])
        #expect(try listing.ids(ShowingFilter(minAvailable: 0)).count == 4)
        #expect(try listing.ids(ShowingFilter(minAvailable: 1)).count == 4)
        #expect(try listing.ids(ShowingFilter(minAvailable: 2)) == [listing.s1900.id, listing.s2200.id])
        #expect(try listing.ids(ShowingFilter(minAvailable: 10)) == [listing.s1900.id, listing.s2200.id])
        #expect(try listing.ids(ShowingFilter(minAvailable: 11)) == [])
        #expect(
            boxOfficeError { _ = try cinema.showings(matching: ShowingFilter(minAvailable: -1)) }
                == .invalidInput(path: "minAvailable", reason: "must be from 0 to 20000, the most seats a screen has"))

        // A second later the live hold has expired too.
        listing.catalog.test.clock.advance(seconds: 1)
        #expect(try cinema.showings(matching: ShowingFilter()).map(\.available) == [10, 2, 1, 10])
    }

    @Test func filtersNamingNothingAreNotFound() throws {
        let listing = try Listing()
        #expect(
            boxOfficeError {
                _ = try listing.catalog.cinema.showings(matching: ShowingFilter(movieId: "no-such-movie"))
            }
                == .notFound(kind: "movie", id: "no-such-movie"))
        #expect(
            boxOfficeError {
                _ = try listing.catalog.cinema.showings(matching: ShowingFilter(theaterId: listing.other.id))
            }
                == .notFound(kind: "theater", id: listing.other.id))
    }

    @Test func showingByIdThatDoesNotExist() throws {
        let test = try TestCinema()
        #expect(boxOfficeError { _ = try test.cinema.showing(id: "x") } == .notFound(kind: "showing", id: "x"))
    }

    // MARK: Demo catalog

    @Test func theDemoCatalogIsInstalledOnce() throws {
        let test = try TestCinema()
        #expect(try DemoCatalog.install(into: test.cinema))
        let movies = try test.cinema.movies()
        let theaters = try test.cinema.theaters()
        let showings = try test.cinema.showings(matching: ShowingFilter())
        #expect(movies.map(\.title) == ["Harbor Lights", "Paper Moons", "The Last Projectionist"])
        #expect(theaters.map(\.name) == ["Kino Rex", "Lumière"])
        #expect(theaters.map { $0.screens.map(\.name) } == [["Saal 1"], ["Salle 1", "Salle 2"]])
        #expect(theaters.map { $0.screens.map(\.capacity) } == [[40], [86, 18]])
        #expect(theaters[1].screens[0].seatTypes == [.regular: 66, .premium: 16, .wheelchair: 2, .companion: 2])
        #expect(
            showings.map(\.showing.startsAt.rfc3339) == [
                "2030-01-02T17:00:00Z", "2030-01-02T18:00:00Z", "2030-01-02T19:00:00Z", "2030-01-02T20:30:00Z",
                "2030-01-03T20:00:00Z",
            ])
        #expect(
            showings.allSatisfy {
                $0.showing.status == .open && $0.available == $0.capacity && $0.showing.currency == "EUR"
            })

        #expect(try DemoCatalog.install(into: test.cinema) == false)
        #expect(try test.cinema.movies() == movies)
        #expect(try test.cinema.theaters() == theaters)
        #expect(try test.cinema.showings(matching: ShowingFilter()) == showings)
    }

    @Test func theDemoShowingsStartTheDayAfterTheClocksToday() throws {
        let test = try TestCinema(now: "2030-06-15T23:59:59Z")
        try DemoCatalog.install(into: test.cinema)
        let starts = try test.cinema.showings(matching: ShowingFilter()).map(\.showing.startsAt.rfc3339)
        #expect(starts.first == "2030-06-16T17:00:00Z")
        #expect(starts.last == "2030-06-17T20:00:00Z")
    }

    @Test func theDemoShowingsStartTheDayAfterTodayBefore1970Too() throws {
        let test = try TestCinema(now: "1969-12-31T12:00:00Z")
        try DemoCatalog.install(into: test.cinema)
        let starts = try test.cinema.showings(matching: ShowingFilter()).map(\.showing.startsAt.rfc3339)
        // "Today" is 1969-12-31 (floor division), so the first showing is the next day's.
        #expect(starts.first == "1970-01-01T17:00:00Z")
    }

    @Test func theDemoCatalogLeavesAFilledDatabaseAlone() throws {
        let test = try TestCinema()
        let movie = try test.cinema.createMovie(NewMovie(title: "Mine", durationMinutes: 90))
        #expect(try DemoCatalog.install(into: test.cinema) == false)
        #expect(try test.cinema.movies() == [movie])
        #expect(try test.cinema.theaters().isEmpty)
    }
}
