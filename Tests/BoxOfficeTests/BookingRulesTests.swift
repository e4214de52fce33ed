import BoxOffice
import BoxOfficeSQLite
import BoxOfficeTesting
import Foundation
import GRDB
import Testing

/// Who may touch a booking, how long strings are, idempotency keys, and listing pages.
@Suite struct BookingRulesTests {
    @Test func onlyTheUserWhoMadeABookingMayTouchIt() throws {
        let f = try LifecycleFixture()
        let hold = try f.hold("alice", ["B1", "B2"])
        let forbidden = BoxOfficeError.forbidden(bookingId: hold.id)
        #expect(boxOfficeError { try f.cinema.booking(.id(hold.id), userId: "bob") } == forbidden)
        // By number, the error names the booking as the stranger named it: no id leaks.
        #expect(
            boxOfficeError { try f.cinema.booking(.number(hold.bookingNumber), userId: "bob") }
                == .forbidden(bookingId: hold.bookingNumber))
        #expect(boxOfficeError { try f.cinema.confirm(bookingId: hold.id, userId: "bob") } == forbidden)
        #expect(boxOfficeError { try f.cinema.extend(bookingId: hold.id, userId: "bob", ttlSeconds: 60) } == forbidden)
        #expect(boxOfficeError { try f.cinema.cancel(bookingId: hold.id, userId: "bob") } == forbidden)
        #expect(boxOfficeError { try f.cinema.cancel(bookingId: hold.id, userId: "bob", seats: ["B1"]) } == forbidden)
        #expect(try f.cinema.bookings(userId: "bob").bookings.isEmpty)
        // Untouched.
        let still = try f.cinema.booking(.id(hold.id), userId: "alice")
        #expect(still == hold)
        #expect(
            boxOfficeError { try f.cinema.booking(.id("nope"), userId: "alice") }
                == .notFound(kind: "booking", id: "nope"))
        #expect(
            boxOfficeError { try f.cinema.booking(.number("BX-NOPE"), userId: "alice") }
                == .notFound(kind: "booking", id: "BX-NOPE"))
        #expect(
            boxOfficeError { try f.cinema.confirm(bookingId: "nope", userId: "alice") }
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
        #expect(boxOfficeError { try f.cinema.booking(.id(hold.id), userId: decomposed) } == forbidden)
        #expect(boxOfficeError { try f.cinema.confirm(bookingId: hold.id, userId: decomposed) } == forbidden)
        #expect(boxOfficeError { try f.cinema.cancel(bookingId: hold.id, userId: decomposed) } == forbidden)
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
            boxOfficeError {
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
            boxOfficeError { _ = try f.hold("alice", ["A1"], key: longKey) }
                == .invalidInput(path: "idempotencyKey", reason: "must be 1 to 200 characters"))
        #expect(
            boxOfficeError { _ = try f.hold(String(repeating: "e\u{301}", count: 101), ["A1"]) }
                == .invalidInput(path: "userId", reason: "must be 1 to 200 characters"))
        #expect(try f.rowCounts() == before)
        #expect(try f.hold(String(repeating: "e\u{301}", count: 100), ["A1"]).seats.count == 1)
    }

    @Test func anIdempotentRetryReturnsTheFirstResultAndWritesNothing() throws {
        let f = try LifecycleFixture()
        let first = try f.book("alice", ["A1", "A2"], expectedTotal: euros(2000), key: "k-1")
        let counts = try f.rowCounts()
        #expect(counts == ["booking": 1, "claim": 2, "seatEvent": 2, "idempotencyKey": 1])

        f.clock.advance(seconds: 5)
        let again = try f.book("alice", ["A1", "A2"], expectedTotal: euros(2000), key: "k-1")
        #expect(again == first)
        #expect(try f.rowCounts() == counts)

        for other in [
            { try f.book("alice", ["A1", "A3"], expectedTotal: euros(2000), key: "k-1") },
            { try f.book("alice", ["A1", "A2"], key: "k-1") },
            { try f.hold("alice", ["A1", "A2"], key: "k-1") },
        ] {
            #expect(boxOfficeError(other) == .idempotencyKeyReused(key: "k-1", operation: .create))
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
            boxOfficeError { try f.cinema.bookings(userId: "alice", showingId: "nope") }
                == .notFound(kind: "showing", id: "nope"))
        guard
            case .invalidInput(let path, _)? = boxOfficeError({ try f.cinema.bookings(userId: "alice", cursor: "junk") }
            )
        else { Issue.record("a junk cursor must be invalid input"); return }
        #expect(path == "cursor")
        guard
            case .invalidInput(let limitPath, _)? = boxOfficeError({ try f.cinema.bookings(userId: "alice", limit: 0) })
        else { Issue.record("limit 0 must be invalid input"); return }
        #expect(limitPath == "limit")

        // By number, the same booking as by id.
        let byNumber = try f.cinema.booking(.number(confirmed.bookingNumber), userId: "alice")
        #expect(byNumber == confirmed)
        #expect(try f.cinema.booking(.id(confirmed.id), userId: "alice") == byNumber)
    }
}
