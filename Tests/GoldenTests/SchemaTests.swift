import BoxOfficeTesting
import Foundation
import Testing

/// `Schemas/openrpc.json` against everything it must agree with: the OpenRPC meta-schema,
/// its embedded copy, the binary's `rpc.discover`, the methods the code declares and the
/// server answers, and every golden transcript. The checks live in `Tests/schema_check.py`
/// (python3 with jsonschema), which says what each covers; this test runs it on the built
/// binary and shows its report when it fails.
struct SchemaTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func documentAgreesWithTheServer() throws {
        let scratch = try ScratchDirectory()
        let outputURL = scratch.url.appendingPathComponent("schema_check.out")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.repository.appendingPathComponent("Tests/schema_check.py").path]
        process.currentDirectoryURL = Self.repository
        var environment = ProcessInfo.processInfo.environment
        environment["BOXOFFICE_BINARY"] = BoxOfficeBinary.url.path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()

        let report = String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
        #expect(
            process.terminationReason == .exit && process.terminationStatus == 0,
            "python3 Tests/schema_check.py exited \(process.terminationStatus):\n\(report)")
    }
}
