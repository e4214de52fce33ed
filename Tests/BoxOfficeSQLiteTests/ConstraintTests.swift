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
        let showingId: String
        let screenId: String
        let otherScreenId: String
        let seatA1: String
        let seatA2: String
        let otherScreenSeat: String
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
            screenId = theater.screens[0].id
            otherScreenId = theater.screens[1].id
            showingId = try cinema.createShowing(
                NewShowing(
                    movieId: movie.id, screenId: screenId, startsAt: try .at("2030-01-02T19:00:00Z"), currency: "EUR",
                    prices: ["regular": 1000])
            ).id
            (seatA1, seatA2, otherScreenSeat) = try store.writer.read { [screenId, otherScreenId] db in
                (
                    try #require(
                        try String.fetchOne(
                            db, sql: "SELECT id FROM seat WHERE screenId = ? AND label = 'A1'", arguments: [screenId])),
                    try #require(
                        try String.fetchOne(
                            db, sql: "SELECT id FROM seat WHERE screenId = ? AND label = 'A2'", arguments: [screenId])),
                    try #require(
                        try String.fetchOne(
                            db, sql: "SELECT id FROM seat WHERE screenId = ? AND label = 'A1'",
                            arguments: [otherScreenId]))
                )
            }
        }

        /// Inserts a booking of the showing; `number` makes its id and booking number unique.
        func insertBooking(_ number: Int, status: String = "confirmed", in db: Database) throws -> String {
            let id = "booking-\(number)"
            try db.execute(
                sql: """
                    INSERT INTO booking (id, bookingNumber, userId, showingId, status, total, currency, createdAt, updatedAt, expiresAt)
                    VALUES (?, ?, 'user-1', ?, ?, 1000, 'EUR', ?, ?, ?)
                    """,
                arguments: [
                    id, "BX-\(number)", showingId, status, now, now,
                    status == "pending" ? now.adding(seconds: 600) : nil,
                ])
            return id
        }

        func insertClaim(
            booking: String, seat: String, screen: String? = nil, releasedAt: Timestamp? = nil, in db: Database
        ) throws {
            try db.execute(
                sql:
                    "INSERT INTO bookingSeat (bookingId, seatId, showingId, screenId, price, releasedAt) VALUES (?, ?, ?, ?, 1000, ?)",
                arguments: [booking, seat, showingId, screen ?? screenId, releasedAt])
        }

        func insertBlock(seat: String, unblockedAt: Timestamp? = nil, in db: Database) throws {
            try db.execute(
                sql:
                    "INSERT INTO seatBlock (showingId, screenId, seatId, reason, blockedAt, unblockedAt) VALUES (?, ?, ?, 'broken', ?, ?)",
                arguments: [showingId, screenId, seat, now, unblockedAt])
        }

        func liveClaims() throws -> Int {
            try store.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bookingSeat WHERE releasedAt IS NULL") ?? -1
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
                let second = try fixture.insertBooking(2, status: "pending", in: db)
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
            let cancelled = try fixture.insertBooking(1, status: "cancelled", in: db)
            try fixture.insertClaim(booking: cancelled, seat: fixture.seatA1, releasedAt: fixture.now, in: db)
            let expired = try fixture.insertBooking(2, status: "expired", in: db)
            try fixture.insertClaim(booking: expired, seat: fixture.seatA1, releasedAt: fixture.now, in: db)
            let live = try fixture.insertBooking(3, in: db)
            try fixture.insertClaim(booking: live, seat: fixture.seatA1, in: db)
            // And a released claim may come after the live one, too.
            let later = try fixture.insertBooking(4, status: "cancelled", in: db)
            try fixture.insertClaim(booking: later, seat: fixture.seatA1, releasedAt: fixture.now, in: db)
        }
        #expect(try fixture.liveClaims() == 1)
        #expect(
            try fixture.store.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bookingSeat")
            }
                == 4)
    }

    @Test func aClaimedSeatCannotBeBlocked() throws {
        let fixture = try Fixture()
        try fixture.store.writer.write { db in
            let booking = try fixture.insertBooking(1, in: db)
            try fixture.insertClaim(booking: booking, seat: fixture.seatA1, in: db)
        }
        expectConstraint(
            .SQLITE_CONSTRAINT_TRIGGER, { db in try fixture.insertBlock(seat: fixture.seatA1, in: db) }, in: fixture)
        // A block already lifted may be recorded, and another seat may be blocked.
        try fixture.store.writer.write { db in
            try fixture.insertBlock(seat: fixture.seatA1, unblockedAt: fixture.now, in: db)
            try fixture.insertBlock(seat: fixture.seatA2, in: db)
        }
    }

    @Test func theTriggerSaysWhy() throws {
        let fixture = try Fixture()
        try fixture.store.writer.write { db in
            let booking = try fixture.insertBooking(1, in: db)
            try fixture.insertClaim(booking: booking, seat: fixture.seatA1, in: db)
        }
        let error = #expect(throws: DatabaseError.self) {
            try fixture.store.writer.write { db in try fixture.insertBlock(seat: fixture.seatA1, in: db) }
        }
        #expect(error?.message == "seat is claimed by a booking")
    }

    @Test func aBlockedSeatCannotBeClaimed() throws {
        let fixture = try Fixture()
        try fixture.store.writer.write { db in try fixture.insertBlock(seat: fixture.seatA1, in: db) }
        expectConstraint(
            .SQLITE_CONSTRAINT_TRIGGER,
            { db in
                let booking = try fixture.insertBooking(1, in: db)
                try fixture.insertClaim(booking: booking, seat: fixture.seatA1, in: db)
            }, in: fixture)
        // A released claim on a blocked seat is history, not a claim: allowed.
        try fixture.store.writer.write { db in
            let booking = try fixture.insertBooking(2, status: "cancelled", in: db)
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
                    booking: booking, seat: fixture.otherScreenSeat, screen: fixture.otherScreenId, in: db)
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
            { db in
                try fixture.insertClaim(booking: "no-such-booking", seat: fixture.seatA1, in: db)
            }, in: fixture)
    }

    @Test func aPendingBookingNeedsAnExpiry() throws {
        let fixture = try Fixture()
        expectConstraint(
            .SQLITE_CONSTRAINT_CHECK,
            { db in
                try db.execute(
                    sql: """
                        INSERT INTO booking (id, bookingNumber, userId, showingId, status, total, currency, createdAt, updatedAt)
                        VALUES ('b', 'BX-1', 'u', ?, 'pending', 0, 'EUR', 0, 0)
                        """, arguments: [fixture.showingId])
            }, in: fixture)
    }
}
