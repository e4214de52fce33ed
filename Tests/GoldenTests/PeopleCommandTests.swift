import BoxOfficeTesting
import Foundation
import Testing

/// The commands for people: `showings`, `seatmap`, `--version`, and `serve` on a terminal.
struct PeopleCommandTests {
    /// A demo database made by a deterministic run, and the showing the README books in.
    static func demo(_ database: TestDatabase) throws {
        let outcome = try BoxOfficeBinary.run(
            ["serve", "--db", database.location, "--demo", "--deterministic"],
            input: Data(
                #"{"jsonrpc":"2.0","id":1,"method":"booking.create","params":{"showingId":"00000000-0000-4000-8000-000000000153","userId":"ana","seats":["D5","D6","A1"]}}"#
                    .utf8 + [10]),
            in: database.scratch.url)
        try #require(outcome.status == 0 && outcome.lines.count == 1, "\(outcome.stderr)")
    }

    @Test(arguments: Engine.all)
    func showingsListsUpcomingShowingsAsATable(on engine: Engine) throws {
        let database = try TestDatabase(engine, named: "demo.sqlite")
        try Self.demo(database)
        let outcome = try BoxOfficeBinary.run(
            ["showings", "--db", database.location], input: Data(), in: database.scratch.url)
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "")
        #expect(
            outcome.lines == [
                "SHOWING ID                            MOVIE                   THEATER   SCREEN   STARTS (UTC)          AVAILABLE",
                "00000000-0000-4000-8000-000000000156  Paper Moons             Kino Rex  Saal 1   2030-01-02T17:00:00Z      40/40",
                "00000000-0000-4000-8000-000000000153  The Last Projectionist  Lumière   Salle 1  2030-01-02T18:00:00Z      83/86",
                "00000000-0000-4000-8000-000000000155  Harbor Lights           Lumière   Salle 2  2030-01-02T19:00:00Z      18/18",
                "00000000-0000-4000-8000-000000000154  Paper Moons             Lumière   Salle 1  2030-01-02T20:30:00Z      86/86",
                "00000000-0000-4000-8000-000000000157  The Last Projectionist  Kino Rex  Saal 1   2030-01-03T20:00:00Z      40/40",
            ])
    }

    @Test func showingsOfAMissingFileSaysHowToMakeOne() throws {
        let scratch = try ScratchDirectory()
        let outcome = try BoxOfficeBinary.run(["showings", "--db", "none.sqlite"], input: Data(), in: scratch.url)
        #expect(outcome.status == 1)
        #expect(
            outcome.stderr
                == "Error: cannot open none.sqlite: there is no such file; `boxoffice serve --db none.sqlite` creates it\n"
        )
    }

    @Test(arguments: Engine.all)
    func theSeatMapShowsTypesNumbersAndTheSale(on engine: Engine) throws {
        let database = try TestDatabase(engine, named: "demo.sqlite")
        try Self.demo(database)
        let outcome = try BoxOfficeBinary.run(
            ["seatmap", "00000000-0000-4000-8000-000000000155", "--db", database.location], input: Data(),
            in: database.scratch.url)
        #expect(outcome.status == 0)
        #expect(
            String(decoding: outcome.stdout, as: UTF8.self) == """
                Harbor Lights · Lumière, Salle 2 · 2030-01-02T19:00:00Z
                On sale until 2030-01-02T19:00:00Z.

                   ▀▀▀▀▀▀▀▀▀▀▀
                     SCREEN

                A  ○ ○ ○ ○ ○ ○  A
                   1       5 6
                B  ○ ○ ○ ○ ○ ○  B
                   1       5 6
                C  w c ○ ○ ○ ○  C
                   1       5 6

                ○ available 18   ◐ held 0   ● booked 0   × blocked 0
                available: ○ regular   w wheelchair space   c companion seat

                """)
    }

    /// `--best 2` marks the pair best available would choose: row B is about two thirds
    /// back of three rows, B3 and B4 its middle.
    @Test(arguments: Engine.all)
    func theSeatMapMarksTheBestSeats(on engine: Engine) throws {
        let database = try TestDatabase(engine, named: "demo.sqlite")
        try Self.demo(database)
        let outcome = try BoxOfficeBinary.run(
            ["seatmap", "00000000-0000-4000-8000-000000000155", "--db", database.location, "--best", "2"],
            input: Data(), in: database.scratch.url)
        #expect(outcome.status == 0)
        let lines = outcome.lines
        #expect(lines.contains("B  ○ ○ ★ ★ ○ ○  B"), "\(lines)")
        #expect(lines.last == "★ the seats best available would choose")
    }

    @Test func versionPrintsTheVersion() throws {
        let scratch = try ScratchDirectory()
        let outcome = try BoxOfficeBinary.run(["--version"], input: Data(), in: scratch.url)
        #expect(outcome.status == 0)
        #expect(outcome.lines == ["0.1.0"])
    }

    /// On a terminal, serve says what it waits for and how to leave; through a pipe it
    /// says nothing (the other process tests check stderr stays empty then).
    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func serveOnATerminalSaysWhatItWaitsFor() throws {
        let scratch = try ScratchDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "'\(BoxOfficeBinary.url.path)' serve --db tty.sqlite", "/dev/null"]
        process.currentDirectoryURL = scratch.url
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Ctrl-D on the terminal: the end of the input.
        try input.fileHandleForWriting.write(contentsOf: [4])
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(
            text.contains(
                #"boxoffice: serving tty.sqlite: type JSON-RPC requests, one per line (each with an "id", or no answer comes); Ctrl-D ends"#
            ), "\(text)")
    }
}
