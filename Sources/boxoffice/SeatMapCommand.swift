import ArgumentParser
import BoxOffice
import BoxOfficePostgres
import BoxOfficeSQLite
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `boxoffice seatmap SHOWING_ID`: draws a showing's seat map in the terminal.
struct SeatMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seatmap",
        abstract: "Draw a showing's seat map in the terminal.")

    @Argument(help: "The showing's id (see showings.list).")
    var showingId: String

    @Option(help: "The SQLite database file, or a postgresql:// URL.")
    var db: String = "./boxoffice.sqlite"

    @Option(help: "Mark the seats best available would choose for a group of this many (1 to 50).")
    var best: Int?

    func validate() throws {
        if let best, !(1...50).contains(best) {
            throw ValidationError("--best must be from 1 to 50 seats.")
        }
    }

    func run() throws {
        let cinema = try CommandFailure.cinemaForReading(db)
        let map: SeatMap
        do {
            map = try cinema.seatMap(showingId: showingId)
        } catch BoxOfficeError.notFound(let kind, let id) {
            throw CommandFailure(
                "no \(kind) \(id) in \(PostgresLocation.isURL(db) ? PostgresLocation.redacting(db) : db)")
        }
        let environment = ProcessInfo.processInfo.environment
        let colored = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"].map(\.isEmpty) ?? true
        var chosen: Set<String> = []
        if let best, map.showing.status == .open {
            do {
                chosen = Set(
                    try cinema.bestAvailable(showingId: showingId, request: BestAvailableRequest(count: best)).seats
                        .map(\.id))
            } catch BoxOfficeError.tooFewSeats(let available, _) {
                throw CommandFailure("no group of \(best) seats: only \(available) suit")
            }
        }
        let drawing = try cinema.drawing(of: map, colored: colored, chosen: chosen)
        print(drawing.text, terminator: "")
    }
}

/// A failure to report in one line on stderr, exiting 1 (no usage text: the flags were fine).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }

    /// A box office over the database at `path`, opened for reading only, with the clock
    /// that judges it (the server's, on PostgreSQL).
    static func cinemaForReading(_ path: String) throws -> Cinema {
        if PostgresLocation.isURL(path) {
            let opened = try opening(path, durability: .full)
            return Cinema(store: opened.store, clock: opened.clock)
        }
        return Cinema(store: try openingForReading(path))
    }

    /// The database at `path`, opened for reading only (a PostgreSQL URL is opened as for
    /// serving: its schema is brought up to date); what is wrong with it as a failure.
    static func openingForReading(_ path: String) throws -> any CinemaStore {
        if PostgresLocation.isURL(path) { return try opening(path, durability: .full).store }
        do {
            return try SQLiteStore.openReadOnly(path: path)
        } catch let error as DatabaseOpeningError {
            throw CommandFailure(error.description)
        }
    }

    /// The store `--db` names: a SQLite file, or a PostgreSQL database for a
    /// `postgresql://` (or `postgres://`) URL; the clock that judges holds (the database
    /// server's, on PostgreSQL, so that hosts agree), and the name to show for it (a URL
    /// without its password). What is wrong with it as a failure.
    static func opening(_ path: String, durability: Durability) throws -> (
        store: any CinemaStore, clock: any WallClock, shown: String
    ) {
        if PostgresLocation.isURL(path) {
            do {
                // Group commit stays off on PostgreSQL unless asked for, to measure it.
                let grouping = ProcessInfo.processInfo.environment["BOXOFFICE_POSTGRES_GROUP_COMMIT"] == "1"
                let store = try PostgresStore.open(url: path, durability: durability, groupsCommits: grouping)
                return (store, store.databaseClock(), store.shownURL)
            } catch let error as PostgresOpeningError {
                throw CommandFailure(error.description)
            }
        }
        do {
            return (try SQLiteStore.open(path: path, durability: durability), SystemClock(), path)
        } catch let error as DatabaseOpeningError {
            throw CommandFailure(error.description)
        }
    }
}
