import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// The README's MCP host configurations, as a host reads them: both parse, name the binary
/// that `swift build -c release` makes, and start a server that answers `initialize`
/// (run with the test's build of the binary and a scratch database in place of the
/// absolute paths a reader fills in).
struct ReadmeHostConfigTests {
    @Test(arguments: [("readme-mcp-hosts", "mcpServers"), ("readme-mcp-vscode", "servers")])
    func aHostConfigStartsAServerThatAnswers(marker: String, list: String) throws {
        let text = try String(contentsOf: ReadmeTests.readme, encoding: .utf8)
        let config = try JSONValue.parse(try ReadmeTests.block(after: marker, in: text))
        let server = config[list]["boxoffice"]
        #expect(config.object.keys.sorted() == [list])
        #expect(server["command"] == "/absolute/path/to/.build/release/boxoffice")
        #expect(text.contains("swift build -c release\n"), "the README builds what the command names")
        if list == "servers" { #expect(server["type"] == "stdio") }
        let arguments = try server["args"].array.map { try #require($0.string) }
        #expect(arguments.first == "serve")

        let scratch = try ScratchDirectory()
        let database = scratch.path("boxoffice.sqlite")
        let filled = arguments.map { $0 == "/absolute/path/to/boxoffice.sqlite" ? database : $0 }
        #expect(filled != arguments, "the database path is filled in")
        let process = try LiveProcess(filled, stderrIn: scratch.url)
        let answer = try process.call(
            "initialize",
            [
                "protocolVersion": "2025-06-18", "capabilities": [:],
                "clientInfo": ["name": "readme", "version": "1"],
            ], id: 1)
        #expect(answer["result"]["serverInfo"]["name"] == "boxoffice", "\(answer)")
        process.closeInput()
        #expect(try process.waitForExit(timeout: 30) == .exit(0), "stderr:\n\(process.standardError)")
    }
}
