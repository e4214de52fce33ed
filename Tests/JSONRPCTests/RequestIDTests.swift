import JSONRPC
import Testing

/// Ids come back exactly as they were sent: same JSON type, same value.
struct RequestIDTests {
    let client = TestClient()

    @Test(arguments: [
        (#""1""#, JSONValue.string("1")),
        ("1", .integer(1)),
        ("0", .integer(0)),
        ("-7", .integer(-7)),
        (#""""#, .string("")),
        (#""a \"quoted\" \\ id/é""#, .string("a \"quoted\" \\ id/é")),
        ("9007199254740993", .integer(9_007_199_254_740_993)),
        ("9223372036854775807", .integer(.max)),
        ("-9223372036854775808", .integer(.min)),
        ("1.5", .double(1.5)),
        ("-0.25", .double(-0.25)),
        ("null", .null),
    ])
    func idIsEchoedExactly(id: String, expected: JSONValue) throws {
        let answer = try client.answer(#"{"jsonrpc":"2.0","method":"ping","id":\#(id)}"#)
        #expect(answer == Expected.result("pong", id: expected))
    }

    @Test func stringOneAndNumberOneAreDifferentIds() throws {
        let string = try client.answer(#"{"jsonrpc":"2.0","method":"ping","id":"1"}"#)
        let number = try client.answer(#"{"jsonrpc":"2.0","method":"ping","id":1}"#)
        #expect(string == Expected.result("pong", id: "1"))
        #expect(number == Expected.result("pong", id: 1))
        #expect(string != number)
    }

    /// The bytes, not just the value: `"1"` must not become `1` or `1.0`.
    @Test func idBytesOnTheWire() throws {
        #expect(
            client.rawAnswer(#"{"jsonrpc":"2.0","method":"ping","id":"1"}"#)
                == Array(#"{"jsonrpc":"2.0","id":"1","result":"pong"}"#.utf8))
        #expect(
            client.rawAnswer(#"{"jsonrpc":"2.0","method":"ping","id":12}"#)
                == Array(#"{"jsonrpc":"2.0","id":12,"result":"pong"}"#.utf8))
        #expect(
            client.rawAnswer(#"{"jsonrpc":"2.0","method":"ping","id":null}"#)
                == Array(#"{"jsonrpc":"2.0","id":null,"result":"pong"}"#.utf8))
        #expect(
            client.rawAnswer(#"{"jsonrpc":"2.0","method":"ping","id":"a/b"}"#)
                == Array(#"{"jsonrpc":"2.0","id":"a/b","result":"pong"}"#.utf8))
    }

    /// `"id": null` is a request, answered with `null`; an absent id is a notification.
    @Test func nullIdIsAnsweredButAbsentIdIsNot() throws {
        let journal = CallJournal()
        let client = TestClient(journal: journal)
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"record","params":{"note":"a"},"id":null}"#)
                == Expected.result(true, id: nil))
        #expect(client.rawAnswer(#"{"jsonrpc":"2.0","method":"record","params":{"note":"b"}}"#) == nil)
        #expect(journal.entries == ["record a", "record b"])
    }

    @Test func idIsEchoedOnErrorsToo() throws {
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"nope","id":"x-1"}"#) == Expected.methodNotFound(id: "x-1"))
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"nope","id":2.5}"#)
                == Expected.methodNotFound(id: .double(2.5)))
        #expect(try client.answer(#"{"jsonrpc":"2.0","method":"nope","id":null}"#) == Expected.methodNotFound(id: nil))
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"fail","params":{"kind":"internal"},"id":-3}"#)
                == Expected.internalError(id: -3))
    }

    @Test func idBeforeTheOtherMembersIsStillEchoed() throws {
        #expect(
            try client.answer(#"{"id":"first","params":{},"method":"ping","jsonrpc":"2.0"}"#)
                == Expected.result("pong", id: "first"))
    }

    @Test(arguments: [#"{"a":1}"#, "true", "false", "[1]", "[]"])
    func idOfAnotherTypeIsAnInvalidRequestAnsweredToNull(id: String) throws {
        let journal = CallJournal()
        let client = TestClient(journal: journal)
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"record","id":\#(id)}"#) == Expected.invalidRequest(id: nil))
        #expect(journal.entries == [])
    }
}
