/// A seat map drawn for a terminal: the screen at the top, rows labelled on both sides,
/// aisles and gaps kept where the layout has them, a glyph per seat (its type while it
/// is available, its status once it is not), and under each row the numbers of its
/// first, every fifth and last seat.
///
/// `boxoffice seatmap` prints it, coloured on a terminal; the MCP face hands it, without
/// colours, to an assistant that can show it to a person as it is.
public struct SeatMapDrawing: Sendable {
    /// The seat map to draw.
    public var map: SeatMap
    /// The movie's title, for the heading.
    public var movieTitle: String
    /// The theater's name, for the heading.
    public var theaterName: String
    /// ANSI colours: only for a terminal, and never with `NO_COLOR` set.
    public var colored: Bool
    /// Seats to mark as chosen (`--best`), by id.
    public var chosen: Set<String>

    /// A drawing of `map`, headed with the movie and theater names.
    public init(
        map: SeatMap, movieTitle: String, theaterName: String, colored: Bool = false, chosen: Set<String> = []
    ) {
        self.map = map
        self.movieTitle = movieTitle
        self.theaterName = theaterName
        self.colored = colored
        self.chosen = chosen
    }

    /// The glyph of an available seat of each type; taken seats show their status.
    public static func glyph(_ type: SeatType) -> String {
        switch type {
        case .regular: "○"
        case .premium: "□"
        case .vip: "◇"
        case .wheelchair: "w"
        case .companion: "c"
        }
    }

    /// The glyph of a seat that is not available.
    public static func glyph(_ status: SeatStatus) -> String {
        switch status {
        case .available: "○"
        case .held: "◐"
        case .booked: "●"
        case .blocked: "×"
        }
    }

    /// The mark of a seat the service would choose.
    public static let chosenGlyph = "★"

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func colour(_ status: SeatStatus) -> String {
        switch status {
        case .available: "32"
        case .held: "33"
        case .booked: "31"
        case .blocked: "90"
        }
    }

    private func cell(_ seat: Seat) -> String {
        if chosen.contains(seat.id) { return paint(Self.chosenGlyph, "1;36") }
        let glyph = seat.status == .available ? Self.glyph(seat.type) : Self.glyph(seat.status)
        return paint(glyph, colour(seat.status))
    }

    /// The drawing, lines ending in `\n`.
    public var text: String {
        let width = (map.rows.flatMap(\.seats).map(\.x).max() ?? 0) + 1
        let labelWidth = map.rows.map(\.label.count).max() ?? 1
        let gridWidth = width * 2 - 1
        let indent = String(repeating: " ", count: labelWidth + 2)
        func pad(_ label: String) -> String { String(repeating: " ", count: labelWidth - label.count) + label }
        func centered(_ text: String, in total: Int) -> String {
            String(repeating: " ", count: max(0, (total - text.count) / 2)) + text
        }

        var lines: [String] = []
        lines.append("\(movieTitle) · \(theaterName), \(map.screen.name) · \(map.showing.startsAt)")
        lines.append(
            map.showing.status == .closed
                ? "Sales closed at \(map.showing.salesCloseAt): nothing can be held or booked."
                : "On sale until \(map.showing.salesCloseAt).")
        lines.append("")
        let bar = String(repeating: "▀", count: max(gridWidth, 6))
        lines.append(indent + bar)
        lines.append(indent + centered("SCREEN", in: bar.count))
        lines.append("")
        for row in map.rows {
            var cells = Array(repeating: " ", count: width)
            for seat in row.seats { cells[seat.x] = cell(seat) }
            lines.append(pad(row.label) + "  " + cells.joined(separator: " ") + "  " + row.label)
            lines.append(indent + numbers(of: row, gridWidth: gridWidth))
        }
        lines.append(contentsOf: legend)
        return lines.map { $0 + "\n" }.joined()
    }

    /// The numbers of a row's first, every fifth and last seat, each starting under its
    /// seat; one that would run into the one before is left out.
    private func numbers(of row: SeatMapRow, gridWidth: Int) -> String {
        var line = Array(repeating: Character(" "), count: gridWidth + 4)
        var free = 0
        for (index, seat) in row.seats.enumerated()
        where seat.number == 1 || seat.number % 5 == 0 || index == row.seats.count - 1 {
            let digits = Array(String(seat.number))
            let start = seat.x * 2
            guard start >= free, start + digits.count <= line.count else { continue }
            line.replaceSubrange(start..<start + digits.count, with: digits)
            free = start + digits.count + 1
        }
        let text = String(line)
        let trimmed = text.reversed().drop { $0 == " " }.reversed()
        return paint(String(trimmed), "2")
    }

    private var legend: [String] {
        let counts = map.counts
        let statuses: [(SeatStatus, Int)] = [
            (.available, counts.available), (.held, counts.held), (.booked, counts.booked), (.blocked, counts.blocked),
        ]
        var lines = [
            "",
            statuses.map { status, count in
                let glyph = status == .available ? Self.glyph(.regular) : Self.glyph(status)
                return "\(paint(glyph, colour(status))) \(status.rawValue) \(count)"
            }.joined(separator: "   "),
        ]
        let types = Set(map.rows.flatMap { $0.seats.map(\.type) }).sorted().filter { $0 != .regular }
        if !types.isEmpty {
            let names: [SeatType: String] = [
                .premium: "premium", .vip: "vip", .wheelchair: "wheelchair space", .companion: "companion seat",
            ]
            lines.append(
                "available: "
                    + ([.regular] + types).map { "\(paint(Self.glyph($0), "32")) \(names[$0] ?? "regular")" }
                    .joined(separator: "   "))
        }
        if !chosen.isEmpty { lines.append("\(paint(Self.chosenGlyph, "1;36")) the seats best available would choose") }
        return lines
    }
}

extension Cinema {
    /// A drawing of `map`, headed with its movie's title and its theater's name (their ids
    /// when the catalog no longer has them).
    /// - Throws: what the store throws while reading the catalog.
    public func drawing(of map: SeatMap, colored: Bool = false, chosen: Set<String> = []) throws -> SeatMapDrawing {
        let movie = try movies().first { $0.id == map.showing.movieId }
        let theater = try theaters().first { $0.id == map.showing.theaterId }
        return SeatMapDrawing(
            map: map, movieTitle: movie?.title ?? map.showing.movieId,
            theaterName: theater?.name ?? map.showing.theaterId, colored: colored, chosen: chosen)
    }
}
