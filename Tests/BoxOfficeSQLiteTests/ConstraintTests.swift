import BoxOfficeSQLite
import BoxOfficeTesting
import Foundation
import GRDB
import Testing

@testable import BoxOffice

/// The rules the database itself enforces, whatever the code above it does: tried
/// straight through SQL.
struct ConstraintTests {
    /// A theater with two screens and a showing on the first.
    struct Fixture {
        let cinema: Cinema
        let store: SQLiteStore
        /// The integer keys of the showing, its screen, the other screen and seats.
        let showing: Int64
        let otherShowing: Int64
        let screen: Int64
        let otherScreen: Int64
        let seatA1: Int64
        let seatA2: Int64
        let otherScreenSeat: Int64
        let now: Timestamp

        init() throws {
            let test = try TestCinema()
            cinema = test.cinema
            store = test.store
            now = test.clock.now()
            let movie = try cinema.createMovie(NewMovie(title: "Paper Moons", durationMinutes: 96))
            let theater = try cinema.createTheater(
                NewTheater(
                    name: "Lumière",
                    screens: [
                        NewScreen(name: "Salle 1", layout: ["A: RRRR"]), NewScreen(name: "Salle 2", layout: ["A: RR"]),
                    ]))
            let showingId = try cinema.createShowing(
                NewShowing(
                    movieId: movie.id, screenId: theater.screens[0].id, startsAt: try .at("2030-01-02T19:00:00Z"),
                    currency: "EUR", prices: ["regular": 1000])
            ).id
            let otherShowingId = try cinema.createShowing(
                NewShowing(
                    movieId: movie.id, screenId: theater.screens[1].id, startsAt: try .at("2030-01-02T19:00:00Z"),
                    currency: "EUR", prices: ["regular": 1000])
            ).id
            let store = test.store
            func key(_ sql: String, _ arguments: StatementArguments) throws -> Int64 {
                try store.writer.read { db in try #require(try Int64.fetchOne(db, sql: sql, arguments: arguments)) }
            }
            showing = try key("SELECT id FROM showing WHERE uuid = storedId(?)", [showingId])
            otherShowing = try key("SELECT id FROM showing WHERE uuid = storedId(?)", [otherShowingId])
            let screen = try key("SELECT id FROM screen WHERE uuid = storedId(?)", [theater.screens[0].id])
            let otherScreen = try key("SELECT id FROM screen WHERE uuid = storedId(?)", [theater.screens[1].id])
            self.screen = screen
            self.otherScreen = otherScreen
            let seat = "SELECT id FROM seat WHERE screen = ? AND label = ?"
            seatA1 = try key(seat, [screen, "A1"])
            seatA2 = try key(seat, [screen, "A2"])
            otherScreenSeat = try key(seat, [otherScreen, "A1"])
        }

        /// Inserts a booking of the showing (or of `showing`); `number` makes its id and
        /// booking number unique. Statuses by number: 0 pending, 1 confirmed, 2 cancelled,
        /// 3 expired.
        func insertBooking(_ number: Int, status: Int = 1, showing: Int64? = nil, in db: Database) throws -> Int64 {
            try db.execute(
                sql: """
                    INSERT INTO booking (uuid, bookingNumber, userId, showing, status, total, currency, createdAt, updatedAt, expiresAt)
                    VALUES (?, ?, 'user-1', ?, ?, 1000, 'EUR', ?, ?, ?)
                    """,
                arguments: [
                    "booking-\(number)", "BX-\(number)", showing ?? self.showing, status, now, now,
                    status == 0 ? now.adding(seconds: 600) : nil,
                ])
            return db.lastInsertedRowID
        }

        func insertClaim(
            booking: Int64, seat: Int64, screen: Int64? = nil, releasedAt: Timestamp? = nil, in db: Database
        ) throws {
            try db.execute(
                sql:
                    "INSERT INTO claim (booking, seat, showing, screen, price, releasedAt) VALUES (?, ?, ?, ?, 1000, ?)",
                arguments: [booking, seat, showing, screen ?? self.screen, releasedAt])
        }

        func insertBlock(seat: Int64, unblockedAt: Timestamp? = nil, in db: Database) throws {
            try db.execute(
                sql:
                    "INSERT INTO claim (showing, screen, seat, reason, blockedAt, releasedAt) VALUES (?, ?, ?, 'broken', ?, ?)",
                arguments: [showing, screen, seat, now, unblockedAt])
        }

        /// Live claims of bookings and blocks alike.
        func liveClaims() throws -> Int {
            try store.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM claim WHERE releasedAt IS NULL") ?? -1
            }
        }
    }

