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
    /// - Otherwise split (`together: false`): the spaces first, one at a time: the first
    ///   the nearest the focal point, each further one the nearest the group so far; each
    ///   with a free companion seat beside it when there is one and the group has room
    ///   (spaces that get one are preferred). Then the rest join one at a time, each the
    ///   free allowed seat nearest any seat of the group (a row step counting 1.5 seat
    ///   widths, so the seats beside the group in its run come first); of seats equally
    ///   near, the one leaving fewer free seats alone beside it (when preventing singles),
    ///   then the lower score, then front row first, then lower number. Rule 3's "fewest rows" gives way here to
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
        let seatCount = scores.seatCount
        var inGroup = [Bool](repeating: false, count: seatCount)
        var distance = [Int](repeating: Int.max, count: seatCount)
        var group: [Int] = []
        group.reserveCapacity(count)
        var companionSlots = count - wheelchairSpaces
        func add(_ seat: Int) {
            inGroup[seat] = true
            group.append(seat)
            for other in 0..<seatCount where !taken[other] && !inGroup[other] {
                distance[other] = min(distance[other], scores.distance(seat, other))
            }
        }
        func companion(of space: Int) -> Int? {
            var best: Int?
            for seat in stride(from: space - 1, through: space + 1, by: 2) where seat >= 0 && seat < seatCount {
                guard scores.adjacent(min(seat, space), max(seat, space)), scores.type[seat] == .companion,
                    !taken[seat], !inGroup[seat]
                else { continue }
                if best.map({ scores.seatScores[seat] < scores.seatScores[$0] }) ?? true { best = seat }
            }
            return best
        }
        for _ in 0..<wheelchairSpaces {
            var best: (missing: Int, distance: Int, score: Int, space: Int, companion: Int?)?
            for space in 0..<seatCount
            where scores.type[space] == .wheelchair && !taken[space] && !inGroup[space] {
                let companion = companionSlots > 0 ? companion(of: space) : nil
                let key = (
                    companionSlots > 0 && companion == nil ? 1 : 0, group.isEmpty ? 0 : distance[space],
                    scores.seatScores[space] + (companion.map { scores.seatScores[$0] } ?? 0), space
                )
                if best.map({ key < ($0.missing, $0.distance, $0.score, $0.space) }) ?? true {
                    best = (key.0, key.1, key.2, key.3, companion)
                }
            }
            add(best!.space)
            if let companion = best!.companion {
                add(companion)
                companionSlots -= 1
            }
        }
        func isFree(_ seat: Int) -> Bool { !taken[seat] && !inGroup[seat] }
        // How many free seats beside `seat` would be left alone if it joined the group.
        func strands(_ seat: Int) -> Int {
            var stranded = 0
            if scores.joinsPrevious[seat], isFree(seat - 1), !(scores.joinsPrevious[seat - 1] && isFree(seat - 2)) {
                stranded += 1
            }
            if seat + 1 < seatCount, scores.joinsPrevious[seat + 1], isFree(seat + 1),
                !(seat + 2 < seatCount && scores.joinsPrevious[seat + 2] && isFree(seat + 2))
            {
                stranded += 1
            }
            return stranded
        }
        while group.count < count {
            var best: (distance: Int, singles: Int, score: Int, seat: Int)?
            for seat in 0..<seatCount where isFree(seat) && allowed(seat) {
                let key = (distance[seat], preventSingles ? strands(seat) : 0, scores.seatScores[seat], seat)
                if best.map({ key < $0 }) ?? true { best = key }
            }
            add(best!.seat)
        }
        return group.sorted()
    }
}
