import JSONRPC
import Testing

/// How the byte stream is cut into lines: wherever the chunks happen to end, whatever
/// the line ending, and without ever buffering more than the limit.
struct LineFramerTests {
    private func line(_ text: String) -> FramedLine { .line(Array(text.utf8)) }

    /// Feeds every chunk, then finishes, and returns every unit in order.
    private func frame(_ chunks: [String], maxLineBytes: Int = 64) -> [FramedLine] {
        var framer = LineFramer(maxLineBytes: maxLineBytes)
        var units: [FramedLine] = []
        for chunk in chunks { units += framer.feed(Array(chunk.utf8)) }
        return units + framer.finish()
    }

    @Test func completeLinesInOneChunk() {
        var framer = LineFramer(maxLineBytes: 64)
        #expect(framer.feed(Array("{\"a\":1}\n{\"b\":2}\n".utf8)) == [line("{\"a\":1}"), line("{\"b\":2}")])
        #expect(framer.finish() == [])
    }

    @Test func aLineSplitAcrossChunksComesOutWhenItsEndArrives() {
        var framer = LineFramer(maxLineBytes: 64)
        #expect(framer.feed(Array("{\"jsonrpc\":".utf8)) == [])
        #expect(framer.feed(Array("\"2.0\"".utf8)) == [])
        #expect(framer.feed(Array("}\n{\"n\"".utf8)) == [line("{\"jsonrpc\":\"2.0\"}")])
        #expect(framer.feed(Array(":2}\n".utf8)) == [line("{\"n\":2}")])
        #expect(framer.finish() == [])
    }

    @Test func byteByByteGivesTheSameLinesAsOneChunk() {
        let text = "{\"a\":1}\r\n\n{\"b\":[1,2]}\n  \n{\"c\":\"x\"}"
        var framer = LineFramer(maxLineBytes: 64)
        var units: [FramedLine] = []
        for byte in text.utf8 { units += framer.feed([byte]) }
        units += framer.finish()
        #expect(units == [line("{\"a\":1}"), line("{\"b\":[1,2]}"), line("{\"c\":\"x\"}")])
        #expect(units == frame([text]))
    }

    @Test func crlfEndingIsStripped() {
        #expect(frame(["{\"a\":1}\r\n{\"b\":2}\r\n"]) == [line("{\"a\":1}"), line("{\"b\":2}")])
    }

    @Test func crlfSplitBetweenChunks() {
        #expect(frame(["{\"a\":1}\r", "\n{\"b\":2}\n"]) == [line("{\"a\":1}"), line("{\"b\":2}")])
    }

    @Test func carriageReturnInsideALineIsKept() {
        #expect(frame(["a\rb\n"]) == [line("a\rb")])
    }

    @Test func blankLinesAreIgnored() {
        #expect(frame(["\n\n   \n\t\n\r\n \r\n", "\n"]) == [])
        #expect(frame(["\n{}\n\n\n[]\n\n"]) == [line("{}"), line("[]")])
    }

    @Test func lastLineWithoutNewlineComesOutAtFinish() {
        var framer = LineFramer(maxLineBytes: 64)
        #expect(framer.feed(Array("{\"a\":1}\n{\"last\":".utf8)) == [line("{\"a\":1}")])
        #expect(framer.feed(Array("true}".utf8)) == [])
        #expect(framer.finish() == [line("{\"last\":true}")])
        // Finishing again finds nothing left.
        #expect(framer.finish() == [])
    }

    @Test func lastLineOfOnlyBlanksAtFinishIsIgnored() {
        #expect(frame(["{}\n  \t"]) == [line("{}")])
        #expect(frame(["{}\n\r"]) == [line("{}")])
    }

    @Test func finishOnEmptyInputGivesNothing() {
        #expect(frame([]) == [])
        #expect(frame([""]) == [])
    }

    @Test func aLineExactlyAtTheLimitPasses() {
        let atLimit = String(repeating: "x", count: 16)
        #expect(frame([atLimit + "\n"], maxLineBytes: 16) == [line(atLimit)])
        #expect(frame([atLimit + "\r\n"], maxLineBytes: 16) == [line(atLimit)])
        #expect(frame([atLimit], maxLineBytes: 16) == [line(atLimit)])
        // The same, with the \r of its line ending arriving on its own.
        #expect(frame([atLimit, "\r", "\n"], maxLineBytes: 16) == [line(atLimit)])
    }

    @Test func oneByteOverTheLimitIsOversized() {
        let over = String(repeating: "x", count: 17)
        #expect(frame([over + "\n"], maxLineBytes: 16) == [.oversized(length: 17)])
        #expect(frame([over], maxLineBytes: 16) == [.oversized(length: 17)])
    }

    @Test func anOversizedLineIsCountedAndDiscardedAndTheNextLineStillComes() {
        let long = String(repeating: "y", count: 100)
        #expect(
            frame([long + "\n{\"next\":1}\n"], maxLineBytes: 16) == [.oversized(length: 100), line("{\"next\":1}")])
    }

    @Test func anOversizedLineSpreadOverManyChunksIsCountedWhole() {
        var framer = LineFramer(maxLineBytes: 16)
        var units: [FramedLine] = []
        for _ in 0..<25 { units += framer.feed(Array("0123456789".utf8)) }
        #expect(units == [])
        units += framer.feed(Array("\n{}\n".utf8))
        #expect(units == [.oversized(length: 250), line("{}")])
        #expect(framer.finish() == [])
    }

    @Test func anOversizedLastLineWithoutNewlineIsReportedAtFinish() {
        var framer = LineFramer(maxLineBytes: 16)
        #expect(framer.feed(Array(String(repeating: "z", count: 40).utf8)) == [])
        #expect(framer.finish() == [.oversized(length: 40)])
    }

    @Test func consecutiveOversizedLinesAreEachReported() {
        let units = frame(
            [String(repeating: "a", count: 20) + "\n" + String(repeating: "b", count: 30) + "\n{}\n"], maxLineBytes: 16)
        #expect(units == [.oversized(length: 20), .oversized(length: 30), line("{}")])
    }

    /// The limit does not count the line ending, so an oversized line should report the
    /// same length whether it ends in `\n` or in `\r\n`.
    @Test func oversizedLengthDoesNotCountTheLineEnding() {
        let over = String(repeating: "x", count: 20)
        #expect(frame([over + "\n"], maxLineBytes: 16) == [.oversized(length: 20)])
        #expect(frame([over + "\r\n"], maxLineBytes: 16) == [.oversized(length: 20)])
        #expect(frame([String(repeating: "x", count: 17) + "\r\n"], maxLineBytes: 16) == [.oversized(length: 17)])
        // Split between chunks, right before the \n.
        #expect(frame([over + "\r", "\n"], maxLineBytes: 16) == [.oversized(length: 20)])
    }
}
