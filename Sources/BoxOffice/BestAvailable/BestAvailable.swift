/// What a customer asks best available for (contract section 7).
public struct BestAvailableRequest: Sendable, Equatable {
    /// How many seats, 1 to `BookingLimits.maxSeatsPerRequest`.
    public var count: Int
    /// Only seats of these types; nil for any. Wheelchair spaces and companion seats are
    /// never offered to a request without `wheelchairSpaces`, whatever `types` says; an
    /// empty set allows nothing.
    public var types: Set<SeatType>?
    /// How many of the group need a wheelchair space (0 < k <= count), or nil.
    public var wheelchairSpaces: Int?
    /// Whether to avoid leaving a free seat stranded alone (rule 1). False skips rule 1.
    public var preventSingles: Bool

    /// A request; by default any type, no wheelchair spaces, and no stranded singles.
    public init(
        count: Int, types: Set<SeatType>? = nil, wheelchairSpaces: Int? = nil, preventSingles: Bool = true
    ) {
        self.count = count
        self.types = types
        self.wheelchairSpaces = wheelchairSpaces
        self.preventSingles = preventSingles
    }
}

/// The seats best available chose.
public struct BestAvailableChoice: Sendable, Equatable {
    /// The seats, as flat indices into `ScreenLayout.seats`: front row first, left to right.
    public var seats: [Int]
    /// True when the seats sit side by side in one run (one row, no aisle between them).
    public var together: Bool
    /// How many free seats the choice leaves stranded that were not before: free seats
    /// with no free neighbour in their run after the choice that had one before, counted
    /// over the whole screen.
    public var singlesLeft: Int
}

/// Why best available chose nothing.
public enum BestAvailableError: Error, Sendable, Equatable {
    /// Fewer seats suit the request than it asks for. `available` is the largest group
    /// the same request could get: the free seats of the allowed types, or for a
    /// wheelchair request its wheelchair spaces plus the free seats the rest may take.
    /// The service answers `SEATS_UNAVAILABLE` with `data.seats: []` and `data.available`.
    case tooFewSeats(available: Int)
    /// Fewer wheelchair spaces are free than the request asks for; `available` is how many are.
    /// Also `SEATS_UNAVAILABLE`, with `data.available` this number.
    case tooFewWheelchairSpaces(available: Int)
    /// `count` is outside 1 to `BookingLimits.maxSeatsPerRequest`.
    case countOutOfRange(Int)
    /// `wheelchairSpaces` is outside `0 < k <= count`.
    case wheelchairSpacesOutOfRange(Int, count: Int)
}

extension SeatScores {
    /// Chooses the best available seats for a request, given which seats are taken.
    ///
    /// The first rule that can be met wins:
    /// 1. `count` allowed seats side by side in one run that leave no new single free
    ///    seat, nearest the focal point (lowest group score);
    /// 2. the same, allowing new singles: with `preventSingles` the fewest new singles
    ///    first, then the nearest; with `preventSingles: false` simply the nearest (rule 1
    ///    is skipped);
    /// 3. a split group, `together: false`: see `splitGroup` (fewest adjacent rows, then
    ///    fewest pieces, then fewest new singles when preventing them, then nearest).
    ///
    /// A wheelchair request (`wheelchairSpaces: k`) is chosen as `wheelchairGroup` says.
    /// Ties go to the group whose seats come first: front row first, then lower number.
    /// Rules 1 and 2 cost O(seats) and allocate only the answer; rule 3 costs O(seats ·
    /// rows it spans), a split wheelchair group O(seats · count).
    ///
    /// - Parameter taken: one entry per seat, by flat index: true when it is held, booked
    ///   or blocked.
    /// - Throws: `BestAvailableError.tooFewSeats` or `.tooFewWheelchairSpaces` when the
    ///   request cannot be met; `.countOutOfRange` or `.wheelchairSpacesOutOfRange` for a
    ///   request out of bounds.
    public func bestAvailable(_ request: BestAvailableRequest, taken: [Bool]) throws(BestAvailableError)
        -> BestAvailableChoice
    {
        precondition(taken.count == seatCount, "taken needs one entry per seat of the layout")
        guard (1...BookingLimits.maxSeatsPerRequest).contains(request.count) else {
            throw .countOutOfRange(request.count)
        }
        if let spaces = request.wheelchairSpaces, !(1...request.count).contains(spaces) {
            throw .wheelchairSpacesOutOfRange(spaces, count: request.count)
        }
        return try BestAvailableSearch(scores: self, taken: taken, request: request).choose()
    }

    /// `bestAvailable(_:taken:)` for seat statuses by flat index, as a seat map snapshot
    /// holds them: every status but `available` counts as taken.
    /// - Throws: as `bestAvailable(_:taken:)`.
    public func bestAvailable(_ request: BestAvailableRequest, statuses: [SeatStatus]) throws(BestAvailableError)
        -> BestAvailableChoice
    {
        try bestAvailable(request, taken: statuses.map { $0 != .available })
    }
}

extension SeatType {
    /// This type's bit in a mask of seat types.
    var bit: UInt8 {
        switch self {
        case .regular: 1
        case .premium: 2
        case .vip: 4
        case .wheelchair: 8
        case .companion: 16
        }
    }
}

/// One best-available call: the screen, what is taken, and the request in masks.
struct BestAvailableSearch {
    let scores: SeatScores
    let taken: [Bool]
    let count: Int
    let preventSingles: Bool
    /// The wheelchair spaces asked for; 0 when none.
    let wheelchairSpaces: Int
    /// The types a seat of the group may have (for a wheelchair request, every seat but
    /// its wheelchair spaces: the allowed types and companion seats).
    let allowedTypes: UInt8

