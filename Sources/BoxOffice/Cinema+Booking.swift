import GRDB

/// What `hold` needs.
public struct HoldRequest: Sendable, Equatable {
    /// The showing to hold seats of.
    public var showingId: String
    /// Who holds them; only they may confirm, extend, cancel or read the hold.
    public var userId: String
    /// Seat ids or labels of the showing's screen.
    public var seats: [String]
    /// How long the hold lasts; `BookingLimits.defaultHoldSeconds` when nil.
    public var ttlSeconds: Int64?
    /// A retry with the same key and params returns the first result.
    public var idempotencyKey: String?

    /// A hold request.
    public init(
        showingId: String, userId: String, seats: [String], ttlSeconds: Int64? = nil, idempotencyKey: String? = nil
    ) {
        self.showingId = showingId
        self.userId = userId
        self.seats = seats
        self.ttlSeconds = ttlSeconds
        self.idempotencyKey = idempotencyKey
    }
}

/// What `createBooking` needs.
public struct BookingRequest: Sendable, Equatable {
    /// The showing to book seats of.
    public var showingId: String
    /// Who books them; only they may cancel or read the booking.
    public var userId: String
    /// Seat ids or labels of the showing's screen.
    public var seats: [String]
    /// The total the client shows its user; `PRICE_CHANGED` when the real one differs.
    public var expectedTotal: Money?
    /// A retry with the same key and params returns the first result.
    public var idempotencyKey: String?

    /// A booking request.
    public init(
        showingId: String, userId: String, seats: [String], expectedTotal: Money? = nil, idempotencyKey: String? = nil
    ) {
        self.showingId = showingId
        self.userId = userId
        self.seats = seats
        self.expectedTotal = expectedTotal
        self.idempotencyKey = idempotencyKey
    }
}

extension Cinema {
    /// Holds seats for a user until the hold expires (after `ttlSeconds`, but never after
    /// the showing's sales close) or is confirmed: all of them or none.
    /// - Throws: `BoxOfficeError.notFound` (showing, seat), `.showingClosed`,
    ///   `.seatsUnavailable` naming every seat in the way, `.limitExceeded` for more than
    ///   50 seats, `.invalidInput` for no seats, a seat named twice or a bad `ttlSeconds`,
    ///   `.conflict` for an idempotency key reused with other params.
    public func hold(_ request: HoldRequest) throws -> Booking {
        try Validation.userId(request.userId)
        try Validation.seatCount(request.seats.count)
        let ttl = request.ttlSeconds ?? BookingLimits.defaultHoldSeconds
        try Validation.ttl(ttl)
        return try write { db, now in
            try Idempotency.replay(
                db, userId: request.userId, key: request.idempotencyKey,
                fingerprint: Fingerprint("booking.hold", request.showingId, request.seats, ttl), now: now
            ) {
                try takeSeats(
                    db, showingId: request.showingId, userId: request.userId, references: request.seats,
                    status: .pending, expiresAt: now.adding(seconds: ttl), expectedTotal: nil, now: now)
            }
        }
    }

    /// Books seats outright, without a hold first: all of them or none.
    /// - Throws: as `hold`, and `.priceChanged` when `expectedTotal` differs from the total.
    public func createBooking(_ request: BookingRequest) throws -> Booking {
        try Validation.userId(request.userId)
        try Validation.seatCount(request.seats.count)
        if let expected = request.expectedTotal { try Validation.expectedTotal(expected) }
        return try write { db, now in
            try Idempotency.replay(
                db, userId: request.userId, key: request.idempotencyKey,
                fingerprint: Fingerprint(
                    "booking.create", request.showingId, request.seats, request.expectedTotal?.amount,
                    request.expectedTotal?.currency),
                now: now
            ) {
                try takeSeats(
                    db, showingId: request.showingId, userId: request.userId, references: request.seats,
                    status: .confirmed, expiresAt: nil, expectedTotal: request.expectedTotal, now: now)
            }
        }
    }

