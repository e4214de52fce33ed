extension Cinema {
    /// Turns a hold into a booking. Confirming a confirmed booking returns it unchanged.
    /// - Throws: `.notFound`, `.forbidden` (another user's), `.holdExpired`, `.conflict`
    ///   (cancelled, or an idempotency key reused), `.showingClosed`, `.busy`.
    public func confirm(
        bookingId: String, userId: String, idempotencyKey: String? = nil, in transaction: CinemaTransaction
    ) throws -> Booking {
        try Validation.userId(userId)
        let records = transaction.records
        let now = transaction.now
        return try Idempotency.replay(
            userId: userId, key: idempotencyKey, fingerprint: Fingerprint(.confirm, bookingId), in: transaction
        ) {
            let booking = try ownedBooking(bookingId, userId: userId, in: records)
            switch booking.status(at: now) {
            case .confirmed:
                return try loadBooking(bookingId, in: records, now: now)
            case .cancelled:
                throw BoxOfficeError.conflict(detail: "the booking is cancelled and cannot be confirmed", id: bookingId)
            case .expired:
                throw BoxOfficeError.holdExpired(bookingId: bookingId, expiredAt: booking.expiresAt ?? now)
            case .pending:
                break
            }
            try openShowing(booking.showingId, in: transaction)
            try records.updateBooking(id: bookingId, status: .confirmed, expiresAt: nil, updatedAt: now)
            try records.appendSeatEvents(
                SeatClaims.events(
                    showingId: booking.showingId, seatIds: try records.liveSeatIds(bookingId: bookingId),
                    status: .booked, cause: "confirm", bookingId: bookingId, actor: userId, at: now))
            return try loadBooking(bookingId, in: records, now: now)
        }
    }

    /// Moves a hold's expiry to `ttlSeconds` from now, but never past 7,200 s after the
    /// hold was made nor past the showing's `salesCloseAt` (a longer extension is cut to
    /// that cap), and never earlier than it already is.
    /// - Throws: `.notFound`, `.forbidden`, `.holdExpired`, `.conflict` (not a hold),
    ///   `.showingClosed`, `.invalidInput` for a bad `ttlSeconds`, `.busy`.
    public func extend(
        bookingId: String, userId: String, ttlSeconds: Int64, in transaction: CinemaTransaction
    ) throws -> Booking {
        try Validation.userId(userId)
        try Validation.ttl(ttlSeconds)
        let records = transaction.records
        let now = transaction.now
        let booking = try ownedBooking(bookingId, userId: userId, in: records)
        switch booking.status(at: now) {
        case .pending:
            break
        case .expired:
            throw BoxOfficeError.holdExpired(bookingId: bookingId, expiredAt: booking.expiresAt ?? now)
        case .confirmed, .cancelled:
            throw BoxOfficeError.conflict(
                detail: "only a pending hold can be extended; this booking is \(booking.status(at: now).rawValue)",
                id: bookingId)
        }
        let (showing, _) = try openShowing(booking.showingId, in: transaction)
        // The 7,200 s are counted as a hold's ttl is, from its creation rounded up to the
        // second: on a clock between seconds (any real one) that is one second after
        // `createdAt`, so a hold asked for 7,200 s at once and one extended to the cap end alike.
        let roundingUp = transaction.roundedUp.secondsSince1970 - now.secondsSince1970
        let cap = min(
            booking.createdAt.adding(seconds: BookingLimits.maxHoldSeconds + roundingUp), showing.salesCloseAt)
        // An extension never shortens a hold, and never passes the cap.
        let expiresAt = max(min(transaction.roundedUp.adding(seconds: ttlSeconds), cap), booking.expiresAt ?? now)
        try records.updateBooking(id: bookingId, status: .pending, expiresAt: expiresAt, updatedAt: now)
        return try loadBooking(bookingId, in: records, now: now)
    }

    /// Cancels a booking or hold, or only some of its seats: the booking goes on with
    /// the rest and a new total. Naming every seat, or none, cancels it whole.
    /// - Throws: `.notFound`, `.forbidden`, `.conflict` (already cancelled or expired),
    ///   `.showingClosed`, `.invalidInput` for a seat that is not in the booking, `.busy`.
    public func cancel(
        bookingId: String, userId: String, seats references: [String]? = nil, in transaction: CinemaTransaction
    ) throws -> Booking {
        try Validation.userId(userId)
        if let references {
            guard !references.isEmpty else {
                throw BoxOfficeError.invalidInput(
                    path: "seats", reason: "name at least one seat, or leave seats out to cancel the whole booking")
            }
            try Validation.seatCount(references.count)
        }
        let records = transaction.records
        let now = transaction.now
        let booking = try ownedBooking(bookingId, userId: userId, in: records)
        switch booking.status(at: now) {
        case .pending, .confirmed:
            break
        case .cancelled:
            throw BoxOfficeError.conflict(detail: "the booking is already cancelled", id: bookingId)
        case .expired:
            throw BoxOfficeError.conflict(detail: "the hold already expired; its seats are free", id: bookingId)
        }
        let (_, screen) = try openShowing(booking.showingId, in: transaction)
        let live = try records.liveSeatIds(bookingId: bookingId)
        let cancelled = try seatsToCancel(references, of: live, on: screen)
        if Set(cancelled) == Set(live) {
            try records.releaseClaims(bookingId: bookingId, seatIds: nil, at: now, removing: false)
            try records.updateBooking(id: bookingId, status: .cancelled, expiresAt: nil, updatedAt: now)
        } else {
            try records.releaseClaims(bookingId: bookingId, seatIds: cancelled, at: now, removing: true)
            try records.recomputeTotal(bookingId: bookingId, updatedAt: now)
        }
        try records.appendSeatEvents(
            SeatClaims.events(
                showingId: booking.showingId, seatIds: cancelled, status: .available, cause: "cancel",
                bookingId: bookingId, actor: userId, at: now))
        return try loadBooking(bookingId, in: records, now: now)
    }

    /// The seats a cancel names, all of them in the booking; every live seat when it
    /// names none.
    /// - Throws: `.invalidInput` for a seat that is not in the booking, the errors of
    ///   resolving seat references.
    private func seatsToCancel(_ references: [String]?, of live: [String], on screen: Screen) throws -> [String] {
        guard let references else { return live }
        let seats = try SeatClaims.resolve(references, on: cache.seatIndex(of: screen))
        let held = Set(live)
        for (index, seat) in seats.enumerated() where !held.contains(seat.id) {
            throw BoxOfficeError.invalidInput(
                path: "seats[\(index)]", reason: "seat \(seat.label) is not in this booking")
        }
        return seats.map(\.id)
    }

    /// The booking, if it exists and belongs to `userId`.
    /// - Throws: `.notFound` for no such booking, `.forbidden` for another user's.
    func ownedBooking(_ id: String, userId: String, in records: any CinemaRecords) throws -> BookingState {
        guard let booking = try records.bookingState(id: id) else {
            throw BoxOfficeError.notFound(kind: "booking", id: id)
        }
        guard booking.userId.isIdentical(to: userId) else { throw BoxOfficeError.forbidden(bookingId: id) }
        return booking
    }
}
