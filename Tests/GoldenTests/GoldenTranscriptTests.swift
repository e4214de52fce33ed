import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// Every `Tests/Golden/*.txt` transcript, run through the real binary in
/// `--deterministic` mode on a fresh database of every engine: a new SQLite file, and a
/// new PostgreSQL database on the test server. The same files hold for both; what differs
/// between engines is said by the transcript's per-engine placeholders (see `Transcript`).
///
/// Set `BOXOFFICE_GOLDEN_UPDATE=1` to rewrite the answers of the transcripts that
/// differ, after a change that is meant to change them; review the diff before committing.
/// Only the SQLite run rewrites, keeping the placeholders where the answer still fits them.
struct GoldenTranscriptTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted()
    }()

    static let updating = ProcessInfo.processInfo.environment["BOXOFFICE_GOLDEN_UPDATE"] == "1"

    @Test func transcriptsExist() {
        #expect(Self.files.count > 0, "no transcripts in \(Self.directory.path)")
    }

    @Test(arguments: files, Engine.all)
    func transcript(_ name: String, on engine: Engine) throws {
        let url = Self.directory.appendingPathComponent(name)
        let transcript = try Transcript(text: String(contentsOf: url, encoding: .utf8))
        let scratch = try ScratchDirectory()
        let database = engine == .sqlite ? nil : try TestDatabase(engine)
        let facts = EngineFacts(engine: engine, database: database?.location ?? "golden.sqlite")
        let answers = try Self.run(transcript, on: facts, in: scratch)

        var rewritten: [[String]] = []
        var failures: [String] = []
        for (exchange, actual) in zip(transcript.exchanges, answers) {
            if Self.agree(expected: exchange.answers, actual: actual, on: facts) {
                rewritten.append(exchange.answers)
                continue
            }
            rewritten.append(
                zip(actual.indices, actual).map { index, text in
                    guard let value = try? JSONComparison.parse(text) else { return text }
                    guard index < exchange.answers.count,
                        let expected = try? JSONComparison.parse(exchange.answers[index])
                    else { return JSONComparison.format(value) }
                    return JSONComparison.format(
                        JSONComparison.keepingPlaceholders(expected: expected, actual: value, on: facts))
                })
            failures.append(
                """
                \(name) on \(engine.rawValue):\(exchange.line): --> \(exchange.request.prefix(300))
                  expected:
                \(exchange.answers.map { "    <-- " + $0 }.joined(separator: "\n"))
                  actual:
                \(actual.map { "    <-- " + $0 }.joined(separator: "\n"))
                """)
        }
        if Self.updating && engine == .sqlite && !failures.isEmpty {
            try transcript.rewritten(answers: rewritten).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(failures.isEmpty, "\(failures.count) exchange(s) differ:\n\(failures.joined(separator: "\n"))")
    }

    static func agree(expected: [String], actual: [String], on facts: EngineFacts) -> Bool {
        guard expected.count == actual.count else { return false }
        return zip(expected, actual).allSatisfy { expected, actual in
            guard let expected = try? JSONComparison.parse(expected), let actual = try? JSONComparison.parse(actual)
            else { return false }
            return JSONComparison.matches(expected: expected, actual: actual, on: facts)
        }
    }

    /// Sends every request, each followed by a request to a method that does not exist
    /// (a stateless marker), and cuts the output at the markers' answers. The processes
    /// run in `scratch` on the database `facts` names (a file there, or a URL).
    static func run(_ transcript: Transcript, on facts: EngineFacts, in scratch: ScratchDirectory) throws -> [[String]]
    {
        var input: [UInt8] = []
        for (index, exchange) in transcript.exchanges.enumerated() {
            input += try transcript.wire(exchange.request)
            input += try transcript.wire(#"{"jsonrpc":"2.0","method":"golden.sync","id":"golden-sync-\#(index)"}"#)
        }
        for flags in transcript.before {
            let prepared = try BoxOfficeBinary.run(
                ["serve", "--db", facts.database, "--deterministic"] + flags, input: Data(), in: scratch.url)
            #expect(prepared.status == 0, "a //! before: run exited \(prepared.status): \(prepared.stderr)")
        }
        let mode = transcript.live ? [] : ["--deterministic"]
        let outcome = try BoxOfficeBinary.run(
            ["serve", "--db", facts.database] + mode + transcript.arguments,
            input: Data(input), in: scratch.url)
        #expect(outcome.status == 0, "exit status \(outcome.status); stderr:\n\(outcome.stderr)")

        var answers: [[String]] = []
        var current: [String] = []
        for line in try transcript.messages(in: outcome.stdout) {
            if line.contains(#""golden-sync-"#), line.contains("-32601") {
                answers.append(current)
                current = []
            } else {
                current.append(line)
            }
        }
        #expect(current.isEmpty, "output after the last marker: \(current)")
        #expect(
            answers.count == transcript.exchanges.count,
            "got \(answers.count) answers for \(transcript.exchanges.count) requests; stderr:\n\(outcome.stderr)")
        while answers.count < transcript.exchanges.count { answers.append([]) }
        return answers
    }
}