    /// Turns a hold into a booking. Confirming a confirmed booking returns it unchanged.
    /// - Throws: `.notFound`, `.forbidden` (another user's), `.holdExpired`, `.conflict`
    ///   (cancelled, or an idempotency key reused), `.showingClosed`.
    public func confirm(bookingId: String, userId: String, idempotencyKey: String? = nil) throws -> Booking {
        try Validation.userId(userId)
        return try write { db, now in
            try Idempotency.replay(
                db, userId: userId, key: idempotencyKey, fingerprint: Fingerprint("booking.confirm", bookingId),
                now: now
            ) {
                let booking = try BookingRow.fetchOwned(db, id: bookingId, userId: userId)
                switch booking.status(at: now) {
                case .confirmed:
                    return try BookingAssembly.load(db, id: bookingId, now: now)
                case .cancelled:
                    throw BoxOfficeError.conflict(
                        detail: "the booking is cancelled and cannot be confirmed", id: bookingId)
                case .expired:
                    throw BoxOfficeError.holdExpired(bookingId: bookingId, expiredAt: booking.expiresAt ?? now)
                case .pending:
                    break
                }
                try openShowing(db, id: booking.showingId, now: now)
                try db.cachedExecute(
                    sql: "UPDATE booking SET status = 'confirmed', expiresAt = NULL, updatedAt = ? WHERE id = ?",
                    arguments: [now, bookingId])
                try SeatClaims.log(
                    db, showingId: booking.showingId, seatIds: try booking.liveSeatIds(db), status: .booked,
                    cause: "confirm", bookingId: bookingId, actor: userId, at: now)
                return try BookingAssembly.load(db, id: bookingId, now: now)
            }
        }
    }

    /// Moves a hold's expiry to `ttlSeconds` from now, but never past 7,200 s after the
    /// hold was made nor past the showing's `salesCloseAt` (a longer extension is cut to
    /// that cap), and never earlier than it already is.
    /// - Throws: `.notFound`, `.forbidden`, `.holdExpired`, `.conflict` (not a hold),
    ///   `.showingClosed`, `.invalidInput` for a bad `ttlSeconds`.
    public func extend(bookingId: String, userId: String, ttlSeconds: Int64) throws -> Booking {
        try Validation.userId(userId)
        try Validation.ttl(ttlSeconds)
        return try write { db, now in
            let booking = try BookingRow.fetchOwned(db, id: bookingId, userId: userId)
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
            let showing = try openShowing(db, id: booking.showingId, now: now)
            let cap = min(booking.createdAt.adding(seconds: BookingLimits.maxHoldSeconds), showing.salesCloseAt)
            // An extension never shortens a hold, and never passes the cap.
            let expiresAt = max(min(now.adding(seconds: ttlSeconds), cap), booking.expiresAt ?? now)
            try db.cachedExecute(
                sql: "UPDATE booking SET expiresAt = ?, updatedAt = ? WHERE id = ?",
                arguments: [expiresAt, now, bookingId])
            return try BookingAssembly.load(db, id: bookingId, now: now)
        }
    }

    /// Cancels a booking or hold, or only some of its seats: the booking goes on with
    /// the rest and a new total. Naming every seat, or none, cancels it whole.
    /// - Throws: `.notFound`, `.forbidden`, `.conflict` (already cancelled or expired),
    ///   `.showingClosed`, `.invalidInput` for a seat that is not in the booking.
    public func cancel(bookingId: String, userId: String, seats references: [String]? = nil) throws -> Booking {
        try Validation.userId(userId)
        if let references {
            guard !references.isEmpty else {
                throw BoxOfficeError.invalidInput(
                    path: "seats", reason: "name at least one seat, or leave seats out to cancel the whole booking")
            }
            try Validation.seatCount(references.count)
        }
        return try write { db, now in
            let booking = try BookingRow.fetchOwned(db, id: bookingId, userId: userId)
            switch booking.status(at: now) {
            case .pending, .confirmed:
                break
            case .cancelled:
                throw BoxOfficeError.conflict(detail: "the booking is already cancelled", id: bookingId)
            case .expired:
                throw BoxOfficeError.conflict(detail: "the hold already expired; its seats are free", id: bookingId)
            }
            try openShowing(db, id: booking.showingId, now: now)
            let live = try booking.liveSeatIds(db)
            var cancelled = live
            if let references {
                let seats = try SeatClaims.resolve(db, references: references, screenId: booking.screenId)
                for (index, seat) in seats.enumerated() where !live.contains(seat.id) {
                    throw BoxOfficeError.invalidInput(
                        path: "seats[\(index)]", reason: "seat \(seat.label) is not in this booking")
                }
                cancelled = seats.map(\.id)
            }
            if Set(cancelled) == Set(live) {
                try db.cachedExecute(
                    sql: "UPDATE bookingSeat SET releasedAt = ? WHERE bookingId = ? AND releasedAt IS NULL",
                    arguments: [now, bookingId])
                try db.cachedExecute(
                    sql: "UPDATE booking SET status = 'cancelled', expiresAt = NULL, updatedAt = ? WHERE id = ?",
                    arguments: [now, bookingId])
            } else {
                try db.cachedExecute(
                    sql: """
                        UPDATE bookingSeat SET releasedAt = :now, removedAt = :now
                        WHERE bookingId = :bookingId AND seatId IN (SELECT value FROM json_each(:seatIds))
                        """,
                    arguments: ["now": now, "bookingId": bookingId, "seatIds": try SeatClaims.jsonArray(cancelled)])
                try db.cachedExecute(
                    sql: """
                        UPDATE booking SET updatedAt = :now,
                            total = (SELECT COALESCE(SUM(price), 0) FROM bookingSeat
                                     WHERE bookingId = :bookingId AND removedAt IS NULL)
                        WHERE id = :bookingId
                        """,
                    arguments: ["now": now, "bookingId": bookingId])
            }
            try SeatClaims.log(
                db, showingId: booking.showingId, seatIds: cancelled, status: .available, cause: "cancel",
                bookingId: bookingId, actor: userId, at: now)
            return try BookingAssembly.load(db, id: bookingId, now: now)
        }
    }

