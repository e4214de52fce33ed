import BoxOffice
import BoxOfficeTesting
import Foundation
import Testing

@testable import BoxOfficePostgres

/// The store on a real server: migrations, what it refuses to open, `server.info`, and
/// durability read back.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "BOXOFFICE_TEST_POSTGRES_URL names no PostgreSQL server"))
struct PostgresStoreTests {
    @Test func aNewDatabaseIsMigratedOnceAndSaysWhatItIs() throws {
        let url = try PostgresTestDatabase.fresh(password: "s3cret")
        let store = try PostgresStore.open(url: url)
        let info = try store.info()
        #expect(info.engine == "postgresql")
        #expect(info.schemaVersion == 3)
        #expect(info.durability == "full")
        #expect(info.journalMode == "")
        #expect(info.engineVersion.first?.isNumber == true)
        #expect(info.path == url.replacingOccurrences(of: ":s3cret@", with: "@"))
        #expect(!info.path.contains("s3cret"))
        // Opening again finds the schema current and changes nothing.
        let again = try PostgresStore.open(url: url)
        #expect(try again.info().schemaVersion == 3)
        #expect(
            try PostgresTestDatabase.admin(url, "SELECT string_agg(name, ',') FROM boxoffice_migration") == ["v3-lean"])
    }

    @Test func processesThatStartTogetherMigrateOnce() throws {
        let url = try PostgresTestDatabase.fresh()
        let opened = try onThreads(6) { _ in try PostgresStore.open(url: url).info().schemaVersion }
        #expect(opened == Array(repeating: 3, count: 6))
    }

    @Test func durabilityIsReadBackFromTheConnectionThatCommits() throws {
        let url = try PostgresTestDatabase.fresh()
        #expect(try PostgresStore.open(url: url, durability: .normal).info().durability == "normal")
        let full = try PostgresStore.open(url: url, durability: .full)
        #expect(try full.info().durability == "full")
        let setting = try full.read { records in
            try (records as! PostgresRecords).link.row(Statement(unprepared: "SHOW synchronous_commit"))?.text(0)
        }
        #expect(setting == "on")
    }

    @Test func aDatabaseOfAnotherProgramIsRefusedInOneLine() throws {
        let url = try PostgresTestDatabase.fresh(password: "hidden")
        try PostgresTestDatabase.admin(url, "CREATE TABLE invoices (id integer)")
        let shown = PostgresLocation.redacting(url)
        #expect(
            throws: PostgresOpeningError(
                location: shown,
                cause: "it is a PostgreSQL database of another program (tables invoices), not a boxoffice database; "
                    + "give boxoffice a database of its own")
        ) { try PostgresStore.open(url: url) }
    }

    @Test func aSchemaNewerThanThisBuildIsRefused() throws {
        let url = try PostgresTestDatabase.fresh()
        _ = try PostgresStore.open(url: url)
        try PostgresTestDatabase.admin(url, "INSERT INTO boxoffice_migration (name, version) VALUES ('v9-future', 9)")
        #expect(
            throws: PostgresOpeningError(
                location: url,
                cause:
                    "its schema is newer than this build of boxoffice knows (migration v9-future); use a newer boxoffice"
            )
        ) { try PostgresStore.open(url: url) }
    }

    @Test func aServerThatIsNotThereIsOneLineWithoutThePassword() throws {
        let error = try #require(throws: PostgresOpeningError.self) {
            try PostgresStore.open(url: "postgresql://kiosk:pa55word@127.0.0.1:1/cinema")
        }
        #expect(
            error.description.hasPrefix(
                "cannot open postgresql://kiosk@127.0.0.1:1/cinema: the server cannot be reached ("))
        #expect(error.description.hasSuffix("); is PostgreSQL running at 127.0.0.1:1?"))
        #expect(!error.description.contains("pa55word"))
    }

    @Test func aDatabaseThatDoesNotExistIsNamed() throws {
        let server = try #require(PostgresTestDatabase.serverURL)
        var location = try PostgresLocation(url: server)
        location.database = "boxoffice_no_such_database"
        let url = PostgresTestDatabase.url(of: location)
        #expect(
            throws: PostgresOpeningError(
                location: PostgresLocation.redacting(url),
                cause: "there is no database boxoffice_no_such_database on the server; create it first "
                    + "(CREATE DATABASE boxoffice_no_such_database)")
        ) { try PostgresStore.open(url: url) }
    }

    @Test func theDatabaseClockIsTheServers() throws {
        let url = try PostgresTestDatabase.fresh()
        let store = try PostgresStore.open(url: url)
        let clock = store.databaseClock()
        let server = try #require(
            try PostgresTestDatabase.admin(url, "SELECT floor(extract(epoch FROM clock_timestamp()))::bigint::text")
                .first ?? nil)
        let now = clock.now().secondsSince1970
        #expect(abs(now - (Int64(server) ?? 0)) <= 1)
        #expect(abs(try #require(clock.offsetSeconds)) < 5)
    }
}

/// The URL forms `--db` takes.
@Suite struct PostgresLocationTests {
    @Test func aFullURL() throws {
        let location = try PostgresLocation(url: "postgresql://kiosk:p%40ss@db.example:6543/cinema")
        #expect(location.user == "kiosk" && location.password == "p@ss")
        #expect(location.host == "db.example" && location.port == 6543 && location.database == "cinema")
        #expect(location.socketDirectory == nil)
        #expect(location.redacted == "postgresql://kiosk@db.example:6543/cinema")
    }

    @Test func defaultsAndTheShortScheme() throws {
        let location = try PostgresLocation(url: "postgres://kiosk@localhost/cinema")
        #expect(location.port == 5432 && location.password == nil && location.host == "localhost")
        let socket = try PostgresLocation(url: "postgresql://kiosk@/cinema?host=/run/postgresql&sslmode=disable")
        #expect(socket.socketDirectory == "/run/postgresql" && socket.host == "")
        #expect(socket.redacted == "postgresql://kiosk@:5432/cinema?host=/run/postgresql")
        let ipv6 = try PostgresLocation(url: "postgresql://kiosk@[::1]:5433/cinema")
        #expect(ipv6.host == "::1" && ipv6.port == 5433)
    }

    @Test func thePasswordIsLeftOutOfWhatIsShown() {
        #expect(
            PostgresLocation.redacting("postgresql://kiosk:secret@db:5432/cinema?sslmode=disable")
                == "postgresql://kiosk@db:5432/cinema?sslmode=disable")
        #expect(PostgresLocation.redacting("postgresql://kiosk@db/cinema") == "postgresql://kiosk@db/cinema")
    }

    @Test func whatItRefuses() {
        #expect(
            throws: PostgresOpeningError(
                location: "postgresql://kiosk@db:99999/cinema", cause: "the port 99999 is not a number from 1 to 65535")
        ) { try PostgresLocation(url: "postgresql://kiosk:x@db:99999/cinema") }
        #expect(
            throws: PostgresOpeningError(
                location: "postgresql://kiosk@db/cinema?sslmode=require",
                cause:
                    "sslmode=require is not supported: this build connects without TLS (sslmode=disable, or leave it out)"
            )
        ) { try PostgresLocation(url: "postgresql://kiosk:x@db/cinema?sslmode=require") }
        #expect(
            throws: PostgresOpeningError(
                location: "postgresql://kiosk@db/cinema?color=red",
                cause: "unknown parameter color (known: host, port, user, dbname, sslmode, application_name)")
        ) { try PostgresLocation(url: "postgresql://kiosk@db/cinema?color=red") }
    }
}
