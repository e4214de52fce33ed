import JSONRPC
import Testing

/// The Request object itself: what makes it valid, what is answered and what is not.
struct EnvelopeTests {
    let journal = CallJournal()
    var client: TestClient { TestClient(journal: journal) }

    @Test func namedParamsCallIsAnswered() throws {
        #expect(
            try client.answer(
                #"{"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}"#)
                == Expected.result(19, id: 3))
        #expect(
            try client.answer(
                #"{"jsonrpc": "2.0", "method": "subtract", "params": {"minuend": 23, "subtrahend": 42}, "id": 4}"#)
                == Expected.result(-19, id: 4))
        #expect(journal.entries == ["subtract 42 23", "subtract 23 42"])
    }

    @Test func successBytesAreCompactAndInOrder() {
        #expect(
            client.rawAnswer(#"{"jsonrpc":"2.0","method":"sum","params":{"values":[1,2,4]},"id":"1"}"#)
                == Array(#"{"jsonrpc":"2.0","id":"1","result":7}"#.utf8))
    }

    @Test func unknownMethodIsMethodNotFound() throws {
        #expect(
            try client.answer(#"{"jsonrpc": "2.0", "method": "foobar", "id": "1"}"#) == Expected.methodNotFound(id: "1")
        )
        // Names are case-sensitive and not trimmed.
        #expect(try client.answer(#"{"jsonrpc":"2.0","method":"Ping","id":2}"#) == Expected.methodNotFound(id: 2))
        #expect(try client.answer(#"{"jsonrpc":"2.0","method":" ping","id":3}"#) == Expected.methodNotFound(id: 3))
        #expect(try client.answer(#"{"jsonrpc":"2.0","method":"","id":4}"#) == Expected.methodNotFound(id: 4))
    }

    // MARK: Notifications

    @Test func notificationRunsButIsNeverAnswered() {
        #expect(client.rawAnswer(#"{"jsonrpc":"2.0","method":"record","params":{"note":"n1"}}"#) == nil)
        #expect(client.rawAnswer(#"{"jsonrpc":"2.0","method":"record"}"#) == nil)
        #expect(client.rawAnswer(#"{"jsonrpc":"2.0","method":"record","params":null}"#) == nil)
        #expect(journal.entries == ["record n1", "record -", "record -"])
    }

    @Test func notificationOfAnUnknownMethodIsNotAnswered() {
        #expect(client.rawAnswer(#"{"jsonrpc": "2.0", "method": "foobar"}"#) == nil)
        #expect(client.rawAnswer(#"{"jsonrpc":"2.0","method":"foobar","params":{"a":1}}"#) == nil)
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":1}}"#,
        #"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":1,"subtrahend":2,"extra":3}}"#,
        #"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":"1","subtrahend":2}}"#,
        #"{"jsonrpc":"2.0","method":"subtract","params":[42,23]}"#,
        #"{"jsonrpc":"2.0","method":"update","params":[1,2,3,4,5]}"#,
    ])
    func notificationWithBadParamsIsNotAnsweredAndDoesNotRun(line: String) {
        #expect(client.rawAnswer(line) == nil)
        #expect(journal.entries == [])
    }

    @Test func notificationWhoseHandlerThrowsIsNotAnswered() {
        #expect(client.rawAnswer(#"{"jsonrpc":"2.0","method":"fail","params":{"kind":"internal"}}"#) == nil)
        #expect(client.rawAnswer(#"{"jsonrpc":"2.0","method":"fail","params":{"kind":"response"}}"#) == nil)
        #expect(client.rawAnswer(#"{"jsonrpc":"2.0","method":"fail","params":{"kind":"domain"}}"#) == nil)
        #expect(journal.entries == ["fail internal", "fail response", "fail domain"])
    }

    // MARK: Invalid Request objects

    @Test(arguments: [
        (#"{"method":"record","id":1}"#, JSONValue.integer(1)),
        (#"{"jsonrpc":"1.0","method":"record","id":2}"#, .integer(2)),
        (#"{"jsonrpc":2.0,"method":"record","id":3}"#, .integer(3)),
        (#"{"jsonrpc":"2.0 ","method":"record","id":4}"#, .integer(4)),
        (#"{"jsonrpc":null,"method":"record","id":5}"#, .integer(5)),
        (#"{"jsonrpc":"2.0","id":"no method"}"#, .string("no method")),
        (#"{"jsonrpc":"2.0","method":1,"id":"m1"}"#, .string("m1")),
        (#"{"jsonrpc":"2.0","method":null,"id":"m2"}"#, .string("m2")),
        (#"{"jsonrpc":"2.0","method":["record"],"id":"m3"}"#, .string("m3")),
        (#"{"jsonrpc":"2.0","method":"record","params":"bar","id":"p1"}"#, .string("p1")),
        (#"{"jsonrpc":"2.0","method":"record","params":42,"id":"p2"}"#, .string("p2")),
        (#"{"jsonrpc":"2.0","method":"record","params":true,"id":"p3"}"#, .string("p3")),
        (#"{"jsonrpc":"2.0","method":"record","params":"bar","id":null}"#, .null),
    ])
    func invalidRequestEchoesAValidId(line: String, id: JSONValue) throws {
        #expect(try client.answer(line) == Expected.invalidRequest(id: id))
        #expect(journal.entries == [])
    }

    /// An invalid Request object without an id is still answered, to `null`: the server
    /// cannot tell that it was meant as a notification.
    @Test(arguments: [
        #"{"jsonrpc": "2.0", "method": 1, "params": "bar"}"#,
        #"{"jsonrpc":"1.0","method":"record"}"#,
        #"{"method":"record"}"#,
        #"{"jsonrpc":"2.0","method":"record","params":7}"#,
        #"{"foo": "boo"}"#,
        "{}",
        "1",
        #""a string""#,
        "null",
        "true",
    ])
    func invalidRequestWithoutIdIsAnsweredToNull(line: String) throws {
        #expect(try client.answer(line) == Expected.invalidRequest(id: nil))
        #expect(journal.entries == [])
    }

    @Test func invalidRequestBytes() throws {
        let bytes = try #require(client.rawAnswer(#"{"foo":"boo"}"#))
        // The envelope's members come in a fixed order; the error object's need not.
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"jsonrpc":"2.0","id":null,"error":{"#))
        #expect(try JSONText.parse(bytes) == Expected.invalidRequest())
    }

    // MARK: Parse errors

    @Test(arguments: [
        #"{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]"#,
        #"{"jsonrpc":"2.0","method":"ping","id":1"#,
        #"{"jsonrpc":"2.0","method":"ping","id":1} x"#,
        #"{"jsonrpc":"2.0","method":"ping","id":1}{"jsonrpc":"2.0","method":"ping","id":2}"#,
        #"{'jsonrpc':'2.0','method':'ping','id':1}"#,
        "[",
        "nul",
    ])
    func invalidJSONIsAParseErrorAnsweredToNull(line: String) throws {
        #expect(try client.answer(line) == Expected.parseError())
    }

    @Test func parseErrorBytes() throws {
        let bytes = try #require(client.rawAnswer("{"))
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"{"jsonrpc":"2.0","id":null,"error":{"#))
        #expect(try JSONText.parse(bytes) == Expected.parseError())
    }

    /// JSON has no leading zeros. Foundation's decoder would only notice where it reads
    /// the number; the server checks the whole line first.
    @Test func numberWithALeadingZeroIsAParseError() throws {
        #expect(try client.answer(#"{"jsonrpc":"2.0","method":"ping","id":01}"#) == Expected.parseError())
        #expect(try client.answer(#"{"jsonrpc":"2.0","method":"ping","id":1,"extra":01}"#) == Expected.parseError())
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":42,"subtrahend":01},"id":1}"#)
                == Expected.parseError())
        for bad in ["1.", ".5", "-", "1e", "+1", "0x10", "NaN", "Infinity", "--1"] {
            #expect(
                try client.answer(#"{"jsonrpc":"2.0","method":"ping","id":1,"extra":"# + bad + "}")
                    == Expected.parseError(), "\(bad)")
        }
    }

    /// Escapes must be JSON's own, and `\\u` surrogates must come in pairs.
    @Test func badEscapesAreParseErrors() throws {
        for bad in [#"\ud800"#, #"\udc00"#, #"\ud800\u0041"#, #"\x41"#, #"\u12"#, #"\'"#] {
            #expect(
                try client.answer(#"{"jsonrpc":"2.0","method":"ping","id":1,"extra":""# + bad + #""}"#)
                    == Expected.parseError(), "\(bad)")
        }
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"ping","id":1,"extra":"\ud83c\udf7f \u00e9\n"}"#)
                != Expected.parseError())
        #expect(
            try client.answer(
                bytes: Array(#"{"jsonrpc":"2.0","method":"ping","id":1,"extra":"a"#.utf8) + [0x09] + Array(#""}"#.utf8))
                == Expected.parseError())
    }

    /// A lone continuation byte, a truncated sequence, an overlong encoding, a surrogate.
    static let invalidUTF8: [[UInt8]] = [[0xFF], [0x80], [0xC3], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80]]

    @Test func invalidUTF8OutsideStringsIsAParseError() throws {
        for bad in Self.invalidUTF8 {
            #expect(
                try client.answer(bytes: bad + Array(#"{"jsonrpc":"2.0","method":"ping","id":1}"#.utf8))
                    == Expected.parseError())
            #expect(
                try client.answer(bytes: Array(#"{"jsonrpc":"2.0","method":"ping","id":1}"#.utf8) + bad)
                    == Expected.parseError())
        }
    }

    @Test func validUTF8BeyondASCIIPassesUntouched() throws {
        let line = #"{"jsonrpc":"2.0","method":"record","params":{"note":"é€😀\u00e9"},"id":"ü"}"#
        #expect(try client.answer(line) == Expected.result(true, id: "ü"))
        #expect(journal.entries == ["record é€😀é"])
    }

    /// The line is not UTF-8, so it is not JSON text: -32700, whichever string the bad
    /// bytes sit in, and nothing runs.
    @Test(arguments: [
        (#"{"jsonrpc":"2.0","method":"record","params":{"note":""#, #""},"id":1}"#),
        (#"{"jsonrpc":"2.0","method":"record","id":""#, #""}"#),
        (#"{"jsonrpc":"2.0","method":"record","id":1,"extra":""#, #""}"#),
        (#"{"jsonrpc":"2.0","method":"record","id":1,""#, #"":0}"#),
    ])
    func invalidUTF8InsideAStringIsAParseError(prefix: String, suffix: String) throws {
        for bad in Self.invalidUTF8 {
            #expect(
                try client.answer(bytes: Array(prefix.utf8) + bad + Array(suffix.utf8)) == Expected.parseError(),
                "bytes \(bad)")
        }
        #expect(journal.entries == [])
    }
}
