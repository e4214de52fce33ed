extension BestAvailableSearch {
    /// Free seats of allowed types side by side in one run, as long as they go: a piece of
    /// a split group is cut from one.
    struct Segment {
        /// The first seat (flat index).
        var first: Int
        /// How many seats.
        var length: Int
        /// The row index.
        var row: Int
        /// The score of all its seats.
        var score: Int
        /// The first seat of the free stretch that holds it (a stretch may hold free seats
        /// of other types too).
        var stretchFirst: Int
        /// The last seat of that free stretch.
        var stretchLast: Int
    }

    /// Every segment, front row first, left to right.
    func segments() -> [Segment] {
        var segments: [Segment] = []
        forEachSegment { first, last, stretchFirst, stretchLast in
            segments.append(
                Segment(
                    first: first, length: last - first + 1, row: scores.row[first],
                    score: scores.score(from: first, through: last), stretchFirst: stretchFirst,
                    stretchLast: stretchLast))
        }
        return segments
    }

    /// Rule 3, when no run has room for the whole group: the seats (sorted) of a group
    /// split into pieces, each piece side by side in one run.
    ///
    /// 1. Fewest rows: the smallest `k` such that some `k` adjacent rows (consecutive in
    ///    the layout) hold `count` free allowed seats. Only such windows of `k` rows are
    ///    considered (a window may leave one of its rows out when it has no seats there).
    /// 2. In each window, the fewest pieces: whole segments are taken longest first (of
    ///    equal length, the lower-scored, then the first), until the seats still wanted fit
    ///    into one segment; the last piece is the best block of that many seats in any
    ///    segment long enough, by (new singles beside it in its stretch when preventing
    ///    them, its score, its first seat). This gives the fewest pieces possible.
    /// 3. Among the windows: fewest pieces, then (when preventing singles) fewest new
    ///    singles, then the lowest group score, then the seats that come first (front row
    ///    first, then lower number).
    func splitGroup() -> [Int] {
        let segments = segments()
        let rowCount = scores.rowCount
        // firstSegment[r]: the first segment in row r or after; freeBefore[r]: the free
        // allowed seats in the rows before r.
        var firstSegment = [Int](repeating: segments.count, count: rowCount + 1)
        var freeBefore = [Int](repeating: 0, count: rowCount + 1)
        for (index, segment) in segments.enumerated().reversed() { firstSegment[segment.row] = index }
        for row in stride(from: rowCount - 1, through: 0, by: -1) where firstSegment[row] == segments.count {
            firstSegment[row] = firstSegment[row + 1]
        }
        for segment in segments { freeBefore[segment.row + 1] += segment.length }
        for row in 0..<rowCount { freeBefore[row + 1] += freeBefore[row] }
        func fits(_ top: Int, _ span: Int) -> Bool { freeBefore[top + span] - freeBefore[top] >= count }

        var span = 1
        while !(0...(rowCount - span)).contains(where: { fits($0, span) }) { span += 1 }

        var best: (pieces: Int, singles: Int, score: Int, seats: [Int])?
        var order: [Int] = []
        for top in 0...(rowCount - span) where fits(top, span) {
            order.removeAll(keepingCapacity: true)
            order.append(contentsOf: firstSegment[top]..<firstSegment[top + span])
            order.sort { a, b in
                let (left, right) = (segments[a], segments[b])
                return (-left.length, left.score, left.first) < (-right.length, right.score, right.first)
            }
            var seats: [Int] = []
            seats.reserveCapacity(count)
            var pieces = 0
            for position in order.indices {
                let segment = segments[order[position]]
                let wanted = count - seats.count
                pieces += 1
                if segment.length < wanted {
                    seats.append(contentsOf: segment.first..<segment.first + segment.length)
                    continue
                }
                let start = bestBlock(of: wanted, in: order[position...].lazy.map { segments[$0] })
                seats.append(contentsOf: start..<start + wanted)
                break
            }
            seats.sort()
            let singles = preventSingles ? newSingles(seats) : 0
            let score = scores.score(of: seats)
            if let current = best {
                if (pieces, singles, score) > (current.pieces, current.singles, current.score) { continue }
                if (pieces, singles, score) == (current.pieces, current.singles, current.score),
                    !seats.lexicographicallyPrecedes(current.seats)
                {
                    continue
                }
            }
            best = (pieces, singles, score, seats)
        }
        return best!.seats
    }

    /// The first seat of the best block of `length` seats in the leading candidates long
    /// enough for it (candidates come longest first), by (new singles in its stretch when
    /// preventing them, score, first seat).
    private func bestBlock(of length: Int, in candidates: some Sequence<Segment>) -> Int {
        var best: (singles: Int, score: Int, start: Int)?
        for segment in candidates {
            guard segment.length >= length else { break }
            for start in segment.first...(segment.first + segment.length - length) {
                let end = start + length - 1
                let singles =
                    preventSingles ? singlesBeside(start, end, stretch: segment.stretchFirst, segment.stretchLast) : 0
                let key = (singles, scores.score(from: start, through: end), start)
                if best.map({ key < $0 }) ?? true { best = key }
            }
        }
        return best!.start
    }
}
