import BoxOffice

/// A seat map drawn for a terminal: the screen at the top, rows labelled on both
/// sides, aisles and gaps kept where the layout has them, one glyph per status.
struct SeatMapDrawing {
    var map: SeatMap
    var movieTitle: String
    var theaterName: String
    /// ANSI colours, only for a terminal and never with `NO_COLOR` set.
    var colored: Bool

    static func glyph(_ status: SeatStatus) -> String {
        switch status {
        case .available: "○"
        case .held: "◐"
        case .booked: "●"
        case .blocked: "×"
        }
    }

    private func paint(_ text: String, _ status: SeatStatus) -> String {
        guard colored else { return text }
        let code =
            switch status {
            case .available: "32"
            case .held: "33"
            case .booked: "31"
            case .blocked: "90"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// The drawing, lines ending in `\n`.
    var text: String {
        let width = (map.rows.flatMap(\.seats).map(\.x).max() ?? 0) + 1
        let labelWidth = map.rows.map(\.label.count).max() ?? 1
        let gridWidth = width * 2 - 1
        func pad(_ label: String) -> String { String(repeating: " ", count: labelWidth - label.count) + label }
        func centered(_ text: String, in total: Int) -> String {
            String(repeating: " ", count: max(0, (total - text.count) / 2)) + text
        }

        var lines: [String] = []
        lines.append("\(movieTitle) · \(theaterName), \(map.screen.name) · \(map.showing.startsAt)")
        lines.append("")
        let indent = String(repeating: " ", count: labelWidth + 2)
        let bar = String(repeating: "▀", count: max(gridWidth, 6))
        lines.append(indent + bar)
        lines.append(indent + centered("SCREEN", in: bar.count))
        lines.append("")
        for row in map.rows {
            var cells = Array(repeating: " ", count: width)
            for seat in row.seats {
                cells[seat.x] = paint(Self.glyph(seat.status), seat.status)
            }
            lines.append(pad(row.label) + "  " + cells.joined(separator: " ") + "  " + row.label)
        }
        lines.append("")
        let counts = map.counts
        let legend: [(SeatStatus, Int)] = [
            (.available, counts.available), (.held, counts.held), (.booked, counts.booked), (.blocked, counts.blocked),
        ]
        lines.append(
            legend.map { status, count in "\(paint(Self.glyph(status), status)) \(status.rawValue) \(count)" }
                .joined(separator: "   "))
        return lines.map { $0 + "\n" }.joined()
    }
}