    /// Takes seats for a new booking in the current transaction: the showing must be
    /// open, every seat must exist and be available (after expired holds are freed),
    /// and then the booking, its seats and their log lines are written.
    private func takeSeats(
        _ db: Database, showingId: String, userId: String, references: [String], status: BookingStatus,
        expiresAt: Timestamp?, expectedTotal: Money?, now: Timestamp
    ) throws -> Booking {
        let showing = try openShowing(db, id: showingId, now: now)
        let seats = try SeatClaims.resolve(db, references: references, screenId: showing.screenId)
        try SeatClaims.reclaimExpiredHolds(db, showingId: showingId, now: now)
        try SeatClaims.requireAvailable(db, seats: seats, showingId: showingId, userId: userId, now: now)
        let prices = try seats.map { seat -> Int64 in
            guard let price = showing.prices[seat.type] else {
                throw BoxOfficeError.conflict(detail: "the showing has no price for \(seat.type.rawValue) seats")
            }
            return price
        }
        let total = Money(amount: prices.reduce(0, +), currency: showing.currency)
        if let expectedTotal, expectedTotal != total {
            throw BoxOfficeError.priceChanged(expected: expectedTotal, actual: total)
        }
        let bookingId = ids.newID()
        // A hold that outlived sales could never be confirmed: it ends when sales do.
        let expiresAt = expiresAt.map { min($0, showing.salesCloseAt) }
        try db.cachedExecute(
            sql: """
                INSERT INTO booking (id, bookingNumber, userId, showingId, status, total, currency, createdAt, updatedAt, expiresAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                bookingId, try BookingNumbers.next(db, ids: ids), userId, showingId, status.rawValue, total.amount,
                total.currency, now, now, expiresAt,
            ])
        let insertSeat = try db.cachedStatement(
            sql: """
                INSERT INTO bookingSeat (bookingId, seatId, showingId, screenId, price)
                VALUES (?, ?, ?, ?, ?)
                """)
        do {
            for (seat, price) in zip(seats, prices) {
                try insertSeat.execute(arguments: [bookingId, seat.id, showingId, showing.screenId, price])
            }
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_TRIGGER
        {
            // The checks above make this unreachable while every writer keeps to them; if
            // it happens, the schema refused a second live claim, and the client still
            // hears which seats are taken. Throwing rolls the whole booking back.
            try SeatClaims.requireAvailable(db, seats: seats, showingId: showingId, userId: userId, now: now)
            throw error
        }
        try SeatClaims.log(
            db, showingId: showingId, seatIds: seats.map(\.id), status: status == .confirmed ? .booked : .held,
            cause: status == .confirmed ? "book" : "hold", bookingId: bookingId, actor: userId, at: now)
        return try BookingAssembly.load(db, id: bookingId, now: now)
    }

    /// The showing, from the cache of what never changes, if it still sells: sales close
    /// at `salesCloseAt`, and from then on nothing is held, booked or changed.
    /// - Throws: `.notFound` for no such showing, `.showingClosed` once sales closed.
    @discardableResult
    func openShowing(_ db: Database, id: String, now: Timestamp) throws -> Showing {
        let showing = try cache.showing(db, id: id, now: now)
        guard showing.status == .open else {
            throw BoxOfficeError.showingClosed(showingId: id, salesCloseAt: showing.salesCloseAt)
        }
        return showing
    }

    /// Runs `body` in one IMMEDIATE write transaction, with the clock read once.
    func write<T>(_ body: (Database, Timestamp) throws -> T) throws -> T {
        let now = clock.now()
        return try database.writer.write { db in try body(db, now) }
    }
}
