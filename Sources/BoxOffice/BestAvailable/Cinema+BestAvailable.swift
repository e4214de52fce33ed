/// The seats best available chose for a request, as `seats.bestAvailable` answers them.
public struct BestSeats: Sendable, Equatable, Encodable {
    /// The seats, front row first, left to right, each available.
    public var seats: [Seat]
    /// Whether they sit side by side in one row with no aisle between them.
    public var together: Bool
    /// How many free seats the choice leaves stranded alone that were not before.
    public var singlesLeft: Int

    /// A choice.
    public init(seats: [Seat], together: Bool, singlesLeft: Int) {
        self.seats = seats
        self.together = together
        self.singlesLeft = singlesLeft
    }
}

extension Cinema {
    /// The best available seats of a showing for a group, as they stand now: nothing is
    /// held (`hold` with `best` chooses and holds in one transaction). Sales must be open.
    /// - Parameters:
    ///   - userId: when given, every seat carries `mine` (false: the seats are free).
    ///   - path: where the request stands in the caller's params, for errors (`best`).
    /// - Throws: `.notFound`, `.showingClosed`, `.tooFewSeats`, `.invalidInput` for a
    ///   count below 1 or wheelchair spaces outside 1 to count, `.limitExceeded` for more
    ///   than 50 seats.
    public func bestAvailable(showingId: String, request: BestAvailableRequest, userId: String? = nil) throws
        -> BestSeats
    {
        if let userId { try Validation.userId(userId) }
        try Validation.best(request, path: "")
        return try snapshot { records, now in
            let (showing, screen) = try catalog(showingId: showingId, in: records)
            guard now < showing.salesCloseAt else {
                throw BoxOfficeError.showingClosed(showingId: showingId, salesCloseAt: showing.salesCloseAt)
            }
            let choice = try choose(request, showingId: showingId, screen: screen, in: records, now: now)
            let layout = cache.seats(of: showing, screen: screen)
            return BestSeats(
                seats: choice.seats.map { index in
                    var seat = layout.seats[index]
                    seat.mine = userId.map { _ in false }
                    return seat
                },
                together: choice.together, singlesLeft: choice.singlesLeft)
        }
    }

    /// Chooses by the seats' statuses now (held by an unexpired hold, booked or blocked
    /// count as taken).
    /// - Throws: `.tooFewSeats`; the store's errors.
    func choose(
        _ request: BestAvailableRequest, showingId: String, screen: Screen, in records: any CinemaRecords,
        now: Timestamp
    ) throws -> BestAvailableChoice {
        let claims = try records.liveClaims(showingId: showingId, now: now, seatIds: nil)
        let taken = screen.rows.flatMap { row in row.seats.map { claims[$0.id] != nil } }
        let scores = try cache.scores(of: screen)
        do {
            return try scores.bestAvailable(request, taken: taken)
        } catch {
            switch error {
            case .tooFewSeats(let available):
                throw BoxOfficeError.tooFewSeats(available: available)
            case .tooFewWheelchairSpaces(let available):
                throw BoxOfficeError.tooFewSeats(available: available, wheelchairSpaces: true)
            case .countOutOfRange, .wheelchairSpacesOutOfRange:
                // Validation.best refused these already.
                throw BoxOfficeError.invalidInput(path: "count", reason: "\(error)")
            }
        }
    }

    /// The ids of the seats best available chooses in a write transaction, after expired
    /// holds of the showing are freed: no other writer can take or strand a seat between
    /// the choice and the hold.
    func chooseToHold(_ request: BestAvailableRequest, showingId: String, in transaction: CinemaTransaction) throws
        -> [String]
    {
        let (_, screen) = try openShowing(showingId, in: transaction)
        try SeatClaims.reclaimExpiredHolds(showingId: showingId, in: transaction)
        let choice = try choose(
            request, showingId: showingId, screen: screen, in: transaction.records, now: transaction.now)
        let seats = screen.rows.flatMap(\.seats)
        return choice.seats.map { seats[$0].id }
    }
}
