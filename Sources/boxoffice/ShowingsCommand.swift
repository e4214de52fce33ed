import ArgumentParser
import BoxOffice
import BoxOfficeSQLite

/// `boxoffice showings`: the upcoming showings as a table for people, with the ids that
/// the JSON-RPC methods take.
struct ShowingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "showings",
        abstract: "List upcoming showings: id, movie, theater, screen, start, seats available.")

    @Option(help: "The SQLite database file, or a postgresql:// URL.")
    var db: String = "./boxoffice.sqlite"

    func run() throws {
        let showings = try CommandFailure.cinemaForReading(db).showings(matching: ShowingFilter())
        print(Self.table(showings), terminator: "")
    }

    /// The table, lines ending in `\n`; a sentence instead when there is nothing to list.
    static func table(_ showings: [ShowingSummary]) -> String {
        guard !showings.isEmpty else {
            return "No upcoming showings. `boxoffice serve --demo` fills an empty database with a demo.\n"
        }
        let header = ["SHOWING ID", "MOVIE", "THEATER", "SCREEN", "STARTS (UTC)", "AVAILABLE"]
        let rows = showings.map { entry in
            [
                entry.showing.id, entry.movie.title, entry.theater.name, entry.screen.name,
                entry.showing.startsAt.rfc3339, "\(entry.available)/\(entry.capacity)",
            ]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).enumerated().map { column, pair in
                let (text, width) = pair
                // Counts right-aligned, text left-aligned; no padding after the last column.
                let padding = String(repeating: " ", count: width - text.count)
                return column == cells.count - 1 ? padding + text : text + padding
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).map { $0 + "\n" }.joined()
    }
}
