import BoxOffice
import BoxOfficeTesting
import Foundation
import GRDB
import Testing

@testable import BoxOfficeSQLite

/// A v2 database with real data, migrated to the lean schema, answers every read of the
/// API exactly as the v2 code did over it; a migration that cannot carry a row over
/// leaves the v2 database as it was.
struct MigrationTests {
    static let v2 = "v2-seatEvent-byShowing"

    /// A v2 database file holding the rows the v2 code wrote in `MigrationScenario`.
    static func v2Database(in directory: ScratchDirectory, extra: String = "") throws -> String {
        let path = directory.path("v2.sqlite")
        let pool = try DatabasePool(path: path)
        try Schema.migrator.migrate(pool, upTo: v2)
        let rows = try String(
            contentsOf: MigrationScenario.directory.appendingPathComponent("v2-cinema.sql"), encoding: .utf8)
        try pool.write { db in
            // The dump lists tables by name, not in the order their keys need.
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            try db.execute(sql: rows)
        }
        if !extra.isEmpty {
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                try db.execute(sql: extra)
                try db.execute(sql: "PRAGMA foreign_keys = ON")
            }
        }
        try pool.close()
        return path
    }

    @Test func everyReadAnswersAsTheV2CodeDid() throws {
        let directory = try ScratchDirectory()
        let path = try Self.v2Database(in: directory)
        let store = try SQLiteStore.open(path: path)
        #expect(try store.info().schemaVersion == 3)

        let clock = ManualClock(start: try .at(MigrationScenario.readAt))
        let cinema = Cinema(store: store, clock: clock, ids: CountingIdentifiers())
        let answers = try MigrationScenario.reads(of: cinema, store: store)
        let expected = try String(
            contentsOf: MigrationScenario.directory.appendingPathComponent("v2-cinema-answers.txt"), encoding: .utf8
        ).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(answers.count * 2 == expected.count)
        for (index, (name, answer)) in answers.enumerated() where 2 * index + 1 < expected.count {
            #expect(name == expected[2 * index])
            #expect(answer == expected[2 * index + 1], "\(name)")
        }
    }

    @Test func everyRowIsCarriedOver() throws {
        let directory = try ScratchDirectory()
        let path = try Self.v2Database(in: directory)
        let before = try DatabaseQueue(path: path).read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COUNT(*) FROM bookingSeat) AS claims,
                           (SELECT COUNT(*) FROM bookingSeat WHERE releasedAt IS NULL) AS liveClaims,
                           (SELECT COUNT(*) FROM seatBlock) AS blocks,
                           (SELECT COUNT(*) FROM seatBlock WHERE unblockedAt IS NULL) AS liveBlocks,
                           (SELECT COUNT(*) FROM booking) AS bookings, (SELECT COUNT(*) FROM seatEvent) AS events,
                           (SELECT MAX(id) FROM seatEvent) AS lastEvent,
                           (SELECT COUNT(*) FROM idempotencyKey) AS keys, (SELECT COUNT(*) FROM seat) AS seats
                    """)
        }
        let store = try SQLiteStore.open(path: path)
        let after = try store.writer.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COUNT(*) FROM claim WHERE booking IS NOT NULL) AS claims,
                           (SELECT COUNT(*) FROM claim WHERE booking IS NOT NULL AND releasedAt IS NULL) AS liveClaims,
                           (SELECT COUNT(*) FROM claim WHERE booking IS NULL) AS blocks,
                           (SELECT COUNT(*) FROM claim WHERE booking IS NULL AND releasedAt IS NULL) AS liveBlocks,
                           (SELECT COUNT(*) FROM booking) AS bookings, (SELECT COUNT(*) FROM seatEvent) AS events,
                           (SELECT MAX(id) FROM seatEvent) AS lastEvent,
                           (SELECT COUNT(*) FROM idempotencyKey WHERE booking IS NOT NULL) AS keys,
                           (SELECT COUNT(*) FROM seat) AS seats
                    """)
        }
        #expect(before == after)
        let leftOver = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name GLOB 'v2_*' OR type = 'trigger'")
        }
        #expect(leftOver == [])
    }

    /// A v2 row the lean schema cannot hold (here a claim of a booking that is not there,
    /// written with foreign keys off) fails the migration as a whole: every v2 table and
    /// row is still there, and the file is still at v2.
    @Test func aMigrationThatFailsChangesNothing() throws {
        let directory = try ScratchDirectory()
        let path = try Self.v2Database(
            in: directory,
            extra: """
                INSERT INTO bookingSeat (bookingId, seatId, showingId, screenId, price)
                SELECT 'no-such-booking', id, '00000000-0000-4000-8000-000000000153', screenId, 100
                FROM seat WHERE label = 'A3' AND screenId = '00000000-0000-4000-8000-000000000005'
                """)
        #expect(throws: DatabaseOpeningError.self) { try SQLiteStore.open(path: path) }
        let state = try DatabaseQueue(path: path).read { db in
            (
                try Schema.migrator.appliedIdentifiers(db),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bookingSeat"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE name = 'claim' OR name GLOB 'v2_*'")
            )
        }
        #expect(state.0 == ["v1-cinema", Self.v2])
        #expect(state.1 == 16)
        #expect(state.2 == 0)
    }
}
