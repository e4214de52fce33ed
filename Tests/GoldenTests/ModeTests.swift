import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// What a process without `--deterministic` says of the methods that exist only with it.
struct ModeTests {
    @Test(arguments: Engine.all)
    func advanceClockWithoutDeterministicSaysItNeedsTheFlag(on engine: Engine) throws {
        let database = try TestDatabase(engine, named: "mode.sqlite")
        let outcome = try BoxOfficeBinary.run(
            ["serve", "--db", database.location],
            input: Data(#"{"jsonrpc":"2.0","method":"debug.advanceClock","params":{"seconds":60},"id":1}"#.utf8 + [10]),
            in: database.scratch.url)
        #expect(outcome.status == 0)
        #expect(
            outcome.lines == [
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: debug.advanceClock (it exists only when boxoffice serve runs with --deterministic)"}}"#
            ])
    }

    /// `--demo` says on stderr when it leaves a database alone and what it adds to a demo
    /// whose showings have all closed.
    @Test(arguments: Engine.all)
    func demoSaysWhatItDidOnStderr(on engine: Engine) throws {
        let database = try TestDatabase(engine, named: "demo.sqlite")
        func serve(_ flags: [String]) throws -> BoxOfficeBinary.Outcome {
            try BoxOfficeBinary.run(
                ["serve", "--db", database.location, "--deterministic"] + flags, input: Data(),
                in: database.scratch.url)
        }
        let first = try serve(["--demo"])
        #expect(first.status == 0 && first.stderr == "")
        let again = try serve(["--demo"])
        #expect(again.stderr == "boxoffice: --demo: \(database.location) is not empty; its catalog is left as it is\n")
        let weekLater = try serve(["--demo", "--now", "2030-01-08T09:00:00Z"])
        #expect(
            weekLater.stderr
                == "boxoffice: --demo: sales of every demo showing had closed; added 5 showings on 2030-01-09 and "
                + "2030-01-10\n")
        #expect(weekLater.status == 0)
    }

    /// `--watch-interval-ms` takes 1 to 10000; anything else is refused before serving.
    @Test(arguments: ["0", "10001", "soon"])
    func aWatchIntervalOutOfRangeIsRefused(value: String) throws {
        let scratch = try ScratchDirectory()
        let outcome = try BoxOfficeBinary.run(
            ["serve", "--db", "mode.sqlite", "--watch-interval-ms", value], input: Data(), in: scratch.url)
        #expect(outcome.status == 64, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("watch-interval-ms"), "\(outcome.stderr)")
        #expect(outcome.lines.isEmpty)
    }
}
