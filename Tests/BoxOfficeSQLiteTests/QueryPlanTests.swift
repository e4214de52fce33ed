import BoxOffice
import BoxOfficeTesting
import GRDB
import Testing

@testable import BoxOfficeSQLite

/// A seat map's one query for live claims must stay an index search: on a busy showing
/// a full scan of every claim ever made would grow with the history.
struct QueryPlanTests {
    @Test(arguments: [false, true])
    func liveClaimsSearchThePartialUniqueIndexes(filteringSeats: Bool) throws {
        let database = try SQLiteStore.inMemory()
        let plan = try database.writer.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + SQLiteRecords.liveClaimsSQL(filteringSeats: filteringSeats),
                arguments: ["showingId": "s", "now": 0, "seatIds": "[]"]
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.hasPrefix("SEARCH bookingSeat USING INDEX bookingSeat_oneLiveClaim (showingId=") })
        #expect(plan.contains { $0.hasPrefix("SEARCH booking USING INDEX sqlite_autoindex_booking_1 (id=?)") })
        #expect(plan.contains { $0.hasPrefix("SEARCH seatBlock USING INDEX seatBlock_oneLiveBlock (showingId=") })
        #expect(!plan.contains { $0.hasPrefix("SCAN bookingSeat") || $0.hasPrefix("SCAN seatBlock") }, "\(plan)")
    }

    /// Live seat maps ask these on every change and every watch: each must be one search
    /// of an index, never a scan of the whole log or of every booking.
    @Test(arguments: [SQLiteRecords.latestShowingEventSQL, SQLiteRecords.nextHoldExpirySQL])
    func liveSeatMapReadsSearchAnIndex(sql: String) throws {
        let database = try SQLiteStore.inMemory()
        let plan = try database.writer.read { db in
            let arguments: StatementArguments = sql.contains("expiresAt") ? ["s", 0] : ["s"]
            return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map {
                $0["detail"] as String
            }
        }
        #expect(
            plan.contains { $0.hasPrefix("SEARCH seatEvent USING COVERING INDEX seatEvent_byShowing (showingId=") }
                || plan.contains { $0.hasPrefix("SEARCH booking USING INDEX booking_pendingByShowing (showingId=") },
            "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
    }
}
