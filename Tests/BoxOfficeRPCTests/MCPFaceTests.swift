import BoxOffice
import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

@testable import BoxOfficeRPC

/// The MCP face, in process: the handshake, tools that are exactly the document's methods
/// (minus those that make no sense as tools) with schemas that stand alone, results and
/// refusals as `CallToolResult`s, and seat maps as resources.
struct MCPFaceTests {
    /// Methods of the document that are no tools, and why: a document, a test hook,
    /// subscriptions that need a live connection rather than a call, and the notification
    /// the server sends.
    static let leftOut: Set<String> = [
        "rpc.discover", "debug.advanceClock", "seatmap.subscribe", "seatmap.unsubscribe", "seatmap.changed",
    ]

    private func client() throws -> InProcessClient {
        let client = try InProcessClient()
        _ = try DemoCatalog.install(into: client.cinema)
        return client
    }

    private func tool(_ client: inout InProcessClient, _ name: String, _ arguments: JSONValue) throws -> JSONValue {
        try client.result("tools/call", ["name": .string(name), "arguments": arguments])
    }

    @Test func theHandshakeAgreesOnTheClientsVersionOrTheNewest() throws {
        var client = try client()
        for (asked, answered) in [
            ("2025-06-18", "2025-06-18"), ("2025-11-25", "2025-11-25"), ("2024-11-05", "2025-11-25"),
            ("1999-01-01", "2025-11-25"),
        ] {
            let result = try client.result(
                "initialize", ["protocolVersion": .string(asked), "capabilities": [:], "clientInfo": ["name": "t"]])
            #expect(result["protocolVersion"].string == answered)
            #expect(result["capabilities"]["tools"]["listChanged"] == false)
            #expect(result["capabilities"]["resources"]["subscribe"] == true)
            #expect(result["serverInfo"]["name"] == "boxoffice")
        }
        #expect(try client.result("ping", ["_meta": ["progressToken": 1]]) == [:])
        #expect(try client.call("initialize", [:])["error"]?["data"]["path"] == "protocolVersion")
    }

    @Test func theToolsAreTheDocumentsMethodsWithSchemasThatStandAlone() throws {
        var client = try client()
        let tools = try client.result("tools/list")["tools"].array
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(OpenRPCDocument.bytes))
        let methods = document["methods"].array
        let expected = methods.compactMap(\.["name"].string).filter { !Self.leftOut.contains($0) }
        #expect(tools.compactMap(\.["name"].string) == expected.map { $0.replacingOccurrences(of: ".", with: "_") })
        for (tool, method) in zip(tools, methods.filter { !Self.leftOut.contains($0["name"].string ?? "") }) {
            let name = tool["name"].string ?? ""
            let params = method["params"].array.compactMap(\.["name"].string)
            guard case .object(let properties) = tool["inputSchema"]["properties"] else {
                Issue.record("\(name) has no inputSchema.properties")
                continue
            }
            #expect(properties.keys.sorted() == params.sorted(), "\(name)")
            #expect(tool["inputSchema"]["type"] == "object" && tool["outputSchema"]["type"] == "object", "\(name)")
            #expect(!"\(tool)".contains("$ref"), "\(name) still refers to the document")
            #expect((tool["title"].string ?? "").count > 5 && (tool["description"].string ?? "").count > 100)
            for hint in ["readOnlyHint", "destructiveHint", "idempotentHint"] {
                #expect(tool["annotations"][hint].bool != nil, "\(name) \(hint)")
            }
            #expect(tool["annotations"]["openWorldHint"] == false)
        }
        // Every method of the one list is a tool or left out on purpose.
        for method in BoxOfficeService.methods where method.tool == nil {
            #expect(Self.leftOut.contains(method.method), "\(method.method) has no tool face")
        }
    }

    @Test func aCallAnswersWithStructuredContentAndTheSameJSONAsText() throws {
        var client = try client()
        let showing = "00000000-0000-4000-8000-000000000153"
        let held = try tool(
            &client, "booking_hold", ["showingId": .string(showing), "userId": "ana", "seats": ["D5", "D6"]])
        #expect(held["isError"] == false)
        #expect(held["structuredContent"]["status"] == "pending")
        let text = try #require(held["content"][0]["text"].string)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) == held["structuredContent"])

        let map = try tool(&client, "seatmap_get", ["showingId": .string(showing)])
        #expect(map["content"].array.count == 2)
        let drawing = try #require(map["content"][1]["text"].string)
        #expect(drawing.contains("SCREEN") && drawing.contains("◐") && !drawing.contains("\u{1B}"))
    }

    @Test func refusalsAreResultsThatSayWhatHappenedAndWhatToDo() throws {
        var client = try client()
        let showing: JSONValue = "00000000-0000-4000-8000-000000000153"
        _ = try tool(&client, "booking_hold", ["showingId": showing, "userId": "ana", "seats": ["D5", "D6"]])
        let taken = try tool(&client, "booking_hold", ["showingId": showing, "userId": "bo", "seats": ["D6", "D7"]])
        #expect(taken["isError"] == true && taken["structuredContent"] == .null)
        let words = try #require(taken["content"][0]["text"].string)
        #expect(words.contains("D6 (held)") && words.contains("seats_bestAvailable"))
        #expect(taken["content"][1]["text"].string?.contains(#""code":-32002"#) == true)

        let invalid = try tool(&client, "booking_hold", ["showingId": showing, "userId": "bo", "seats": ["D7", "D7"]])
        #expect(invalid["isError"] == true)
        #expect(invalid["content"][0]["text"].string?.hasPrefix("Invalid arguments: seats[1]") == true)
        let missing = try tool(&client, "booking_get", ["userId": "bo", "bookingNumber": "BX-999999"])
        #expect(missing["content"][0]["text"].string?.contains("booking_list") == true)

        let unknown = try client.call("tools/call", ["name": "booking_hld", "arguments": [:]])
        #expect(unknown["error"]?["code"] == -32602)
        #expect(unknown["error"]?["message"].string?.contains("did you mean booking_hold?") == true)
        #expect(try client.call("tools/call", ["name": "rpc_discover"])["error"]?["code"] == -32602)
    }

    @Test func seatMapsAreResources() throws {
        var client = try client()
        let templates = try client.result("resources/templates/list")["resourceTemplates"]
        #expect(templates[0]["uriTemplate"] == "boxoffice://showings/{id}/seatmap")
        let listed = try client.result("resources/list")["resources"].array
        #expect(listed.count == 5)
        let uri = try #require(listed.first?["uri"].string)
        let contents = try client.result("resources/read", ["uri": .string(uri)])["contents"].array
        #expect(contents.map(\.["mimeType"]) == ["application/json", "text/plain"])
        let unknown = "boxoffice://showings/00000000-0000-4000-8000-999999999999/seatmap"
        let notFound = try client.call("resources/read", ["uri": .string(unknown)])["error"]
        #expect(notFound?["code"] == -32002 && notFound?["data"]["uri"] == .string(unknown))
        #expect(try client.call("resources/read", ["uri": "file:///etc/passwd"])["error"]?["data"]["path"] == "uri")
    }

    @Test func aPlainJSONRPCClientIsNeverOfferedAnyOfIt() throws {
        var client = try client()
        let registry = BoxOfficeService.registry(cinema: client.cinema)
        #expect(!registry.methodNames.contains { $0.contains("/") || $0 == "initialize" || $0 == "ping" })
        let typo = try client.call("pong")["error"]?["message"].string ?? ""
        #expect(!typo.contains("ping"))
    }
}
