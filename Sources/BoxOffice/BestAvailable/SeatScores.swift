/// What best available needs to know about one screen, worked out once per layout and
/// kept beside it: how near each seat is to the screen's focal point, and where the runs
/// of seats (side by side, no aisle or gap between them) begin.
///
/// Seats are named by their flat index: their position in `ScreenLayout.seats`, front
/// row first, left to right (the order of the `seat` table by row and `x`, too).
///
/// **The focal point** is where the best seat would be: the centre column of the widest
/// row (the screen's centre line: rows are drawn with their gaps, so a short row centred
/// with dots still lines up) about two thirds of the way back:
///
///     focal column = (widest row's width − 1) / 2
///     focal row    = 2 · (rows − 1) / 3          (row index, front row 0)
///
/// **A seat's score** is four times the square of its distance to the focal point, where
/// a row step counts as 1.5 seat widths (rows are deeper than seats are wide, and the
/// view changes more from row to row than from seat to seat):
///
///     score = (2·dx)² + (3·dy)²   with dx, dy the column and row distances
///
/// which is a whole number, so that ties are exact. Lower is better.
///
/// **A group's score** is the sum of its seats' scores. That equals four times
/// `n·D² + S`, where `D` is the distance from the group's centre to the focal point and
/// `S` the sum of each seat's squared distance to the group's centre: the nearer the
/// group sits, and the less it spreads, the better. Among groups side by side in one
/// row (same spread) it simply picks the one whose middle is nearest the focal point.
public struct SeatScores: Sendable, Equatable {
    /// How many seats the screen has: flat indices run over `0..<seatCount`.
    public let seatCount: Int
    /// How many rows the screen has.
    public let rowCount: Int
    /// Twice the focal column (widest width − 1), so that it is a whole number.
    public let focalColumnTimesTwo: Int
    /// Three times the focal row (2 · (rows − 1)), so that it is a whole number.
    public let focalRowTimesThree: Int
    /// Each seat's score, by flat index: `(2·dx)² + (3·dy)²`, lower is better.
    public let seatScores: [Int]

    /// Each seat's row index, front row 0.
    let row: [Int]
    /// Each seat's cell column.
    let x: [Int]
    /// Each seat's type.
    let type: [SeatType]
    /// Each seat's type as a bit (`SeatType.bit`), to test against a mask of types.
    let typeBit: [UInt8]
    /// Whether the seat sits in the same run as the seat before it (same row, next cell).
    let joinsPrevious: [Bool]
    /// Where each row's seats begin; one more entry, `seatCount`, at the end.
    let rowStarts: [Int]
    /// `prefixScores[i]` is the sum of the scores of seats `0..<i`.
    let prefixScores: [Int]
    /// `prefixWheelchairs[i]` is how many of seats `0..<i` are wheelchair spaces.
    let prefixWheelchairs: [Int]

    /// Works out the scores and runs of a layout. Costs O(seats); keep the result beside
    /// the layout rather than building it per request.
    public init(_ layout: ScreenLayout) {
        let widest = layout.rows.map(\.width).max() ?? 1
        focalColumnTimesTwo = widest - 1
        focalRowTimesThree = 2 * (layout.rows.count - 1)
        rowCount = layout.rows.count
        var scores: [Int] = []
        var row: [Int] = []
        var x: [Int] = []
        var type: [SeatType] = []
        var joinsPrevious: [Bool] = []
        var rowStarts: [Int] = []
        var prefixScores = [0]
        var prefixWheelchairs = [0]
        for (rowIndex, layoutRow) in layout.rows.enumerated() {
            rowStarts.append(scores.count)
            let dy = 3 * rowIndex - focalRowTimesThree
            var previousX: Int?
            for seat in layoutRow.seats {
                let dx = 2 * seat.x - focalColumnTimesTwo
                let score = dx * dx + dy * dy
                scores.append(score)
                row.append(rowIndex)
                x.append(seat.x)
                type.append(seat.type)
                joinsPrevious.append(previousX.map { $0 + 1 == seat.x } ?? false)
                prefixScores.append(prefixScores[prefixScores.count - 1] + score)
                prefixWheelchairs.append(
                    prefixWheelchairs[prefixWheelchairs.count - 1] + (seat.type == .wheelchair ? 1 : 0))
                previousX = seat.x
            }
        }
        rowStarts.append(scores.count)
        seatCount = scores.count
        seatScores = scores
        self.row = row
        self.x = x
        self.type = type
        typeBit = type.map(\.bit)
        self.joinsPrevious = joinsPrevious
        self.rowStarts = rowStarts
        self.prefixScores = prefixScores
        self.prefixWheelchairs = prefixWheelchairs
    }

    /// The score of a group: the sum of its seats' scores (flat indices). Lower is better.
    public func score(of seats: some Sequence<Int>) -> Int {
        seats.reduce(0) { $0 + seatScores[$1] }
    }

    /// The score of the seats `first...last`, side by side in one run.
    func score(from first: Int, through last: Int) -> Int {
        prefixScores[last + 1] - prefixScores[first]
    }

    /// How many wheelchair spaces `first...last` holds.
    func wheelchairs(from first: Int, through last: Int) -> Int {
        prefixWheelchairs[last + 1] - prefixWheelchairs[first]
    }

    /// Whether seats `a` and `b` (a < b) sit side by side in one run.
    func adjacent(_ a: Int, _ b: Int) -> Bool {
        b == a + 1 && joinsPrevious[b]
    }

    /// Four times the squared distance between two seats, a row step counting 1.5 seat
    /// widths, as the scores count it.
    func distance(_ a: Int, _ b: Int) -> Int {
        let dx = 2 * (x[a] - x[b])
        let dy = 3 * (row[a] - row[b])
        return dx * dx + dy * dy
    }
}
