import BoxOfficeTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every way opening the database can fail gets one line on stderr naming the path and
/// the cause, and exit code 1, from the real binary.
struct DatabaseOpeningTests {
    /// Runs `boxoffice serve --db path` (or the given arguments) with no input; as a user
    /// that file permissions apply to when `unprivileged` (root passes every permission
    /// check, so tests running as root drop to `nobody` through setpriv).
    static func run(
        _ arguments: [String], in directory: URL, unprivileged: Bool = false
    ) throws -> BoxOfficeBinary.Outcome {
        guard unprivileged, geteuid() == 0 else {
            return try BoxOfficeBinary.run(arguments, input: Data(), in: directory)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments =
            ["--reuid=65534", "--regid=65534", "--clear-groups", BoxOfficeBinary.url.path] + arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return BoxOfficeBinary.Outcome(
            stdout: Data(), stderr: String(decoding: stderr, as: UTF8.self), status: process.terminationStatus,
            reason: process.terminationReason)
    }

    static var canDropPrivileges: Bool {
        geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
    }

    static func expectOneLine(
        _ outcome: BoxOfficeBinary.Outcome, _ line: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(outcome.reason == .exit && outcome.status == 1, sourceLocation: sourceLocation)
        #expect(outcome.stderr == "Error: \(line)\n", sourceLocation: sourceLocation)
    }

    @Test func aMissingDirectory() throws {
        let scratch = try ScratchDirectory()
        let outcome = try Self.run(["serve", "--db", "nowhere/cinema.sqlite"], in: scratch.url)
        Self.expectOneLine(outcome, "cannot create nowhere/cinema.sqlite: the directory nowhere does not exist")
        #expect(!FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("nowhere").path))
    }

    @Test func aDirectoryInsteadOfAFile() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(
            at: scratch.url.appendingPathComponent("cinema.sqlite"), withIntermediateDirectories: false)
        Self.expectOneLine(
            try Self.run(["serve", "--db", "cinema.sqlite"], in: scratch.url),
            "cannot open cinema.sqlite: it is a directory, not a database file")
    }

    @Test(.enabled(if: canDropPrivileges, "running as root needs /usr/bin/setpriv to drop to nobody"))
    func aReadOnlyDirectory() throws {
        let scratch = try ScratchDirectory()
        let directory = scratch.url.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: directory.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.url.path)
        let outcome = try Self.run(["serve", "--db", "locked/cinema.sqlite"], in: scratch.url, unprivileged: true)
        Self.expectOneLine(outcome, "cannot create locked/cinema.sqlite: the directory locked is not writable")
    }

    @Test(.enabled(if: canDropPrivileges, "running as root needs /usr/bin/setpriv to drop to nobody"))
    func aReadOnlyFileCanBeReadButNotServed() throws {
        let scratch = try ScratchDirectory()
        let created = try BoxOfficeBinary.run(
            ["serve", "--db", "cinema.sqlite", "--demo", "--deterministic"], input: Data(), in: scratch.url)
        #expect(created.status == 0)
        let file = scratch.url.appendingPathComponent("cinema.sqlite").path
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.url.path)
        Self.expectOneLine(
            try Self.run(["serve", "--db", "cinema.sqlite"], in: scratch.url, unprivileged: true),
            "cannot open cinema.sqlite: the file is read-only; boxoffice serve writes to it "
                + "(boxoffice seatmap and showings only read)")
        // The seat map only reads, so the same file in the same directory draws.
        let drawn = try Self.run(
            ["seatmap", "00000000-0000-4000-8000-000000000153", "--db", "cinema.sqlite"], in: scratch.url,
            unprivileged: true)
        #expect(drawn.status == 0, "\(drawn.stderr)")
        #expect(drawn.stderr == "")
    }

    @Test func aFileThatIsNoDatabase() throws {
        let scratch = try ScratchDirectory()
        try Data("a shopping list\n".utf8).write(to: scratch.url.appendingPathComponent("notes.sqlite"))
        Self.expectOneLine(
            try Self.run(["serve", "--db", "notes.sqlite"], in: scratch.url),
            "cannot open notes.sqlite: the file is not a SQLite database")
        Self.expectOneLine(
            try Self.run(["seatmap", "00000000-0000-4000-8000-000000000153", "--db", "notes.sqlite"], in: scratch.url),
            "cannot open notes.sqlite: the file is not a SQLite database")
    }

    @Test func anotherProgramsDatabase() throws {
        let scratch = try ScratchDirectory()
        try Self.sqlite(scratch.url.appendingPathComponent("other.sqlite").path, "CREATE TABLE recipe (name TEXT)")
        Self.expectOneLine(
            try Self.run(["serve", "--db", "other.sqlite"], in: scratch.url),
            "cannot open other.sqlite: it is a SQLite database of another program (tables recipe), "
                + "not a boxoffice database")
    }

    @Test func aSchemaNewerThanThisBuild() throws {
        let scratch = try ScratchDirectory()
        #expect(
            try BoxOfficeBinary.run(["serve", "--db", "cinema.sqlite"], input: Data(), in: scratch.url).status == 0)
        try Self.sqlite(
            scratch.url.appendingPathComponent("cinema.sqlite").path,
            "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        let message =
            "cannot open cinema.sqlite: its schema is newer than this build of boxoffice knows "
            + "(migration v99-from-the-future); use a newer boxoffice"
        Self.expectOneLine(try Self.run(["serve", "--db", "cinema.sqlite"], in: scratch.url), message)
        Self.expectOneLine(try Self.run(["seatmap", "x", "--db", "cinema.sqlite"], in: scratch.url), message)
    }

    @Test func theSeatMapOfNoFile() throws {
        let scratch = try ScratchDirectory()
        Self.expectOneLine(
            try Self.run(["seatmap", "x", "--db", "missing.sqlite"], in: scratch.url),
            "cannot open missing.sqlite: there is no such file; `boxoffice serve --db missing.sqlite` creates it")
        #expect(!FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("missing.sqlite").path))
    }

    /// Runs SQL on a file with python3's sqlite3, a client that is not boxoffice.
    static func sqlite(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()",
            path, sql,
        ]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }
}
