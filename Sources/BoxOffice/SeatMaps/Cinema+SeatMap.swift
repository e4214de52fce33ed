extension Cinema {
    /// The seat map of a showing, with every seat's status at the service's clock.
    /// Seats of a hold that has expired read as available.
    /// - Parameter userId: when given, every seat says whether it is `mine`.
    /// - Throws: `BoxOfficeError.notFound` for an unknown showing.
    public func seatMap(showingId: String, userId: String? = nil) throws -> SeatMap {
        try seatMapSnapshot(showingId: showingId, userId: userId).seatMap
    }

    /// The seat map of a showing as its static seats and their statuses now: one read
    /// of the live claims, everything else from memory.
    /// - Parameter userId: when given, the snapshot says per seat whether it is `mine`.
    /// - Throws: `BoxOfficeError.notFound` for an unknown showing.
    public func seatMapSnapshot(showingId: String, userId: String? = nil) throws -> SeatMapSnapshot {
        if let userId { try Validation.userId(userId) }
        return try snapshot { records, now in
            try seatMapSnapshot(showingId: showingId, userId: userId, in: records, now: now)
        }
    }

    /// The seat map of a showing read in a snapshot the caller holds, at `now`.
    /// - Throws: `BoxOfficeError.notFound` for an unknown showing.
    func seatMapSnapshot(showingId: String, userId: String?, in records: any CinemaRecords, now: Timestamp) throws
        -> SeatMapSnapshot
    {
        let (showing, screen) = try catalog(showingId: showingId, in: records)
        let layout = cache.seats(of: showing, screen: screen)
        let claims = try records.liveClaims(showingId: showingId, now: now, seatIds: nil)
        var counts = SeatCounts()
        var statuses: [SeatStatus] = []
        statuses.reserveCapacity(layout.seats.count)
        var mine: [Bool]? = userId.map { _ in [] }
        for seat in layout.seats {
            let claim = claims[seat.id]
            let status = claim?.status ?? .available
            counts.add(status)
            statuses.append(status)
            if let userId { mine?.append(claim?.userId?.isIdentical(to: userId) ?? false) }
        }
        return SeatMapSnapshot(
            showing: showing.showing(at: now), layout: layout, statuses: statuses, mine: mine, counts: counts)
    }

    /// A showing's counts, overall and per seat type.
    /// - Throws: `BoxOfficeError.notFound` for an unknown showing.
    public func availability(showingId: String) throws -> Availability {
        let snapshot = try seatMapSnapshot(showingId: showingId)
        var capacity: [SeatType: Int] = [:]
        var available: [SeatType: Int] = [:]
        for (seat, status) in zip(snapshot.layout.seats, snapshot.statuses) {
            capacity[seat.type, default: 0] += 1
            if status == .available { available[seat.type, default: 0] += 1 }
        }
        let showing = snapshot.showing
        var byType: [SeatType: TypeAvailability] = [:]
        for (type, count) in capacity {
            byType[type] = TypeAvailability(
                capacity: count, available: available[type] ?? 0,
                price: Money(amount: showing.prices[type] ?? 0, currency: showing.currency))
        }
        let counts = snapshot.counts
        return Availability(
            showingId: showing.id, capacity: snapshot.layout.seats.count, available: counts.available,
            held: counts.held, booked: counts.booked, blocked: counts.blocked, byType: byType)
    }

    /// The status of each named seat, and whether all of them are available.
    /// - Throws: `.notFound` for an unknown showing, `.seatsNotFound`, `.invalidInput`
    ///   for a seat named twice or no seats, `.limitExceeded` for more than 50.
    public func checkSeats(showingId: String, seats references: [String]) throws -> SeatCheck {
        try Validation.seatCount(references.count)
        return try snapshot { records, now in
            let (_, screen) = try catalog(showingId: showingId, in: records)
            let seats = try SeatClaims.resolve(references, on: cache.seatIndex(of: screen))
            let claims = try records.liveClaims(showingId: showingId, now: now, seatIds: seats.map(\.id))
            let statuses = seats.map {
                SeatState(id: $0.id, label: $0.label, status: claims[$0.id]?.status ?? .available)
            }
            return SeatCheck(available: statuses.allSatisfy { $0.status == .available }, seats: statuses)
        }
    }

    /// Takes seats out of sale for a showing (a broken seat, a press row). Blocking a
    /// blocked seat changes nothing.
    /// - Throws: `.seatsUnavailable` naming every seat that is held or booked (nothing is
    ///   blocked then), `.notFound`, `.invalidInput`, `.limitExceeded` as `checkSeats`.
    public func blockSeats(
        showingId: String, seats references: [String], reason: String? = nil, in transaction: CinemaTransaction
    ) throws -> [Seat] {
        let (showing, screen, seats) = try namedSeats(references, of: showingId, reason: reason, in: transaction)
        let records = transaction.records
        let now = transaction.now
        try SeatClaims.reclaimExpiredHolds(showingId: showingId, in: transaction)
        let claims = try records.liveClaims(showingId: showingId, now: now, seatIds: seats.map(\.id))
        let taken = seats.compactMap { seat in
            claims[seat.id].flatMap {
                $0.status == .blocked ? nil : SeatState(id: seat.id, label: seat.label, status: $0.status)
            }
        }
        if !taken.isEmpty { throw BoxOfficeError.seatsUnavailable(taken) }
        let toBlock = seats.filter { claims[$0.id] == nil }.map(\.id)
        guard
            try records.insertBlocks(
                showingId: showingId, screenId: screen.id, seatIds: toBlock, reason: reason, at: now) == .done
        else {
            throw BoxOfficeError.conflict(detail: "a seat was taken at the same moment; retry")
        }
        try records.appendSeatEvents(
            SeatClaims.events(
                showingId: showingId, seatIds: toBlock, status: .blocked, cause: reason ?? "block", bookingId: nil,
                actor: "house", at: now))
        return try seatsNow(seats, of: showing, screen: screen, in: records, now: now)
    }

    /// Puts blocked seats back on sale. Unblocking a seat that is not blocked changes nothing.
    /// - Throws: `.notFound`, `.invalidInput`, `.limitExceeded` as `checkSeats`.
    public func unblockSeats(
        showingId: String, seats references: [String], reason: String? = nil, in transaction: CinemaTransaction
    ) throws -> [Seat] {
        let (showing, screen, seats) = try namedSeats(references, of: showingId, reason: reason, in: transaction)
        let records = transaction.records
        let now = transaction.now
        let blocked = Set(try records.removeBlocks(showingId: showingId, seatIds: seats.map(\.id), at: now))
        try records.appendSeatEvents(
            SeatClaims.events(
                showingId: showingId, seatIds: seats.map(\.id).filter(blocked.contains), status: .available,
                cause: reason ?? "unblock", bookingId: nil, actor: "house", at: now))
        return try seatsNow(seats, of: showing, screen: screen, in: records, now: now)
    }

    /// The showing, its screen and the seats a block or unblock names, checked.
    private func namedSeats(
        _ references: [String], of showingId: String, reason: String?, in transaction: CinemaTransaction
    ) throws -> (ShowingRecord, Screen, [Screen.Seat]) {
        try Validation.seatCount(references.count)
        try Validation.reason(reason)
        let (showing, screen) = try catalog(showingId: showingId, in: transaction)
        return (showing, screen, try SeatClaims.resolve(references, on: cache.seatIndex(of: screen)))
    }

    /// The named seats as they are now: the cached seats, with their statuses.
    private func seatsNow(
        _ seats: [Screen.Seat], of showing: ShowingRecord, screen: Screen, in records: any CinemaRecords,
        now: Timestamp
    ) throws -> [Seat] {
        let layout = cache.seats(of: showing, screen: screen)
        let claims = try records.liveClaims(showingId: showing.id, now: now, seatIds: seats.map(\.id))
        return seats.map { seat in
            var view = layout.seats[layout.positions[seat.id]!]
            view.status = claims[seat.id]?.status ?? .available
            return view
        }
    }
}
