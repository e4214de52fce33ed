/// The reads the box office's rules need, inside one transaction or snapshot. Every
/// method answers what is stored: time-dependent meaning (a hold past its expiry reads
/// as expired) is the rules' business, except where a method takes `now` to filter.
public protocol CinemaRecords {
    /// Every movie, by title (byte order), then id.
    func movies() throws -> [Movie]
    /// One movie, if there is one with that id.
    func movie(id: String) throws -> Movie?
    /// Every theater with its screens, by name (byte order), then id.
    func theaters() throws -> [Theater]
    /// Whether a theater has that id.
    func theaterExists(id: String) throws -> Bool
    /// A screen with its seats, if there is one with that id.
    func screen(id: String) throws -> Screen?
    /// A showing with its prices, if there is one with that id.
    func showing(id: String) throws -> ShowingRecord?
    /// The showings matching `filter`, by start time then id, with their capacity and the
    /// seats available at `now` (held by an unexpired hold, booked or blocked count as taken).
    func showingSummaries(_ filter: ShowingFilter, now: Timestamp) throws -> [ShowingSummary]
    /// The earliest showing on `screenId` that overlaps `from..<to`, if any.
    func overlappingShowing(screenId: String, from: Timestamp, to: Timestamp) throws -> String?
    /// Who holds each seat of the showing that is held by an unexpired hold, booked or
    /// blocked at `now`; with `seatIds`, only those seats. Seats not in the answer are free.
    func liveClaims(showingId: String, now: Timestamp, seatIds: [String]?) throws -> [String: LiveClaim]
    /// The id of the newest line of the seat status log, 0 while it is empty. Ids only
    /// grow, so this is the cursor of a live seat map read in the same snapshot.
    func latestSeatEventId() throws -> Int64
    /// The id of the newest line of the seat status log about one showing, 0 if none.
    func latestSeatEventId(showingId: String) throws -> Int64
    /// The earliest time after `now` at which a pending hold of the showing runs out, if
    /// any: the moment its seats become available with nothing written.
    func nextHoldExpiry(showingId: String, after now: Timestamp) throws -> Timestamp?
    /// A booking's state, as its changes need it.
    func bookingState(id: String) throws -> BookingState?
    /// A booking in full, as stored (its status not yet read against the clock).
    func storedBooking(_ lookup: BookingLookup) throws -> Booking?
    /// A page of a user's bookings, newest first (createdAt, then id, descending), after
    /// `after` when given, at most `limit`. `status` filters as of `now`: `pending` means
    /// an unexpired hold, `expired` includes holds past their expiry.
    func bookings(
        userId: String, showingId: String?, status: BookingStatus?, after: BookingPageKey?, limit: Int,
        now: Timestamp
    ) throws -> [Booking]
    /// The seats a booking holds right now (claims not released), front row first.
    func liveSeatIds(bookingId: String) throws -> [String]
    /// Whether a booking number is taken.
    func bookingNumberExists(_ number: String) throws -> Bool
    /// What an idempotency key of a user stands for, if it was used.
    func idempotencyRecord(userId: String, key: String) throws -> IdempotencyRecord?
    /// The highest counted id (`00000000-0000-4000-8000-…`) and counted booking number
    /// (`BX-000…`) in use, so that a `--deterministic` run goes on counting from them.
    func highestCountedIdentifiers() throws -> (ids: Int, bookingNumbers: Int)
}

/// The writes the box office's rules need, inside one write transaction.
public protocol CinemaRecordWriter: CinemaRecords {
    /// Adds a movie.
    func insertMovie(_ movie: Movie, at: Timestamp) throws
    /// Adds a theater with its screens and their seats.
    func insertTheater(_ theater: NewTheaterRecord, at: Timestamp) throws
    /// Adds a showing with its prices.
    func insertShowing(_ showing: ShowingRecord, at: Timestamp) throws
    /// The holds of a showing that have expired by `now` but still hold their seats.
    func expiredHolds(showingId: String, now: Timestamp) throws -> [ExpiredHold]
    /// Adds a booking and claims its seats, unless another live claim or block holds one
    /// of them: then nothing of it is written and the answer is `.seatsTaken`.
    func insertBooking(_ booking: NewBookingRecord) throws -> ClaimOutcome
    /// Takes seats for a new booking in one step: frees the showing's holds that ran out
    /// by `now` (see `SeatClaims.reclaimExpiredHolds`), then adds the booking, claims its
    /// seats and appends `events`, its lines of the seat status log. The booking is
    /// written whole or not at all: when another live claim or block holds one of its
    /// seats (`.seatsTaken`) or its number is in use (`.numberTaken`), nothing of it is.
    /// An engine may do it all in one statement; the default does it step by step.
    func placeBooking(_ booking: NewBookingRecord, events: [SeatEvent], now: Timestamp) throws -> PlacementOutcome
    /// Sets a booking's status, expiry and time of change.
    func updateBooking(id: String, status: BookingStatus, expiresAt: Timestamp?, updatedAt: Timestamp) throws
    /// Releases a booking's live claims at `at`: all of them, or those on `seatIds`;
    /// `removing` also takes those seats out of a booking that goes on.
    func releaseClaims(bookingId: String, seatIds: [String]?, at: Timestamp, removing: Bool) throws
    /// Sets a booking's total to the sum of the prices of the seats it still has.
    func recomputeTotal(bookingId: String, updatedAt: Timestamp) throws
    /// Blocks seats of a showing, unless one of them is claimed by a booking: then
    /// nothing is written and the answer is `.seatsTaken`.
    func insertBlocks(showingId: String, screenId: String, seatIds: [String], reason: String?, at: Timestamp)
        throws -> ClaimOutcome
    /// Ends the live blocks on `seatIds`; answers the seats that were blocked.
    func removeBlocks(showingId: String, seatIds: [String], at: Timestamp) throws -> [String]
    /// Appends lines to the seat status log.
    func appendSeatEvents(_ events: [SeatEvent]) throws
    /// Keeps what an idempotency key stands for.
    func saveIdempotencyRecord(_ record: IdempotencyRecord) throws
    /// Runs `body` so that, when it throws, everything it wrote is undone and the rest of
    /// the transaction goes on (a savepoint).
    func savepoint<T>(_ body: () throws -> T) throws -> T
}

extension CinemaRecordWriter {
    /// `placeBooking` step by step, in the caller's transaction.
    public func placeBooking(_ booking: NewBookingRecord, events: [SeatEvent], now: Timestamp) throws
        -> PlacementOutcome
    {
        try SeatClaims.reclaimExpiredHolds(showingId: booking.showingId, now: now, in: self)
        if try bookingNumberExists(booking.bookingNumber) { return .numberTaken }
        guard try insertBooking(booking) == .done else { return .seatsTaken }
        try appendSeatEvents(events)
        return .done
    }
}

/// Whether a new booking was written.
public enum PlacementOutcome: Sendable, Equatable {
    /// The booking and all its seats were written.
    case done
    /// A seat was already held, booked or blocked: nothing of the booking was written.
    case seatsTaken
    /// Its booking number is in use: nothing of the booking was written.
    case numberTaken
}

/// Whether a claim on seats was written.
public enum ClaimOutcome: Sendable, Equatable {
    /// Every seat was claimed.
    case done
    /// A seat was already held, booked or blocked: nothing was written.
    case seatsTaken
}
