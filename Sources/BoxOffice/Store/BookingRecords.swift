/// A booking's state, as the changes to it need it.
public struct BookingState: Sendable, Equatable {
    /// The booking's id.
    public var id: String
    /// Who made it.
    public var userId: String
    /// Its showing.
    public var showingId: String
    /// The screen of its showing.
    public var screenId: String
    /// The status as stored; see `status(at:)`.
    public var storedStatus: BookingStatus
    /// When it was made.
    public var createdAt: Timestamp
    /// When a hold runs out.
    public var expiresAt: Timestamp?

    /// A booking's state.
    public init(
        id: String, userId: String, showingId: String, screenId: String, storedStatus: BookingStatus,
        createdAt: Timestamp, expiresAt: Timestamp?
    ) {
        self.id = id
        self.userId = userId
        self.showingId = showingId
        self.screenId = screenId
        self.storedStatus = storedStatus
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    /// The status as of `now`: a pending hold past its expiry reads as expired.
    public func status(at now: Timestamp) -> BookingStatus {
        if storedStatus == .pending, let expiresAt, expiresAt <= now { return .expired }
        return storedStatus
    }
}

/// A new booking with the seats it claims, ready to be stored.
public struct NewBookingRecord: Sendable, Equatable {
    /// The booking's id.
    public var id: String
    /// Its booking number.
    public var bookingNumber: String
    /// Who makes it.
    public var userId: String
    /// The showing.
    public var showingId: String
    /// The showing's screen.
    public var screenId: String
    /// `pending` for a hold, `confirmed` for a booking.
    public var status: BookingStatus
    /// The total.
    public var total: Money
    /// When it is made.
    public var createdAt: Timestamp
    /// When a hold runs out.
    public var expiresAt: Timestamp?
    /// The seats it claims, each with its price.
    public var seats: [(seatId: String, price: Int64)]

    /// A booking ready to be stored.
    public init(
        id: String, bookingNumber: String, userId: String, showingId: String, screenId: String,
        status: BookingStatus, total: Money, createdAt: Timestamp, expiresAt: Timestamp?,
        seats: [(seatId: String, price: Int64)]
    ) {
        self.id = id
        self.bookingNumber = bookingNumber
        self.userId = userId
        self.showingId = showingId
        self.screenId = screenId
        self.status = status
        self.total = total
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.seats = seats
    }

    public static func == (lhs: NewBookingRecord, rhs: NewBookingRecord) -> Bool {
        lhs.id == rhs.id && lhs.bookingNumber == rhs.bookingNumber && lhs.userId == rhs.userId
            && lhs.showingId == rhs.showingId && lhs.screenId == rhs.screenId && lhs.status == rhs.status
            && lhs.total == rhs.total && lhs.createdAt == rhs.createdAt && lhs.expiresAt == rhs.expiresAt
            && lhs.seats.map(\.seatId) == rhs.seats.map(\.seatId) && lhs.seats.map(\.price) == rhs.seats.map(\.price)
    }
}

/// A hold that has run out but still holds its seats.
public struct ExpiredHold: Sendable, Equatable {
    /// The hold's booking id.
    public var bookingId: String
    /// When it ran out.
    public var expiresAt: Timestamp

    /// An expired hold.
    public init(bookingId: String, expiresAt: Timestamp) {
        self.bookingId = bookingId
        self.expiresAt = expiresAt
    }
}

/// One line of the seat status log: a seat of a showing changed status.
public struct SeatEvent: Sendable, Equatable {
    /// The showing.
    public var showingId: String
    /// The seat.
    public var seatId: String
    /// Its new status.
    public var status: SeatStatus
    /// Why: `hold`, `book`, `confirm`, `cancel`, `expired`, a block's reason, …
    public var cause: String
    /// The booking that caused it, if one did.
    public var bookingId: String?
    /// Who: a user id, `house` for blocks, `system` for expiry.
    public var actor: String
    /// When.
    public var at: Timestamp

    /// A log line.
    public init(
        showingId: String, seatId: String, status: SeatStatus, cause: String, bookingId: String?, actor: String,
        at: Timestamp
    ) {
        self.showingId = showingId
        self.seatId = seatId
        self.status = status
        self.cause = cause
        self.bookingId = bookingId
        self.actor = actor
        self.at = at
    }
}

/// Where a page of a user's bookings ended: the sort key of its last booking.
public struct BookingPageKey: Sendable, Equatable {
    /// The last booking's creation time.
    public var createdAt: Timestamp
    /// The last booking's id.
    public var id: String

    /// A page key.
    public init(createdAt: Timestamp, id: String) {
        self.createdAt = createdAt
        self.id = id
    }
}

/// What an idempotency key of a user stands for: the call it was first used with, and
/// that call's result, kept so that a retry gets the same answer.
public struct IdempotencyRecord: Sendable, Equatable {
    /// The user the key belongs to.
    public var userId: String
    /// The key.
    public var key: String
    /// The kind of call.
    public var operation: IdempotentOperation
    /// The call's params in a canonical form.
    public var fingerprint: String
    /// The booking the call made or changed.
    public var bookingId: String
    /// The first result, in the box office's own versioned form; opaque to stores.
    public var replay: String
    /// When the key was first used.
    public var createdAt: Timestamp

    /// A kept idempotency key.
    public init(
        userId: String, key: String, operation: IdempotentOperation, fingerprint: String, bookingId: String,
        replay: String, createdAt: Timestamp
    ) {
        self.userId = userId
        self.key = key
        self.operation = operation
        self.fingerprint = fingerprint
        self.bookingId = bookingId
        self.replay = replay
        self.createdAt = createdAt
    }
}

/// The calls an idempotency key can stand for. The raw values are what stores keep.
public enum IdempotentOperation: String, Sendable, Equatable, CaseIterable {
    /// Holding seats.
    case hold
    /// Booking seats outright.
    case create
    /// Confirming a hold.
    case confirm
}
