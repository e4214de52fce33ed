import JSONRPC
import Testing

/// Batches: one answer line holding one response per non-notification, in request order.
struct BatchTests {
    let journal = CallJournal()
    var client: TestClient { TestClient(journal: journal) }

    @Test func emptyBatchIsOneInvalidRequestNotAnArray() throws {
        #expect(try client.answer("[]") == Expected.invalidRequest())
        #expect(try client.answer("[ ]") == Expected.invalidRequest())
    }

    @Test func batchOfOneNonObject() throws {
        #expect(try client.answer("[1]") == [Expected.invalidRequest()])
    }

    @Test func batchOfThreeNonObjects() throws {
        #expect(
            try client.answer("[1,2,3]") == [
                Expected.invalidRequest(), Expected.invalidRequest(), Expected.invalidRequest(),
            ])
    }

    @Test func nestedBatchIsNotABatch() throws {
        #expect(try client.answer(#"[[{"jsonrpc":"2.0","method":"ping","id":1}]]"#) == [Expected.invalidRequest()])
        #expect(try client.answer("[[]]") == [Expected.invalidRequest()])
    }

    /// The specification's own mixed batch, with methods that take params by name.
    @Test func mixedBatchAnswersInRequestOrderAndSkipsNotifications() throws {
        let answer = try client.answer(
            #"[{"jsonrpc": "2.0", "method": "sum", "params": {"values": [1,2,4]}, "id": "1"}, {"jsonrpc": "2.0", "method": "record", "params": {"note": "hello"}}, {"jsonrpc": "2.0", "method": "subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": "2"}, {"foo": "boo"}, {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"}, {"jsonrpc": "2.0", "method": "ping", "id": "9"}]"#
        )
        #expect(
            answer == [
                Expected.result(7, id: "1"),
                Expected.result(19, id: "2"),
                Expected.invalidRequest(),
                Expected.methodNotFound(id: "5"),
                Expected.result("pong", id: "9"),
            ])
        // Every call ran, notifications included, in order.
        #expect(journal.entries == ["sum", "record hello", "subtract 42 23"])
    }

    @Test func batchAnswerBytes() {
        #expect(
            client.rawAnswer(
                #"[{"jsonrpc":"2.0","method":"ping","id":1},{"jsonrpc":"2.0","method":"sum","params":{"values":[]},"id":"b"}]"#
            )
                == Array(#"[{"jsonrpc":"2.0","id":1,"result":"pong"},{"jsonrpc":"2.0","id":"b","result":0}]"#.utf8))
    }

    @Test func answersKeepRequestOrderEvenWithRepeatedIds() throws {
        let answer = try client.answer(
            #"[{"jsonrpc":"2.0","method":"subtract","params":{"minuend":3,"subtrahend":1},"id":1},{"jsonrpc":"2.0","method":"subtract","params":{"minuend":1,"subtrahend":3},"id":1},{"jsonrpc":"2.0","method":"ping","id":"1"}]"#
        )
        #expect(answer == [Expected.result(2, id: 1), Expected.result(-2, id: 1), Expected.result("pong", id: "1")])
    }

    @Test func allNotificationBatchWritesNothing() {
        #expect(
            client.rawAnswer(
                #"[{"jsonrpc": "2.0", "method": "record", "params": {"note": "a"}}, {"jsonrpc": "2.0", "method": "record", "params": {"note": "b"}}]"#
            ) == nil)
        #expect(journal.entries == ["record a", "record b"])
    }

    @Test func notificationsThatFailInABatchWriteNothing() {
        #expect(
            client.rawAnswer(
                #"[{"jsonrpc":"2.0","method":"nope"},{"jsonrpc":"2.0","method":"subtract","params":[1,2]},{"jsonrpc":"2.0","method":"fail","params":{"kind":"internal"}}]"#
            ) == nil)
        #expect(journal.entries == ["fail internal"])
    }

    @Test func anInvalidEntryAmongNotificationsIsStillAnswered() throws {
        #expect(
            try client.answer(#"[{"jsonrpc":"2.0","method":"record"},{"jsonrpc":"1.0","method":"record"}]"#)
                == [Expected.invalidRequest()])
        #expect(journal.entries == ["record -"])
    }

    @Test func batchAtTheLimitRuns() throws {
        let client = TestClient(limits: Limits(maxBatchEntries: 3), journal: journal)
        #expect(
            try client.answer("[1,2,3]") == [
                Expected.invalidRequest(), Expected.invalidRequest(), Expected.invalidRequest(),
            ])
    }

    @Test func batchOverTheLimitIsOneLimitExceededAndNothingRuns() throws {
        let client = TestClient(limits: Limits(maxBatchEntries: 3), journal: journal)
        let notification = #"{"jsonrpc":"2.0","method":"record"}"#
        let answer = try client.answer("[" + Array(repeating: notification, count: 4).joined(separator: ",") + "]")
        #expect(answer == Expected.limitExceeded(name: "maxBatchEntries", limit: 3, value: 4))
        #expect(journal.entries == [])
    }

    @Test func defaultBatchLimitIsOneThousand() throws {
        let call = #"{"jsonrpc":"2.0","method":"ping","id":0}"#
        let atLimit = try client.answer("[" + Array(repeating: call, count: 1000).joined(separator: ",") + "]")
        #expect(atLimit == .array(Array(repeating: Expected.result("pong", id: 0), count: 1000)))
        let over = try client.answer("[" + Array(repeating: call, count: 1001).joined(separator: ",") + "]")
        #expect(over == Expected.limitExceeded(name: "maxBatchEntries", limit: 1000, value: 1001))
    }

    @Test func batchWithInvalidJSONIsOneParseError() throws {
        #expect(
            try client.answer(
                #"[{"jsonrpc": "2.0", "method": "sum", "params": {"values": [1,2,4]}, "id": "1"},{"jsonrpc": "2.0", "method"]"#
            )
                == Expected.parseError())
        #expect(journal.entries == [])
    }
}
