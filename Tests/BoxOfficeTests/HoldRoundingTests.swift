import BoxOffice
import BoxOfficeSQLite
import BoxOfficeTesting
import Foundation
import Synchronization
import Testing

/// Times are whole seconds, so a hold made between two seconds counts its ttl from the
/// next one: it may last up to a second more than asked, never less. The 7,200 s cap
/// counts the same way.
@Suite struct HoldRoundingTests {
    /// A clock that stands at a moment with a fraction, moved by hand.
    final class FractionalClock: WallClock {
        let seconds: Mutex<Double>
        init(_ seconds: Double) { self.seconds = Mutex(seconds) }
        func reading() -> ClockReading { ClockReading(secondsSince1970: seconds.withLock { $0 }) }
        func set(_ value: Double) { seconds.withLock { $0 = value } }
    }

    @Test func aReadingBetweenSecondsRoundsBothWays() {
        let reading = ClockReading(secondsSince1970: 100.25)
        #expect(reading.now == Timestamp(secondsSince1970: 100))
        #expect(reading.roundedUp == Timestamp(secondsSince1970: 101))
        let exact = ClockReading(secondsSince1970: 100)
        #expect(exact.now == exact.roundedUp)
    }

    @Test(arguments: [0.01, 0.5, 0.99])
    func aHoldNeverLastsLessThanItsTtl(fraction: Double) throws {
        let start = try Timestamp.at("2030-01-01T00:00:00Z").secondsSince1970
        let clock = FractionalClock(Double(start) + fraction)
        let cinema = Cinema(store: try SQLiteStore.inMemory(), clock: clock, ids: CountingIdentifiers())
        let showing = try LifecycleCatalog.install(into: cinema)
        let hold = try cinema.hold(HoldRequest(showingId: showing.id, userId: "ana", seats: ["A1"], ttlSeconds: 2))
        #expect(hold.createdAt == Timestamp(secondsSince1970: start))
        #expect(hold.expiresAt == Timestamp(secondsSince1970: start + 3))

        // Just short of two seconds after it was made, the seat is still held; just after
        // its expiresAt, it is free.
        clock.set(Double(start) + fraction + 1.999)
        #expect(try cinema.checkSeats(showingId: showing.id, seats: ["A1"]).seats[0].status == .held)
        clock.set(Double(start + 3))
        #expect(try cinema.checkSeats(showingId: showing.id, seats: ["A1"]).seats[0].status == .available)
    }

    @Test func theCapIsCountedAsTheTtlIs() throws {
        let start = try Timestamp.at("2030-01-01T00:00:00Z").secondsSince1970
        let clock = FractionalClock(Double(start) + 0.4)
        let cinema = Cinema(store: try SQLiteStore.inMemory(), clock: clock, ids: CountingIdentifiers())
        let showing = try LifecycleCatalog.install(into: cinema)
        let long = try cinema.hold(
            HoldRequest(showingId: showing.id, userId: "ana", seats: ["A1"], ttlSeconds: 7_200))
        let short = try cinema.hold(HoldRequest(showingId: showing.id, userId: "bo", seats: ["A2"], ttlSeconds: 60))
        #expect(long.expiresAt == Timestamp(secondsSince1970: start + 7_201))

        clock.set(Double(start) + 30.7)
        let extended = try cinema.extend(bookingId: short.id, userId: "bo", ttlSeconds: 7_200)
        #expect(extended.expiresAt == long.expiresAt, "the cap: 7,200 s after the hold's creation rounded up")
    }
}
