import BoxOfficeTesting
import Foundation
import Logging
import NIOPosix
import PostgresNIO
import Testing

@testable import BoxOfficePostgres

/// Databases for tests on a real PostgreSQL server, from the shared harness
/// (`PostgresTestServer`: `BOXOFFICE_TEST_POSTGRES_URL`, or a throwaway cluster of the test
/// process's own), a new empty database for each test. Without a server the tests are
/// skipped, unless CI requires one.
enum PostgresTestDatabase {
    /// The server's URL (its `postgres` database), if the tests have one.
    static var serverURL: String? { try? PostgresTestServer.serverURL() }

    /// Whether the PostgreSQL tests run.
    static var isAvailable: Bool { PostgresTestServer.available }

    /// The URL of a new, empty database on the test server, with `password` in it if
    /// given (the test server trusts local connections, so any password does).
    /// - Throws: when there is no server, or it refuses.
    static func fresh(password: String? = nil) throws -> String {
        let url = try #require(try PostgresTestServer.freshDatabaseURL(), "no PostgreSQL server for the tests")
        guard let password else { return url }
        var location = try PostgresLocation(url: url)
        location.password = password
        return Self.url(of: location)
    }

    /// A URL for `location`, password included.
    static func url(of location: PostgresLocation) -> String {
        let credentials = location.user + (location.password.map { ":\($0)" } ?? "")
        if let socket = location.socketDirectory {
            return "postgresql://\(credentials)@:\(location.port)/\(location.database)?host=\(socket)"
        }
        return "postgresql://\(credentials)@\(location.host):\(location.port)/\(location.database)"
    }

    /// Runs one statement on its own connection to the database at `url`, outside any
    /// transaction; answers the rows' first columns as text.
    @discardableResult
    static func admin(_ url: String, _ sql: String) throws -> [String?] {
        let connection = try PostgresSession.connect(try PostgresLocation(url: url), settings: [])
        defer { connection.closeSoon() }
        let result = try PostgresSession.wait(
            for: connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresSession.driverLogger)
        ) {}
        return result.rows.map { row in try? row.makeRandomAccess()[0].decode(String?.self) }
    }
}

/// A second connection of a test's own, kept open: to hold a lock, or a transaction,
/// while the store works.
final class SideConnection: @unchecked Sendable {
    let connection: PostgresConnection

    init(_ url: String) throws {
        connection = try PostgresSession.connect(try PostgresLocation(url: url), settings: [])
    }

    deinit { connection.closeSoon() }

    /// Runs one statement; the first column of its rows as text.
    @discardableResult
    func run(_ sql: String) throws -> [String?] {
        let result = try PostgresSession.wait(
            for: connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresSession.driverLogger)
        ) {}
        return result.rows.map { row in try? row.makeRandomAccess()[0].decode(String?.self) }
    }
}
