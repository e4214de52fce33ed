import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// What a process without `--deterministic` says of the methods that exist only with it.
struct ModeTests {
    @Test func advanceClockWithoutDeterministicSaysItNeedsTheFlag() throws {
        let scratch = try ScratchDirectory()
        let outcome = try BoxOfficeBinary.run(
            ["serve", "--db", "mode.sqlite"],
            input: Data(#"{"jsonrpc":"2.0","method":"debug.advanceClock","params":{"seconds":60},"id":1}"#.utf8 + [10]),
            in: scratch.url)
        #expect(outcome.status == 0)
        #expect(
            outcome.lines == [
                #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: debug.advanceClock (it exists only when boxoffice serve runs with --deterministic)"}}"#
            ])
    }
}
