import BoxOfficeTesting
import Foundation
import Testing

/// Every way opening a PostgreSQL database can fail gets one line on stderr naming the
/// URL, without its password, and the cause, and exit code 1, from the real binary, before
/// it reads a request: the PostgreSQL side of `DatabaseOpeningTests`.
struct PostgresOpeningTests {
    /// `boxoffice serve --db url` with a request waiting that must never be answered.
    static func serve(_ url: String) throws -> BoxOfficeBinary.Outcome {
        let scratch = try ScratchDirectory()
        return try BoxOfficeBinary.run(
            ["serve", "--db", url], input: Data(#"{"jsonrpc":"2.0","method":"server.info","id":1}"#.utf8 + [10]),
            in: scratch.url)
    }

    static func expectOneLine(
        _ outcome: BoxOfficeBinary.Outcome, _ line: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(outcome.reason == .exit && outcome.status == 1, "\(outcome.status)", sourceLocation: sourceLocation)
        #expect(outcome.stderr == "Error: \(line)\n", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, "answered without a database", sourceLocation: sourceLocation)
    }

    /// The test server's URL with another database name.
    static func onTestServer(database: String) throws -> String? {
        guard let server = try PostgresTestServer.serverURL(), let slash = server.lastIndex(of: "/") else { return nil }
        return String(server[...slash]) + database
    }

    @Test func aServerThatIsNotThereIsOneLineWithoutThePassword() throws {
        // Nothing listens on port 1: the connection is refused at once.
        let outcome = try Self.serve("postgresql://kiosk:s3cret-word@127.0.0.1:1/cinema")
        Self.expectOneLine(
            outcome,
            "cannot open postgresql://kiosk@127.0.0.1:1/cinema: the server cannot be reached (the server refused the "
                + "connection); is PostgreSQL running at 127.0.0.1:1?")
        #expect(!outcome.stderr.contains("s3cret"))
    }

    @Test func aURLThatCannotBeReadIsOneLine() throws {
        Self.expectOneLine(
            try Self.serve("postgres://kiosk:pw@db:99999/cinema"),
            "cannot open postgres://kiosk@db:99999/cinema: the port 99999 is not a number from 1 to 65535")
        Self.expectOneLine(
            try Self.serve("postgresql://kiosk@db/cinema?sslmode=require"),
            "cannot open postgresql://kiosk@db/cinema?sslmode=require: sslmode=require is not supported: this build "
                + "connects without TLS (sslmode=disable, or leave it out)")
    }

    @Test(.enabled(if: PostgresTestServer.available))
    func aDatabaseThatDoesNotExistIsNamed() throws {
        let url = try #require(try Self.onTestServer(database: "boxoffice_nowhere_to_be_found"))
        Self.expectOneLine(
            try Self.serve(url),
            "cannot open \(url): there is no database boxoffice_nowhere_to_be_found on the server; create it first "
                + "(CREATE DATABASE boxoffice_nowhere_to_be_found)")
    }

    @Test(.enabled(if: PostgresTestServer.available))
    func aUserTheServerDoesNotKnowIsNamed() throws {
        let server = try #require(try PostgresTestServer.serverURL())
        let url = server.replacingOccurrences(of: "://postgres@", with: "://boxoffice_stranger@")
        try #require(url != server, "the test server's URL names no postgres user: \(server)")
        Self.expectOneLine(
            try Self.serve(url),
            "cannot open \(url): the server refused the user boxoffice_stranger: role \"boxoffice_stranger\" does not "
                + "exist")
    }

    @Test(.enabled(if: PostgresTestServer.available))
    func anotherProgramsDatabaseIsLeftAlone() throws {
        let database = try TestDatabase(.postgresql)
        try PostgresTestServer.psql(database.location, "CREATE TABLE recipe (name text)")
        let outcome = try Self.serve(database.location)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("Error: cannot open \(database.location): "), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("recipe"), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        // Nothing of boxoffice's was created beside it.
        let tables = try PostgresTestServer.psql(
            database.location, "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'")
        #expect(tables.trimmingCharacters(in: .whitespacesAndNewlines) == "recipe")
    }
}
