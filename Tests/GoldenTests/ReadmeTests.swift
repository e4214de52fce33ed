import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// The README's first session and seat map, run as printed: the shell blocks after the
/// `<!-- readme-session -->`, `<!-- readme-showings -->` and `<!-- readme-seatmap -->` markers must print what the
/// blocks after their `-output` markers show.
struct ReadmeTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// The body of the fenced block that follows `<!-- marker -->`.
    static func block(after marker: String, in text: String) throws -> String {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "<!-- \(marker) -->") else {
            throw TranscriptError("README.md has no <!-- \(marker) --> marker")
        }
        guard let open = lines[(start + 1)...].firstIndex(where: { $0.hasPrefix("```") }),
            let close = lines[(open + 1)...].firstIndex(of: "```")
        else { throw TranscriptError("no fenced block after <!-- \(marker) -->") }
        return lines[(open + 1)..<close].joined(separator: "\n")
    }

    /// Runs a README shell block with the built binary and scratch files in place of
    /// `.build/debug/boxoffice` and the block's files in /tmp (`/tmp/boxoffice-demo.sqlite`
    /// becomes `database`; the live session's database and kiosk output go beside it);
    /// `swift build` is skipped (the test runner has built everything already).
    static func runShell(_ script: String, database: URL) throws -> String {
        let beside = database.deletingLastPathComponent()
        let body = script.components(separatedBy: "\n").filter { $0 != "swift build" }.joined(separator: "\n")
            .replacingOccurrences(of: ".build/debug/boxoffice", with: BoxOfficeBinary.url.path)
            .replacingOccurrences(
                of: "/tmp/boxoffice-live.sqlite", with: beside.appendingPathComponent("live.sqlite").path
            )
            .replacingOccurrences(of: "/tmp/boxoffice-kiosk.out", with: beside.appendingPathComponent("kiosk.out").path)
            .replacingOccurrences(of: "/tmp/boxoffice-demo.sqlite", with: database.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "set -eo pipefail\n" + body]
        let output = Pipe()
        process.standardOutput = output
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { _, new in new }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the README block failed:\n\(body)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test func firstSessionAnswersAsPrinted() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let scratch = try ScratchDirectory()
        let database = scratch.url.appendingPathComponent("demo.sqlite")
        let actual = try Self.runShell(try Self.block(after: "readme-session", in: text), database: database)
            .split(separator: "\n").map(String.init)
        let expected = try Self.block(after: "readme-session-output", in: text)
            .split(separator: "\n").map(String.init)
        #expect(actual.count == expected.count, "got \(actual.count) answers, the README shows \(expected.count)")
        for (index, (actual, expected)) in zip(actual, expected).enumerated() {
            let actualValue = try JSONComparison.parse(actual)
            let expectedValue = try JSONComparison.parse(expected)
            #expect(
                actualValue == expectedValue,
                "answer \(index + 1) differs:\nREADME: \(expected)\nactual: \(actual)")
        }

        let table = try Self.runShell(try Self.block(after: "readme-showings", in: text), database: database)
        let printed = try Self.block(after: "readme-showings-output", in: text) + "\n"
        #expect(table == printed, "the showings table differs:\n\(table)")

        let drawing = try Self.runShell(try Self.block(after: "readme-seatmap", in: text), database: database)
        let shown = try Self.block(after: "readme-seatmap-output", in: text) + "\n"
        #expect(drawing == shown, "the seat map differs:\n\(drawing)")
    }

    /// The live session: a kiosk in one process is told of a booking made by another.
    @Test func liveSessionTellsTheKioskAsPrinted() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let scratch = try ScratchDirectory()
        let database = scratch.url.appendingPathComponent("demo.sqlite")
        let actual = try Self.runShell(try Self.block(after: "readme-live", in: text), database: database)
            .split(separator: "\n").map(String.init)
        let expected = try Self.block(after: "readme-live-output", in: text).split(separator: "\n").map(String.init)
        #expect(actual.count == expected.count, "got \(actual), the README shows \(expected)")
        for (actual, expected) in zip(actual, expected) {
            #expect(
                try JSONComparison.parse(actual) == (try JSONComparison.parse(expected)),
                "README: \(expected)\nactual: \(actual)")
        }
    }
}
