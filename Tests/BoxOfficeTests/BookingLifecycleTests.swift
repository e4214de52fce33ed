import BoxOffice
import BoxOfficeSQLite
import BoxOfficeTesting
import Foundation
import GRDB
import Testing

/// A box office in memory with one small screen and one showing, a clock standing at
/// 2030-01-01T00:00:00Z, and counted ids.
///
/// Screen "One": `A: RRRR` (1000 each), `B: PPPP` (1500 each), `C: WC.RR` (500, 500,
/// 1000, 1000). The showing starts 2030-01-02T20:00:00Z; its sales close at 19:30.
private struct LifecycleFixture {
    let test: TestCinema
    let cinema: Cinema
    let store: SQLiteStore
    let clock: ManualClock
    let showing: Showing
    let start: Timestamp

    static let salesCloseAt = Timestamp(rfc3339: "2030-01-02T19:30:00Z")!

    init() throws {
        let test = try TestCinema()
        self.test = test
        start = test.clock.now()
        clock = test.clock
        store = test.store
        cinema = test.cinema
        let movie = try cinema.createMovie(NewMovie(title: "Lifecycle", durationMinutes: 100, rating: "PG"))
        let theater = try cinema.createTheater(
            NewTheater(
                name: "Odeon", city: "Paris",
                screens: [NewScreen(name: "One", layout: ["A: RRRR", "B: PPPP", "C: WC.RR"])]))
        showing = try cinema.createShowing(
            NewShowing(
                movieId: movie.id, screenId: theater.screens[0].id,
                startsAt: Timestamp(rfc3339: "2030-01-02T20:00:00Z")!, salesCloseAt: Self.salesCloseAt,
                currency: "EUR", prices: ["regular": 1000, "premium": 1500, "wheelchair": 500, "companion": 500]))
    }

    /// The moment `seconds` after the start.
    func at(_ seconds: Int64) -> Timestamp { start.adding(seconds: seconds) }

    func hold(_ userId: String, _ seats: [String], ttl: Int64? = nil, key: String? = nil) throws -> Booking {
        try cinema.hold(
            HoldRequest(showingId: showing.id, userId: userId, seats: seats, ttlSeconds: ttl, idempotencyKey: key))
    }

    func book(_ userId: String, _ seats: [String], expectedTotal: Money? = nil, key: String? = nil) throws -> Booking {
        try cinema.createBooking(
            BookingRequest(
                showingId: showing.id, userId: userId, seats: seats, expectedTotal: expectedTotal, idempotencyKey: key))
    }

    func status(of label: String) throws -> SeatStatus? {
        try cinema.checkSeats(showingId: showing.id, seats: [label]).seats.first?.status
    }

    func count(_ table: String) throws -> Int { try test.count(table) }

    /// Rows of every table a booking call writes, to show that a call wrote nothing.
    func rowCounts() throws -> [String: Int] { try test.bookingRowCounts() }

    /// One line of the seat status log.
    struct Event: Equatable, CustomStringConvertible {
        var label: String
        var status: String
        var cause: String
        var actor: String
        var bookingId: String?
        var at: Timestamp

        var description: String { "\(label) \(status) \(cause) by \(actor) for \(bookingId ?? "-") at \(at)" }
    }

