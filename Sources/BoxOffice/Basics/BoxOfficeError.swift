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
    case seatsUnavailable([SeatState])
    /// Best available found too few seats for the request: `available` is the largest
    /// group the same request could get; with `wheelchairSpaces`, it is wheelchair spaces
    /// that are short, and `available` says how many are free.
    case tooFewSeats(available: Int, wheelchairSpaces: Bool = false)
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
    /// An idempotency key was first used for `operation` with other params (a
    /// `CONFLICT`).
    case idempotencyKeyReused(key: String, operation: IdempotentOperation)
    /// The client expected another total.
    case priceChanged(expected: Money, actual: Money)
    /// A limit was exceeded: `name` says which, `limit` its value, `value` what was asked.
    case limitExceeded(name: String, limit: Int, value: Int)
    /// The store stayed locked by others past its timeout; nothing was written, so the
    /// same call can be retried.
    case busy
    /// The database server could not be reached (stopped, restarting, the network gone).
    /// `commitUnknown` is true when a write was being committed as the connection went:
    /// it may or may not have landed, so a retry must carry the same idempotency key.
    case databaseUnavailable(commitUnknown: Bool)
}
