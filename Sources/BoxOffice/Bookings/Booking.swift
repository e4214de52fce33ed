/// Where a booking is in its life.
public enum BookingStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// A hold: its seats are kept until `expiresAt`, then freed by themselves.
    case pending
    /// Bought.
    case confirmed
    /// Cancelled by its user; its seats are free again.
    case cancelled
    /// A hold that ran out before it was confirmed.
    case expired
}

/// A booking as the client sees it: what, where, when, which seats, and for how much.
public struct Booking: Sendable, Equatable, Codable {
    /// Lowercase UUID.
    public var id: String
    /// Short and readable, for a person to quote: `BX-7K3P9Q`.
    public var bookingNumber: String
    /// The user who made it; only they may read or change it.
    public var userId: String
    /// `pending`, `confirmed`, `cancelled` or `expired`.
    public var status: BookingStatus
    /// The showing booked.
    public var showing: ShowingRef
    /// The movie shown.
    public var movie: Movie
    /// The theater.
    public var theater: NamedRef
    /// The screen.
    public var screen: NamedRef
    /// The seats, front row first, each at the price it was taken at. A cancelled or
    /// expired booking lists the seats it had when it ended.
    public var seats: [BookedSeat]
    /// The sum of the seats' prices.
    public var total: Money
    /// When it was made.
    public var createdAt: Timestamp
    /// When it last changed.
    public var updatedAt: Timestamp
    /// For a hold (and an expired one): when its seats are, or were, freed.
    public var expiresAt: Timestamp?

    /// A value with every field given.
    public init(
        id: String, bookingNumber: String, userId: String, status: BookingStatus, showing: ShowingRef, movie: Movie,
        theater: NamedRef, screen: NamedRef, seats: [BookedSeat], total: Money, createdAt: Timestamp,
        updatedAt: Timestamp, expiresAt: Timestamp? = nil
    ) {
        self.id = id
        self.bookingNumber = bookingNumber
        self.userId = userId
        self.status = status
        self.showing = showing
        self.movie = movie
        self.theater = theater
        self.screen = screen
        self.seats = seats
        self.total = total
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
    }
}

/// The showing of a booking.
public struct ShowingRef: Sendable, Equatable, Codable {
    /// The showing's id.
    public var id: String
    /// When it starts.
    public var startsAt: Timestamp

    /// A value with every field given.
    public init(id: String, startsAt: Timestamp) {
        self.id = id
        self.startsAt = startsAt
    }
}

/// An id and a name: a theater or a screen, in a booking.
public struct NamedRef: Sendable, Equatable, Codable {
    /// The id.
    public var id: String
    /// The name.
    public var name: String

    /// A value with every field given.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A seat of a booking, at the price it was taken at.
public struct BookedSeat: Sendable, Equatable, Codable {
    /// The seat's id.
    public var id: String
    /// Its label, such as `A5`.
    public var label: String
    /// Its type.
    public var type: SeatType
    /// What it costs in this booking.
    public var price: Money

    /// A value with every field given.
    public init(id: String, label: String, type: SeatType, price: Money) {
        self.id = id
        self.label = label
        self.type = type
        self.price = price
    }
}

/// One page of a user's bookings, newest first.
public struct BookingPage: Sendable, Equatable {
    /// The bookings on this page.
    public var bookings: [Booking]
    /// Pass this as `cursor` for the next page; nil on the last page.
    public var nextCursor: String?
}

/// Limits of the booking rules.
public enum BookingLimits {
    /// The most seats one request may name or ask for.
    public static let maxSeatsPerRequest = 50
    /// How long a hold lasts when the client does not say.
    public static let defaultHoldSeconds: Int64 = 600
    /// How long a hold may last in all, from its creation, however often it is extended.
    public static let maxHoldSeconds: Int64 = 7_200
    /// The page size of `booking.list` when the client gives no `limit`.
    public static let defaultPageSize = 20
    /// The largest page of `booking.list`.
    public static let maxPageSize = 100
    /// The highest price of one seat, in minor units.
    public static let maxSeatPrice: Int64 = 100_000_000
    /// The most a request's seats can cost: as many seats as a request may name, each at
    /// the highest price. An `expectedTotal` above it can never match.
    public static let maxTotal = Int64(maxSeatsPerRequest) * maxSeatPrice
}