    /// The showing's status log, in the order it was written.
    func events() throws -> [Event] {
        try store.writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT seat.label, seatEvent.status, seatEvent.cause, seatEvent.actor, seatEvent.bookingId, seatEvent.at
                    FROM seatEvent JOIN seat ON seat.id = seatEvent.seatId
                    WHERE seatEvent.showingId = ? ORDER BY seatEvent.id
                    """, arguments: [showing.id]
            ).map {
                Event(
                    label: $0["label"], status: $0["status"], cause: $0["cause"], actor: $0["actor"],
                    bookingId: $0["bookingId"], at: $0["at"])
            }
        }
    }
}

/// The `BoxOfficeError` that `body` threw, or nil (recording an issue) when it threw
/// none or another error.
private func lifecycleError(
    _ body: () throws -> Any, sourceLocation: SourceLocation = #_sourceLocation
) -> BoxOfficeError? {
    do {
        let value = try body()
        Issue.record("expected a BoxOfficeError, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as BoxOfficeError {
        return error
    } catch {
        Issue.record("expected a BoxOfficeError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

private func euros(_ amount: Int64) -> Money { Money(amount: amount, currency: "EUR") }

@Suite struct BookingLifecycleTests {
    @Test func aHoldIsPendingUntilConfirmed() throws {
        let f = try LifecycleFixture()
        let hold = try f.hold("alice", ["A1", "B2"])
        #expect(hold.status == .pending)
        #expect(hold.userId == "alice")
        #expect(hold.expiresAt == f.at(600))
        #expect(hold.createdAt == f.at(0) && hold.updatedAt == f.at(0))
        #expect(hold.seats.map(\.label) == ["A1", "B2"])
        #expect(hold.seats.map(\.price) == [euros(1000), euros(1500)])
        #expect(hold.seats.map(\.type) == [.regular, .premium])
        #expect(hold.total == euros(2500))
        #expect(hold.showing.id == f.showing.id)
        #expect(hold.screen.name == "One" && hold.theater.name == "Odeon" && hold.movie.title == "Lifecycle")
        #expect(try f.status(of: "A1") == .held)

        f.clock.advance(seconds: 30)
        let confirmed = try f.cinema.confirm(bookingId: hold.id, userId: "alice")
        #expect(confirmed.status == .confirmed)
        #expect(confirmed.expiresAt == nil)
        #expect(confirmed.id == hold.id && confirmed.bookingNumber == hold.bookingNumber)
        #expect(confirmed.seats == hold.seats && confirmed.total == hold.total)
        #expect(confirmed.createdAt == f.at(0) && confirmed.updatedAt == f.at(30))
        #expect(try f.status(of: "A1") == .booked)
        #expect(try f.cinema.booking(.id(hold.id), userId: "alice") == confirmed)

        // Confirming again changes nothing.
        f.clock.advance(seconds: 30)
        #expect(try f.cinema.confirm(bookingId: hold.id, userId: "alice") == confirmed)
    }

    @Test func expectedTotalMustMatchTheServersTotal() throws {
        let f = try LifecycleFixture()
        let booking = try f.book("alice", ["C1", "C2", "C3"], expectedTotal: euros(2000))
        #expect(booking.status == .confirmed && booking.expiresAt == nil)
        #expect(booking.total == euros(2000))
        #expect(booking.seats.map(\.type) == [.wheelchair, .companion, .regular])

        let before = try f.rowCounts()
        #expect(
            lifecycleError { try f.book("bob", ["B1", "B2"], expectedTotal: euros(2999)) }
                == .priceChanged(expected: euros(2999), actual: euros(3000)))
        #expect(
            lifecycleError { try f.book("bob", ["B1", "B2"], expectedTotal: Money(amount: 3000, currency: "USD")) }
                == .priceChanged(expected: Money(amount: 3000, currency: "USD"), actual: euros(3000)))
        #expect(try f.rowCounts() == before)
        #expect(try f.status(of: "B1") == .available)
    }

    @Test func cancellingPartThenTheRestWritesTheExpectedLog() throws {
        let f = try LifecycleFixture()
        let booking = try f.book("alice", ["A1", "A2", "B1"])
        #expect(booking.total == euros(3500))

        f.clock.advance(seconds: 60)
        let partial = try f.cinema.cancel(bookingId: booking.id, userId: "alice", seats: ["B1"])
        #expect(partial.status == .confirmed)
        #expect(partial.seats.map(\.label) == ["A1", "A2"])
        #expect(partial.total == euros(2000))
        #expect(partial.updatedAt == f.at(60))
        #expect(try f.status(of: "B1") == .available)
        #expect(try f.status(of: "A1") == .booked)
        #expect(try f.cinema.booking(.id(booking.id), userId: "alice") == partial)

        // The cancelled seat is free for someone else.
        let bobs = try f.hold("bob", ["B1"])
        #expect(bobs.seats.map(\.label) == ["B1"])

        // A seat no longer in the booking cannot be cancelled again.
        guard
            case .invalidInput(let path, _)? = lifecycleError({
                try f.cinema.cancel(bookingId: booking.id, userId: "alice", seats: ["A1", "B1"])
            })
        else { Issue.record("expected invalidInput"); return }
        #expect(path == "seats[1]")

        f.clock.advance(seconds: 60)
        let cancelled = try f.cinema.cancel(bookingId: booking.id, userId: "alice")
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.seats.map(\.label) == ["A1", "A2"])
        #expect(cancelled.total == euros(2000))
        #expect(cancelled.expiresAt == nil)
        #expect(try f.status(of: "A1") == .available && f.status(of: "A2") == .available)

        let again = lifecycleError { try f.cinema.cancel(bookingId: booking.id, userId: "alice") }
        guard case .conflict(_, let id)? = again else {
            Issue.record("expected conflict, got \(String(describing: again))"); return
        }
        #expect(id == booking.id)
        guard case .conflict? = lifecycleError({ try f.cinema.confirm(bookingId: booking.id, userId: "alice") }) else {
            Issue.record("confirming a cancelled booking must be a conflict")
            return
        }

        typealias E = LifecycleFixture.Event
        let expected = [
            E(label: "A1", status: "booked", cause: "book", actor: "alice", bookingId: booking.id, at: f.at(0)),
            E(label: "A2", status: "booked", cause: "book", actor: "alice", bookingId: booking.id, at: f.at(0)),
            E(label: "B1", status: "booked", cause: "book", actor: "alice", bookingId: booking.id, at: f.at(0)),
            E(label: "B1", status: "available", cause: "cancel", actor: "alice", bookingId: booking.id, at: f.at(60)),
            E(label: "B1", status: "held", cause: "hold", actor: "bob", bookingId: bobs.id, at: f.at(60)),
            E(label: "A1", status: "available", cause: "cancel", actor: "alice", bookingId: booking.id, at: f.at(120)),
            E(label: "A2", status: "available", cause: "cancel", actor: "alice", bookingId: booking.id, at: f.at(120)),
        ]
        let events = try f.events()
        #expect(events == expected, "log:\n\(events.map(\.description).joined(separator: "\n"))")
    }

    @Test func anExpiredHoldFreesItsSeatsByItself() throws {
        let f = try LifecycleFixture()
        let hold = try f.hold("alice", ["A3", "A4"], ttl: 60)
        #expect(hold.expiresAt == f.at(60))
        f.clock.advance(seconds: 59)
        #expect(try f.status(of: "A3") == .held)
        #expect(try f.cinema.booking(.id(hold.id), userId: "alice").status == .pending)

        f.clock.advance(seconds: 1)
        #expect(try f.status(of: "A3") == .available)
        let map = try f.cinema.seatMap(showingId: f.showing.id, userId: "bob")
        #expect(map.rows.flatMap(\.seats).filter { $0.label.hasPrefix("A") }.allSatisfy { $0.status == .available })
        let expired = try f.cinema.booking(.id(hold.id), userId: "alice")
        #expect(expired.status == .expired)
        #expect(expired.expiresAt == f.at(60))
        #expect(expired.seats.map(\.label) == ["A3", "A4"])

        #expect(
            lifecycleError { try f.cinema.confirm(bookingId: hold.id, userId: "alice") }
                == .holdExpired(bookingId: hold.id, expiredAt: f.at(60)))
        #expect(
            lifecycleError { try f.cinema.extend(bookingId: hold.id, userId: "alice", ttlSeconds: 60) }
                == .holdExpired(bookingId: hold.id, expiredAt: f.at(60)))
        guard case .conflict? = lifecycleError({ try f.cinema.cancel(bookingId: hold.id, userId: "alice") }) else {
            Issue.record("cancelling an expired hold must be a conflict")
            return
        }

        // Another user takes the seat; the old hold still reads as expired, with its seats.
        let bobs = try f.book("bob", ["A3"])
        #expect(bobs.status == .confirmed)
        let after = try f.cinema.booking(.id(hold.id), userId: "alice")
        #expect(after.status == .expired && after.seats.map(\.label) == ["A3", "A4"])
        #expect(try f.status(of: "A3") == .booked && f.status(of: "A4") == .available)
        let expiredEvents = try f.events().filter { $0.cause == "expired" }
        #expect(
            expiredEvents == [
                .init(
                    label: "A3", status: "available", cause: "expired", actor: "system", bookingId: hold.id,
                    at: f.at(60)),
                .init(
                    label: "A4", status: "available", cause: "expired", actor: "system", bookingId: hold.id,
                    at: f.at(60)),
            ])
    }

    @Test func extendMovesTheExpiryButNeverPastTwoHoursAfterTheHold() throws {
        let f = try LifecycleFixture()
        let hold = try f.hold("alice", ["B3"])
        #expect(hold.expiresAt == f.at(600))

        f.clock.advance(seconds: 100)
        let extended = try f.cinema.extend(bookingId: hold.id, userId: "alice", ttlSeconds: 1000)
        #expect(extended.expiresAt == f.at(1100))
        #expect(extended.updatedAt == f.at(100))
        #expect(extended.status == .pending)

        let capped = try f.cinema.extend(bookingId: hold.id, userId: "alice", ttlSeconds: 7200)
        #expect(capped.expiresAt == f.at(7200))

        f.clock.advance(seconds: 7000)  // at 7100
        #expect(try f.cinema.extend(bookingId: hold.id, userId: "alice", ttlSeconds: 600).expiresAt == f.at(7200))
        f.clock.advance(seconds: 100)  // at 7200: the hold has run out, for good
        #expect(
            lifecycleError { try f.cinema.extend(bookingId: hold.id, userId: "alice", ttlSeconds: 600) }
                == .holdExpired(bookingId: hold.id, expiredAt: f.at(7200)))

        for (ttl, seat): (Int64, String) in [(0, "C1"), (-1, "C2"), (7201, "C3")] {
            let fresh = try f.hold("carol\(ttl)", [seat])
            guard
                case .invalidInput(let path, _)? = lifecycleError({
                    try f.cinema.extend(bookingId: fresh.id, userId: "carol\(ttl)", ttlSeconds: ttl)
                })
            else { Issue.record("ttlSeconds \(ttl) must be refused"); continue }
            #expect(path == "ttlSeconds")
        }

        let booked = try f.book("dave", ["C4"])
        guard
            case .conflict? = lifecycleError({
                try f.cinema.extend(bookingId: booked.id, userId: "dave", ttlSeconds: 60)
            })
        else { Issue.record("extending a confirmed booking must be a conflict"); return }
    }

    @Test func anExtensionNeverShortensAHold() throws {
        let f = try LifecycleFixture()
        let hold = try f.hold("alice", ["A1"], ttl: 3000)
        f.clock.advance(seconds: 100)
        let same = try f.cinema.extend(bookingId: hold.id, userId: "alice", ttlSeconds: 60)
        #expect(same.expiresAt == f.at(3000))
        #expect(same.updatedAt == f.at(100))
        #expect(try f.status(of: "A1") == .held)
        f.clock.advance(seconds: 200)
        #expect(try f.status(of: "A1") == .held)
    }

    @Test func aHoldNeverOutlivesSales() throws {
        let f = try LifecycleFixture()
        let salesClose = LifecycleFixture.salesCloseAt
        f.clock.advance(seconds: salesClose.secondsSince1970 - f.start.secondsSince1970 - 1000)
        let hold = try f.hold("alice", ["A2"], ttl: 7200)
        #expect(hold.expiresAt == salesClose)
        f.clock.advance(seconds: 400)
        #expect(try f.cinema.extend(bookingId: hold.id, userId: "alice", ttlSeconds: 7200).expiresAt == salesClose)
        f.clock.advance(seconds: 600)  // exactly at salesCloseAt: the hold ends with sales
        #expect(
            lifecycleError { try f.cinema.confirm(bookingId: hold.id, userId: "alice") }
                == .holdExpired(bookingId: hold.id, expiredAt: salesClose))
    }

    @Test func badRequestsAreRefusedAndWriteNothing() throws {
        let f = try LifecycleFixture()
        _ = try f.book("owner", ["A1"])
        let before = try f.rowCounts()
        let fiftyOne = (1...51).map { "X\($0)" }
        #expect(
            lifecycleError { try f.hold("alice", fiftyOne) }
                == .limitExceeded(name: "maxSeatsPerRequest", limit: 50, value: 51))
        #expect(
            lifecycleError { try f.book("alice", fiftyOne) }
                == .limitExceeded(name: "maxSeatsPerRequest", limit: 50, value: 51))
        for attempt in [{ try f.hold("alice", ["A2", "A2"]) }, { try f.book("alice", ["A2", "A2"]) }] {
            guard case .invalidInput(let path, _)? = lifecycleError(attempt) else {
                Issue.record("a seat named twice must be invalid input")
                continue
            }
            #expect(path == "seats[1]")
        }
        #expect(lifecycleError { try f.hold("alice", ["A2", "Z9"]) } == .seatsNotFound(["Z9"]))
        // Every unknown seat is named, not just the first; labels match whatever their case.
        #expect(lifecycleError { try f.book("alice", ["a2", "Z9", "b1", "y7"]) } == .seatsNotFound(["Z9", "y7"]))
        #expect(
            lifecycleError {
                try f.cinema.hold(HoldRequest(showingId: "no-such-showing", userId: "alice", seats: ["A2"]))
            } == .notFound(kind: "showing", id: "no-such-showing"))
        let a1 = try seatId(f, "A1")
        #expect(
            lifecycleError { try f.book("alice", ["A2", "A1"]) }
                == .seatsUnavailable([SeatState(id: a1, label: "A1", status: .booked, mine: false)]))
        guard case .invalidInput(let path, _)? = lifecycleError({ try f.hold("alice", []) }) else {
            Issue.record("no seats must be invalid input")
            return
        }
        #expect(path == "seats")
        guard case .invalidInput(let ttlPath, _)? = lifecycleError({ try f.hold("alice", ["A2"], ttl: 7201) }) else {
            Issue.record("a hold over 7200 s must be invalid input")
            return
        }
        #expect(ttlPath == "ttlSeconds")
        #expect(try f.rowCounts() == before)
        #expect(try f.status(of: "A2") == .available)
    }

    @Test func salesCloseAtSalesCloseAt() throws {
        let f = try LifecycleFixture()
        let hold = try f.hold("alice", ["A1"], ttl: 7200)
        let booking = try f.book("bob", ["A2"])
        let closing = LifecycleFixture.salesCloseAt.secondsSince1970 - f.start.secondsSince1970
        f.clock.advance(seconds: closing - 1)
        _ = try f.hold("carol", ["A3"])  // one second before: still open

        f.clock.advance(seconds: 1)
        let closed = BoxOfficeError.showingClosed(showingId: f.showing.id, salesCloseAt: LifecycleFixture.salesCloseAt)
        #expect(lifecycleError { try f.hold("dave", ["A4"]) } == closed)
        #expect(lifecycleError { try f.book("dave", ["A4"]) } == closed)
        #expect(lifecycleError { try f.cinema.cancel(bookingId: booking.id, userId: "bob") } == closed)
        // alice's hold ran out long ago (it lasted 7200 s at most).
        #expect(
            lifecycleError { try f.cinema.confirm(bookingId: hold.id, userId: "alice") }
                == .holdExpired(bookingId: hold.id, expiredAt: f.at(7200)))
        #expect(try f.cinema.booking(.id(booking.id), userId: "bob").status == .confirmed)
    }

    @Test func onlyTheUserWhoMadeABookingMayTouchIt() throws {
        let f = try LifecycleFixture()
        let hold = try f.hold("alice", ["B1", "B2"])
        let forbidden = BoxOfficeError.forbidden(bookingId: hold.id)
        #expect(lifecycleError { try f.cinema.booking(.id(hold.id), userId: "bob") } == forbidden)
        // By number, the error names the booking as the stranger named it: no id leaks.
        #expect(
            lifecycleError { try f.cinema.booking(.number(hold.bookingNumber), userId: "bob") }
                == .forbidden(bookingId: hold.bookingNumber))
        #expect(lifecycleError { try f.cinema.confirm(bookingId: hold.id, userId: "bob") } == forbidden)
        #expect(lifecycleError { try f.cinema.extend(bookingId: hold.id, userId: "bob", ttlSeconds: 60) } == forbidden)
        #expect(lifecycleError { try f.cinema.cancel(bookingId: hold.id, userId: "bob") } == forbidden)
        #expect(lifecycleError { try f.cinema.cancel(bookingId: hold.id, userId: "bob", seats: ["B1"]) } == forbidden)
        #expect(try f.cinema.bookings(userId: "bob").bookings.isEmpty)
        // Untouched.
        let still = try f.cinema.booking(.id(hold.id), userId: "alice")
        #expect(still == hold)
        #expect(
            lifecycleError { try f.cinema.booking(.id("nope"), userId: "alice") }
                == .notFound(kind: "booking", id: "nope"))
        #expect(
            lifecycleError { try f.cinema.booking(.number("BX-NOPE"), userId: "alice") }
                == .notFound(kind: "booking", id: "BX-NOPE"))
        #expect(
            lifecycleError { try f.cinema.confirm(bookingId: "nope", userId: "alice") }
                == .notFound(kind: "booking", id: "nope"))
    }

    /// Swift's `==` holds "é" (U+00E9) and "e" + U+0301 equal, the database does not: a
    /// user is the exact code points of its id, so neither can reach the other's booking.
    @Test func usersWhoseIdsOnlyLookAlikeAreStrangers() throws {
        let f = try LifecycleFixture()
        let composed = "jos\u{E9}"
        let decomposed = "jose\u{301}"
        #expect(composed == decomposed)  // Swift's equality: canonical equivalence.
        let hold = try f.hold(composed, ["B1", "B2"])
        let forbidden = BoxOfficeError.forbidden(bookingId: hold.id)
        #expect(lifecycleError { try f.cinema.booking(.id(hold.id), userId: decomposed) } == forbidden)
        #expect(lifecycleError { try f.cinema.confirm(bookingId: hold.id, userId: decomposed) } == forbidden)
        #expect(lifecycleError { try f.cinema.cancel(bookingId: hold.id, userId: decomposed) } == forbidden)
        #expect(try f.cinema.bookings(userId: decomposed).bookings.isEmpty)
        let mine = try f.cinema.seatMap(showingId: f.showing.id, userId: decomposed).rows[1].seats.map(\.mine)
        #expect(mine == [false, false, false, false])
        let theirs = try f.cinema.seatMap(showingId: f.showing.id, userId: composed).rows[1].seats.map(\.mine)
        #expect(theirs == [true, true, false, false])
        #expect(
            try f.cinema.booking(.id(hold.id), userId: composed).userId.unicodeScalars.elementsEqual(
                composed.unicodeScalars))
    }

    /// Lengths count code points, as JSON Schema's `maxLength` does, not what Swift calls
    /// characters: ten flags are 20 code points, 150 accented letters written as pairs 300.
    @Test func lengthLimitsCountCodePoints() throws {
        let f = try LifecycleFixture()
        let tenFlags = String(repeating: "\u{1F1EB}\u{1F1F7}", count: 10)
        #expect(tenFlags.count == 10)
        #expect(
            lifecycleError {
                _ = try f.cinema.createMovie(NewMovie(title: "Flags", durationMinutes: 90, rating: tenFlags))
            }
                == .invalidInput(path: "rating", reason: "must be 1 to 16 characters, not only spaces, when given"))
        let eightFlags = String(repeating: "\u{1F1EB}\u{1F1F7}", count: 8)
        #expect(
            try f.cinema.createMovie(NewMovie(title: "Flags", durationMinutes: 90, rating: eightFlags)).rating
                == eightFlags)
        let longKey = String(repeating: "e\u{301}", count: 150)
        #expect(longKey.count == 150)
        let before = try f.rowCounts()
        #expect(
            lifecycleError { _ = try f.hold("alice", ["A1"], key: longKey) }
                == .invalidInput(path: "idempotencyKey", reason: "must be 1 to 200 characters"))
        #expect(
            lifecycleError { _ = try f.hold(String(repeating: "e\u{301}", count: 101), ["A1"]) }
                == .invalidInput(path: "userId", reason: "must be 1 to 200 characters"))
        #expect(try f.rowCounts() == before)
        #expect(try f.hold(String(repeating: "e\u{301}", count: 100), ["A1"]).seats.count == 1)
    }

    @Test func anIdempotentRetryReturnsTheFirstResultAndWritesNothing() throws {
        let f = try LifecycleFixture()
        let first = try f.book("alice", ["A1", "A2"], expectedTotal: euros(2000), key: "k-1")
        let counts = try f.rowCounts()
        #expect(counts == ["booking": 1, "bookingSeat": 2, "seatEvent": 2, "idempotencyKey": 1, "seatBlock": 0])

        f.clock.advance(seconds: 5)
        let again = try f.book("alice", ["A1", "A2"], expectedTotal: euros(2000), key: "k-1")
        #expect(again == first)
        #expect(try f.rowCounts() == counts)

        for other in [
            { try f.book("alice", ["A1", "A3"], expectedTotal: euros(2000), key: "k-1") },
            { try f.book("alice", ["A1", "A2"], key: "k-1") },
            { try f.hold("alice", ["A1", "A2"], key: "k-1") },
        ] {
            #expect(lifecycleError(other) == .idempotencyKeyReused(key: "k-1", operation: .create))
        }
        #expect(try f.rowCounts() == counts)

        // Keys are per user: bob's k-1 is his own.
        let bobs = try f.hold("bob", ["B1"], key: "k-1")
        #expect(bobs.userId == "bob" && bobs.id != first.id)
        #expect(try f.hold("bob", ["B1"], key: "k-1") == bobs)

        // Confirm by key too.
        let confirmed = try f.cinema.confirm(bookingId: bobs.id, userId: "bob", idempotencyKey: "c-1")
        let after = try f.rowCounts()
        #expect(try f.cinema.confirm(bookingId: bobs.id, userId: "bob", idempotencyKey: "c-1") == confirmed)
        #expect(try f.rowCounts() == after)
    }

    @Test func listingPagesNewestFirstAndFiltersByStatus() throws {
        let f = try LifecycleFixture()
        let pending = try f.hold("alice", ["A1"])  // at 0, expires at 600
        f.clock.advance(seconds: 10)
        let shortHold = try f.hold("alice", ["A2"], ttl: 30)  // at 10, expires at 40
        let confirmed = try f.book("alice", ["A3"])  // at 10 too: ties are ordered by id
        f.clock.advance(seconds: 10)
        let cancelled = try f.book("alice", ["A4"])  // at 20
        _ = try f.cinema.cancel(bookingId: cancelled.id, userId: "alice")
        _ = try f.book("bob", ["B1"])
        f.clock.advance(seconds: 30)  // at 50: the short hold has expired, never reclaimed

        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try f.cinema.bookings(userId: "alice", limit: 1, cursor: cursor)
            #expect(page.bookings.count == 1)
            seen += page.bookings.map(\.id)
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil && pages < 10
        let sameSecond = [shortHold.id, confirmed.id].sorted(by: >)
        #expect(seen == [cancelled.id] + sameSecond + [pending.id])
        #expect(pages == 4)
        #expect(try f.cinema.bookings(userId: "alice", limit: 4).nextCursor == nil)
        #expect(try f.cinema.bookings(userId: "alice", limit: 3).nextCursor != nil)

        func ids(_ status: BookingStatus) throws -> [String] {
            try f.cinema.bookings(userId: "alice", status: status).bookings.map(\.id)
        }
        #expect(try ids(.pending) == [pending.id])
        #expect(try ids(.expired) == [shortHold.id])
        #expect(try f.cinema.bookings(userId: "alice", status: .expired).bookings.first?.status == .expired)
        #expect(try ids(.confirmed) == [confirmed.id])
        #expect(try ids(.cancelled) == [cancelled.id])
        #expect(try f.cinema.bookings(userId: "alice", showingId: f.showing.id).bookings.count == 4)
        #expect(
            lifecycleError { try f.cinema.bookings(userId: "alice", showingId: "nope") }
                == .notFound(kind: "showing", id: "nope"))
        guard
            case .invalidInput(let path, _)? = lifecycleError({ try f.cinema.bookings(userId: "alice", cursor: "junk") }
            )
        else { Issue.record("a junk cursor must be invalid input"); return }
        #expect(path == "cursor")
        guard
            case .invalidInput(let limitPath, _)? = lifecycleError({ try f.cinema.bookings(userId: "alice", limit: 0) })
        else { Issue.record("limit 0 must be invalid input"); return }
        #expect(limitPath == "limit")

        // By number, the same booking as by id.
        let byNumber = try f.cinema.booking(.number(confirmed.bookingNumber), userId: "alice")
        #expect(byNumber == confirmed)
        #expect(try f.cinema.booking(.id(confirmed.id), userId: "alice") == byNumber)
    }
}

private func seatId(_ f: LifecycleFixture, _ label: String) throws -> String {
    try #require(f.cinema.checkSeats(showingId: f.showing.id, seats: [label]).seats.first?.id)
}
