/// A screen as stored: its seats with their ids, row by row, front row first.
public struct Screen: Sendable, Equatable {
    /// One seat of the screen.
    public struct Seat: Sendable, Equatable {
        /// The seat's id.
        public var id: String
        /// Its label, such as `A5`.
        public var label: String
        /// The index of its row, from 0 at the front.
        public var rowIndex: Int
        /// Its number in the row, from 1.
        public var number: Int
        /// Its cell column, from 0.
        public var x: Int
        /// What kind of seat it is.
        public var type: SeatType

        /// A stored seat.
        public init(id: String, label: String, rowIndex: Int, number: Int, x: Int, type: SeatType) {
            self.id = id
            self.label = label
            self.rowIndex = rowIndex
            self.number = number
            self.x = x
            self.type = type
        }
    }

    /// One row: its label and its seats, left to right.
    public struct Row: Sendable, Equatable {
        /// The row's label, such as `A`.
        public var label: String
        /// The row's seats, left to right.
        public var seats: [Seat]

        /// A row of seats.
        public init(label: String, seats: [Seat]) {
            self.label = label
            self.seats = seats
        }
    }

    /// The screen's id.
    public var id: String
    /// The theater it is in.
    public var theaterId: String
    /// Its name within the theater.
    public var name: String
    /// Its rows, front first.
    public var rows: [Row]

    /// A stored screen.
    public init(id: String, theaterId: String, name: String, rows: [Row]) {
        self.id = id
        self.theaterId = theaterId
        self.name = name
        self.rows = rows
    }

    /// How many seats it has.
    public var capacity: Int { rows.reduce(0) { $0 + $1.seats.count } }
}

/// A showing as stored: a `Showing` without its status (which depends on the clock),
/// with the time its screen is free again.
public struct ShowingRecord: Sendable, Equatable {
    /// The showing's id.
    public var id: String
    /// The movie shown.
    public var movieId: String
    /// The theater of its screen.
    public var theaterId: String
    /// The screen it is on.
    public var screenId: String
    /// When it starts.
    public var startsAt: Timestamp
    /// When it ends: the start plus the movie's running time.
    public var endsAt: Timestamp
    /// When sales close.
    public var salesCloseAt: Timestamp
    /// The currency of its prices.
    public var currency: String
    /// A price per seat type its screen has, in minor units.
    public var prices: [SeatType: Int64]

    /// A stored showing.
    public init(
        id: String, movieId: String, theaterId: String, screenId: String, startsAt: Timestamp, endsAt: Timestamp,
        salesCloseAt: Timestamp, currency: String, prices: [SeatType: Int64]
    ) {
        self.id = id
        self.movieId = movieId
        self.theaterId = theaterId
        self.screenId = screenId
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.salesCloseAt = salesCloseAt
        self.currency = currency
        self.prices = prices
    }

    /// The showing as the API shows it at `now`: open until sales close.
    public func showing(at now: Timestamp) -> Showing {
        Showing(
            id: id, movieId: movieId, theaterId: theaterId, screenId: screenId, startsAt: startsAt,
            salesCloseAt: salesCloseAt, currency: currency, prices: prices,
            status: now < salesCloseAt ? .open : .closed)
    }
}

/// A new theater with its screens and their seats, ids drawn, ready to be stored.
public struct NewTheaterRecord: Sendable, Equatable {
    /// The theater as answered (its screens' summaries included).
    public var theater: Theater
    /// Each screen as stored, in the theater's order, with the layout text it came from.
    public var screens: [(screen: Screen, layout: [String])]

    /// A theater ready to be stored.
    public init(theater: Theater, screens: [(screen: Screen, layout: [String])]) {
        self.theater = theater
        self.screens = screens
    }

    public static func == (lhs: NewTheaterRecord, rhs: NewTheaterRecord) -> Bool {
        lhs.theater == rhs.theater && lhs.screens.map(\.screen) == rhs.screens.map(\.screen)
            && lhs.screens.map(\.layout) == rhs.screens.map(\.layout)
    }
}

/// What holds a seat of a showing right now.
public struct LiveClaim: Sendable, Equatable {
    /// `held`, `booked` or `blocked`.
    public var status: SeatStatus
    /// The user of the booking holding it; nil for a block.
    public var userId: String?

    /// A live claim.
    public init(status: SeatStatus, userId: String?) {
        self.status = status
        self.userId = userId
    }
}

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
