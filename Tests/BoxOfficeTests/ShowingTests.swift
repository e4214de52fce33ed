import BoxOfficeTesting
import Foundation
import GRDB
import Testing

@testable import BoxOffice

/// Showings through `Cinema`: creating, listing, the demo catalog; a standing clock and
/// counted ids.
struct ShowingTests {
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
            try catalog.cinema.showings(matching: ShowingFilter(from: try .at("2029-12-31T00:00:00Z")))
                .map(\.showing.status) == [.closed, .closed, .closed])
        // Upcoming means not started yet: the list without `from` starts at the clock.
        #expect(try catalog.cinema.showings(matching: ShowingFilter()).map(\.showing.id) == [oneSecondLeft.id])
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
}
