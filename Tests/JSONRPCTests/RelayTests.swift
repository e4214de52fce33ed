import BoxOfficeTesting
import JSONRPC
import Testing

/// A relay (`call {name, arguments}`, as MCP's `tools/call`) runs the method it names with
/// every check a call of its own gets, and hands the outcome to its answer: refusals of the
/// carried params name paths inside them; only a missing or unknown name, or arguments
/// that are not an object, fail the relay itself.
struct RelayTests {
    let client = TestClient()

    private func call(_ params: String, id: Int = 1) throws -> JSONValue? {
        try client.answer(#"{"jsonrpc":"2.0","id":\#(id),"method":"call","params":\#(params)}"#)
    }

    private let order = #"{"customer":"ana","items":[{"name":"tea","quantity":2},{"name":"cake","quantity":1}]}"#

    @Test func theNamedMethodRunsAndItsResultGoesToTheAnswer() throws {
        let answer = try call(#"{"name":"order_place","arguments":\#(order),"_meta":{"progressToken":1}}"#)
        #expect(
            answer == Expected.result(["method": "order.place", "result": ["customer": "ana", "count": 3]], id: 1))
        #expect(try call(#"{"name":"ping"}"#) == Expected.result(["method": "ping", "result": "pong"], id: 1))
    }

    @Test func refusalsOfTheCarriedParamsNamePathsInsideThem() throws {
        let bad = #"{"customer":"ana","items":[{"name":"tea","quantity":0}]}"#
        let answer = try call(#"{"name":"order_place","arguments":\#(bad)}"#)
        #expect(answer?["result"]["error"]["data"]["path"] == "items[0].quantity")
        #expect(answer?["result"]["error"]["code"] == -32602)
        let unknown = try call(#"{"name":"order_place","arguments":{"customer":"ana","items":[],"nope":1}}"#)
        #expect(unknown?["result"]["error"]["data"]["path"] == "nope")
        let nul = try call(#"{"name":"order_place","arguments":{"customer":"a\u0000","items":[]}}"#)
        #expect(nul?["result"]["error"]["data"]["path"] == "customer")
        let huge = try call(#"{"name":"subtract","arguments":{"minuend":1e30,"subtrahend":1}}"#)
        #expect(huge?["result"]["error"]["data"]["path"] == "minuend")
    }

    @Test func mappedErrorsOfTheHandlerGoToTheAnswer() throws {
        let answer = try call(#"{"name":"fail","arguments":{"kind":"domain"}}"#)
        #expect(answer?["result"]["error"]["code"] == -32002)
    }

    @Test func theRelayItselfFailsOnlyForItsOwnParams() throws {
        #expect(try call(#"{"name":"nothing"}"#)?["error"]["message"] == "Unknown call: nothing")
        #expect(try call(#"{"name":"no_such_method"}"#)?["error"]["code"] == -32602)
        #expect(try call(#"{"name":"call"}"#)?["error"]["message"] == "Unknown call: call")
        #expect(
            try call(#"{"arguments":{}}"#)
                == Expected.invalidParams(path: "name", reason: "required field is missing", id: 1))
        #expect(try call(#"{"name":7}"#) == Expected.invalidParams(path: "name", reason: "expected a string", id: 1))
        #expect(
            try call(#"{"name":"ping","arguments":[1]}"#)
                == Expected.invalidParams(path: "arguments", reason: "expected an object", id: 1))
        #expect(try call("{}") == Expected.invalidParams(path: "name", reason: "required field is missing", id: 1))
    }

    @Test func anErrorNoOneMapsIsTheRelaysInternalErrorAndIsLogged() throws {
        let log = CapturedLog()
        let client = TestClient(log: log)
        let answer = try client.answer(
            #"{"jsonrpc":"2.0","id":3,"method":"call","params":{"name":"fail","arguments":{"kind":"boom"}}}"#)
        #expect(answer == Expected.internalError(id: 3))
        #expect(log.messages(at: .error) == ["call 3 failed: JSONRPCTests.Explosion()"])
    }
}
