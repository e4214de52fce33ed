import BoxOfficeTesting
import Foundation
import Testing

/// The benchmark the README names (`Benchmarks/boxoffice_bench.py`), run with `--quick` on
/// the built binary so that it cannot rot: it must finish cleanly, print nothing on stderr,
/// and print exactly its table's rows, each with a positive figure. Only the C floor's
/// rows may read "unavailable", and only where there is no C compiler. When the tests have
/// a PostgreSQL server, the run measures a fresh database of its own there too
/// (`--postgres URL`), and every PostgreSQL row must have its figure, so the PostgreSQL
/// path cannot rot either; without one, one line says they were skipped. The figures
/// themselves are never judged: a slow machine fails nothing.
struct BenchmarkTests {
    /// The rows of the table, in order, as `ROWS` in the script names them.
    static let rows = [
        "booking.create/s, 2 seats, --durability full",
        "booking.create/s, 2 seats, --durability normal",
        "C API bookings/s, a transaction each, FULL",
        "C API bookings/s, a transaction each, NORMAL",
        "boxoffice / C API, FULL (x)",
        "boxoffice / C API, NORMAL (x)",
        "seatmap.get/s, 400 seats, a third taken",
        "C API seat map query/s, the same seats",
        "seatmap.get / C API query (x)",
        "seatmap.get/s, each for another user (none reused)",
        "seatmap.get, none reused / C API query (x)",
        "seats.bestAvailable/s, 2,000 seats, half taken",
        "seatmap.changed latency, A to B, median (ms)",
        "seatmap.changed latency, A to B, p99 (ms)",
        "spawn to first answer, median (ms)",
        "boxoffice --version, median (ms)",
        "spawn to first answer / --version (x)",
        "peak RSS after the bookings (MiB)",
        "bytes on disk per booking",
    ]

    /// The rows that need the C floor, compiled by the script with `cc`.
    static let floorRows: Set<String> = [
        "C API bookings/s, a transaction each, FULL", "C API bookings/s, a transaction each, NORMAL",
        "boxoffice / C API, FULL (x)", "boxoffice / C API, NORMAL (x)", "C API seat map query/s, the same seats",
        "seatmap.get / C API query (x)", "seatmap.get, none reused / C API query (x)",
    ]

    /// The rows measured on PostgreSQL, when a URL is given.
    static let postgresRows = [
        "PostgreSQL booking.create/s, 2 seats",
        "PostgreSQL / SQLite booking.create, durable (x)",
        "PostgreSQL seatmap.get/s, 400 seats, a third taken",
        "PostgreSQL seatmap.get/s, each for another user (none reused)",
        "PostgreSQL / SQLite seatmap.get (x)",
        "PostgreSQL seats.bestAvailable/s, 2,000 seats, half taken",
        "PostgreSQL seatmap.changed latency, A to B, median (ms)",
        "PostgreSQL seatmap.changed latency, A to B, p99 (ms)",
        "PostgreSQL booking.create/s, 8 processes at once",
        "pgbench bookings/s, 6 statements, 1 client",
        "pgbench bookings/s, 1 statement, 1 client",
        "pgbench bookings/s, 6 statements, 8 clients",
        "pgbench bookings/s, 1 statement, 8 clients",
        "boxoffice / pgbench 6 statements, 1 client (x)",
        "boxoffice / pgbench 1 statement, 1 client (x)",
        "boxoffice / pgbench 6 statements, 8 clients (x)",
        "boxoffice / pgbench 1 statement, 8 clients (x)",
        "pgbench seat map query/s, the same seats",
        "PostgreSQL seatmap.get, none reused / pgbench query (x)",
    ]

    @Test func aQuickRunPrintsEveryRowWithAFigure() throws {
        let scratch = try ScratchDirectory()
        let postgres = PostgresTestServer.available ? try TestDatabase(.postgresql) : nil
        let run = try Self.runQuick(in: scratch, postgres: postgres?.location)
        #expect(run.status == 0, "the quick benchmark failed:\n\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.isEmpty, "the quick benchmark wrote on stderr:\n\(run.stderr)")

        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("what ") }) else {
            Issue.record("no table in:\n\(run.stdout)")
            return
        }
        let table = lines[(header + 1)...].prefix { !$0.isEmpty }
        let cells = table.map { line in
            line.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let expected = Self.rows + (postgres == nil ? [] : Self.postgresRows)
        #expect(cells.map { $0.first ?? "" } == expected, "the table's rows:\n\(run.stdout)")

        let compiler = Self.onPath(ProcessInfo.processInfo.environment["CC"] ?? "cc")
        for row in cells where row.count >= 2 {
            let (label, figure) = (row[0], row[1])
            if figure == "unavailable" {
                let allowed = Self.floorRows.contains(label) && !compiler
                #expect(allowed, "\(label) is unavailable: \(row.dropFirst(2).joined(separator: " "))")
            } else {
                let number = Double(figure.replacingOccurrences(of: ",", with: ""))
                #expect((number ?? 0) > 0, "\(label): \(figure) is no positive figure")
            }
        }
        if let postgres {
            #expect(lines.contains("PostgreSQL: \(postgres.location)"), "no line names the PostgreSQL database")
        } else {
            #expect(lines.contains { $0.hasPrefix("PostgreSQL: skipped;") }, "no line says PostgreSQL was skipped")
        }
    }

    /// Runs `python3 Benchmarks/boxoffice_bench.py --quick --binary <built binary>` with its
    /// temporary files in `scratch` (so that runs in parallel share nothing), and with
    /// `--postgres URL` when given (else without the variable that would name one); gives
    /// up after two minutes.
    /// - Throws: when python3 cannot be started or its output cannot be read.
    static func runQuick(in scratch: ScratchDirectory, postgres: String?) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let outputURL = scratch.url.appendingPathComponent("bench.out")
        let errorURL = scratch.url.appendingPathComponent("bench.err")
        for url in [outputURL, errorURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", PythonCheck.repository.appendingPathComponent("Benchmarks/boxoffice_bench.py").path,
                "--quick",
                "--binary", BoxOfficeBinary.url.path,
            ] + (postgres.map { ["--postgres", $0] } ?? [])
        process.currentDirectoryURL = PythonCheck.repository
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = scratch.url.path
        environment["BOXOFFICE_TEST_POSTGRES_URL"] = nil
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            Issue.record("the quick benchmark ran for more than two minutes")
        }
        process.waitUntilExit()
        return (
            process.terminationReason == .exit ? process.terminationStatus : -1,
            String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
            String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
        )
    }

    /// Whether `name` is an executable in one of `PATH`'s directories (or is a path to one).
    static func onPath(_ name: String) -> Bool {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }
}
