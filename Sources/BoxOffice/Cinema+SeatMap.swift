import GRDB

extension Cinema {
    /// The seat map of a showing, with every seat's status at the service's clock.
    /// Seats of a hold that has expired read as available.
    /// - Parameter userId: when given, every seat says whether it is `mine`.
    /// - Throws: `BoxOfficeError.notFound` for an unknown showing.
    public func seatMap(showingId: String, userId: String? = nil) throws -> SeatMap {
        try seatMapSnapshot(showingId: showingId, userId: userId).seatMap
    }

    /// The seat map of a showing as its static seats and their statuses now: one query
    /// for the live claims, everything else from memory.
    /// - Parameter userId: when given, the snapshot says per seat whether it is `mine`.
    /// - Throws: `BoxOfficeError.notFound` for an unknown showing.
    public func seatMapSnapshot(showingId: String, userId: String? = nil) throws -> SeatMapSnapshot {
        if let userId { try Validation.userId(userId) }
        let now = clock.now()
        return try database.writer.read { db in
            let showing = try cache.showing(db, id: showingId, now: now)
            let layout = try cache.seats(db, of: showing)
            let claims = try SeatClaims.liveClaims(db, showingId: showingId, now: now)
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
            return SeatMapSnapshot(showing: showing, layout: layout, statuses: statuses, mine: mine, counts: counts)
        }
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
    /// - Throws: `.notFound` for an unknown showing or seat, `.invalidInput` for a seat
    ///   named twice or no seats, `.limitExceeded` for more than 50.
    public func checkSeats(showingId: String, seats references: [String]) throws -> SeatCheck {
        try Validation.seatCount(references.count)
        let now = clock.now()
        return try database.writer.read { db in
            let showing = try cache.showing(db, id: showingId, now: now)
            let seats = try SeatClaims.resolve(db, references: references, screenId: showing.screenId)
            let claims = try SeatClaims.liveClaims(db, showingId: showingId, now: now, seatIds: seats.map(\.id))
            let statuses = seats.map {
                SeatConflict(id: $0.id, label: $0.label, status: claims[$0.id]?.status ?? .available)
            }
            return SeatCheck(available: statuses.allSatisfy { $0.status == .available }, seats: statuses)
        }
    }

    /// Takes seats out of sale for a showing (a broken seat, a press row). Blocking a
    /// blocked seat changes nothing.
    /// - Throws: `.seatsUnavailable` naming every seat that is held or booked (nothing is
    ///   blocked then), `.notFound`, `.invalidInput`, `.limitExceeded` as `checkSeats`.
    public func blockSeats(showingId: String, seats references: [String], reason: String? = nil) throws -> [SeatView] {
        try Validation.seatCount(references.count)
        try Validation.reason(reason)
        return try write { db, now in
            let showing = try cache.showing(db, id: showingId, now: now)
            let seats = try SeatClaims.resolve(db, references: references, screenId: showing.screenId)
            try SeatClaims.reclaimExpiredHolds(db, showingId: showingId, now: now)
            let claims = try SeatClaims.liveClaims(db, showingId: showingId, now: now, seatIds: seats.map(\.id))
            let taken = seats.compactMap { seat in
                claims[seat.id].flatMap {
                    $0.status == .blocked ? nil : SeatConflict(id: seat.id, label: seat.label, status: $0.status)
                }
            }
            if !taken.isEmpty { throw BoxOfficeError.seatsUnavailable(taken) }
            let toBlock = seats.filter { claims[$0.id] == nil }
            for seat in toBlock {
                try db.cachedExecute(
                    sql:
                        "INSERT INTO seatBlock (showingId, screenId, seatId, reason, blockedAt) VALUES (?, ?, ?, ?, ?)",
                    arguments: [showingId, showing.screenId, seat.id, reason, now])
            }
            try SeatClaims.log(
                db, showingId: showingId, seatIds: toBlock.map(\.id), status: .blocked, cause: reason ?? "block",
                bookingId: nil, actor: "house", at: now)
            return try seatViews(db, showing: showing, seats: seats, now: now)
        }
    }

    /// Puts blocked seats back on sale. Unblocking a seat that is not blocked changes nothing.
    /// - Throws: `.notFound`, `.invalidInput`, `.limitExceeded` as `checkSeats`.
    public func unblockSeats(showingId: String, seats references: [String], reason: String? = nil) throws -> [SeatView]
    {
        try Validation.seatCount(references.count)
        try Validation.reason(reason)
        return try write { db, now in
            let showing = try cache.showing(db, id: showingId, now: now)
            let seats = try SeatClaims.resolve(db, references: references, screenId: showing.screenId)
            let blocked = try db.cachedValues(
                String.self,
                sql: """
                    UPDATE seatBlock SET unblockedAt = :now
                    WHERE showingId = :showingId AND unblockedAt IS NULL
                      AND seatId IN (SELECT value FROM json_each(:seatIds))
                    RETURNING seatId
                    """,
                arguments: ["now": now, "showingId": showingId, "seatIds": try SeatClaims.jsonArray(seats.map(\.id))])
            let unblocked = seats.map(\.id).filter(Set(blocked).contains)
            try SeatClaims.log(
                db, showingId: showingId, seatIds: unblocked, status: .available, cause: reason ?? "unblock",
                bookingId: nil,
                actor: "house", at: now)
            return try seatViews(db, showing: showing, seats: seats, now: now)
        }
    }

    /// The named seats as they are now: the cached views, with their statuses.
    private func seatViews(_ db: Database, showing: Showing, seats: [ScreenSeat], now: Timestamp) throws -> [SeatView] {
        let layout = try cache.seats(db, of: showing)
        let claims = try SeatClaims.liveClaims(db, showingId: showing.id, now: now, seatIds: seats.map(\.id))
        return seats.map { seat in
            var view = layout.seats[layout.positions[seat.id]!]
            view.status = claims[seat.id]?.status ?? .available
            return view
        }
    }
}
