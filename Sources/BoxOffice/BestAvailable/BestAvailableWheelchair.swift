extension BestAvailableSearch {
    /// A request with `wheelchairSpaces: k`: `count` seats of which exactly `k` are
    /// wheelchair spaces; the others sit on seats of the allowed types (regular, premium
    /// and vip when `types` is nil) or on companion seats, which exist for them.
    ///
    /// - Together, when some run has room: `count` free seats side by side holding exactly
    ///   `k` wheelchair spaces, chosen by (companions missing, new singles when preventing
    ///   them, group score, first seat). Companions missing: of the `min(k, count − k)`
    ///   wheelchair users who can have a companion beside them, how many have no companion
    ///   seat (`C`) of the group next to their space (each companion seat serves one space).
    ///   So a group takes the companion seats beside its spaces where the layout has them.
    /// - Otherwise split (`together: false`): the spaces first, one at a time, each with a
    ///   free companion seat beside it when there is one and the group has room for it.
    ///   Spaces that get a companion come first; then the first space is the one with the
    ///   lowest score (its own plus its companion's), each further one the nearest the
    ///   group so far. Then the rest join one at a time, each the free allowed seat nearest
    ///   any seat of the group (a row step counting 1.5 seat widths, so the seats beside
    ///   the group in its run come first); of seats equally near, the one leaving fewer
    ///   free seats alone beside it (when preventing singles), then the lower score, then
    ///   front row first, then lower number. Rule 3's "fewest rows" gives way here to
    ///   staying beside the wheelchair spaces.
    ///
    /// - Throws: `.tooFewWheelchairSpaces` when fewer than `k` spaces are free;
    ///   `.tooFewSeats` when the spaces are there but too few seats for the rest.
    func wheelchairGroup() throws(BestAvailableError) -> BestAvailableChoice {
        var freeSpaces = 0
        var freeOthers = 0
        for seat in 0..<scores.seatCount where !taken[seat] {
            if scores.type[seat] == .wheelchair {
                freeSpaces += 1
            } else if allowed(seat) {
                freeOthers += 1
            }
        }
        guard freeSpaces >= wheelchairSpaces else { throw .tooFewWheelchairSpaces(available: freeSpaces) }
        guard wheelchairSpaces + freeOthers >= count else {
            throw .tooFewSeats(available: wheelchairSpaces + freeOthers)
        }
        if let start = bestWheelchairRun() { return choice(Array(start..<start + count), together: true) }
        return choice(wheelchairSplit(), together: false)
    }

    /// Whether seat `i` may be in a wheelchair group: a space, or a seat for the others.
    private func usable(_ i: Int) -> Bool { scores.type[i] == .wheelchair || allowed(i) }

    /// The first seat of the best together placement, or nil when no run has room.
    private func bestWheelchairRun() -> Int? {
        var best: (missing: Int, singles: Int, score: Int, start: Int)?
        forEachFreeStretch { stretchFirst, stretchLast in
            var first = stretchFirst
            while first <= stretchLast {
                guard usable(first) else {
                    first += 1
                    continue
                }
                var last = first
                while last < stretchLast, usable(last + 1) { last += 1 }
                if last - first + 1 >= count {
                    for start in first...(last - count + 1) {
                        let end = start + count - 1
                        guard scores.wheelchairs(from: start, through: end) == wheelchairSpaces else { continue }
                        let singles =
                            preventSingles ? singlesBeside(start, end, stretch: stretchFirst, stretchLast) : 0
                        let key = (
                            companionsMissing(start, end), singles, scores.score(from: start, through: end), start
                        )
                        if best.map({ key < $0 }) ?? true { best = key }
                    }
                }
                first = last + 1
            }
        }
        return best?.start
    }

    /// Of the wheelchair users in `first...last` who could have a companion, how many have
    /// no companion seat beside their space. Matching left to right, a space taking the
    /// companion seat on its left when still unused, else the one on its right, pairs as
    /// many as can be paired along a line.
    private func companionsMissing(_ first: Int, _ last: Int) -> Int {
        var paired = 0
        var lastUsed = -1
        for seat in first...last where scores.type[seat] == .wheelchair {
            if seat > first, scores.type[seat - 1] == .companion, lastUsed != seat - 1 {
                paired += 1
                lastUsed = seat - 1
            } else if seat < last, scores.type[seat + 1] == .companion {
                paired += 1
                lastUsed = seat + 1
            }
        }
        return min(wheelchairSpaces, count - wheelchairSpaces) - paired
    }

    /// The seats (sorted) of a split wheelchair group, as `wheelchairGroup` describes.
    private func wheelchairSplit() -> [Int] {
        var growth = WheelchairGrowth(search: self)
        var companionSlots = count - wheelchairSpaces
        for _ in 0..<wheelchairSpaces {
            var best: (missing: Int, distance: Int, score: Int, space: Int)?
            var bestCompanion: Int?
            for space in growth.candidates where scores.type[space] == .wheelchair && !growth.joined[space] {
                let companion = companionSlots > 0 ? growth.companion(of: space) : nil
                let key = (
                    companionSlots > 0 && companion == nil ? 1 : 0, growth.group.isEmpty ? 0 : growth.distance[space],
                    scores.seatScores[space] + (companion.map { scores.seatScores[$0] } ?? 0), space
                )
                if best.map({ key < $0 }) ?? true {
                    best = key
                    bestCompanion = companion
                }
            }
            growth.add(best!.space)
            if let bestCompanion {
                growth.add(bestCompanion)
                companionSlots -= 1
            }
        }
        while growth.group.count < count { growth.add(growth.nearest!) }
        return growth.group.sorted()
    }
}

