@testable import BoxOffice

/// Best available's rules worked out the slow way, from the layout's rows and cells
/// alone: the oracle of `BestAvailablePropertyTests`.
struct BruteForce {
    typealias Seat = BestAvailablePropertyTests.Seat

    let seats: [Seat]
    let request: BestAvailableRequest
    let rowCount: Int
    let widest: Int
    /// Each seat's neighbours: the seats beside it in its row, with no cell between.
    let neighbours: [[Int]]

    init(screen: DrawnScreen, request: BestAvailableRequest) {
        var seats: [Seat] = []
        for (row, layoutRow) in screen.layout.rows.enumerated() {
            for seat in layoutRow.seats {
                seats.append(Seat(row: row, x: seat.x, type: seat.type, taken: screen.taken[seats.count]))
            }
        }
        self.seats = seats
        self.request = request
        rowCount = screen.layout.rows.count
        widest = screen.layout.rows.map(\.width).max()!
        neighbours = seats.indices.map { i in
            seats.indices.filter { seats[i].row == seats[$0].row && abs(seats[i].x - seats[$0].x) == 1 }
        }
    }

    var spaces: Int? { request.wheelchairSpaces }

    func adjacent(_ a: Int, _ b: Int) -> Bool { seats[a].row == seats[b].row && abs(seats[a].x - seats[b].x) == 1 }

    /// Whether a seat other than a wheelchair user's space may be in the group.
    func allowed(_ type: SeatType) -> Bool {
        if spaces != nil && type == .companion { return true }
        return type != .wheelchair && type != .companion && (request.types?.contains(type) ?? true)
    }

    func suitable(_ i: Int) -> Bool { !seats[i].taken && allowed(seats[i].type) }

    var expectedRefusal: BestAvailableError? {
        let others = seats.indices.filter(suitable).count
        guard let spaces else { return others < request.count ? .tooFewSeats(available: others) : nil }
        let freeSpaces = seats.filter { !$0.taken && $0.type == .wheelchair }.count
        if freeSpaces < spaces { return .tooFewWheelchairSpaces(available: freeSpaces) }
        return spaces + others < request.count ? .tooFewSeats(available: spaces + others) : nil
    }

    func score(_ i: Int) -> Int {
        let dx = 2 * seats[i].x - (widest - 1)
        let dy = 3 * seats[i].row - 2 * (rowCount - 1)
        return dx * dx + dy * dy
    }

    /// Free seats with no free neighbour after the choice that had one before.
    func singlesLeft(after chosen: Set<Int>) -> Int {
        func free(_ i: Int, after: Bool) -> Bool { !seats[i].taken && !(after && chosen.contains(i)) }
        return seats.indices.filter { i in
            free(i, after: true)
                && !neighbours[i].contains { free($0, after: true) }
                && neighbours[i].contains { free($0, after: false) }
        }.count
    }

    /// Whether the seats (sorted) may form the group, wherever they are.
    func fits(_ group: [Int]) -> Bool {
        guard group.allSatisfy({ !seats[$0].taken }) else { return false }
        guard let spaces else { return group.allSatisfy { allowed(seats[$0].type) } }
        let wheelchairs = group.filter { seats[$0].type == .wheelchair }.count
        return wheelchairs == spaces && group.allSatisfy { seats[$0].type == .wheelchair || allowed(seats[$0].type) }
    }

    /// Every placement side by side in one run, as sorted seats.
    func placements() -> [[Int]] {
        guard request.count <= seats.count else { return [] }
        return (0...(seats.count - request.count)).map { Array($0..<$0 + request.count) }.filter { group in
            zip(group, group.dropFirst()).allSatisfy { adjacent($0, $1) } && fits(group)
        }
    }

    /// The most wheelchair spaces of the group that can each have their own companion
    /// seat of the group beside them, by trying every pairing.
    func pairedCompanions(_ group: [Int]) -> Int {
        let wheelchairs = group.filter { seats[$0].type == .wheelchair }
        func pair(_ index: Int, _ used: Set<Int>) -> Int {
            guard index < wheelchairs.count else { return 0 }
            var best = pair(index + 1, used)
            for seat in group where seats[seat].type == .companion && !used.contains(seat) {
                if adjacent(seat, wheelchairs[index]) { best = max(best, 1 + pair(index + 1, used.union([seat]))) }
            }
            return best
        }
        return pair(0, [])
    }

    /// How a placement ranks: lower is better.
    func key(_ group: [Int]) -> [Int] {
        let singles = request.preventSingles ? singlesLeft(after: Set(group)) : 0
        let score = group.map(score).reduce(0, +)
        guard let spaces else { return [singles, score, group[0]] }
        let missing = min(spaces, request.count - spaces) - pairedCompanions(group)
        return [missing, singles, score, group[0]]
    }

    /// The fewest pieces a split group needs within rows `top..<top + span`, or nil when
    /// they hold too few seats.
    func fewestPieces(top: Int, span: Int) -> Int? {
        var lengths: [Int] = []
        for i in seats.indices where (top..<top + span).contains(seats[i].row) && suitable(i) {
            if i > 0, adjacent(i - 1, i), suitable(i - 1) { lengths[lengths.count - 1] += 1 } else { lengths.append(1) }
        }
        var total = 0
        for (pieces, length) in lengths.sorted(by: >).enumerated() {
            total += length
            if total >= request.count { return pieces + 1 }
        }
        return nil
    }

    /// What is wrong with a choice; empty when nothing is.
    func problems(with choice: BestAvailableChoice) -> [String] {
        var problems: [String] = []
        let group = choice.seats
        if group != group.sorted() || Set(group).count != group.count { problems.append("seats not sorted once each") }
        if group.count != request.count { problems.append("\(group.count) seats") }
        if !fits(group) { problems.append("a seat is taken, of the wrong type, or the spaces are not k") }
        let recount = singlesLeft(after: Set(group))
        if choice.singlesLeft != recount { problems.append("singlesLeft \(choice.singlesLeft), recount \(recount)") }
        let placements = placements()
        if choice.together {
            let best = placements.map { ($0, key($0)) }.min { $0.1.lexicographicallyPrecedes($1.1) }?.0
            if best != group {
                problems.append("not the best placement: \(best.map(String.init(describing:)) ?? "none")")
            }
        } else if !placements.isEmpty {
            problems.append("split though a run has room: \(placements)")
        } else if spaces == nil {
            let rows = group.map { seats[$0].row }
            let span = rows.max()! - rows.min()! + 1
            let fewestRows = (1...rowCount).first { span in
                (0...(rowCount - span)).contains { fewestPieces(top: $0, span: span) != nil }
            }
            if span != fewestRows { problems.append("over \(span) rows, \(fewestRows ?? 0) would do") }
            let pieces = 1 + zip(group, group.dropFirst()).filter { !adjacent($0, $1) }.count
            let fewest = (0...(rowCount - span)).compactMap { fewestPieces(top: $0, span: span) }.min()
            if pieces != fewest { problems.append("\(pieces) pieces, \(fewest ?? 0) would do") }
        }
        return problems
    }
}
