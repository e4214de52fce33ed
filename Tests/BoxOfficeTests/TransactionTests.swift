import BoxOffice
import BoxOfficeTesting
import Testing

/// Several requests in one unit of work of a group, each write a savepoint of the group's
/// transaction: what one of them undoes leaves the others, as group commit needs.
struct TransactionTests {
    @Test func aSavepointRollsBackOneBookingAndKeepsTheOther() throws {
        let test = try TestCinema()
        let cinema = test.cinema
        let movie = try cinema.createMovie(NewMovie(title: "Two in One", durationMinutes: 90))
        let theater = try cinema.createTheater(
            NewTheater(name: "Odeon", screens: [NewScreen(name: "One", layout: ["A: RRRR"])]))
        let showing = try cinema.createShowing(
            NewShowing(
                movieId: movie.id, screenId: theater.screens[0].id, startsAt: try .at("2030-01-02T20:00:00Z"),
                currency: "EUR", prices: ["regular": 1000]))
        let before = try test.bookingRowCounts()

        struct Undo: Error {}
        let kept = try cinema.group { unit in
            #expect(unit.isShared)
            let kept = try unit.write { transaction in
                try cinema.createBooking(
                    BookingRequest(showingId: showing.id, userId: "ann", seats: ["A1", "A2"]), in: transaction)
            }
            #expect(
                throws: Undo.self,
                performing: {
                    try unit.write { transaction in
                        _ = try cinema.createBooking(
                            BookingRequest(showingId: showing.id, userId: "bob", seats: ["A3", "A4"]), in: transaction)
                        throw Undo()
                    }
                })
            // A request refused by the rules inside its savepoint changes nothing either.
            #expect(
                throws: BoxOfficeError.self,
                performing: {
                    try unit.write { transaction in
                        try cinema.createBooking(
                            BookingRequest(showingId: showing.id, userId: "cy", seats: ["A2", "A3"]), in: transaction)
                    }
                })
            return kept
        }

        #expect(try cinema.booking(.id(kept.id), userId: "ann") == kept)
        #expect(try cinema.bookings(userId: "bob").bookings.isEmpty)
        #expect(try cinema.bookings(userId: "cy").bookings.isEmpty)
        let statuses = try cinema.checkSeats(showingId: showing.id, seats: ["A1", "A2", "A3", "A4"]).seats.map(\.status)
        #expect(statuses == [.booked, .booked, .available, .available])
        var after = before
        after["booking", default: 0] += 1
        after["claim", default: 0] += 2
        after["seatEvent", default: 0] += 2
        #expect(try test.bookingRowCounts() == after)
    }

    @Test func aTransactionThatThrowsWritesNothing() throws {
        let test = try TestCinema()
        struct Undo: Error {}
        #expect(
            throws: Undo.self,
            performing: {
                try test.cinema.write { transaction in
                    _ = try test.cinema.createMovie(NewMovie(title: "Gone", durationMinutes: 90), in: transaction)
                    throw Undo()
                }
            })
        #expect(try test.cinema.movies().isEmpty)
    }

    /// A showing read into the cache inside a transaction that rolls back must not stay
    /// in the cache: it never existed.
    @Test func cacheEntriesOfARolledBackTransactionAreNeverSeen() throws {
        let test = try TestCinema()
        let cinema = test.cinema
        let movie = try cinema.createMovie(NewMovie(title: "Ghost", durationMinutes: 90))
        let theater = try cinema.createTheater(
            NewTheater(name: "Odeon", screens: [NewScreen(name: "One", layout: ["A: RR"])]))
        struct Undo: Error {}
        var ghost: Showing?
        #expect(
            throws: Undo.self,
            performing: {
                try cinema.write { transaction in
                    let showing = try cinema.createShowing(
                        NewShowing(
                            movieId: movie.id, screenId: theater.screens[0].id,
                            startsAt: try .at("2030-01-02T20:00:00Z"), currency: "EUR", prices: ["regular": 1000]),
                        in: transaction)
                    ghost = showing
                    // Reads the showing through the cache, inside the transaction.
                    _ = try cinema.hold(
                        HoldRequest(showingId: showing.id, userId: "ann", seats: ["A1"]), in: transaction)
                    throw Undo()
                }
            })
        let id = try #require(ghost?.id)
        #expect(boxOfficeError { _ = try cinema.showing(id: id) } == .notFound(kind: "showing", id: id))
        #expect(boxOfficeError { _ = try cinema.seatMap(showingId: id) } == .notFound(kind: "showing", id: id))
    }
}
