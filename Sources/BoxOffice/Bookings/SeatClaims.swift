/// The shared steps of every transaction that claims seats: naming seats, freeing
/// expired holds, reading who holds what, and writing the seat status log.
enum SeatClaims {
    /// Resolves seat references (ids, or labels whatever their case) to seats of the
    /// screen `index` was built from, in order, from memory: no query.
    /// - Throws: `BoxOfficeError.seatsNotFound` naming every reference that names no seat
    ///   of the screen; `.invalidInput` when two references name the same seat.
    static func resolve(_ references: [String], on index: SeatIndex, path: String = "seats") throws -> [Screen.Seat] {
        var seats: [Screen.Seat] = []
        var positions: [String: Int] = [:]
        var unknown: [String] = []
        for (position, reference) in references.enumerated() {
            guard let seat = index.byId[reference] ?? index.byLabel[reference.uppercased()] else {
                unknown.append(reference)
                continue
            }
            if let earlier = positions[seat.id] {
                throw BoxOfficeError.invalidInput(
                    path: "\(path)[\(position)]", reason: "names the same seat as \(path)[\(earlier)]")
            }
            positions[seat.id] = position
            seats.append(seat)
        }
        if !unknown.isEmpty { throw BoxOfficeError.seatsNotFound(unknown) }
        return seats
    }

    /// Frees the seats of every hold of the showing that has expired by `now`, marks
    /// those bookings `expired`, and logs the seats as available from the moment each
    /// hold ran out. Runs inside the transaction that needs the seats, so no background
    /// job is ever needed.
    static func reclaimExpiredHolds(showingId: String, in transaction: CinemaTransaction) throws {
        try reclaimExpiredHolds(showingId: showingId, now: transaction.now, in: transaction.records)
    }

    /// `reclaimExpiredHolds(showingId:in:)` with the records and the time given.
    static func reclaimExpiredHolds(showingId: String, now: Timestamp, in records: any CinemaRecordWriter) throws {
        for hold in try records.expiredHolds(showingId: showingId, now: now) {
            let seatIds = try records.liveSeatIds(bookingId: hold.bookingId)
            try records.appendSeatEvents(
                seatIds.map {
                    SeatEvent(
                        showingId: showingId, seatId: $0, status: .available, cause: "expired",
                        bookingId: hold.bookingId, actor: "system", at: hold.expiresAt)
                })
            try records.releaseClaims(bookingId: hold.bookingId, seatIds: nil, at: hold.expiresAt, removing: false)
            try records.updateBooking(
                id: hold.bookingId, status: .expired, expiresAt: hold.expiresAt, updatedAt: hold.expiresAt)
        }
    }

    /// The `SEATS_UNAVAILABLE` error naming every one of `seats` that is held, booked or
    /// blocked, each marked `mine` when `userId` holds or booked it; nil when all are free.
    static func unavailable(
        _ seats: [Screen.Seat], showingId: String, userId: String, in records: any CinemaRecords, now: Timestamp
    ) throws -> BoxOfficeError? {
        let claims = try records.liveClaims(showingId: showingId, now: now, seatIds: seats.map(\.id))
        let conflicts = seats.compactMap { seat in
            claims[seat.id].map {
                SeatState(
                    id: seat.id, label: seat.label, status: $0.status, mine: $0.userId?.isIdentical(to: userId) ?? false
                )
            }
        }
        return conflicts.isEmpty ? nil : BoxOfficeError.seatsUnavailable(conflicts)
    }

    /// Log lines for `seatIds`, all with one status, cause and actor.
    static func events(
        showingId: String, seatIds: [String], status: SeatStatus, cause: String, bookingId: String?, actor: String,
        at: Timestamp
    ) -> [SeatEvent] {
        seatIds.map {
            SeatEvent(
                showingId: showingId, seatId: $0, status: status, cause: cause, bookingId: bookingId, actor: actor,
                at: at)
        }
    }
}

/// A screen's seats by id and by label, for resolving references without a query.
struct SeatIndex: Sendable {
    var byId: [String: Screen.Seat] = [:]
    var byLabel: [String: Screen.Seat] = [:]

    init(_ screen: Screen) {
        for row in screen.rows {
            for seat in row.seats {
                byId[seat.id] = seat
                byLabel[seat.label] = seat
            }
        }
    }
}
