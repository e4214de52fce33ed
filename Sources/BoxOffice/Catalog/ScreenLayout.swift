/// A screen's seats, parsed from the contract's layout rows (`"A: RRRR..RRRR"`), front
/// row first. Seats are numbered from 1, left to right, counting seats only; `x` is the
/// seat's cell column (0-based), so that a frontend can draw aisles and gaps.
public struct ScreenLayout: Sendable, Equatable {
    /// One row of the layout.
    public struct Row: Sendable, Equatable {
        /// The row's label, such as `A`.
        public var label: String
        /// How many cells the row has, seats and gaps.
        public var width: Int
        /// The row's seats, left to right.
        public var seats: [Seat]
    }

    /// One seat as the layout places it.
    public struct Seat: Sendable, Equatable {
        /// The row label and the seat number, such as `A5`.
        public var label: String
        /// The seat's number in its row, from 1.
        public var number: Int
        /// The seat's cell column, from 0.
        public var x: Int
        /// What kind of seat it is.
        public var type: SeatType
    }

    /// A layout that cannot be parsed: which row, which column, and why.
    public struct Problem: Error, Sendable, Equatable {
        /// The index of the offending row, or nil when the layout as a whole is wrong.
        public var row: Int?
        /// A sentence a person understands, naming the column where there is one.
        public var reason: String
    }

    /// The most rows a screen may have.
    public static let maxRows = 100
    /// The most cells one row may have.
    public static let maxRowWidth = 200
    /// The most seats a screen can have: every cell of every row a seat.
    public static let maxSeats = maxRows * maxRowWidth
    /// The longest row label.
    public static let maxLabelLength = 3

    /// The rows, front row first.
    public var rows: [Row]

    /// Every seat, front row first, left to right.
    public var seats: [Seat] { rows.flatMap(\.seats) }

    /// How many seats there are.
    public var capacity: Int { rows.reduce(0) { $0 + $1.seats.count } }

    /// How many seats of each type there are.
    public var seatTypeCounts: [SeatType: Int] {
        var counts: [SeatType: Int] = [:]
        for seat in seats { counts[seat.type, default: 0] += 1 }
        return counts
    }

    /// Parses layout rows.
    /// - Throws: `Problem` for the first row that is wrong: a missing `": "`, a label that
    ///   is not 1–3 uppercase letters or is used twice, an unknown cell, a row without
    ///   seats, or a layout with no rows or too many.
    public init(rows text: [String]) throws(Problem) {
        guard !text.isEmpty else {
            throw Problem(row: nil, reason: "a screen needs at least one row, like \"A: RRRR..RRRR\"")
        }
        guard text.count <= Self.maxRows else {
            throw Problem(row: nil, reason: "a screen has at most \(Self.maxRows) rows; this one has \(text.count)")
        }
        var rows: [Row] = []
        var labels: Set<String> = []
        for (index, line) in text.enumerated() {
            let row = try Self.parseRow(line, index: index)
            guard labels.insert(row.label).inserted else {
                throw Problem(row: index, reason: "row label \(row.label) is already used by an earlier row")
            }
            rows.append(row)
        }
        self.rows = rows
    }

    private static func parseRow(_ line: String, index: Int) throws(Problem) -> Row {
        guard let colon = line.firstIndex(of: ":") else {
            throw Problem(
                row: index, reason: "expected \"<label>: <cells>\", like \"A: RRRR..RRRR\"; there is no colon")
        }
        let label = String(line[..<colon])
        guard !label.isEmpty, label.count <= maxLabelLength, label.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw Problem(
                row: index,
                reason: "the row label must be 1 to \(maxLabelLength) uppercase letters A-Z, got \"\(label)\"")
        }
        let rest = line[line.index(after: colon)...]
        guard rest.first == " " else {
            throw Problem(row: index, reason: "expected one space after \"\(label):\", like \"\(label): RRRR\"")
        }
        let cells = Array(rest.dropFirst())
        guard !cells.isEmpty else {
            throw Problem(row: index, reason: "row \(label) has no cells")
        }
        guard cells.count <= maxRowWidth else {
            throw Problem(
                row: index, reason: "row \(label) has \(cells.count) cells; at most \(maxRowWidth) are allowed")
        }
        var seats: [Seat] = []
        for (x, cell) in cells.enumerated() {
            if cell == "." { continue }
            guard let type = SeatType(layoutCharacter: cell) else {
                throw Problem(
                    row: index,
                    reason: "unknown cell \"\(cell)\" at column \(x) of row \(label); "
                        + "use R regular, P premium, V vip, W wheelchair, C companion or . for no seat")
            }
            seats.append(Seat(label: "\(label)\(seats.count + 1)", number: seats.count + 1, x: x, type: type))
        }
        guard !seats.isEmpty else {
            throw Problem(row: index, reason: "row \(label) has no seats; leave it out instead")
        }
        return Row(label: label, width: cells.count, seats: seats)
    }
}
