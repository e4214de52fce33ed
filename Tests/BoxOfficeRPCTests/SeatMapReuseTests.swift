import BoxOffice
import BoxOfficeRPC
import BoxOfficeSQLite
import BoxOfficeTesting
import Foundation
import JSONRPC
import Synchronization
import Testing

/// `seatmap.get` answers its last bytes again while nothing it shows can have changed,
/// and reads afresh after a commit by this process or another, or when a hold runs out.
struct SeatMapReuseTests {
    /// A store that counts its read snapshots.
    final class CountingReads: CinemaStore {
        let base: SQLiteStore
        private let count = Mutex(0)
        init(base: SQLiteStore) { self.base = base }
        var reads: Int { count.withLock { $0 } }
        func read<T>(_ body: (any CinemaRecords) throws -> T) throws -> T {
            count.withLock { $0 += 1 }
            return try base.read(body)
        }
        func write<T>(_ body: (any CinemaRecordWriter) throws -> T) throws -> T { try base.write(body) }
        func changeFeed() throws -> any ChangeFeed { try base.changeFeed() }
        func info() throws -> StoreInfo { try base.info() }
        func close() throws { try base.close() }
    }

    struct Kiosk {
        let server: Server<UnitOfWork>
        var next: Int64 = 0

        mutating func call(_ method: String, _ params: JSONValue) throws -> JSONValue {
            next += 1
            let request: JSONValue = [
                "jsonrpc": "2.0", "id": .integer(next), "method": .string(method), "params": params,
            ]
            let answer = try #require(server.respond(to: .line(Array(try JSONEncoder().encode(request)))))
            return try JSONDecoder().decode(JSONValue.self, from: Data(answer))
        }

        mutating func raw(_ method: String, _ params: JSONValue) throws -> String {
            next += 1
            let request: JSONValue = ["jsonrpc": "2.0", "id": 0, "method": .string(method), "params": params]
            let answer = try #require(server.respond(to: .line(Array(try JSONEncoder().encode(request)))))
            return String(decoding: answer, as: UTF8.self)
        }
    }

    @Test func aSeatMapIsReusedUntilACommitOrAnExpiryChangesIt() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("reuse.sqlite")
        let store = CountingReads(base: try SQLiteStore.open(path: path))
        let clock = ManualClock(start: try Timestamp.at("2030-01-01T00:00:00Z"))
        let cinema = Cinema(store: store, clock: clock, ids: CountingIdentifiers())
        let served = BoxOfficeService.serving(cinema: cinema, manualClock: clock)
        var kiosk = Kiosk(
            server: Server(registry: served.registry, units: served.units, logger: CapturedLog().logger()))
        let movie = try kiosk.call("movies.create", ["title": "R", "durationMinutes": 90])["result"]
        let theater = try kiosk.call(
            "theaters.create", ["name": "T", "screens": [["name": "S", "layout": ["A: RRRR", "B: RRRR"]]]])["result"]
        let showing = try kiosk.call(
            "showings.create",
            [
                "movieId": movie["id"], "screenId": theater["screens"][0]["id"], "startsAt": "2030-01-02T20:00:00Z",
                "currency": "EUR", "prices": ["regular": 1000],
            ])["result"]["id"]
        let get: JSONValue = ["showingId": showing, "userId": "ana"]

        let first = try kiosk.raw("seatmap.get", get)
        let reads = store.reads
        #expect(try kiosk.raw("seatmap.get", get) == first)
        #expect(store.reads == reads, "nothing changed: no read")

        // This process's own commit.
        _ = try kiosk.call("booking.hold", ["showingId": showing, "userId": "ana", "seats": ["A1"], "ttlSeconds": 60])
        let held = try kiosk.raw("seatmap.get", get)
        #expect(held != first)
        #expect(
            held.contains(#""mine":true,"number":1,"price":{"amount":1000,"currency":"EUR"},"row":"A","status":"held""#)
        )
        // Another user's view of the same showing is an answer of its own.
        let bo = try kiosk.raw("seatmap.get", ["showingId": showing, "userId": "bo"])
        #expect(
            bo.contains(#""mine":false,"number":1,"price":{"amount":1000,"currency":"EUR"},"row":"A","status":"held""#))

        // Another process's commit on the same file.
        let other = Cinema(store: try SQLiteStore.open(path: path), clock: clock, ids: RandomIdentifiers())
        _ = try other.createBooking(BookingRequest(showingId: showing.string ?? "", userId: "cy", seats: ["B4"]))
        let booked = try kiosk.raw("seatmap.get", get)
        #expect(booked.contains(#""row":"B","status":"booked""#), "\(booked)")
        #expect(try kiosk.raw("seatmap.get", get) == booked)

        // The hold runs out with nothing written.
        _ = clock.advance(seconds: 60)
        let expired = try kiosk.raw("seatmap.get", get)
        #expect(!expired.contains(#""status":"held""#), "\(expired)")
        #expect(expired.contains(#""counts":{"available":7,"blocked":0,"booked":1,"held":0}"#), "\(expired)")
    }
}
