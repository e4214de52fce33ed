import BoxOfficeSQLite
import BoxOfficeTesting
import Foundation
import GRDB
import Testing

@testable import BoxOffice

/// A database file keeps the catalog across a close and a reopen, and its schema is
/// what the migrations say.
struct PersistenceTests {
    @Test func theCatalogSurvivesCloseAndReopen() throws {
        let directory = try ScratchDirectory()
        let path = directory.path("cinema.sqlite")
        let clock = ManualClock(start: try .at("2030-01-01T00:00:00Z"))

        let (movie, theater, showing) = try {
            let cinema = Cinema(
                store: try SQLiteStore.open(path: path), clock: clock, ids: CountingIdentifiers())
            let movie = try cinema.createMovie(NewMovie(title: "Harbor Lights", durationMinutes: 104, rating: "R"))
            let theater = try cinema.createTheater(
                NewTheater(
                    name: "Kino Rex", city: "Berlin",
                    screens: [
                        NewScreen(name: "Saal 1", layout: ["A: RRRR..RRRR", "B: WC..PPPP"]),
                        NewScreen(name: "Saal 2", layout: ["A: VVV"]),
                    ]))
            let showing = try cinema.createShowing(
                NewShowing(
                    movieId: movie.id, screenId: theater.screens[0].id, startsAt: try .at("2030-01-02T19:00:00Z"),
                    currency: "EUR",
                    prices: ["regular": 1150, "premium": 1450, "wheelchair": 950, "companion": 950]))
            return (movie, theater, showing)
        }()
        // Every connection of the pool is closed by now: SQLite removes the WAL file
        // when the last connection to a WAL database closes.
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))

        let reopenedStore = try SQLiteStore.open(path: path)
        let reopened = Cinema(store: reopenedStore, clock: clock, ids: CountingIdentifiers())
        #expect(try reopened.movies() == [movie])
        #expect(try reopened.theaters() == [theater])
        #expect(theater.screens.map(\.capacity) == [14, 3])
        #expect(
            try reopened.showings(matching: ShowingFilter())
                == [
                    ShowingSummary(
                        showing: showing, capacity: 14, available: 14,
                        movie: MovieRef(id: movie.id, title: "Harbor Lights"),
                        theater: NamedRef(id: theater.id, name: "Kino Rex"),
                        screen: NamedRef(id: theater.screens[0].id, name: "Saal 1"))
                ])
        #expect(try reopened.showing(id: showing.id) == showing)
        #expect(try reopened.store.info().schemaVersion == 3)
        let seats = try reopenedStore.writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT label FROM seat WHERE screen = (SELECT id FROM screen WHERE uuid = storedId(?))
                    ORDER BY rowIndex, x
                    """,
                arguments: [theater.screens[0].id])
        }
        #expect(seats == ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "B1", "B2", "B3", "B4", "B5", "B6"])
    }

    @Test func migrationsOnAnEmptyFileCreateTheSchema() throws {
        let directory = try ScratchDirectory()
        let path = directory.path("empty.sqlite")
        #expect(!FileManager.default.fileExists(atPath: path))
        let database = try SQLiteStore.open(path: path)

        let tables = try database.writer.read { db in
            try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        }
        for table in [
            "movie", "theater", "screen", "seat", "showing", "showingPrice", "booking", "claim", "idempotencyKey",
            "seatEvent", "bookingStatus", "seatStatus",
        ] {
            #expect(tables.contains(table), "no table \(table) in \(tables.sorted())")
        }
        let indexes = try database.writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        }
        // One partial unique index keeps every live claim, a booking's or a block, alone on
        // its seat; no trigger is needed for that.
        let liveClaim = try #require(indexes.first { $0["name"] == "claim_oneLive" })
        #expect(liveClaim["tbl_name"] == "claim")
        #expect((liveClaim["sql"] as String).contains("UNIQUE"))
        #expect((liveClaim["sql"] as String).contains("(showing, seat) WHERE releasedAt IS NULL"))
        #expect(
            try database.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'")
            } == 0)

        let info = try database.info()
        #expect(info.path == path)
        #expect(info.schemaVersion == 3)
        #expect(info.journalMode == "wal")
        #expect(info.engineVersion.split(separator: ".").count == 3)
        #expect(try database.writer.read { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") } == true)
    }

    @Test func reopeningDoesNotMigrateTwice() throws {
        let directory = try ScratchDirectory()
        let path = directory.path("twice.sqlite")
        _ = try SQLiteStore.open(path: path)
        let again = try SQLiteStore.open(path: path)
        #expect(try again.info().schemaVersion == 3)
        #expect(
            try again.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grdb_migrations") } == 3)
    }

    /// GRDB turns the pool's writer to `synchronous = NORMAL` when it enables WAL, after
    /// any configuration hook: the setting is read back from the connection that commits.
    @Test(arguments: [(Durability.full, 2), (Durability.normal, 1)])
    func theWriterCommitsWithTheDurabilityAsked(durability: Durability, synchronous: Int) throws {
        let directory = try ScratchDirectory()
        let database = try SQLiteStore.open(path: directory.path("durable.sqlite"), durability: durability)
        #expect(try database.writerSynchronous() == synchronous)
        #expect(try database.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == synchronous)
        #expect(try database.info().durability == durability.rawValue)
    }

    /// A group of requests opens a savepoint each: their undo journals must stay in
    /// memory, read back from the connection that commits, where a setting made earlier
    /// could have been undone by the pool.
    @Test func theWriterKeepsTemporaryTablesInMemory() throws {
        let directory = try ScratchDirectory()
        let database = try SQLiteStore.open(path: directory.path("temp.sqlite"))
        #expect(try database.writerTempStore() == 2)
        #expect(try database.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") } == 2)
        #expect(try SQLiteStore.inMemory().writerTempStore() == 2)
    }

    @Test func theDefaultDurabilityIsFull() throws {
        let directory = try ScratchDirectory()
        let database = try SQLiteStore.open(path: directory.path("default.sqlite"))
        #expect(try database.writerSynchronous() == 2)
    }

    @Test func inMemoryDatabasesAreMigratedToo() throws {
        let database = try SQLiteStore.inMemory()
        let info = try database.info()
        #expect(info.path == ":memory:")
        #expect(info.schemaVersion == 3)
        #expect(info.journalMode == "memory")
    }
}

/// A deterministic run restarted on the same file goes on counting where the file ends.
struct CountingResumesTests {
    @Test func countingGoesOnAfterTheIdsAndNumbersInTheDatabase() throws {
        let database = try SQLiteStore.inMemory()
        #expect(try CountingIdentifiers.resuming(after: database).newID() == "00000000-0000-4000-8000-000000000001")

        let clock = ManualClock(start: Timestamp(rfc3339: "2030-01-01T00:00:00Z")!)
        let first = Cinema(store: database, clock: clock, ids: CountingIdentifiers())
        try DemoCatalog.install(into: first)
        let showing = try #require(try first.showings(matching: ShowingFilter()).first?.showing)
        _ = try first.createBooking(BookingRequest(showingId: showing.id, userId: "ann", seats: ["A3"]))

        // The demo holds ids 1 to 157 and the booking 158; its number is BX-000001.
        let resumed = try CountingIdentifiers.resuming(after: database)
        #expect(resumed.newID() == "00000000-0000-4000-8000-000000000159")
        #expect(resumed.newBookingNumber() == "BX-000002")

        let second = Cinema(store: database, clock: clock, ids: try CountingIdentifiers.resuming(after: database))
        let movie = try second.createMovie(NewMovie(title: "After a restart", durationMinutes: 90))
        #expect(movie.id == "00000000-0000-4000-8000-000000000159")
    }
}
