import BoxOffice
import Foundation
import NIOCore
import Testing

@testable import BoxOfficePostgres

/// A booking's statements and a seat map's read must search indexes: on a chain's
/// catalog, a plan that scans (or hashes) the whole `seat`, `claim`, `booking` or
/// `showing` table costs more with every screen, showing and sale. Read from
/// `EXPLAIN (FORMAT JSON)` of the very statements the records send, with their
/// parameters bound, on a catalog large enough (and analyzed) for the planner to weigh
/// it: 20 screens of 400 seats, 20 showings on each, a quarter of them sold 100
/// bookings of 2 seats, one nearly full (175).
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "BOXOFFICE_TEST_POSTGRES_URL names no PostgreSQL server"))
struct PostgresQueryPlanTests {
    /// A chain's catalog on a fresh database, and one showing of it with two free seats
    /// and a sold booking.
    struct Chain {
        let store: PostgresStore
        let showing: String
        let screen: String
        let freeSeats: [String]
        let booking: String

        init() throws {
            let url = try PostgresTestDatabase.fresh()
            store = try PostgresStore.open(url: url)
            // Ids as the store keeps them: 16 bytes, here numbered.
            func id(_ n: String) -> String { "decode(lpad(to_hex(\(n)), 32, '0'), 'hex')" }
            let load = """
                INSERT INTO movie (uuid, title, durationMinutes, createdAt) VALUES (\(id("1")), 'Chain', 100, 0);
                INSERT INTO theater (uuid, name, createdAt) VALUES (\(id("2")), 'Chain', 0);
                INSERT INTO screen (uuid, theater, position, name, layout, capacity)
                SELECT \(id("1000 + g")), 1, g, 'S' || g, 'x', 400 FROM generate_series(1, 20) AS g;
                INSERT INTO seat (uuid, screen, label, rowLabel, rowIndex, number, x, type)
                SELECT \(id("100000 + screen.id * 1000 + n")), screen.id, 'R' || n / 20 || '-' || n % 20 + 1,
                       'R' || n / 20, n / 20, n % 20 + 1, n % 20, 'regular'
                FROM screen, generate_series(0, 399) AS n;
                INSERT INTO showing (uuid, movie, screen, startsAt, endsAt, salesCloseAt, currency, createdAt)
                SELECT \(id("5000000 + screen.id * 100 + k")), 1, screen.id, k * 10000, k * 10000 + 6000,
                       k * 10000 + 5000, 'EUR', 0
                FROM screen, generate_series(1, 20) AS k;
                INSERT INTO showingPrice SELECT id, 'regular', 1000 FROM showing;
                INSERT INTO booking (uuid, bookingNumber, userId, showing, status, total, currency, createdAt,
                                     updatedAt)
                SELECT \(id("10000000 + showing.id * 1000 + b")), 'BX-' || showing.id || '-' || b, 'u' || b % 50,
                       showing.id, 1, 2000, 'EUR', 0, 0
                FROM showing, generate_series(0, 174) AS b WHERE showing.id % 4 = 0 AND (b < 100 OR showing.id = 212);
                INSERT INTO claim (booking, showing, screen, seat, price)
                SELECT booking.id, booking.showing, showing.screen, seat.id, 1000
                FROM booking JOIN showing ON showing.id = booking.showing CROSS JOIN generate_series(0, 1) AS k
                JOIN seat
                  ON seat.uuid = \(id("100000 + showing.screen * 1000 + split_part(booking.bookingNumber, '-', 3)::integer * 2 + k"));
                INSERT INTO seatEvent (showing, seat, status, cause, booking, actor, at)
                SELECT showing, seat, 2, 'book', booking, 'u', 0 FROM claim;
                ANALYZE
                """
            for sql in load.components(separatedBy: ";\n") { try PostgresTestDatabase.admin(url, sql) }
            let ids = try store.read { records in
                try (records as! PostgresRecords).link.rows(
                    Statement(
                        unprepared: """
                            SELECT showing.uuid, screen.uuid, seat.uuid, booking.uuid
                            FROM showing JOIN screen ON screen.id = showing.screen
                            JOIN seat ON seat.screen = screen.id AND seat.rowIndex = 19 AND seat.x IN (18, 19)
                            JOIN booking ON booking.showing = showing.id AND booking.bookingNumber LIKE '%-0'
                            WHERE showing.id = 212 ORDER BY seat.x
                            """)
                ).map { row in try (0..<4).map { try row.id($0) } }
            }
            try #require(ids.count == 2)
            (showing, screen, booking) = (ids[0][0], ids[0][1], ids[0][3])
            freeSeats = ids.map { $0[2] }
        }

