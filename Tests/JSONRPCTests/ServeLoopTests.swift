import BoxOfficeTesting
import JSONRPC
import Testing

/// `Server.serve`: every unit in order, one written line per answer, until the input
/// ends or the reader goes away.
struct ServeLoopTests {
    let journal = CallJournal()

    private func server(_ limits: Limits = Limits()) -> Server<NoContext> {
        Server(registry: TestMethods.registry(journal: journal), limits: limits, logger: CapturedLog().logger())
    }

    @Test func answersEveryLineInOrderAndSkipsNotifications() throws {
        let source = ArrayLineSource(lines: [
            #"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":42,"subtrahend":23},"id":1}"#,
            #"{"jsonrpc":"2.0","method":"record","params":{"note":"quiet"}}"#,
            #"{"jsonrpc":"2.0","method":"nope","id":"2"}"#,
            "[]",
            #"[{"jsonrpc":"2.0","method":"record"}]"#,
            "{",
            #"{"jsonrpc":"2.0","method":"ping","id":null}"#,
        ])
        let sink = CollectingSink()
        server().serve(source, to: sink)
        #expect(
            try sink.values() == [
                Expected.result(19, id: 1),
                Expected.methodNotFound(id: "2"),
                Expected.invalidRequest(),
                Expected.parseError(),
                Expected.result("pong", id: nil),
            ])
        #expect(source.taken == 7)
        #expect(source.calls == 8, "serve reads until the source says the input ended")
        #expect(journal.entries == ["subtract 42 23", "record quiet", "record -"])
    }

    /// A request pretty-printed over several lines: the first line's error says that a
    /// request goes on one line, the others' that they belong to a request broken over
    /// lines, until a line that is JSON again; after that, a bad line is just a bad line.
    @Test func aRequestBrokenOverLinesIsSaidToBeOne() throws {
        let source = ArrayLineSource(lines: [
            "{", #"  "jsonrpc": "2.0","#, #"  "method": "ping","#, #"  "id": 1"#, "}",
            #"{"jsonrpc":"2.0","method":"ping","id":2}"#, "}",
        ])
        let sink = CollectingSink()
        server().serve(source, to: sink)
        let reasons = try sink.lines.map {
            try JSONValue.parse(bytes: $0)["error"]["data"]["reason"].string ?? "answered"
        }
        let oneLine = "each request goes on one line (newline-delimited JSON), or in Content-Length frames"
        let part = "this line seems to be part of a request broken over several lines"
        #expect(
            reasons == [
                "the line ends before the JSON value does; \(oneLine)",
                "\(part) (more after the JSON value, from byte 12); \(oneLine)",
                "\(part) (more after the JSON value, from byte 11); \(oneLine)",
                "\(part) (more after the JSON value, from byte 7); \(oneLine)",
                "\(part) (unexpected character '}' at byte 1); \(oneLine)",
                "answered",
                "unexpected character '}' at byte 1",
            ])
    }

    @Test func anOversizedUnitIsAnsweredAndServingGoesOn() throws {
        let source = ArrayLineSource([
            .oversized(length: 5000),
            .line(Array(#"{"jsonrpc":"2.0","method":"ping","id":1}"#.utf8)),
        ])
        let sink = CollectingSink()
        server(Limits(maxLineBytes: 100)).serve(source, to: sink)
        #expect(
            try sink.values() == [
                Expected.limitExceeded(name: "maxLineBytes", limit: 100, value: 5000),
                Expected.result("pong", id: 1),
            ])
    }

    /// Raw bytes in awkward chunks, through the framer, the way stdin delivers them.
    @Test func rawChunksThroughTheFramer() throws {
        let request = #"{"jsonrpc":"2.0","method":"ping","id":"#
        let source = ChunkLineSource(
            chunks: [
                request, "1}\r", "\n\n",
                String(repeating: "x", count: 150), String(repeating: "x", count: 150) + "\n",
                request + "2}\n" + request, "3}",
            ],
            limits: Limits(maxLineBytes: 200))
        let sink = CollectingSink()
        server(Limits(maxLineBytes: 200)).serve(source, to: sink)
        #expect(
            try sink.values() == [
                Expected.result("pong", id: 1),
                Expected.limitExceeded(name: "maxLineBytes", limit: 200, value: 300),
                Expected.result("pong", id: 2),
                Expected.result("pong", id: 3),
            ])
    }

    @Test func stopsWhenTheSinkReportsTheReaderGone() throws {
        let source = ArrayLineSource(lines: [
            #"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":1,"subtrahend":1},"id":1}"#,
            #"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":2,"subtrahend":1},"id":2}"#,
            #"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":3,"subtrahend":1},"id":3}"#,
            #"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":4,"subtrahend":1},"id":4}"#,
        ])
        let sink = CollectingSink(accepting: 1)
        server().serve(source, to: sink)
        #expect(try sink.values() == [Expected.result(0, id: 1)])
        #expect(sink.writeAttempts == 2)
        #expect(source.calls == 2, "nothing is read after the failed write")
        #expect(journal.entries == ["subtract 1 1", "subtract 2 1"])
    }

    @Test func notificationsNeverReachTheSinkSoTheyCannotStopTheLoop() throws {
        let source = ArrayLineSource(lines: [
            #"{"jsonrpc":"2.0","method":"record","params":{"note":"1"}}"#,
            #"{"jsonrpc":"2.0","method":"record","params":{"note":"2"}}"#,
            #"{"jsonrpc":"2.0","method":"ping","id":1}"#,
            #"{"jsonrpc":"2.0","method":"record","params":{"note":"3"}}"#,
        ])
        let sink = CollectingSink(accepting: 0)
        server().serve(source, to: sink)
        #expect(sink.writeAttempts == 1)
        #expect(sink.lines.isEmpty)
        #expect(source.calls == 3)
        #expect(journal.entries == ["record 1", "record 2"])
    }

    @Test func emptyInputWritesNothing() {
        let source = ArrayLineSource([])
        let sink = CollectingSink()
        server().serve(source, to: sink)
        #expect(sink.writeAttempts == 0)
        #expect(source.calls == 1)
    }

    @Test func everyWrittenLineIsOneJSONObjectWithVersion() throws {
        let source = ArrayLineSource(lines: [
            #"{"jsonrpc":"2.0","method":"ping","id":1}"#, "[1]", "garbage", #"{"jsonrpc":"2.0","method":"raw","id":2}"#,
        ])
        let sink = CollectingSink()
        server().serve(source, to: sink)
        let values = try sink.values()
        #expect(values.count == 4)
        for value in values {
            let objects: [JSONValue] = if case .array(let entries) = value { entries } else { [value] }
            for object in objects {
                guard case .object(let members) = object else {
                    Issue.record("not an object: \(object)")
                    continue
                }
                #expect(members["jsonrpc"] == "2.0")
                #expect(members.keys.contains("id"))
                #expect((members["result"] == nil) != (members["error"] == nil), "exactly one of result and error")
            }
        }
    }
}
