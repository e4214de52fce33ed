import JSONRPC
import Testing

/// What stores and decoders would get wrong at the edge: number ids beyond any Swift
/// number, U+0000 in strings, integers past 64 bits, object keys that look like numbers.
struct EdgeValueTests {
    let client = TestClient()

    /// A number id goes back as the very text that came, whatever number it is.
    @Test(arguments: [
        "18446744073709551617", "-18446744073709551617", "1.50", "1e3", "6.02E+23", "-0", "3.0", "1e400",
        "0.000000000000000000000000000001",
    ])
    func numberIdsAreEchoedAsTheirText(id: String) {
        #expect(
            client.rawAnswer(#"{"jsonrpc":"2.0","method":"ping","id":\#(id)}"#)
                == Array(#"{"jsonrpc":"2.0","id":\#(id),"result":"pong"}"#.utf8))
    }

    /// In a batch each envelope keeps its own id text; an escaped `id` key is still `id`.
    @Test func batchIdsAndEscapedKeysKeepTheirText() {
        #expect(
            client.rawAnswer(
                #"[{"jsonrpc":"2.0","method":"ping","id":1.10},{"jsonrpc":"2.0","method":"ping","params":{"id":7}},{"jsonrpc":"2.0","method":"ping","\u0069d":2E2}]"#
            )
                == Array(
                    #"[{"jsonrpc":"2.0","id":1.10,"result":"pong"},{"jsonrpc":"2.0","id":2E2,"result":"pong"}]"#.utf8))
    }

    /// Of two `id` keys the first counts, as Foundation's decoder has it for every key.
    @Test func theFirstOfTwoIdKeysCounts() {
        #expect(
            client.rawAnswer(#"{"jsonrpc":"2.0","method":"ping","id":"a","id":2}"#)
                == Array(#"{"jsonrpc":"2.0","id":"a","result":"pong"}"#.utf8))
        #expect(
            client.rawAnswer(#"{"jsonrpc":"2.0","method":"ping","id":1.0,"id":"b"}"#)
                == Array(#"{"jsonrpc":"2.0","id":1.0,"result":"pong"}"#.utf8))
    }

    /// An id that is also an error's id keeps its text too.
    @Test func anErrorAnswerKeepsTheIdText() throws {
        let answer = client.rawAnswer(#"{"jsonrpc":"2.0","method":"no.such","id":12345678901234567890123}"#)
        #expect(
            answer.map { String(decoding: $0, as: UTF8.self) }?.hasPrefix(
                #"{"jsonrpc":"2.0","id":12345678901234567890123,"error":"#) == true)
    }

    /// U+0000 anywhere in params is -32602 with its path, before the method sees anything.
    @Test(arguments: [
        (#"{"note":"bob\u0000evil"}"#, "note"),
        (#"{"note":"\u0000"}"#, "note"),
    ])
    func aNULInAStringIsRefusedWithItsPath(params: String, path: String) throws {
        let journal = CallJournal()
        let client = TestClient(journal: journal)
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"record","params":\#(params),"id":1}"#)
                == Expected.invalidParams(path: path, reason: "must not contain the character U+0000 (NUL)", id: 1))
        #expect(journal.entries.isEmpty)
    }

    @Test func aNULNestedInParamsIsNamedByItsPath() throws {
        #expect(
            try client.answer(
                #"{"jsonrpc":"2.0","method":"order.place","params":{"customer":"ann","items":[{"name":"a","quantity":1},{"name":"b\u0000","quantity":2}]},"id":1}"#
            )
                == Expected.invalidParams(
                    path: "items[1].name", reason: "must not contain the character U+0000 (NUL)", id: 1))
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"sum","params":{"values":[1],"x\u0000":1},"id":2}"#)
                == Expected.invalidParams(path: "x\u{0}", reason: "must not contain the character U+0000 (NUL)", id: 2))
    }

    /// A NUL in a string id is no stored value: it is echoed as it came.
    @Test func aNULInAStringIdIsEchoed() throws {
        #expect(
            try client.answer(#"{"jsonrpc":"2.0","method":"ping","id":"a\u0000b"}"#)
                == Expected.result("pong", id: .string("a\u{0}b")))
    }

    /// An object key that looks like a number is a key, not an array index.
    @Test func aNumericObjectKeyIsAKeyInThePath() throws {
        #expect(
            try client.answer(
                #"{"jsonrpc":"2.0","method":"order.place","params":{"customer":"ann","items":{"12":1}},"id":1}"#)
                == Expected.invalidParams(path: "items", reason: "expected an array", id: 1))
        #expect(
            try client.answer(
                #"{"jsonrpc":"2.0","method":"order.place","params":{"customer":"ann","items":[{"name":"a","quantity":"1"}]},"id":2}"#
            )
                == Expected.invalidParams(path: "items[0].quantity", reason: "expected an integer", id: 2))
    }
}
