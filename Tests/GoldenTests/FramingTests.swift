import BoxOfficeTesting
import Foundation
import Testing

/// `--framing` through the real binary: `auto` answers in the framing the input starts in,
/// `headers` and `lines` fix it whatever the input looks like.
struct FramingTests {
    private let request = #"{"jsonrpc":"2.0","id":1,"method":"movies.list"}"#

    private func frame(_ body: String) -> String { "Content-Length: \(body.utf8.count)\r\n\r\n\(body)" }

    private func serve(_ flags: [String], _ input: String) throws -> BoxOfficeBinary.Outcome {
        let scratch = try ScratchDirectory()
        return try BoxOfficeBinary.run(
            ["serve", "--db", "framing.sqlite", "--deterministic"] + flags, input: Data(input.utf8), in: scratch.url)
    }

    @Test func autoAnswersInTheFramingTheInputStartsIn() throws {
        let headers = try serve([], "\r\n" + frame(request) + frame(request))
        let answer = #"{"jsonrpc":"2.0","id":1,"result":{"movies":[]}}"#
        #expect(String(decoding: headers.stdout, as: UTF8.self) == frame(answer) + frame(answer))
        #expect(headers.status == 0)
        let lines = try serve(["--framing", "auto"], request + "\n")
        #expect(lines.lines == [answer])
    }

    @Test func aFixedFramingHoldsWhateverTheInputLooksLike() throws {
        let headers = try serve(["--framing", "headers"], frame(request))
        #expect(String(decoding: headers.stdout, as: UTF8.self).hasPrefix("Content-Length: "))
        // Told lines, the header is a line that is no JSON; the body, on a line of its own, is a request.
        let lines = try serve(["--framing", "lines"], frame(request) + "\n")
        #expect(lines.lines.count == 2)
        #expect(lines.lines.first?.contains(#""id":null,"error":{"code":-32700"#) == true)
        #expect(lines.lines.last == #"{"jsonrpc":"2.0","id":1,"result":{"movies":[]}}"#)
        let bad = try serve(["--framing", "sideways"], "")
        #expect(bad.status != 0 && bad.stderr.contains("framing"))
    }

    @Test func aMessageCutShortByTheEndIsOneErrorAndTheProcessStillExitsZero() throws {
        let outcome = try serve([], frame(request) + "Content-Length: 40\r\n\r\n{\"jsonrpc\"")
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        #expect(text.contains("the input ended 10 bytes into a body of 40 bytes"))
        #expect(outcome.status == 0)
    }
}
