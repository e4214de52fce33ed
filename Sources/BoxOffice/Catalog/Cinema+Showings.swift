extension Cinema {
    /// Schedules a showing.
    /// - Throws: `BoxOfficeError.notFound` for an unknown movie or screen;
    ///   `.invalidInput` for a malformed currency, a price for an unknown seat type, a
    ///   missing price for a type the screen has, or sales closing after the film ends;
    ///   `.conflict` when another showing on the same screen overlaps it.
    public func createShowing(_ new: NewShowing, in transaction: CinemaTransaction) throws -> Showing {
        try Validation.currency(new.currency, path: "currency")
        var prices = try Self.prices(new.prices)
        let records = transaction.records
        guard let movie = try records.movie(id: new.movieId) else {
            throw BoxOfficeError.notFound(kind: "movie", id: new.movieId)
        }
        let screen = try screen(new.screenId, in: transaction)
        let types = Set(screen.rows.flatMap { $0.seats.map(\.type) }).sorted()
        for type in types where prices[type] == nil {
            throw BoxOfficeError.invalidInput(
                path: "prices.\(type.rawValue)", reason: "the screen has \(type.rawValue) seats, so they need a price")
        }
        // One price table may serve many screens: prices for types this screen lacks are left out.
        prices = prices.filter { types.contains($0.key) }
        let endsAt = new.startsAt.adding(seconds: Int64(movie.durationMinutes) * 60)
        let salesCloseAt = new.salesCloseAt ?? new.startsAt
        guard salesCloseAt <= endsAt else {
            throw BoxOfficeError.invalidInput(
                path: "salesCloseAt", reason: "sales cannot close after the showing ends at \(endsAt)")
        }
        if let other = try records.overlappingShowing(screenId: screen.id, from: new.startsAt, to: endsAt) {
            throw BoxOfficeError.conflict(
                detail: "another showing on this screen overlaps \(new.startsAt) to \(endsAt)", id: other)
        }
        let showing = ShowingRecord(
            id: ids.newID(), movieId: movie.id, theaterId: screen.theaterId, screenId: screen.id,
            startsAt: new.startsAt, endsAt: endsAt, salesCloseAt: salesCloseAt, currency: new.currency,
            prices: prices)
        try records.insertShowing(showing, at: transaction.now)
        return showing.showing(at: transaction.now)
    }

    /// Prices by seat type, checked in key order, so that the same bad request always
    /// names the same price.
    private static func prices(_ given: [String: Int64]) throws -> [SeatType: Int64] {
        var prices: [SeatType: Int64] = [:]
        for (name, amount) in given.sorted(by: { $0.key < $1.key }) {
            guard let type = SeatType(rawValue: name) else {
                throw BoxOfficeError.invalidInput(
                    path: "prices.\(name)",
                    reason: "unknown seat type; use regular, premium, vip, wheelchair or companion")
            }
            guard (0...BookingLimits.maxSeatPrice).contains(amount) else {
                throw BoxOfficeError.invalidInput(
                    path: "prices.\(name)", reason: "must be from 0 to \(BookingLimits.maxSeatPrice) minor units")
            }
            prices[type] = amount
        }
        return prices
    }

    /// The showings that match `filter`, by start time, each with its capacity, the seats
    /// available now, and its movie, theater and screen by name. Without `from`, the
    /// upcoming ones: those that start at the clock's now or later.
    /// - Throws: `BoxOfficeError.notFound` when the filter names a movie or theater that
    ///   does not exist; `.invalidInput` for `to` before `from` or a `minAvailable`
    ///   outside 0–20,000.
    public func showings(matching filter: ShowingFilter) throws -> [ShowingSummary] {
        if let from = filter.from, let to = filter.to, to < from {
            throw BoxOfficeError.invalidInput(path: "to", reason: "must not be before from")
        }
        if let minAvailable = filter.minAvailable, !(0...ScreenLayout.maxSeats).contains(minAvailable) {
            throw BoxOfficeError.invalidInput(
                path: "minAvailable", reason: "must be from 0 to \(ScreenLayout.maxSeats), the most seats a screen has")
        }
        return try snapshot { records, now in
            if let movieId = filter.movieId, try records.movie(id: movieId) == nil {
                throw BoxOfficeError.notFound(kind: "movie", id: movieId)
            }
            if let theaterId = filter.theaterId, try !records.theaterExists(id: theaterId) {
                throw BoxOfficeError.notFound(kind: "theater", id: theaterId)
            }
            var filter = filter
            if filter.from == nil { filter.from = now }
            return try records.showingSummaries(filter, now: now)
        }
    }

    /// One showing by id.
    /// - Throws: `BoxOfficeError.notFound` when there is no such showing.
    public func showing(id: String) throws -> Showing {
        try snapshot { records, now in
            var none: StaticCatalogCache.Entries? = nil
            return try cache.showing(id, in: records, pending: &none).showing(at: now)
        }
    }
}