    init(scores: SeatScores, taken: [Bool], request: BestAvailableRequest) {
        self.scores = scores
        self.taken = taken
        count = request.count
        preventSingles = request.preventSingles
        wheelchairSpaces = request.wheelchairSpaces ?? 0
        let accessible = SeatType.wheelchair.bit | SeatType.companion.bit
        var mask = (request.types ?? Set(SeatType.allCases)).reduce(UInt8(0)) { $0 | $1.bit } & ~accessible
        // Everyone in a wheelchair group comes with a wheelchair user: companion seats are
        // theirs to take, beside a space or not.
        if wheelchairSpaces > 0 { mask |= SeatType.companion.bit }
        allowedTypes = mask
    }

    /// Whether seat `i` may be part of the group (apart from a wheelchair request's spaces).
    func allowed(_ i: Int) -> Bool { scores.typeBit[i] & allowedTypes != 0 }

    /// Whether seat `i` is free and may be part of the group.
    func suitable(_ i: Int) -> Bool { !taken[i] && allowed(i) }

    func choose() throws(BestAvailableError) -> BestAvailableChoice {
        if wheelchairSpaces > 0 { return try wheelchairGroup() }
        var available = 0
        for i in 0..<scores.seatCount where suitable(i) { available += 1 }
        guard available >= count else { throw .tooFewSeats(available: available) }
        if let start = bestRun() { return choice(Array(start..<start + count), together: true) }
        return choice(splitGroup(), together: false)
    }

    /// The answer for these seats (sorted), with its singles counted.
    func choice(_ seats: [Int], together: Bool) -> BestAvailableChoice {
        BestAvailableChoice(seats: seats, together: together, singlesLeft: newSingles(seats))
    }

    /// Calls `body(first, last)` for every stretch of free seats in one run, between taken
    /// seats or the run's ends, front row first, left to right.
    func forEachFreeStretch(_ body: (Int, Int) -> Void) {
        var i = 0
        while i < scores.seatCount {
            if taken[i] {
                i += 1
                continue
            }
            var last = i
            while last + 1 < scores.seatCount, scores.joinsPrevious[last + 1], !taken[last + 1] { last += 1 }
            body(i, last)
            i = last + 1
        }
    }

    /// Calls `body(first, last, stretchFirst, stretchLast)` for every segment: allowed
    /// free seats side by side within a free stretch `stretchFirst...stretchLast`, front
    /// row first, left to right.
    func forEachSegment(_ body: (Int, Int, Int, Int) -> Void) {
        forEachFreeStretch { stretchFirst, stretchLast in
            var first = stretchFirst
            while first <= stretchLast {
                guard allowed(first) else {
                    first += 1
                    continue
                }
                var last = first
                while last < stretchLast, allowed(last + 1) { last += 1 }
                body(first, last, stretchFirst, stretchLast)
                first = last + 1
            }
        }
    }

    /// How many new singles taking `first...last` leaves within the free stretch
    /// `stretchFirst...stretchLast` that holds it: a seat left alone at either side.
    func singlesBeside(_ first: Int, _ last: Int, stretch stretchFirst: Int, _ stretchLast: Int) -> Int {
        (first - stretchFirst == 1 ? 1 : 0) + (stretchLast - last == 1 ? 1 : 0)
    }

    /// Rules 1 and 2: the first seat of the best `count` allowed seats side by side in one
    /// run, or nil when no run has room. Key: (new singles when preventing them, group
    /// score, first seat).
    func bestRun() -> Int? {
        var best: (singles: Int, score: Int, start: Int)?
        forEachSegment { first, last, stretchFirst, stretchLast in
            guard last - first + 1 >= count else { return }
            for start in first...(last - count + 1) {
                let end = start + count - 1
                let singles = preventSingles ? singlesBeside(start, end, stretch: stretchFirst, stretchLast) : 0
                let key = (singles, scores.score(from: start, through: end), start)
                if best.map({ key < $0 }) ?? true { best = key }
            }
        }
        return best?.start
    }

    /// The new singles a choice strands: free seats beside a chosen seat that have no free
    /// neighbour left. (Only a chosen seat's neighbour can lose its last free neighbour,
    /// and it had one before: the chosen seat.) `chosen` is sorted.
    func newSingles(_ chosen: [Int]) -> Int {
        func isChosen(_ i: Int) -> Bool {
            var low = 0
            var high = chosen.count
            while low < high {
                let middle = (low + high) / 2
                if chosen[middle] < i { low = middle + 1 } else { high = middle }
            }
            return low < chosen.count && chosen[low] == i
        }
        func isFree(_ i: Int) -> Bool { !taken[i] && !isChosen(i) }
        func hasFreeNeighbour(_ i: Int) -> Bool {
            (scores.joinsPrevious[i] && isFree(i - 1))
                || (i + 1 < scores.seatCount && scores.joinsPrevious[i + 1] && isFree(i + 1))
        }
        var stranded = 0
        var lastCounted = -1
        for seat in chosen {
            for neighbour in stride(from: seat - 1, through: seat + 1, by: 2) where neighbour > lastCounted {
                guard neighbour >= 0, neighbour < scores.seatCount,
                    scores.adjacent(min(seat, neighbour), max(seat, neighbour)),
                    isFree(neighbour), !hasFreeNeighbour(neighbour)
                else { continue }
                stranded += 1
                lastCounted = neighbour
            }
        }
        return stranded
    }
}
