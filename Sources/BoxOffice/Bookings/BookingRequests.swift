/// What `hold` needs.
public struct HoldRequest: Sendable, Equatable {
    /// The showing to hold seats of.
    public var showingId: String
    /// Who holds them; only they may confirm, extend, cancel or read the hold.
    public var userId: String
    /// Seat ids or labels of the showing's screen; empty when `best` chooses them.
    public var seats: [String]
    /// Instead of naming seats: the group best available should choose and hold, in the
    /// same transaction.
    public var best: BestAvailableRequest?
    /// How long the hold lasts; `BookingLimits.defaultHoldSeconds` when nil.
    public var ttlSeconds: Int64?
    /// A retry with the same key and params returns the first result.
    public var idempotencyKey: String?

    /// A hold request.
    public init(
        showingId: String, userId: String, seats: [String], best: BestAvailableRequest? = nil,
        ttlSeconds: Int64? = nil, idempotencyKey: String? = nil
    ) {
        self.showingId = showingId
        self.userId = userId
        self.seats = seats
        self.best = best
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
