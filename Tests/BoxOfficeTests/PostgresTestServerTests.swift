import BoxOfficeTesting
import Foundation
import Testing

/// The PostgreSQL harness itself: a database per test, and a cluster of one's own that
/// can be stopped and started again.
struct PostgresTestServerTests {
    @Test(.enabled(if: PostgresTestServer.available, "no PostgreSQL server"))
    func eachTestGetsAnEmptyDatabaseOfItsOwn() throws {
        let first = try #require(try PostgresTestServer.freshDatabaseURL())
        let second = try #require(try PostgresTestServer.freshDatabaseURL())
        #expect(first != second)
        try PostgresTestServer.psql(first, "CREATE TABLE marker (n integer); INSERT INTO marker VALUES (41)")
        #expect(try PostgresTestServer.psql(first, "SELECT n + 1 FROM marker") == "42\n")
        #expect(
            try PostgresTestServer.psql(second, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0\n")
    }

    @Test(.enabled(if: PostgresTestServer.available, "no PostgreSQL server"))
    func aClusterOfOnesOwnStopsAndStartsAgain() throws {
        let cluster = try PostgresCluster()
        defer { cluster.destroy() }
        let database = try PostgresTestServer.createDatabase(on: cluster.url)
        try PostgresTestServer.psql(database, "CREATE TABLE kept (n integer); INSERT INTO kept VALUES (7)")
        try cluster.stop()
        #expect(throws: PostgresTestError.self) { try PostgresTestServer.psql(database, "SELECT 1") }
        try cluster.start()
        #expect(try PostgresTestServer.psql(database, "SELECT n FROM kept") == "7\n")
        cluster.destroy()
        #expect(!FileManager.default.fileExists(atPath: cluster.directory.path))
    }
}
