import BoxOfficeSQLite
import BoxOfficeTesting
import Foundation
import Synchronization
import Testing

@testable import BoxOffice

/// Live seat maps in the domain: what a subscriber is told after holds, bookings,
/// blocks, cancellations and expiries, coalesced, and nothing when nothing happened.
struct LiveSeatMapsTests {
    @Test func aSubscriberIsToldWhatChangedAndNothingElse() throws {
        let f = try LifecycleFixture()
        let live = LiveSeatMaps(cinema: f.cinema)
        let subscription = try live.subscribe(showingId: f.showing.id, userId: "ana")
        #expect(subscription.id == "sub-1")
        #expect(subscription.cursor == 0)
        #expect(subscription.snapshot.counts.available == 12)
        #expect(try live.changes().isEmpty)

        let hold = try f.hold("ana", ["A1", "A2"])
        let afterHold = try live.changes()
        #expect(afterHold.count == 1)
        #expect(afterHold.first?.seats.map(\.label) == ["A1", "A2"])
        #expect(afterHold.first?.seats.map(\.status) == [.held, .held])
        #expect(afterHold.first?.seats.map(\.mine) == [true, true])
        #expect(afterHold.first?.counts == SeatCounts(available: 10, held: 2, booked: 0, blocked: 0))
        #expect(afterHold.first?.cursor == 2)
        #expect(try live.changes().isEmpty, "told once")

        _ = try f.cinema.confirm(bookingId: hold.id, userId: "ana")
        _ = try f.book("bo", ["B1"])
        _ = try f.cinema.blockSeats(showingId: f.showing.id, seats: ["C4"])
        let burst = try #require(try live.changes().first)
        #expect(
            burst.seats.map { "\($0.label) \($0.status) \($0.mine ?? false)" } == [
                "A1 booked true", "A2 booked true", "B1 booked false", "C4 blocked false",
            ])
        #expect(burst.counts == SeatCounts(available: 8, held: 0, booked: 3, blocked: 1))
        #expect(burst.cursor == 6)
    }

    @Test func aSeatThatChangedAndChangedBackIsNotTold() throws {
        let f = try LifecycleFixture()
        let live = LiveSeatMaps(cinema: f.cinema)
        _ = try live.subscribe(showingId: f.showing.id)
        let hold = try f.hold("ana", ["A1", "A2"])
        _ = try f.cinema.cancel(bookingId: hold.id, userId: "ana", seats: ["A1"])
        let change = try #require(try live.changes().first)
        #expect(change.seats.map(\.label) == ["A2"])
        #expect(change.seats.first?.mine == nil, "no user, no mine")
        _ = try f.cinema.cancel(bookingId: hold.id, userId: "ana")
        _ = try f.hold("bo", ["A2"])
        #expect(try live.changes().isEmpty, "A2 is held again, as the subscriber was told")
    }

    @Test func aHoldRunningOutIsToldWithNothingWritten() throws {
        let f = try LifecycleFixture()
        let live = LiveSeatMaps(cinema: f.cinema)
        _ = try f.hold("ana", ["B2", "B3"], ttl: 60)
        let subscription = try live.subscribe(showingId: f.showing.id)
        #expect(live.nextExpiry == f.at(60))
        f.clock.advance(seconds: 59)
        #expect(try live.changes().isEmpty)
        let rows = try f.rowCounts()
        f.clock.advance(seconds: 1)
        let change = try #require(try live.changes().first)
        #expect(change.seats.map { "\($0.label) \($0.status)" } == ["B2 available", "B3 available"])
        #expect(change.cursor == subscription.cursor, "no log line, so the cursor stays")
        #expect(try f.rowCounts() == rows, "telling wrote nothing")
        #expect(live.nextExpiry == nil)
        // The next transaction on the showing writes the expiry down; nothing new to tell.
        _ = try f.hold("bo", ["A1"])
        #expect(try live.changes().map { $0.seats.map(\.label) } == [["A1"]])
    }

    @Test func anotherStoreOnTheSameFileIsSeen() throws {
        let directory = try ScratchDirectory()
        let path = directory.path("live.sqlite")
        let clock = ManualClock(start: try .at("2030-01-01T00:00:00Z"))
        let here = Cinema(store: try SQLiteStore.open(path: path), clock: clock, ids: CountingIdentifiers())
        let movie = try here.createMovie(NewMovie(title: "Two Stores", durationMinutes: 90, rating: nil))
        let theater = try here.createTheater(
            NewTheater(name: "Odeon", city: nil, screens: [NewScreen(name: "One", layout: ["A: RRRR"])]))
        let showing = try here.createShowing(
            NewShowing(
                movieId: movie.id, screenId: theater.screens[0].id, startsAt: try .at("2030-01-02T20:00:00Z"),
                currency: "EUR", prices: ["regular": 1000]))
        let live = LiveSeatMaps(cinema: here)
        _ = try live.subscribe(showingId: showing.id)
        _ = try live.changes()

        let there = Cinema(store: try SQLiteStore.open(path: path), clock: clock, ids: RandomIdentifiers())
        _ = try there.createBooking(BookingRequest(showingId: showing.id, userId: "bo", seats: ["A3"]))
        #expect(try live.changes().map { $0.seats.map(\.label) } == [["A3"]])
    }

    @Test func subscriptionsAreLimitedAndEndOnUnsubscribe() throws {
        let f = try LifecycleFixture()
        let live = LiveSeatMaps(cinema: f.cinema, limit: 2)
        #expect(
            boxOfficeError { try live.subscribe(showingId: countedID(999)) }
                == .notFound(kind: "showing", id: countedID(999)))
        #expect(!live.isWatching, "a refused subscription is none")
        let first = try live.subscribe(showingId: f.showing.id)
        let second = try live.subscribe(showingId: f.showing.id, userId: "bo")
        #expect(
            boxOfficeError { try live.subscribe(showingId: f.showing.id) }
                == .limitExceeded(name: "maxSubscriptions", limit: 2, value: 3))
        #expect(boxOfficeError { try live.unsubscribe("sub-9") } == .notFound(kind: "subscription", id: "sub-9"))
        try live.unsubscribe(first.id)
        _ = try f.hold("bo", ["A4"])
        let changes = try live.changes()
        #expect(changes.map(\.subscription) == [second.id])
        #expect(changes.first?.seats.first?.mine == true)
        try live.unsubscribe(second.id)
        #expect(!live.isWatching)
        #expect(boxOfficeError { try live.unsubscribe(second.id) } == .notFound(kind: "subscription", id: second.id))
    }

    @Test func withoutSubscriptionsTheStoreIsNeverAsked() throws {
        let test = try TestCinema()
        let store = CountingStore(test.store)
        let live = LiveSeatMaps(cinema: Cinema(store: store, clock: test.clock, ids: CountingIdentifiers()))
        for _ in 0..<100 { #expect(try live.changes().isEmpty) }
        #expect(store.calls == 0)
        #expect(!live.isWatching)
        #expect(live.nextExpiry == nil)
    }

    /// The seat map at subscribing, with every change applied, is the seat map now.
    @Test(arguments: [1, 2, 3])
    func theSubscribeAnswerPlusTheChangesIsTheSeatMapNow(seed: UInt64) throws {
        let f = try LifecycleFixture()
        let live = LiveSeatMaps(cinema: f.cinema)
        let subscription = try live.subscribe(showingId: f.showing.id, userId: "u1")
        var view = subscription.snapshot.seatMap
        var random = SplitMix64(state: seed)
        let labels = subscription.snapshot.layout.seats.map(\.label)
        var lastCursor = subscription.cursor
        for step in 0..<60 {
            let user = "u\(Int.random(in: 1...3, using: &random))"
            let seats = Array(labels.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
            switch Int.random(in: 0..<6, using: &random) {
            case 0: _ = try? f.hold(user, seats, ttl: Int64.random(in: 30...120, using: &random))
            case 1: _ = try? f.book(user, seats)
            case 2: _ = try? f.cinema.blockSeats(showingId: f.showing.id, seats: seats)
            case 3: _ = try? f.cinema.unblockSeats(showingId: f.showing.id, seats: seats)
            case 4:
                let bookings = try f.cinema.bookings(userId: user).bookings
                if let booking = bookings.randomElement(using: &random) {
                    _ = try? f.cinema.cancel(bookingId: booking.id, userId: user)
                }
            default: f.clock.advance(seconds: Int64.random(in: 1...40, using: &random))
            }
            if step % 3 == 0 {
                for change in try live.changes() {
                    #expect(change.cursor >= lastCursor)
                    lastCursor = change.cursor
                    view.apply(change)
                }
            }
        }
        for change in try live.changes() { view.apply(change) }
        #expect(view == (try f.cinema.seatMap(showingId: f.showing.id, userId: "u1")), "seed \(seed)")
    }
}

extension SeatMap {
    /// The seat map with a change applied, as a client applies it.
    mutating func apply(_ change: SeatMapChange) {
        for seat in change.seats {
            for row in rows.indices {
                for index in rows[row].seats.indices where rows[row].seats[index].id == seat.id {
                    rows[row].seats[index].status = seat.status
                    rows[row].seats[index].mine = seat.mine
                }
            }
        }
        counts = change.counts
    }
}

/// A store that counts every call made to it, to show that nothing was asked.
final class CountingStore: CinemaStore {
    private let store: SQLiteStore
    private let count = Mutex(0)

    init(_ store: SQLiteStore) { self.store = store }

    var calls: Int { count.withLock { $0 } }

    func read<T>(_ body: (any CinemaRecords) throws -> T) throws -> T {
        count.withLock { $0 += 1 }
        return try store.read(body)
    }

    func write<T>(_ body: (any CinemaRecordWriter) throws -> T) throws -> T {
        count.withLock { $0 += 1 }
        return try store.write(body)
    }

    func changeFeed() throws -> any ChangeFeed {
        count.withLock { $0 += 1 }
        return try store.changeFeed()
    }

    func info() throws -> StoreInfo {
        count.withLock { $0 += 1 }
        return try store.info()
    }

    func close() throws { try store.close() }
}
