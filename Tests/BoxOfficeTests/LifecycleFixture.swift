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
struct LifecycleFixture {
    let test: TestCinema
    let cinema: Cinema
    let store: SQLiteStore
    let clock: ManualClock
    let showing: Showing
    let start: Timestamp

    static let salesCloseAt = LifecycleCatalog.salesCloseAt

    init() throws {
        let test = try TestCinema()
        self.test = test
        start = test.clock.now()
        clock = test.clock
        store = test.store
        cinema = test.cinema
        showing = try LifecycleCatalog.install(into: cinema)
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
                    SELECT seat.label, seatStatus.name AS status, seatEvent.cause, seatEvent.actor,
                           \(StoredSQL.uuid("booking.uuid")) AS bookingId, seatEvent.at
                    FROM seatEvent JOIN seat ON seat.id = seatEvent.seat
                    JOIN seatStatus ON seatStatus.id = seatEvent.status LEFT JOIN booking ON booking.id = seatEvent.booking
                    WHERE seatEvent.showing = (SELECT id FROM showing WHERE uuid = storedId(?)) ORDER BY seatEvent.id
                    """, arguments: [showing.id]
            ).map {
                Event(
                    label: $0["label"], status: $0["status"], cause: $0["cause"], actor: $0["actor"],
                    bookingId: $0["bookingId"], at: $0["at"])
            }
        }
    }
}

func euros(_ amount: Int64) -> Money { Money(amount: amount, currency: "EUR") }

func seatId(_ f: LifecycleFixture, _ label: String) throws -> String {
    try #require(f.cinema.checkSeats(showingId: f.showing.id, seats: [label]).seats.first?.id)
}
