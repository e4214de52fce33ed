import BoxOffice
import BoxOfficeSQLite
import BoxOfficeTesting
import Foundation
import GRDB
import Testing

/// Holds, confirmations, bookings, extensions, cancellations and expiry.
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
            boxOfficeError { try f.book("bob", ["B1", "B2"], expectedTotal: euros(2999)) }
                == .priceChanged(expected: euros(2999), actual: euros(3000)))
        #expect(
            boxOfficeError { try f.book("bob", ["B1", "B2"], expectedTotal: Money(amount: 3000, currency: "USD")) }
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
            case .invalidInput(let path, _)? = boxOfficeError({
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

        let again = boxOfficeError { try f.cinema.cancel(bookingId: booking.id, userId: "alice") }
        guard case .conflict(_, let id)? = again else {
            Issue.record("expected conflict, got \(String(describing: again))"); return
        }
        #expect(id == booking.id)
        guard case .conflict? = boxOfficeError({ try f.cinema.confirm(bookingId: booking.id, userId: "alice") }) else {
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
            boxOfficeError { try f.cinema.confirm(bookingId: hold.id, userId: "alice") }
                == .holdExpired(bookingId: hold.id, expiredAt: f.at(60)))
        #expect(
            boxOfficeError { try f.cinema.extend(bookingId: hold.id, userId: "alice", ttlSeconds: 60) }
                == .holdExpired(bookingId: hold.id, expiredAt: f.at(60)))
        guard case .conflict? = boxOfficeError({ try f.cinema.cancel(bookingId: hold.id, userId: "alice") }) else {
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
            boxOfficeError { try f.cinema.extend(bookingId: hold.id, userId: "alice", ttlSeconds: 600) }
                == .holdExpired(bookingId: hold.id, expiredAt: f.at(7200)))

        for (ttl, seat): (Int64, String) in [(0, "C1"), (-1, "C2"), (7201, "C3")] {
            let fresh = try f.hold("carol\(ttl)", [seat])
            guard
                case .invalidInput(let path, _)? = boxOfficeError({
                    try f.cinema.extend(bookingId: fresh.id, userId: "carol\(ttl)", ttlSeconds: ttl)
                })
            else { Issue.record("ttlSeconds \(ttl) must be refused"); continue }
            #expect(path == "ttlSeconds")
        }

        let booked = try f.book("dave", ["C4"])
        guard
            case .conflict? = boxOfficeError({
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
            boxOfficeError { try f.cinema.confirm(bookingId: hold.id, userId: "alice") }
                == .holdExpired(bookingId: hold.id, expiredAt: salesClose))
    }

    @Test func badRequestsAreRefusedAndWriteNothing() throws {
        let f = try LifecycleFixture()
        _ = try f.book("owner", ["A1"])
        let before = try f.rowCounts()
        let fiftyOne = (1...51).map { "X\($0)" }
        #expect(
            boxOfficeError { try f.hold("alice", fiftyOne) }
                == .limitExceeded(name: "maxSeatsPerRequest", limit: 50, value: 51))
        #expect(
            boxOfficeError { try f.book("alice", fiftyOne) }
                == .limitExceeded(name: "maxSeatsPerRequest", limit: 50, value: 51))
        for attempt in [{ try f.hold("alice", ["A2", "A2"]) }, { try f.book("alice", ["A2", "A2"]) }] {
            guard case .invalidInput(let path, _)? = boxOfficeError(attempt) else {
                Issue.record("a seat named twice must be invalid input")
                continue
            }
            #expect(path == "seats[1]")
        }
        #expect(boxOfficeError { try f.hold("alice", ["A2", "Z9"]) } == .seatsNotFound(["Z9"]))
        // Every unknown seat is named, not just the first; labels match whatever their case.
        #expect(boxOfficeError { try f.book("alice", ["a2", "Z9", "b1", "y7"]) } == .seatsNotFound(["Z9", "y7"]))
        #expect(
            boxOfficeError {
                try f.cinema.hold(HoldRequest(showingId: "no-such-showing", userId: "alice", seats: ["A2"]))
            } == .notFound(kind: "showing", id: "no-such-showing"))
        let a1 = try seatId(f, "A1")
        #expect(
            boxOfficeError { try f.book("alice", ["A2", "A1"]) }
                == .seatsUnavailable([SeatState(id: a1, label: "A1", status: .booked, mine: false)]))
        guard case .invalidInput(let path, _)? = boxOfficeError({ try f.hold("alice", []) }) else {
            Issue.record("no seats must be invalid input")
            return
        }
        #expect(path == "seats")
        guard case .invalidInput(let ttlPath, _)? = boxOfficeError({ try f.hold("alice", ["A2"], ttl: 7201) }) else {
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
        #expect(boxOfficeError { try f.hold("dave", ["A4"]) } == closed)
        #expect(boxOfficeError { try f.book("dave", ["A4"]) } == closed)
        #expect(boxOfficeError { try f.cinema.cancel(bookingId: booking.id, userId: "bob") } == closed)
        // alice's hold ran out long ago (it lasted 7200 s at most).
        #expect(
            boxOfficeError { try f.cinema.confirm(bookingId: hold.id, userId: "alice") }
                == .holdExpired(bookingId: hold.id, expiredAt: f.at(7200)))
        #expect(try f.cinema.booking(.id(booking.id), userId: "bob").status == .confirmed)
    }
}
