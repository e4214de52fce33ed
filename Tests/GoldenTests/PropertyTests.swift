import BoxOfficeTesting
import Foundation
import Testing

/// Thousands of requests generated from the OpenRPC document that the binary serves: valid
/// params from every method's schemas and real ids learnt through the API, and params with
/// one known mutation each. Every answer must fit the document: a result its result schema,
/// an error one the method lists with data of the documented shape, an invalid param -32602
/// naming its path, an id echoed as sent, never -32603. The generator and the checks live in
/// `Tests/property_check.py` (python3 with jsonschema), whose docstring says how to replay a
/// failure; this test runs it on the built binary and shows its report when it fails. The
/// seed is `BOXOFFICE_PROPERTY_SEED` when set, else the script's fixed default.
struct PropertyTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func answersFitTheServedDocument() throws {
        let scratch = try ScratchDirectory()
        let outputURL = scratch.url.appendingPathComponent("property_check.out")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.repository.appendingPathComponent("Tests/property_check.py").path]
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
            "python3 Tests/property_check.py exited \(process.terminationStatus):\n\(report)")
    }
}
