import Foundation

/// A check written in Python (`Tests/*.py`, python3 with jsonschema) run against the
/// built binary: its exit status and everything it printed.
public enum PythonCheck {
    /// The repository's root, found from this file's place in it.
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `python3 Tests/<script>` in the repository with `BOXOFFICE_BINARY` set to the
    /// built binary; answers whether it exited 0, and its report (stdout and stderr).
    /// - Throws: when python3 cannot be started.
    public static func run(_ script: String) throws -> (passed: Bool, report: String) {
        let scratch = try ScratchDirectory()
        let outputURL = scratch.url.appendingPathComponent("report.txt")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repository.appendingPathComponent("Tests/\(script)").path]
        process.currentDirectoryURL = repository
        var environment = ProcessInfo.processInfo.environment
        environment["BOXOFFICE_BINARY"] = BoxOfficeBinary.url.path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        let report = String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
        return (process.terminationReason == .exit && process.terminationStatus == 0, report)
    }
}
