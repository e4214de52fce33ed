extension BoxOfficeError: CustomStringConvertible {
    /// The refusal in words, for log lines: what happened, never a Swift value.
    public var description: String {
        switch self {
        case .notFound(let kind, let id):
            return "no \(kind) \(id)"
        case .seatsNotFound(let references):
            return "no seat \(references.joined(separator: ", ")) on the showing's screen"
        case .invalidInput(let path, let reason):
            return path.isEmpty ? reason : "\(path): \(reason)"
        case .seatsUnavailable(let seats):
            return "seats unavailable: " + seats.map { "\($0.label) (\($0.status.rawValue))" }.joined(separator: ", ")
        case .tooFewSeats(let available, let wheelchairSpaces):
            return wheelchairSpaces
                ? "too few wheelchair spaces free (\(available))" : "too few seats free together (\(available) at most)"
        case .showingClosed(let showingId, let salesCloseAt):
            return "sales of showing \(showingId) closed at \(salesCloseAt.rfc3339)"
        case .holdExpired(let bookingId, let expiredAt):
            return "hold \(bookingId) expired at \(expiredAt.rfc3339)"
        case .forbidden(let bookingId):
            return "booking \(bookingId) belongs to another user"
        case .conflict(let detail, let id):
            return id.map { "\(detail) (\($0))" } ?? detail
        case .idempotencyKeyReused(let key, let operation):
            return "idempotency key \(key) was first used for \(operation.rawValue) with other params"
        case .priceChanged(let expected, let actual):
            return "the total is \(actual), not the expected \(expected)"
        case .limitExceeded(let name, let limit, let value):
            return "\(name) is \(limit), the request had \(value)"
        case .busy:
            return "the database stayed locked past the busy timeout; nothing was written"
        case .databaseUnavailable(let commitUnknown):
            return commitUnknown
                ? "the database server went away while a write was committing: it may or may not have landed"
                : "the database server cannot be reached; nothing was written"
        }
    }
}
