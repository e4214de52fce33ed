import JSONRPC
import Testing

/// Content-Length framing (the LSP base protocol) and the choice between it and lines:
/// bodies cut exactly whatever the chunks, limits as for lines, and one error per bad
/// header, after which the stream picks up at the next `Content-Length:`.
struct HeaderFramerTests {
    private func message(_ body: String) -> String { "Content-Length: \(body.utf8.count)\r\n\r\n\(body)" }

    private func frame(_ chunks: [String], limit: Int = 64) -> [FramedLine] {
        var framer = HeaderFramer(maxBodyBytes: limit)
        var units: [FramedLine] = []
        for chunk in chunks { units += framer.feed(Array(chunk.utf8)) }
        return units + framer.finish()
    }

    private func reasons(_ units: [FramedLine]) -> [String] {
        units.compactMap { if case .malformed(let reason) = $0 { reason } else { nil } }
    }

    @Test func bodiesAreCutByTheirLengthWhateverTheChunks() {
        let input =
            message(#"{"a":1}"#) + message(#"{"b":"x\ny"}"#) + "Content-Type: x\r\n" + message("[]").dropFirst(0)
        let whole = frame([input])
        #expect(
            whole == [.line(Array(#"{"a":1}"#.utf8)), .line(Array(#"{"b":"x\ny"}"#.utf8)), .line(Array("[]".utf8))])
        // Byte by byte, the same messages.
        #expect(frame(input.map { String($0) }) == whole)
    }

    @Test func headerNamesIgnoreCaseAndBlankLinesBetweenMessagesAreTolerated() {
        let units = frame(["\r\ncontent-length: 2\r\n\r\n{}\r\n" + message("[]")])
        #expect(units == [.line(Array("{}".utf8)), .line(Array("[]".utf8))])
    }

    @Test func anOversizedBodyIsCountedAndSkippedExactly() {
        let big = String(repeating: "x", count: 100)
        #expect(frame([message(big) + message("{}")], limit: 64) == [.oversized(length: 100), .line(Array("{}".utf8))])
    }

    @Test func aBadHeaderIsOneErrorAndTheStreamResynchronises() {
        let cases = [
            "Content-Length: abc\r\n\r\n{}",
            "garbage\r\n\r\n",
            "Content-Lenght: 2\r\n\r\n{}",
            "Content-Type: x\r\n\r\n{}",
            "}",
        ]
        for garbage in cases {
            let units = frame([message("[1]") + garbage + message("[2]")])
            #expect(units.count == 3, "\(garbage.debugDescription): \(units)")
            #expect(units.first == .line(Array("[1]".utf8)))
            #expect(units.last == .line(Array("[2]".utf8)), "\(garbage.debugDescription)")
            #expect(reasons(units).count == 1)
        }
        #expect(reasons(frame(["Content-Length: abc\r\n\r\n"])).first?.contains("must be a number of bytes") == true)
    }

    @Test func anEndInsideAMessageIsReported() {
        #expect(
            reasons(frame(["Content-Length: 10\r\n\r\n{}"])) == [
                "the input ended 2 bytes into a body of 10 bytes"
            ])
        #expect(reasons(frame(["Content-Length: 10\r\n"])).count == 1)
        #expect(frame(["\r\n"]).isEmpty)
    }

    @Test func autoChoosesByTheFirstBytes() {
        func choose(_ chunks: [String]) -> (Framing?, [FramedLine]) {
            var framer = InputFramer(framing: nil, maxMessageBytes: 64)
            var units: [FramedLine] = []
            for chunk in chunks { units += framer.feed(Array(chunk.utf8)) }
            units += framer.finish()
            return (framer.framing, units)
        }
        let headers = choose(["\r\nCont", "ent-Length: 2\r\n\r\n{}"])
        #expect(headers.0 == .headers && headers.1 == [.line(Array("{}".utf8))])
        let lines = choose(["{}\n", "[]\n"])
        #expect(lines.0 == .lines && lines.1 == [.line(Array("{}".utf8)), .line(Array("[]".utf8))])
        let short = choose(["Con"])
        #expect(short.0 == .lines && short.1 == [.line(Array("Con".utf8))])
        let fixed = InputFramer(framing: .lines, maxMessageBytes: 64)
        #expect(fixed.framing == .lines)
    }

    @Test func framesGoOutInTheSessionsFraming() {
        #expect(Framing.lines.frame(Array("{}".utf8)) == Array("{}\n".utf8))
        #expect(Framing.headers.frame(Array("{}".utf8)) == Array("Content-Length: 2\r\n\r\n{}".utf8))
    }
}
