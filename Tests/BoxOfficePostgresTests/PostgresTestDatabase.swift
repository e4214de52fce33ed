import Foundation
import Logging
import NIOPosix
import PostgresNIO
import Synchronization
import Testing

@testable import BoxOfficePostgres

/// Databases for tests on a real PostgreSQL server: the server whose URL
/// `BOXOFFICE_TEST_POSTGRES_URL` names, a new empty database for each test. Without the
/// variable, the tests that need a server are skipped.
enum PostgresTestDatabase {
    /// The server's URL, if the tests have one.
    static let serverURL: String? = {
        let url = ProcessInfo.processInfo.environment["BOXOFFICE_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()

    /// Whether a server is there to test against.
    static var isAvailable: Bool { serverURL != nil }

    private static let counter = Mutex(0)

    /// The URL of a new, empty database on the test server.
    /// - Throws: when there is no server, or it refuses.
    static func fresh(password: String? = nil) throws -> String {
        let server = try #require(serverURL, "BOXOFFICE_TEST_POSTGRES_URL names no server")
        let number = counter.withLock { value in
            value += 1
            return value
        }
        let name = "boxoffice_test_\(getpid())_\(number)_\(UInt32.random(in: 0...UInt32.max))"
        try admin(server, "DROP DATABASE IF EXISTS \(name)")
        try admin(server, "CREATE DATABASE \(name)")
        var location = try PostgresLocation(url: server)
        location.database = name
        if let password { location.password = password }
        return url(of: location)
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
