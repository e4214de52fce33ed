/// A seat and the status that stood in the way.
public struct SeatConflict: Sendable, Equatable, Encodable {
    /// The seat's id.
    public var id: String
    /// The seat's label, such as `A5`.
    public var label: String
    /// Why it could not be taken: `held`, `booked` or `blocked`.
    public var status: SeatStatus
    /// When a booking request stands in its own way: true for a seat the requesting user
    /// already holds or booked. Nil where no user asked.
    public var mine: Bool?

    /// A seat and its status.
    public init(id: String, label: String, status: SeatStatus, mine: Bool? = nil) {
        self.id = id
        self.label = label
        self.status = status
        self.mine = mine
    }
}

/// The status of one seat for one showing.
public enum SeatStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Free to hold or book.
    case available
    /// In a hold that has not expired.
    case held
    /// In a confirmed booking.
    case booked
    /// Taken out of sale by the house.
    case blocked
}

/// Why the box office refused a request. Each case is one error of the contract.
public enum BoxOfficeError: Error, Sendable, Equatable {
    /// Something that does not exist: `kind` is `movie`, `screen`, `showing`, `seat`,
    /// `booking` or `theater`; `id` is what the client named it by.
    case notFound(kind: String, id: String)
    /// Seat references that name no seat of the screen: every one of them, as given.
    case seatsNotFound([String])
    /// An input the box office cannot accept. `path` names the field in the request's
    /// own terms (`screens[0].layout[3]`, `prices.vip`); `reason` says why.
    case invalidInput(path: String, reason: String)
    /// These seats are held, booked or blocked: every one that stands in the way.
    case seatsUnavailable([SeatConflict])
    /// Sales for the showing closed at `salesCloseAt`.
    case showingClosed(showingId: String, salesCloseAt: Timestamp)
    /// The hold expired at `expiredAt`.
    case holdExpired(bookingId: String, expiredAt: Timestamp)
    /// The booking belongs to another user. `bookingId` is the booking as the client
    /// named it (its id, or its number for a lookup by number).
    case forbidden(bookingId: String)
    /// The request clashes with the state of things; `detail` says how, `id` names the
    /// other party where there is one (the overlapping showing, say).
    case conflict(detail: String, id: String? = nil)
    /// The client expected another total.
    case priceChanged(expected: Money, actual: Money)
    /// A limit was exceeded: `name` says which, `limit` its value, `value` what was asked.
    case limitExceeded(name: String, limit: Int, value: Int)
}