        /// The tables `statement`'s plan reads whole, and the plan as text to show on failure.
        func scans(_ statement: Statement) throws -> (scanned: [String], plan: String) {
            try PostgresQueryPlanTests.scans(statement, in: store)
        }
    }

    /// The tables `statement`'s plan on `store`'s database reads whole, by a sequential
    /// scan or an index scan without a condition, and the plan as text to show on failure.
    static func scans(_ statement: Statement, in store: PostgresStore) throws -> (scanned: [String], plan: String) {
        let explain = statement.sentAsText(after: "EXPLAIN (FORMAT JSON) ")
        let json = try store.read { records in
            let row = try #require(try (records as! PostgresRecords).link.row(explain))
            return try row[0].decode(ByteBuffer.self)
        }
        let plan = try JSONSerialization.jsonObject(with: Data(json.readableBytesView))
        var scanned: [String] = []
        func visit(_ node: Any) {
            if let list = node as? [Any] { list.forEach(visit) }
            guard let node = node as? [String: Any] else { return }
            // A sequential scan, or an index read from end to end (no condition, as a merge
            // join may), reads the whole table.
            let type = node["Node Type"] as? String ?? ""
            let whole = type == "Seq Scan" || (type.hasPrefix("Index") && node["Index Cond"] == nil)
            if whole, let table = node["Relation Name"] as? String { scanned.append(table) }
            node.values.forEach(visit)
        }
        visit(plan)
        return (scanned, String(buffer: json))
    }

    static let watched: Set = ["seat", "claim", "booking", "showing"]

    @Test func aBookingsStatementsSearchIndexes() throws {
        let chain = try Chain()
        let now = Timestamp(secondsSince1970: 1)
        let statements: [(String, Statement)] = [
            (
                "booking and claims",
                PostgresRecords.insertBookingStatement(
                    NewBookingRecord(
                        id: "plan-booking", bookingNumber: "BX-1", userId: "ana", showingId: chain.showing,
                        screenId: chain.screen, status: .confirmed, total: Money(amount: 2000, currency: "EUR"),
                        createdAt: now, expiresAt: nil, seats: chain.freeSeats.map { ($0, 1000) }))
            ),
            (
                "booking in one statement",
                PostgresRecords.placeBookingStatement(
                    NewBookingRecord(
                        id: "plan-placed", bookingNumber: "BX-2", userId: "ana", showingId: chain.showing,
                        screenId: chain.screen, status: .confirmed, total: Money(amount: 2000, currency: "EUR"),
                        createdAt: now, expiresAt: nil, seats: chain.freeSeats.map { ($0, 1000) }),
                    events: chain.freeSeats.map {
                        SeatEvent(
                            showingId: chain.showing, seatId: $0, status: .booked, cause: "book",
                            bookingId: "plan-placed", actor: "ana", at: now)
                    }, now: now)
            ),
            (
                "seat log",
                PostgresRecords.seatEventsStatement(
                    chain.freeSeats.map {
                        SeatEvent(
                            showingId: chain.showing, seatId: $0, status: .booked, cause: "book",
                            bookingId: chain.booking, actor: "ana", at: now)
                    })
            ),
            ("expired holds", PostgresRecords.expiredHoldsStatement(showingId: chain.showing, now: now)),
            ("seat map", PostgresRecords.liveClaimsStatement(showingId: chain.showing, now: now, seatIds: nil)),
            (
                "seats to book",
                PostgresRecords.liveClaimsStatement(showingId: chain.showing, now: now, seatIds: chain.freeSeats)
            ),
        ]
        for (name, statement) in statements {
            let (scanned, plan) = try chain.scans(statement)
            #expect(Set(scanned).isDisjoint(with: Self.watched), "\(name) scans \(scanned): \(plan)")
        }
    }

    /// The plans' reading is itself checked: the whole table, asked for, is a scan.
    @Test func aScanIsSeen() throws {
        let store = try PostgresStore.open(url: try PostgresTestDatabase.fresh())
        #expect(
            try Self.scans(Statement(unprepared: "SELECT count(*) FROM seat WHERE label <> ''"), in: store).scanned == [
                "seat"
            ])
    }
}
