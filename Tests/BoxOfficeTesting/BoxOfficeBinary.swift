import Foundation

/// The real built `boxoffice` binary, run as a child process the way a client runs it.
public enum BoxOfficeBinary {
    /// The binary SwiftPM built beside the test bundle (or `BOXOFFICE_BINARY`).
    public static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["BOXOFFICE_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        var candidates: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for directory in candidates {
            let url = directory.appendingPathComponent("boxoffice")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return url
            }
        }
        fatalError("cannot find the boxoffice binary near \(candidates); set BOXOFFICE_BINARY")
    }()

    /// What one run printed, and how it ended.
    public struct Outcome: Sendable {
        public var stdout: Data
        public var stderr: String
        public var status: Int32
        public var reason: Process.TerminationReason

        /// An outcome of a run made some other way.
        public init(stdout: Data, stderr: String, status: Int32, reason: Process.TerminationReason) {
            self.stdout = stdout
            self.stderr = stderr
            self.status = status
            self.reason = reason
        }

        /// The stdout lines, without their line endings.
        public var lines: [String] {
            String(decoding: stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast().map(String.init)
        }
    }

    /// Runs `boxoffice arguments` in `directory` with `input` as stdin until it exits.
    public static func run(_ arguments: [String], input: Data, in directory: URL) throws -> Outcome {
        let inputURL = directory.appendingPathComponent("stdin-\(UUID().uuidString)")
        let outputURL = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errorURL = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        try input.write(to: inputURL)
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer {
            for url in [inputURL, outputURL, errorURL] { try? FileManager.default.removeItem(at: url) }
        }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
        process.waitUntilExit()
        return Outcome(
            stdout: try Data(contentsOf: outputURL),
            stderr: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self),
            status: process.terminationStatus, reason: process.terminationReason)
    }
}