    private func expectConstraint(
        _ code: ResultCode, sourceLocation: SourceLocation = #_sourceLocation, _ write: (Database) throws -> Void,
        in fixture: Fixture
    ) {
        let error = #expect(throws: DatabaseError.self, sourceLocation: sourceLocation) {
            try fixture.store.writer.write(write)
        }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT, sourceLocation: sourceLocation)
        #expect(error?.extendedResultCode == code, "\(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test func aSecondLiveClaimOnOneSeatIsRefused() throws {
        let fixture = try Fixture()
        try fixture.store.writer.write { db in
            let first = try fixture.insertBooking(1, in: db)
            try fixture.insertClaim(booking: first, seat: fixture.seatA1, in: db)
        }
        expectConstraint(
            .SQLITE_CONSTRAINT_UNIQUE,
            { db in
                let second = try fixture.insertBooking(2, status: 0, in: db)
                try fixture.insertClaim(booking: second, seat: fixture.seatA1, in: db)
            }, in: fixture)
        // The failed transaction left nothing behind: not even the second booking.
        #expect(try fixture.liveClaims() == 1)
        #expect(
            try fixture.store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM booking") }
                == 1)
        // Another seat of the same showing is fine.
        try fixture.store.writer.write { db in
            let third = try fixture.insertBooking(3, in: db)
            try fixture.insertClaim(booking: third, seat: fixture.seatA2, in: db)
        }
        #expect(try fixture.liveClaims() == 2)
    }

    @Test func releasedClaimsMayStandBesideALiveOne() throws {
        let fixture = try Fixture()
        try fixture.store.writer.write { db in
            let cancelled = try fixture.insertBooking(1, status: 2, in: db)
            try fixture.insertClaim(booking: cancelled, seat: fixture.seatA1, releasedAt: fixture.now, in: db)
            let expired = try fixture.insertBooking(2, status: 3, in: db)
            try fixture.insertClaim(booking: expired, seat: fixture.seatA1, releasedAt: fixture.now, in: db)
            let live = try fixture.insertBooking(3, in: db)
            try fixture.insertClaim(booking: live, seat: fixture.seatA1, in: db)
            // And a released claim may come after the live one, too.
            let later = try fixture.insertBooking(4, status: 2, in: db)
            try fixture.insertClaim(booking: later, seat: fixture.seatA1, releasedAt: fixture.now, in: db)
        }
        #expect(try fixture.liveClaims() == 1)
        #expect(
            try fixture.store.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM claim")
            }
                == 4)
    }

    /// Blocks and bookings' seats are claims of one table: its one partial unique index
    /// keeps them apart, with no trigger.
    @Test func aClaimedSeatCannotBeBlocked() throws {
        let fixture = try Fixture()
        try fixture.store.writer.write { db in
            let booking = try fixture.insertBooking(1, in: db)
            try fixture.insertClaim(booking: booking, seat: fixture.seatA1, in: db)
        }
        expectConstraint(
            .SQLITE_CONSTRAINT_UNIQUE, { db in try fixture.insertBlock(seat: fixture.seatA1, in: db) }, in: fixture)
        // A block already lifted may be recorded, and another seat may be blocked.
        try fixture.store.writer.write { db in
            try fixture.insertBlock(seat: fixture.seatA1, unblockedAt: fixture.now, in: db)
            try fixture.insertBlock(seat: fixture.seatA2, in: db)
        }
    }

    @Test func theRefusalNamesTheShowingAndTheSeat() throws {
        let fixture = try Fixture()
        try fixture.store.writer.write { db in
            let booking = try fixture.insertBooking(1, in: db)
            try fixture.insertClaim(booking: booking, seat: fixture.seatA1, in: db)
        }
        let error = #expect(throws: DatabaseError.self) {
            try fixture.store.writer.write { db in try fixture.insertBlock(seat: fixture.seatA1, in: db) }
        }
        #expect(error?.message == "UNIQUE constraint failed: claim.showing, claim.seat")
    }

    @Test func aBlockedSeatCannotBeClaimed() throws {
        let fixture = try Fixture()
        try fixture.store.writer.write { db in try fixture.insertBlock(seat: fixture.seatA1, in: db) }
        expectConstraint(
            .SQLITE_CONSTRAINT_UNIQUE,
            { db in
                let booking = try fixture.insertBooking(1, in: db)
                try fixture.insertClaim(booking: booking, seat: fixture.seatA1, in: db)
            }, in: fixture)
        // A released claim on a blocked seat is history, not a claim: allowed.
        try fixture.store.writer.write { db in
            let booking = try fixture.insertBooking(2, status: 2, in: db)
            try fixture.insertClaim(booking: booking, seat: fixture.seatA1, releasedAt: fixture.now, in: db)
        }
    }

    @Test func aSeatCannotBeBlockedTwice() throws {
        let fixture = try Fixture()
        try fixture.store.writer.write { db in try fixture.insertBlock(seat: fixture.seatA1, in: db) }
        expectConstraint(
            .SQLITE_CONSTRAINT_UNIQUE, { db in try fixture.insertBlock(seat: fixture.seatA1, in: db) }, in: fixture)
    }

    @Test func aClaimOnASeatOfAnotherScreenIsRefused() throws {
        let fixture = try Fixture()
        // The seat of Salle 2, with the showing's own screen: no such (seat, screen).
        expectConstraint(
            .SQLITE_CONSTRAINT_FOREIGNKEY,
            { db in
                let booking = try fixture.insertBooking(1, in: db)
                try fixture.insertClaim(booking: booking, seat: fixture.otherScreenSeat, in: db)
            }, in: fixture)
        // The seat of Salle 2 with Salle 2 named as the screen: no such (showing, screen).
        expectConstraint(
            .SQLITE_CONSTRAINT_FOREIGNKEY,
            { db in
                let booking = try fixture.insertBooking(2, in: db)
                try fixture.insertClaim(
                    booking: booking, seat: fixture.otherScreenSeat, screen: fixture.otherScreen, in: db)
            }, in: fixture)
        #expect(try fixture.liveClaims() == 0)
    }

    @Test func aBlockOnASeatOfAnotherScreenIsRefused() throws {
        let fixture = try Fixture()
        expectConstraint(
            .SQLITE_CONSTRAINT_FOREIGNKEY, { db in try fixture.insertBlock(seat: fixture.otherScreenSeat, in: db) },
            in: fixture)
    }

    @Test func aClaimNeedsItsBookingForTheSameShowing() throws {
        let fixture = try Fixture()
        expectConstraint(
            .SQLITE_CONSTRAINT_FOREIGNKEY,
            { db in try fixture.insertClaim(booking: 999, seat: fixture.seatA1, in: db) }, in: fixture)
        // A booking of the other showing cannot claim a seat of this one.
        expectConstraint(
            .SQLITE_CONSTRAINT_FOREIGNKEY,
            { db in
                let booking = try fixture.insertBooking(1, showing: fixture.otherShowing, in: db)
                try fixture.insertClaim(booking: booking, seat: fixture.seatA1, in: db)
            }, in: fixture)
    }

    @Test func aPendingBookingNeedsAnExpiry() throws {
        let fixture = try Fixture()
        expectConstraint(
            .SQLITE_CONSTRAINT_CHECK,
            { db in
                try db.execute(
                    sql: """
                        INSERT INTO booking (uuid, bookingNumber, userId, showing, status, total, currency, createdAt, updatedAt)
                        VALUES ('b', 'BX-1', 'u', ?, 0, 0, 'EUR', 0, 0)
                        """, arguments: [fixture.showing])
            }, in: fixture)
    }

    @Test func statusesAreOnlyTheNumbersTheirTablesName() throws {
        let fixture = try Fixture()
        expectConstraint(
            .SQLITE_CONSTRAINT_CHECK, { db in _ = try fixture.insertBooking(1, status: 4, in: db) }, in: fixture)
        expectConstraint(
            .SQLITE_CONSTRAINT_CHECK,
            { db in
                try db.execute(
                    sql: """
                        INSERT INTO seatEvent (showing, seat, status, cause, actor, at)
                        VALUES (?, ?, 4, 'hold', 'u', 0)
                        """, arguments: [fixture.showing, fixture.seatA1])
            }, in: fixture)
        let names = try fixture.store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM bookingStatus ORDER BY id")
                + String.fetchAll(db, sql: "SELECT name FROM seatStatus ORDER BY id")
        }
        #expect(names == BookingStatus.allCases.map(\.rawValue) + ["available", "held", "booked", "blocked"])
    }

    /// A booking's claim has a price and no block's fields; a block has its time and no
    /// price.
    @Test func aClaimIsABookingsSeatOrABlockNeverBoth() throws {
        let fixture = try Fixture()
        expectConstraint(
            .SQLITE_CONSTRAINT_CHECK,
            { db in
                try db.execute(
                    sql: "INSERT INTO claim (showing, screen, seat, price, blockedAt) VALUES (?, ?, ?, 100, 0)",
                    arguments: [fixture.showing, fixture.screen, fixture.seatA1])
            }, in: fixture)
        expectConstraint(
            .SQLITE_CONSTRAINT_CHECK,
            { db in
                try db.execute(
                    sql: "INSERT INTO claim (showing, screen, seat) VALUES (?, ?, ?)",
                    arguments: [fixture.showing, fixture.screen, fixture.seatA1])
            }, in: fixture)
        expectConstraint(
            .SQLITE_CONSTRAINT_CHECK,
            { db in
                let booking = try fixture.insertBooking(1, in: db)
                try db.execute(
                    sql: "INSERT INTO claim (booking, showing, screen, seat) VALUES (?, ?, ?, ?)",
                    arguments: [booking, fixture.showing, fixture.screen, fixture.seatA1])
            }, in: fixture)
    }
}
