import BoxOfficeTesting
import JSONRPC
import Testing

/// What a handler's outcome becomes on the wire: results, thrown errors, pre-encoded bytes.
struct HandlerResultTests {
    let journal = CallJournal()
    var client: TestClient { TestClient(journal: journal) }

    private func fail(_ kind: String, id: String = "7") throws -> JSONValue? {
        try client.answer(#"{"jsonrpc":"2.0","method":"fail","params":{"kind":"\#(kind)"},"id":\#(id)}"#)
    }

    @Test func thrownResponseErrorGoesOutAsIs() throws {
        #expect(
            try fail("response")
                == Expected.error(-32050, "Teapot", data: ["reason": "TEAPOT", "short": true], id: 7))
    }

    @Test func errorKnownToTranslateErrorIsTranslated() throws {
        #expect(
            try fail("domain", id: #""d""#)
                == Expected.error(-32002, "Seat taken", data: ["reason": "SEATS_UNAVAILABLE", "seat": "B7"], id: "d"))
    }

    @Test func anyOtherErrorIsAnInternalErrorWithoutDetails() throws {
        #expect(try fail("internal") == Expected.internalError(id: 7))
        // The details go to the log, at error level, never to the client.
        let log = CapturedLog()
        _ = TestClient(journal: journal, log: log).rawAnswer(
            #"{"jsonrpc":"2.0","method":"fail","params":{"kind":"internal"},"id":8}"#)
        #expect(log.messages(at: .error) == ["fail 8 failed: JSONRPCTests.Explosion()"])
        let bytes = try #require(
            client.rawAnswer(#"{"jsonrpc":"2.0","method":"fail","params":{"kind":"internal"},"id":7}"#))
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"jsonrpc":"2.0","id":7,"error":{"#))
    }

    @Test func withoutTranslateErrorDomainErrorsAreInternal() throws {
        var registry = MethodRegistry<NoContext>()
        registry.register(Fail.self) { _ in throw SeatTaken(seat: "C3") }
        let server = Server(registry: registry, logger: CapturedLog().logger())
        let answer = server.respond(
            to: .line(Array(#"{"jsonrpc":"2.0","method":"fail","params":{"kind":"domain"},"id":1}"#.utf8)))
        #expect(try answer.map(JSONText.parse) == Expected.internalError(id: 1))
    }

    /// A thrown `ResponseError` wins even over a `translateError` that would map it.
    @Test func thrownResponseErrorIsNotTranslatedAgain() throws {
        var registry = MethodRegistry<NoContext>(translateError: { _ in
            ResponseError(code: ErrorCode(rawValue: -32099), message: "mapped")
        })
        registry.register(Fail.self) { _ in throw Fail.responseError }
        let server = Server(registry: registry, logger: CapturedLog().logger())
        let answer = server.respond(
            to: .line(Array(#"{"jsonrpc":"2.0","method":"fail","params":{"kind":"x"},"id":1}"#.utf8)))
        #expect(
            try answer.map(JSONText.parse)
                == Expected.error(-32050, "Teapot", data: ["reason": "TEAPOT", "short": true], id: 1))
    }

    @Test func resultThatFailsToEncodeIsAnInternalError() throws {
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"unencodable","id":"u"}"#) == Expected.internalError(id: "u"))
    }

    @Test func preEncodedResultIsSplicedVerbatim() {
        let expected = Array(#"{"jsonrpc":"2.0","id":5,"result":"#.utf8) + Raw.Result.bytes + [UInt8(ascii: "}")]
        #expect(client.rawAnswer(#"{"jsonrpc":"2.0","method":"raw","id":5}"#) == expected)
    }

    @Test func preEncodedResultInABatch() {
        let raw = String(decoding: Raw.Result.bytes, as: UTF8.self)
        #expect(
            client.rawAnswer(#"[{"jsonrpc":"2.0","method":"raw","id":1},{"jsonrpc":"2.0","method":"ping","id":2}]"#)
                == Array(#"[{"jsonrpc":"2.0","id":1,"result":\#(raw)},{"jsonrpc":"2.0","id":2,"result":"pong"}]"#.utf8))
    }

    @Test func preEncodedResultThatThrowsIsAnInternalError() throws {
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"raw","params":{"broken":true},"id":5}"#)
                == Expected.internalError(id: 5))
    }

    @Test func resultsWithSlashesAndLineBreaksStayOnOneLine() throws {
        let answer = client.rawAnswer(#"{"jsonrpc":"2.0","method":"picky","params":{"code":"a/b\nc\r\u2028d"},"id":1}"#)
        #expect(try answer.map(JSONText.parse) == Expected.result("a/b\nc\r\u{2028}d", id: 1))
        // Slashes are not escaped.
        #expect(answer.map { String(decoding: $0, as: UTF8.self).contains("a/b") } == true)
    }

    @Test func oversizedLineIsALimitErrorToNull() throws {
        let server = Server(
            registry: TestMethods.registry(journal: journal), limits: Limits(maxLineBytes: 1000),
            logger: CapturedLog().logger())
        let answer = try #require(server.respond(to: .oversized(length: 2000)))
        #expect(try JSONText.parse(answer) == Expected.limitExceeded(name: "maxLineBytes", limit: 1000, value: 2000))
    }

    @Test func oversizedLineWithDefaultLimits() throws {
        let server = Server(registry: TestMethods.registry(journal: journal), logger: CapturedLog().logger())
        let answer = try #require(server.respond(to: .oversized(length: 2 << 20)))
        #expect(
            try JSONText.parse(answer) == Expected.limitExceeded(name: "maxLineBytes", limit: 1 << 20, value: 2 << 20))
    }

    @Test func limitErrorBytes() throws {
        let server = Server(
            registry: TestMethods.registry(journal: journal), limits: Limits(maxLineBytes: 64),
            logger: CapturedLog().logger())
        let answer = try #require(server.respond(to: .oversized(length: 65)))
        // The envelope's members come in a fixed order; the error object's need not.
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix(#"{"jsonrpc":"2.0","id":null,"error":{"#))
        #expect(try JSONText.parse(answer) == Expected.limitExceeded(name: "maxLineBytes", limit: 64, value: 65))
    }

    @Test func methodNamesAreListedSorted() {
        #expect(
            TestMethods.registry(journal: journal).methodNames
                == ["call", "fail", "order.place", "picky", "ping", "raw", "record", "subtract", "sum", "unencodable"])
    }
}
