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
        let (status, report) = try outcome(script)
        return (status == 0, report)
    }

    /// Runs `python3 Tests/<script>` as `run` does; answers its exit status (-1 when a
    /// signal ended it) and its report.
    /// - Throws: when python3 cannot be started.
    public static func outcome(_ script: String) throws -> (status: Int32, report: String) {
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
        return (process.terminationReason == .exit ? process.terminationStatus : -1, report)
    }
}

/// The Python client libraries that the foreign-client tests drive the binary with
/// (`mcp`, `pylsp_jsonrpc`, `jsonrpcclient`, pinned and installed by `.ci/run`).
public enum ForeignClient {
    /// Whether CI said these tests must run (`BOXOFFICE_REQUIRE_FOREIGN_CLIENTS=1`): a
    /// missing package is then a failure, not a skip.
    public static let required = ProcessInfo.processInfo.environment["BOXOFFICE_REQUIRE_FOREIGN_CLIENTS"] == "1"

    /// Whether a test that needs the python3 `module` should run: when it imports, or when
    /// CI requires it (and the test then fails on its absence). Says so loudly on stderr
    /// when it will not run.
    public static func shouldRun(_ module: String) -> Bool {
        if required { return true }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import \(module)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return warn(module) }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? true : warn(module)
    }

    private static func warn(_ module: String) -> Bool {
        FileHandle.standardError.write(
            Data(
                ("\n*** SKIPPED: the python3 package for \(module) is not installed, so a foreign-client test does not"
                    + " run. `bash .ci/run` installs it; BOXOFFICE_REQUIRE_FOREIGN_CLIENTS=1 makes this a failure. ***\n\n")
                    .utf8))
        return false
    }
}
