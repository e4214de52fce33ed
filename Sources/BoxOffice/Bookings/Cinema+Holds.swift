extension Cinema {
    /// Holds seats for a user until the hold expires (after `ttlSeconds`, but never after
    /// the showing's sales close) or is confirmed: all of them or none.
    /// - Throws: `BoxOfficeError.notFound` (showing), `.seatsNotFound`, `.showingClosed`,
    ///   `.seatsUnavailable` naming every seat in the way, `.limitExceeded` for more than
    ///   50 seats, `.invalidInput` for no seats, a seat named twice or a bad `ttlSeconds`,
    ///   `.conflict` for an idempotency key reused with other params, `.busy`.
    public func hold(_ request: HoldRequest, in transaction: CinemaTransaction) throws -> Booking {
        try Validation.userId(request.userId)
        if let best = request.best {
            try Validation.best(best, path: "best")
        } else {
            try Validation.seatCount(request.seats.count)
        }
        let ttl = request.ttlSeconds ?? BookingLimits.defaultHoldSeconds
        try Validation.ttl(ttl)
        let fingerprint =
            if let best = request.best {
                Fingerprint(
                    .hold, request.showingId, "best", best.count, best.types.map { $0.map(\.rawValue).sorted() },
                    best.wheelchairSpaces, best.preventSingles, ttl)
            } else {
                Fingerprint(.hold, request.showingId, request.seats, ttl)
            }
        return try Idempotency.replay(
            userId: request.userId, key: request.idempotencyKey, fingerprint: fingerprint, in: transaction
        ) {
            let references =
                try request.best.map { try chooseToHold($0, showingId: request.showingId, in: transaction) }
                ?? request.seats
            return try takeSeats(
                SeatTaking(
                    showingId: request.showingId, userId: request.userId, references: references,
                    status: .pending, expiresAt: transaction.roundedUp.adding(seconds: ttl), expectedTotal: nil),
                in: transaction)
        }
    }

    /// Books seats outright, without a hold first: all of them or none.
    /// - Throws: as `hold`, and `.priceChanged` when `expectedTotal` differs from the total.
    public func createBooking(_ request: BookingRequest, in transaction: CinemaTransaction) throws -> Booking {
        try Validation.userId(request.userId)
        try Validation.seatCount(request.seats.count)
        if let expected = request.expectedTotal { try Validation.expectedTotal(expected) }
        return try Idempotency.replay(
            userId: request.userId, key: request.idempotencyKey,
            fingerprint: Fingerprint(
                .create, request.showingId, request.seats, request.expectedTotal?.amount,
                request.expectedTotal?.currency),
            in: transaction
        ) {
            try takeSeats(
                SeatTaking(
                    showingId: request.showingId, userId: request.userId, references: request.seats,
                    status: .confirmed, expiresAt: nil, expectedTotal: request.expectedTotal),
                in: transaction)
        }
    }

    /// What a new booking takes.
    struct SeatTaking {
        var showingId: String
        var userId: String
        var references: [String]
        var status: BookingStatus
        var expiresAt: Timestamp?
        var expectedTotal: Money?
    }

    /// Takes seats for a new booking: the showing must be open, every seat must exist
    /// and be available (after expired holds are freed); then the booking, its claims and
    /// their log lines are written in one step (`placeBooking`: on PostgreSQL one
    /// statement, one round trip), and the answer is made from what was written.
    ///
    /// The store's unique index on live claims is the availability check: only when it
    /// refuses, or when another error is due, are the seats' claims read, so that
    /// `SEATS_UNAVAILABLE` names every seat in the way and still comes before a price error.
    private func takeSeats(_ taking: SeatTaking, in transaction: CinemaTransaction) throws -> Booking {
        let (showing, screen) = try openShowing(taking.showingId, in: transaction)
        let seats = try SeatClaims.resolve(taking.references, on: cache.seatIndex(of: screen))
        let records = transaction.records
        func unavailableOr(_ error: any Error) throws -> any Error {
            try SeatClaims.unavailable(
                seats, showingId: showing.id, userId: taking.userId, in: records, now: transaction.now) ?? error
        }
        let total: (prices: [Int64], money: Money)
        do {
            total = try priced(seats, at: showing)
        } catch {
            throw try unavailableOr(error)
        }
        if let expected = taking.expectedTotal, expected != total.money {
            throw try unavailableOr(BoxOfficeError.priceChanged(expected: expected, actual: total.money))
        }
        var booking = NewBookingRecord(
            id: ids.newID(), bookingNumber: ids.newBookingNumber(), userId: taking.userId,
            showingId: showing.id, screenId: screen.id, status: taking.status, total: total.money,
            createdAt: transaction.now,
            // A hold that outlived sales could never be confirmed: it ends when sales do.
            expiresAt: taking.expiresAt.map { min($0, showing.salesCloseAt) },
            seats: zip(seats, total.prices).map { (seatId: $0.id, price: $1) })
        let booked = taking.status == .confirmed
        let events = SeatClaims.events(
            showingId: showing.id, seatIds: seats.map(\.id), status: booked ? .booked : .held,
            cause: booked ? "book" : "hold", bookingId: booking.id, actor: taking.userId, at: transaction.now)
        try place(&booking, events: events, in: records, now: transaction.now, unavailableOr: unavailableOr)
        let (movie, theaterName) = try movieAndTheater(of: showing, in: transaction)
        // As the store answers a booking's seats: front row first, then by number.
        let bookedSeats = zip(seats, total.prices).sorted { lhs, rhs in
            (lhs.0.rowIndex, lhs.0.number) < (rhs.0.rowIndex, rhs.0.number)
        }.map { seat, price in
            BookedSeat(
                id: seat.id, label: seat.label, type: seat.type, price: Money(amount: price, currency: showing.currency)
            )
        }
        return Booking(
            id: booking.id, bookingNumber: booking.bookingNumber, userId: booking.userId, status: booking.status,
            showing: ShowingRef(id: showing.id, startsAt: showing.startsAt), movie: movie,
            theater: NamedRef(id: showing.theaterId, name: theaterName),
            screen: NamedRef(id: screen.id, name: screen.name),
            seats: bookedSeats, total: total.money, createdAt: booking.createdAt, updatedAt: booking.createdAt,
            expiresAt: booking.expiresAt
        ).asOf(transaction.now)
    }

    /// Writes a new booking, drawing another booking number in the rare case that one is
    /// taken already (the store's unique index has the last word).
    /// - Throws: what `unavailableOr` makes of a conflict when a seat was taken.
    private func place(
        _ booking: inout NewBookingRecord, events: [SeatEvent], in records: any CinemaRecordWriter, now: Timestamp,
        unavailableOr: (any Error) throws -> any Error
    ) throws {
        for _ in 0..<20 {
            switch try records.placeBooking(booking, events: events, now: now) {
            case .done:
                return
            case .seatsTaken:
                // The unique index refused a second live claim (or a block holds a seat):
                // nothing of the booking was written, and its id and number are not used.
                ids.giveBack(id: booking.id, bookingNumber: booking.bookingNumber)
                throw try unavailableOr(BoxOfficeError.conflict(detail: "a seat was taken at the same moment; retry"))
            case .numberTaken:
                booking.bookingNumber = ids.newBookingNumber()
            }
        }
        throw BoxOfficeError.conflict(detail: "could not draw a free booking number; retry")
    }

    /// The seats' prices at the showing and their total.
    private func priced(_ seats: [Screen.Seat], at showing: ShowingRecord) throws -> (prices: [Int64], money: Money) {
        let prices = try seats.map { seat -> Int64 in
            guard let price = showing.prices[seat.type] else {
                throw BoxOfficeError.conflict(detail: "the showing has no price for \(seat.type.rawValue) seats")
            }
            return price
        }
        return (prices, Money(amount: prices.reduce(0, +), currency: showing.currency))
    }

    /// The showing and its screen, from the cache of what never changes, if it still
    /// sells: sales close at `salesCloseAt`, and from then on nothing is held, booked or
    /// changed.
    /// - Throws: `.notFound` for no such showing, `.showingClosed` once sales closed.
    @discardableResult
    func openShowing(_ id: String, in transaction: CinemaTransaction) throws -> (ShowingRecord, Screen) {
        let (showing, screen) = try catalog(showingId: id, in: transaction)
        guard transaction.now < showing.salesCloseAt else {
            throw BoxOfficeError.showingClosed(showingId: id, salesCloseAt: showing.salesCloseAt)
        }
        return (showing, screen)
    }

    /// A booking in full, its status read against `now`.
    /// - Throws: `.notFound` when there is none.
    func loadBooking(_ id: String, in records: any CinemaRecords, now: Timestamp) throws -> Booking {
        guard let booking = try records.storedBooking(.id(id)) else {
            throw BoxOfficeError.notFound(kind: "booking", id: id)
        }
        return booking.asOf(now)
    }
}

extension Booking {
    /// The booking as of `now`: a pending hold past its expiry reads as expired, changed
    /// when it ran out, though no transaction has needed its seats yet to write that down.
    func asOf(_ now: Timestamp) -> Booking {
        guard status == .pending, let expiresAt, expiresAt <= now else { return self }
        var booking = self
        booking.status = .expired
        booking.updatedAt = expiresAt
        return booking
    }
}
