import BoxOfficeTesting
import Foundation
import GRDB
import Testing

@testable import BoxOffice

/// Listing showings with their counts, and the demo catalog.
struct ShowingListTests {
    // MARK: Listing showings

    /// Four showings: two at Lumière (one per screen), one at Kino Rex, one of another movie.
    struct Listing {
        let catalog: ShowingTests.Catalog
        let rex: Theater
        let other: Movie
        let s1900: Showing  // Salle 1
        let s1930: Showing  // Salle 2
        let s2000: Showing  // Kino Rex
        let s2200: Showing  // Salle 1, another movie

        init() throws {
            catalog = try ShowingTests.Catalog()
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

        var projectionist: MovieRef { MovieRef(id: catalog.movie.id, title: catalog.movie.title) }
        var lumiere: NamedRef { NamedRef(id: catalog.theater.id, name: catalog.theater.name) }

        func ids(_ filter: ShowingFilter) throws -> [String] {
            try catalog.cinema.showings(matching: filter).map(\.showing.id)
        }
    }

    @Test func showingsAreListedByStartTimeWithTheirCounts() throws {
        let listing = try Listing()
        let all = try listing.catalog.cinema.showings(matching: ShowingFilter())
        #expect(
            all == [
                ShowingSummary(
                    showing: listing.s1900, capacity: 10, available: 10, movie: listing.projectionist,
                    theater: listing.lumiere, screen: NamedRef(id: listing.catalog.salle1, name: "Salle 1")),
                ShowingSummary(
                    showing: listing.s1930, capacity: 3, available: 3, movie: listing.projectionist,
                    theater: listing.lumiere, screen: NamedRef(id: listing.catalog.salle2, name: "Salle 2")),
                ShowingSummary(
                    showing: listing.s2000, capacity: 2, available: 2, movie: listing.projectionist,
                    theater: NamedRef(id: listing.rex.id, name: "Kino Rex"),
                    screen: NamedRef(id: listing.rex.screens[0].id, name: "Saal 1")),
                ShowingSummary(
                    showing: listing.s2200, capacity: 10, available: 10,
                    movie: MovieRef(id: listing.other.id, title: "Harbor Lights"), theater: listing.lumiere,
                    screen: NamedRef(id: listing.catalog.salle1, name: "Salle 1")),
            ])
        // Without `from`, upcoming: once the clock passes 19:30, the first two are gone.
        _ = listing.catalog.test.clock.advance(seconds: 43 * 3600 + 30 * 60 + 1)
        #expect(try listing.ids(ShowingFilter()) == [listing.s2000.id, listing.s2200.id])
        #expect(
            try listing.ids(ShowingFilter(from: try .at("2030-01-01T00:00:00Z"))).count == 4,
            "an earlier from shows past showings too")
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
            let seatsOfScreen =
                "SELECT id FROM seat WHERE screen = (SELECT id FROM screen WHERE uuid = storedId(?)) ORDER BY x"
            let showing = "(SELECT id FROM showing WHERE uuid = storedId(?))"
            let screen = "(SELECT id FROM screen WHERE uuid = storedId(?))"
            let rexSeats = try Int64.fetchAll(db, sql: seatsOfScreen, arguments: [listing.rex.screens[0].id])
            try db.execute(
                sql: "INSERT INTO claim (showing, screen, seat, blockedAt) VALUES (\(showing), \(screen), ?, ?)",
                arguments: [listing.s2000.id, listing.rex.screens[0].id, rexSeats[0], now])
            let salle2Seats = try Int64.fetchAll(db, sql: seatsOfScreen, arguments: [listing.catalog.salle2])
            // Statuses by number: 0 pending, 1 confirmed, 2 cancelled.
            let bookings: [(Int, Timestamp?, Int64, Timestamp?)] = [
                (1, nil, salle2Seats[0], nil),
                (0, now.adding(seconds: 1), salle2Seats[1], nil),
                (0, now, salle2Seats[2], nil),
                (2, nil, salle2Seats[2], now),
            ]
            for (index, (status, expiresAt, seat, releasedAt)) in bookings.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO booking (uuid, bookingNumber, userId, showing, status, total, currency, createdAt, updatedAt, expiresAt)
                        VALUES (?, ?, 'u', \(showing), ?, 900, 'EUR', ?, ?, ?)
                        """,
                    arguments: ["b\(index)", "BX-\(index)", listing.s1930.id, status, now, now, expiresAt])
                let booking = db.lastInsertedRowID
                // The hold that expired keeps its claim row live: it frees the seat by itself.
                try db.execute(
                    sql: """
                        INSERT INTO claim (booking, seat, showing, screen, price, releasedAt)
                        VALUES (?, ?, \(showing), \(screen), 900, ?)
                        """,
                    arguments: [booking, seat, listing.s1930.id, listing.catalog.salle2, releasedAt])
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
        #expect(try DemoCatalog.install(into: test.cinema) == .installed)
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

        #expect(try DemoCatalog.install(into: test.cinema) == .leftAlone)
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
        #expect(try DemoCatalog.install(into: test.cinema) == .leftAlone)
        #expect(try test.cinema.movies() == [movie])
        #expect(try test.cinema.theaters().isEmpty)
    }

    /// A week later every demo showing has closed: the demo adds the next two days'.
    @Test func aDemoWhoseShowingsClosedGetsNewOnes() throws {
        let test = try TestCinema()
        #expect(try DemoCatalog.install(into: test.cinema) == .installed)
        let before = try test.cinema.showings(matching: ShowingFilter())
        // Still on sale the next day: nothing to do.
        _ = test.clock.advance(seconds: 86_400)
        #expect(try DemoCatalog.install(into: test.cinema) == .leftAlone)
        _ = test.clock.advance(seconds: 6 * 86_400 + 9 * 3_600)  // 2030-01-08T09:00:00Z
        guard case .refreshed(let added) = try DemoCatalog.install(into: test.cinema) else {
            Issue.record("the demo must be refreshed")
            return
        }
        #expect(
            added.map(\.startsAt.rfc3339) == [
                "2030-01-09T18:00:00Z", "2030-01-09T20:30:00Z", "2030-01-09T19:00:00Z", "2030-01-09T17:00:00Z",
                "2030-01-10T20:00:00Z",
            ])
        #expect(Set(try test.cinema.showings(matching: ShowingFilter()).map(\.showing.id)) == Set(added.map(\.id)))
        #expect(try test.cinema.showings(matching: ShowingFilter(from: try .at("2030-01-01T00:00:00Z"))).count == 10)
        #expect(before.count == 5)
        #expect(try test.cinema.movies().count == 3)
        #expect(try DemoCatalog.install(into: test.cinema) == .leftAlone)
    }

    /// A catalog that only looks like the demo (a screen of another shape) is not refreshed.
    @Test func aCatalogThatIsNotTheDemoIsNeverRefreshed() throws {
        let test = try TestCinema()
        _ = try test.cinema.createTheater(
            NewTheater(name: "Lumière", screens: [NewScreen(name: "Salle 1", layout: ["A: RR"])]))
        #expect(try DemoCatalog.install(into: test.cinema) == .leftAlone)
        #expect(try test.cinema.theaters().count == 1)
    }
}
