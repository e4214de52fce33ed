import ArgumentParser
import BoxOffice
import BoxOfficePostgres
import BoxOfficeRPC
import BoxOfficeSQLite
import Foundation
import JSONRPC
import Logging

/// `boxoffice serve`: answers JSON-RPC requests from stdin on stdout until stdin ends
/// or SIGTERM arrives, then exits 0.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer JSON-RPC 2.0 requests, one a line, from stdin on stdout.")

    @Option(
        help:
            "The SQLite database file (created if missing), or a postgresql://user@host:port/dbname URL shared by many hosts."
    )
    var db: String = "./boxoffice.sqlite"

    @Flag(help: "Fill an empty database with a small demo catalog: two theaters, three movies, five showings.")
    var demo = false

    @Flag(help: "Counted ids and booking numbers, and a clock that stands still until debug.advanceClock.")
    var deterministic = false

    @Option(help: "With --deterministic: where the clock stands at start (RFC 3339 UTC, whole seconds).")
    var now: String?

    @Option(
        help:
            "full: a commit is on disk before its answer (default); normal: faster, may lose the last commits on power loss."
    )
    var durability: Durability = .full

    @Option(help: "The longest request line (or Content-Length body) in bytes; longer ones get LIMIT_EXCEEDED.")
    var maxLineBytes: Int = 1 << 20

    @Option(
        help:
            "lines: one JSON value a line; headers: Content-Length frames (LSP); auto: headers when the input starts with Content-Length:, else lines."
    )
    var framing: FramingChoice = .auto

    @Option(help: "trace, debug, info, notice, warning, error or critical; logs go to stderr.")
    var logLevel: Logger.Level = .notice

    @Option(
        help:
            "How often live seat maps look for other processes' commits, in milliseconds (1 to 10000; no timer with --deterministic)."
    )
    var watchIntervalMs: Int = 100

    func validate() throws {
        if now != nil && !deterministic {
            throw ValidationError("--now needs --deterministic: only that mode has a clock that stands still.")
        }
        if let now {
            guard let start = Timestamp(rfc3339: now), start.secondsSince1970 >= 0,
                start < Timestamp(rfc3339: "9000-01-01T00:00:00Z")!
            else {
                throw ValidationError(
                    "--now must look like 2030-01-01T00:00:00Z (RFC 3339 UTC, whole seconds), from 1970 to 8999.")
            }
        }
        if maxLineBytes < 64 {
            throw ValidationError("--max-line-bytes must be at least 64.")
        }
        if !(1...10_000).contains(watchIntervalMs) {
            throw ValidationError("--watch-interval-ms must be from 1 to 10000.")
        }
    }

    func run() throws {
        // Before anything can print: keep the real stdout for protocol frames only.
        let output = ProtocolOutput.takeStandardOutput()
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "boxoffice")

        let manualClock =
            deterministic
            ? ManualClock(start: now.flatMap(Timestamp.init(rfc3339:)) ?? Timestamp(rfc3339: "2030-01-01T00:00:00Z")!)
            : nil
        let opened = try CommandFailure.opening(db, durability: durability)
        let store = opened.store
        let ids: any IdentifierSource
        do {
            ids = deterministic ? try CountingIdentifiers.resuming(after: store) : RandomIdentifiers()
        } catch {
            throw CommandFailure("cannot read \(opened.shown): \(error)")
        }
        let cinema = Cinema(store: store, clock: manualClock ?? opened.clock, ids: ids)
        if demo { try installDemo(into: cinema) }
        let limits = Limits(maxLineBytes: maxLineBytes)
        let served = BoxOfficeService.serving(
            cinema: cinema, manualClock: manualClock, watchInterval: .milliseconds(watchIntervalMs), logger: logger)
        let server = Server(registry: served.registry, limits: limits, units: served.units, logger: logger)
        // Answers and seatmap.changed share one writer; a watcher thread looks for other
        // processes' changes between requests, except in --deterministic mode, where
        // changes are looked for after each request only, so transcripts stay exact.
        let protocolOutput = ServerOutput(sink: output, notifications: served.notifications)
        if !deterministic { protocolOutput.startWatching() }

        if isatty(STDIN_FILENO) == 1 {
            StandardError.line(
                "boxoffice: serving \(opened.shown): type JSON-RPC requests, one per line (each with an \"id\", or no answer "
                    + "comes); Ctrl-D ends")
        }
        let fixed: Framing? =
            switch framing {
            case .auto: nil
            case .lines: .lines
            case .headers: .headers
            }
        if let fixed { output.framing = fixed }
        let input = StandardInput(limits: limits, framing: fixed) { chosen in
            output.framing = chosen
            if chosen == .headers { logger.info("the input is Content-Length framed; answering in kind") }
        }
        _ = TerminationSignals { input.close() }
        input.startReading()
        logger.info("serving \(opened.shown)")
        server.serve(input, to: protocolOutput)
        protocolOutput.close()
        // A clean end lets go of the database: SQLite's log goes into the file, so the
        // file alone holds every booking.
        do {
            try store.close()
        } catch {
            // Nothing is lost: every commit is still in the log beside the file.
            logger.warning(
                "closing \(opened.shown) left its last commits in its log, where the next process reads them: \(error)")
        }
        logger.info("input ended; exiting")
    }
}

extension ServeCommand {
    /// `--db` as logs may show it: a URL without its password.
    var shownDatabase: String { PostgresLocation.isURL(db) ? PostgresLocation.redacting(db) : db }

    /// `--demo`: fills an empty database, refreshes a demo whose showings have all
    /// closed, and says on stderr when it leaves a database alone.
    func installDemo(into cinema: Cinema) throws {
        let outcome: DemoCatalog.Outcome
        do {
            outcome = try DemoCatalog.install(into: cinema)
        } catch {
            throw CommandFailure("cannot write the demo catalog to \(shownDatabase): \(error)")
        }
        switch outcome {
        case .installed:
            break
        case .refreshed(let showings):
            let days = Set(showings.map { String($0.startsAt.rfc3339.prefix(10)) }).sorted()
            StandardError.line(
                "boxoffice: --demo: sales of every demo showing had closed; added \(showings.count) showings "
                    + "on \(days.joined(separator: " and "))")
        case .leftAlone:
            StandardError.line(
                "boxoffice: --demo: \(shownDatabase) is not empty; its catalog is left as it is")
        }
    }
}

extension Durability: ExpressibleByArgument {}

/// `--framing`: a framing, or `auto` for the one the input starts in.
enum FramingChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, lines, headers
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
