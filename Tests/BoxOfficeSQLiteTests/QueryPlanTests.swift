import BoxOffice
import BoxOfficeTesting
import GRDB
import Synchronization
import Testing

@testable import BoxOfficeSQLite

/// A seat map's one query for live claims must stay an index search: on a busy showing
/// a full scan of every claim ever made would grow with the history.
struct QueryPlanTests {
    static func plan(_ sql: String, _ arguments: StatementArguments) throws -> [String] {
        let database = try SQLiteStore.inMemory()
        return try database.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    @Test(arguments: [false, true])
    func liveClaimsSearchThePartialUniqueIndex(filteringSeats: Bool) throws {
        let plan = try Self.plan(
            SQLiteRecords.liveClaimsSQL(filteringSeats: filteringSeats),
            ["showingId": "s", "now": 0, "seatIds": "[]"])
        #expect(plan.contains { $0.hasPrefix("SEARCH claim USING INDEX claim_oneLive (showing=") }, "\(plan)")
        #expect(plan.contains { $0.hasPrefix("SEARCH booking USING INTEGER PRIMARY KEY (rowid=?)") }, "\(plan)")
        // Seats are named by key: their ids come from the store's memory, not a search each.
        #expect(!plan.contains { $0.hasPrefix("SEARCH seat USING INTEGER PRIMARY KEY") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN claim") || $0.hasPrefix("SCAN booking") }, "\(plan)")
    }

    /// Live seat maps ask these on every change and every watch: each must be one search
    /// of an index, never a scan of the whole log or of every booking.
    @Test(arguments: [SQLiteRecords.latestShowingEventSQL, SQLiteRecords.nextHoldExpirySQL])
    func liveSeatMapReadsSearchAnIndex(sql: String) throws {
        let plan = try Self.plan(sql, sql.contains("expiresAt") ? ["s", 0] : ["s"])
        #expect(
            plan.contains { $0.hasPrefix("SEARCH seatEvent USING COVERING INDEX seatEvent_byShowing (showing=") }
                || plan.contains { $0.hasPrefix("SEARCH booking USING INDEX booking_pendingByShowing (showing=") },
            "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
    }

    /// An index costs bytes on every row and time on every insert: each one the schema
    /// makes must be searched by a statement the box office runs (here, every statement
    /// of the migration scenario's writes and reads), or enforce uniqueness.
    @Test func everyIndexIsSearchedByAQueryOrKeepsSomethingUnique() throws {
        let test = try TestCinema(now: MigrationScenario.start)
        let statements = Mutex<Set<String>>([])
        test.store.writer.writeWithoutTransaction { db in
            db.trace { event in
                if case .statement(let statement) = event { _ = statements.withLock { $0.insert(statement.sql) } }
            }
        }
        try MigrationScenario.write(into: test.cinema, clock: test.clock)
        _ = test.clock.advance(seconds: 1800)
        _ = try MigrationScenario.reads(of: test.cinema, store: test.store)
        _ = try test.cinema.bookings(userId: "ana", showingId: nil, status: .pending)
        _ = try test.cinema.showings(matching: ShowingFilter(movieId: countedID(1)))
        test.store.writer.writeWithoutTransaction { db in db.trace(options: .statement, nil) }

        let searched = try test.store.writer.read { db in
            var searched: Set<String> = []
            let queries = statements.withLock { $0 }.filter { sql in
                ["SELECT", "INSERT", "UPDATE", "DELETE"].contains { sql.hasPrefix($0) }
            }
            for sql in queries {
                let statement = try db.makeStatement(sql: "EXPLAIN QUERY PLAN " + sql)
                statement.setUncheckedArguments(StatementArguments())
                for row in try Row.fetchAll(statement) {
                    let detail: String = row["detail"]
                    if let range = detail.range(of: "INDEX ") {
                        searched.insert(String(detail[range.upperBound...].prefix { $0 != " " }))
                    }
                }
            }
            return searched
        }
        let indexes = try test.store.writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        }
        #expect(!indexes.isEmpty)
        for index in indexes {
            let name: String = index["name"]
            let unique = (index["sql"] as String).hasPrefix("CREATE UNIQUE")
            #expect(unique || searched.contains(name), "no statement searches \(name); searched: \(searched.sorted())")
        }
    }
}