/// A split wheelchair group as it grows: who has joined, and how near every free seat
/// that may join is to the group.
private struct WheelchairGrowth {
    let scores: SeatScores
    let taken: [Bool]
    /// The free seats that may join: wheelchair spaces and seats of the allowed types.
    let candidates: [Int]
    /// By seat: whether it has joined.
    var joined: [Bool]
    /// By seat: its distance to the nearest seat of the group (as `SeatScores.distance`).
    var distance: [Int]
    /// By candidate: whether it may join as one of the rest (not a wheelchair space).
    let mayJoinAsRest: [Bool]
    let preventSingles: Bool
    /// The seats that joined, in the order they did.
    var group: [Int] = []
    /// The seat that should join next as one of the rest, as `add` finds it.
    var nearest: Int?

    init(search: BestAvailableSearch) {
        scores = search.scores
        taken = search.taken
        candidates = (0..<search.scores.seatCount).filter {
            !search.taken[$0] && (search.scores.type[$0] == .wheelchair || search.allowed($0))
        }
        mayJoinAsRest = candidates.map(search.allowed)
        preventSingles = search.preventSingles
        joined = [Bool](repeating: false, count: search.scores.seatCount)
        distance = [Int](repeating: Int.max, count: search.scores.seatCount)
        group.reserveCapacity(search.count)
    }

    /// Adds `seat` to the group, and finds the seat that should join next: the free seat
    /// of the allowed types nearest the group, then (when preventing singles) the one that
    /// leaves fewer free seats alone beside it, then the lower score, then the first. One
    /// pass over the candidates does both.
    mutating func add(_ seat: Int) {
        joined[seat] = true
        group.append(seat)
        var best: (distance: Int, singles: Int, score: Int, seat: Int)?
        for (position, other) in candidates.enumerated() where !joined[other] {
            let near = min(distance[other], scores.distance(seat, other))
            distance[other] = near
            guard mayJoinAsRest[position], near <= best?.distance ?? .max else { continue }
            let key = (near, preventSingles ? strands(other) : 0, scores.seatScores[other], other)
            if best.map({ key < $0 }) ?? true { best = key }
        }
        nearest = best?.seat
    }

    func isFree(_ seat: Int) -> Bool { !taken[seat] && !joined[seat] }

    /// The free companion seat beside `space` (the lower-scored of two, then the first).
    func companion(of space: Int) -> Int? {
        var best: Int?
        for seat in stride(from: space - 1, through: space + 1, by: 2) where seat >= 0 && seat < scores.seatCount {
            guard scores.adjacent(min(seat, space), max(seat, space)), scores.type[seat] == .companion, isFree(seat)
            else { continue }
            if best.map({ scores.seatScores[seat] < scores.seatScores[$0] }) ?? true { best = seat }
        }
        return best
    }

    /// How many free seats beside `seat` would be left alone if it joined the group.
    func strands(_ seat: Int) -> Int {
        var stranded = 0
        if scores.joinsPrevious[seat], isFree(seat - 1), !(scores.joinsPrevious[seat - 1] && isFree(seat - 2)) {
            stranded += 1
        }
        if seat + 1 < scores.seatCount, scores.joinsPrevious[seat + 1], isFree(seat + 1),
            !(seat + 2 < scores.seatCount && scores.joinsPrevious[seat + 2] && isFree(seat + 2))
        {
            stranded += 1
        }
        return stranded
    }
}
