import Foundation
import JSONRPC
import Testing

/// The exact words of the envelope errors: a client that logs only `error.message` learns
/// what went wrong and where.
struct ErrorMessageTests {
    let client = TestClient()

    func error(_ line: String) throws -> JSONValue? {
        guard let bytes = client.rawAnswer(line),
            case .object(let answer) = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        else { return nil }
        return answer["error"]
    }

    @Test(arguments: [
        (
            #"{"jsonrpc":"2.0","method":"ping","id":1"#,
            "the line ends before the JSON value does; each request goes on one line (newline-delimited JSON),"
                + " or in Content-Length frames"
        ),
        (#"{"jsonrpc":"2.0","method":"ping", x}"#, "unexpected character 'x' at byte 35"),
        (#"{"jsonrpc":"2.0","method":"ping","id":1} x"#, "more after the JSON value, from byte 42"),
        (#"{"jsonrpc":"2.0","method":"ping","id":01}"#, "unexpected character '1' at byte 40"),
        (#"{"id":"\ud800"}"#, "a bad escape or a lone surrogate at byte 8"),
        (#"{"id":"a\x41"}"#, "a bad escape or a lone surrogate at byte 9"),
        ("{\"id\":\"a\tb\"}", "a control character (0x9) at byte 9; escape it in a string"),
        (String(repeating: "[", count: 600), "nested deeper than 512 levels"),
    ])
    func aParseErrorSaysWhereAndWhy(line: String, reason: String) throws {
        #expect(
            try error(line)
                == ["code": -32700, "message": .string("Parse error: \(reason)"), "data": ["reason": .string(reason)]])
    }

    @Test func bytesThatAreNotUTF8AreNamedByTheirPlace() throws {
        let bytes = Array(#"{"id":""#.utf8) + [0xFF] + Array(#""}"#.utf8)
        let answer = try #require(client.rawAnswer(bytes: bytes))
        #expect(
            String(decoding: answer, as: UTF8.self)
                == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"data":{"reason":"bytes that are not UTF-8 at byte 8"},"message":"Parse error: bytes that are not UTF-8 at byte 8"}}"#
        )
    }

    @Test(arguments: [
        (#"{"jsonrpc":"1.0","method":"ping","id":1}"#, #""jsonrpc" must be "2.0""#),
        (#"{"method":"ping","id":1}"#, #""jsonrpc" must be "2.0""#),
        (#"{"jsonrpc":"2.0","id":1}"#, #""method" must be a string"#),
        (#"{"jsonrpc":"2.0","method":7,"id":1}"#, #""method" must be a string"#),
        (#"{"jsonrpc":"2.0","method":"ping","params":"x","id":1}"#, #""params" must be an object (params by name)"#),
        (#"{"jsonrpc":"2.0","method":"ping","id":true}"#, #""id" must be a string, a number or null"#),
        ("[]", "an empty batch holds no request"),
        ("7", "a request must be a JSON object"),
    ])
    func anInvalidRequestSaysWhy(line: String, reason: String) throws {
        #expect(
            try error(line)
                == [
                    "code": -32600, "message": .string("Invalid Request: \(reason)"),
                    "data": ["reason": .string(reason)],
                ])
    }

    @Test(arguments: [
        ("Ping", "Method not found: Ping (did you mean ping?)"),
        ("subtrakt", "Method not found: subtrakt (did you mean subtract?)"),
        ("order_place", "Method not found: order_place (did you mean order.place?)"),
        ("foobar", "Method not found: foobar"),
        ("", "Method not found: "),
    ])
    func anUnknownMethodNamesTheNearestOne(method: String, message: String) throws {
        #expect(
            try error(#"{"jsonrpc":"2.0","method":"\#(method)","id":1}"#)
                == ["code": -32601, "message": .string(message)])
    }

    @Test func aMethodMarkedUnavailableSaysWhy() throws {
        var registry = MethodRegistry<NoContext>()
        registry.register(Ping.self) { _ in "pong" }
        registry.markUnavailable("debug.tick", because: "it exists only in test mode")
        let answer = Server(registry: registry).respond(
            to: .line(Array(#"{"jsonrpc":"2.0","method":"debug.tick","id":1}"#.utf8)))
        #expect(
            answer.map { String(decoding: $0, as: UTF8.self) }
                == #"{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found: debug.tick (it exists only in test mode)"}}"#
        )
    }
}
