import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// A database engine the process tests run the real binary on.
enum Engine: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    /// The engines a test runs on: SQLite always, PostgreSQL when a server can be had or
    /// CI requires one (a missing server then fails the PostgreSQL tests instead of
    /// leaving them out; without either, `PostgresTestServer` says loudly that they skip).
    static let all: [Engine] = PostgresTestServer.available ? [.sqlite, .postgresql] : [.sqlite]

    var testDescription: String { rawValue }
}

/// A fresh database for one test on one engine, and the test's scratch directory (for
/// stderr files, and the file itself on SQLite): a file `name` in that directory, or a
/// new database on the PostgreSQL test server, dropped when the value goes away. Tests
/// that each make their own run in parallel and share nothing.
final class TestDatabase {
    let engine: Engine
    let scratch: ScratchDirectory
    /// What `boxoffice serve --db` is given: the file's absolute path, or the URL.
    let location: String

    /// Makes the database (PostgreSQL: an empty one; SQLite: the file's place only).
    /// - Throws: `BookingTestError` when PostgreSQL is asked for but there is no server.
    init(_ engine: Engine, named name: String = "test.sqlite") throws {
        self.engine = engine
        scratch = try ScratchDirectory()
        switch engine {
        case .sqlite:
            location = scratch.path(name)
        case .postgresql:
            guard let url = try PostgresTestServer.freshDatabaseURL() else {
                throw BookingTestError("no PostgreSQL server for the tests")
            }
            location = url
        }
    }

    deinit {
        guard engine == .postgresql, let server = try? PostgresTestServer.serverURL(),
            let name = location.split(separator: "/").last
        else { return }
        // The processes of the test are gone or going; FORCE ends any still connected.
        _ = try? PostgresTestServer.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// What `server.info`'s `database` says of this database in `--deterministic` mode, with
    /// `"<<any>>"` for the facts of the machine.
    var serverInfo: JSONValue {
        Self.serverInfo(engine: engine, path: location)
    }

    /// What `server.info`'s `database` says of the database at `path` on `engine`.
    static func serverInfo(engine: Engine, path: String) -> JSONValue {
        switch engine {
        case .sqlite:
            [
                "engine": "sqlite", "engineVersion": .string(Transcript.wildcard), "path": .string(path),
                "schemaVersion": 3, "sqliteVersion": .string(Transcript.wildcard), "journalMode": "wal",
                "durability": "full",
            ]
        case .postgresql:
            [
                "engine": "postgresql", "engineVersion": .string(PostgresVersion.current), "path": .string(path),
                "schemaVersion": 3, "durability": "full",
            ]
        }
    }

    /// The rows of `sql` (one statement that both engines read alike), each a JSON object
    /// keyed by column name. Quote aliases (`AS "bookingId"`): PostgreSQL folds unquoted
    /// names to lowercase.
    /// - Throws: when the query fails.
    func query(_ sql: String) throws -> [JSONValue] {
        switch engine {
        case .sqlite:
            return try BookingSQLite.query(URL(fileURLWithPath: location), sql)
        case .postgresql:
            let text = try PostgresTestServer.psql(
                location, "SELECT COALESCE(json_agg(row_to_json(q)), '[]') FROM (\(sql)) q")
            return try JSONValue.parse(text.trimmingCharacters(in: .whitespacesAndNewlines)).array
        }
    }

    /// SQL that reads `column`, a `uuid` column, as the id the API speaks.
    func uuid(_ column: String) -> String {
        switch engine {
        case .sqlite: StoredSQL.uuid(column)
        case .postgresql: "(encode(\(column), 'hex')::uuid::text)"
        }
    }

    /// Checks what the engine can check of the database's own consistency (SQLite's
    /// `integrity_check` and `foreign_key_check`; a PostgreSQL server enforces its
    /// constraints as it writes, so there is nothing to ask it afterwards).
    func expectIntact(sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard engine == .sqlite else { return }
        let integrity = try query("PRAGMA integrity_check")
        #expect(integrity.first?["integrity_check"].string == "ok", "\(integrity)", sourceLocation: sourceLocation)
        let foreignKeys = try query("PRAGMA foreign_key_check")
        #expect(foreignKeys.isEmpty, "\(foreignKeys)", sourceLocation: sourceLocation)
    }
}

/// The version of the PostgreSQL test server, as `server.info` gives it (`15.18`): read
/// once, with psql, from the server itself.
enum PostgresVersion {
    static let current: String = {
        guard let url = try? PostgresTestServer.serverURL(),
            let shown = try? PostgresTestServer.psql(url, "SHOW server_version")
        else { return "unknown" }
        return shown.split(separator: " ").first.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
            ?? "unknown"
    }()
}
