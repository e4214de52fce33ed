import BoxOffice
import JSONRPC

/// The contract's domain error codes (section 5), beside the standard ones.
extension ErrorCode {
    /// -32001 `NOT_FOUND`.
    public static let notFound = ErrorCode(rawValue: -32001)
    /// -32002 `SEATS_UNAVAILABLE`.
    public static let seatsUnavailable = ErrorCode(rawValue: -32002)
    /// -32003 `SHOWING_CLOSED`.
    public static let showingClosed = ErrorCode(rawValue: -32003)
    /// -32004 `HOLD_EXPIRED`.
    public static let holdExpired = ErrorCode(rawValue: -32004)
    /// -32005 `FORBIDDEN`.
    public static let forbidden = ErrorCode(rawValue: -32005)
    /// -32006 `CONFLICT`.
    public static let conflict = ErrorCode(rawValue: -32006)
    /// -32007 `PRICE_CHANGED`.
    public static let priceChanged = ErrorCode(rawValue: -32007)
    /// -32009 `BUSY`.
    public static let busy = ErrorCode(rawValue: -32009)
}

/// Turns the errors the domain and the database throw into the contract's errors.
enum ErrorMapping {
    /// How long a client should wait before retrying after `BUSY`.
    static let retryAfterMs: Int64 = 100
    /// How long a client should wait before retrying after `DATABASE_UNAVAILABLE`.
    static let databaseRetryAfterMs: Int64 = 1000

    static func responseError(for error: any Error) -> ResponseError? {
        switch error {
        case let error as ResponseError:
            return error
        case let error as BoxOfficeError:
            return mapDomainError(error)
        default:
            return nil
        }
    }

    static func mapDomainError(_ error: BoxOfficeError) -> ResponseError {
        switch error {
        case .notFound(let kind, let id):
            return ResponseError(
                code: .notFound, message: "Not found: no \(kind) \(id); \(whereToLook(kind))",
                data: ["reason": "NOT_FOUND", "kind": .string(kind), "id": .string(id)])
        case .seatsNotFound(let references):
            let names = references.joined(separator: ", ")
            return ResponseError(
                code: .notFound,
                message:
                    "Not found: no seat\(references.count == 1 ? "" : "s") \(names) on this showing's screen; "
                    + whereToLook("seat"),
                data: [
                    "reason": "NOT_FOUND", "kind": "seat", "id": .string(references[0]),
                    "seats": .array(references.map(JSONValue.string)),
                ])
        case .invalidInput(let path, let reason):
            return .invalidParams(path: path, reason: reason)
        case .seatsUnavailable(let seats):
            let described = seats.map { seat in
                "\(seat.label) (\(seat.status.rawValue)\(seat.mine == true ? " by you" : ""))"
            }
            let advice =
                seats.allSatisfy { $0.mine == true }
                ? "you already have \(seats.count == 1 ? "it" : "them"): see booking.list"
                : "choose other seats (seatmap.get shows which are available)"
            return ResponseError(
                code: .seatsUnavailable,
                message: "Seats unavailable: \(described.joined(separator: ", ")); \(advice)",
                data: ["reason": "SEATS_UNAVAILABLE", "seats": .array(seats.map(json))])
        case .tooFewSeats(let available, let wheelchairSpaces):
            let plural = available == 1 ? "" : "s"
            return ResponseError(
                code: .seatsUnavailable,
                message: wheelchairSpaces
                    ? "Seats unavailable: only \(available) wheelchair space\(plural) free here; "
                        + "ask for fewer, or try another showing"
                    : "Seats unavailable: only \(available) seat\(plural) suit this request; "
                        + "ask for fewer, or allow other types",
                data: ["reason": "SEATS_UNAVAILABLE", "seats": [], "available": .integer(Int64(available))])
        case .showingClosed(let showingId, let salesCloseAt):
            return ResponseError(
                code: .showingClosed,
                message: "Showing closed: sales closed at \(salesCloseAt); showings.list lists upcoming showings",
                data: [
                    "reason": "SHOWING_CLOSED", "showingId": .string(showingId),
                    "salesCloseAt": .string(salesCloseAt.rfc3339),
                ])
        case .holdExpired(let bookingId, let expiredAt):
            return ResponseError(
                code: .holdExpired,
                message: "Hold expired at \(expiredAt) and its seats were freed; hold them again with booking.hold",
                data: [
                    "reason": "HOLD_EXPIRED", "bookingId": .string(bookingId), "expiredAt": .string(expiredAt.rfc3339),
                ])
        case .forbidden(let bookingId):
            return ResponseError(
                code: .forbidden,
                message: "Forbidden: booking \(bookingId) belongs to another user; only its own userId may use it",
                data: ["reason": "FORBIDDEN", "bookingId": .string(bookingId)])
        case .idempotencyKeyReused(let key, let operation):
            return mapDomainError(
                .conflict(detail: "idempotencyKey \(key) was first used for \(methodName(operation)) with other params")
            )
        case .conflict(let detail, let id):
            var data: [String: JSONValue] = ["reason": "CONFLICT", "detail": .string(detail)]
            if let id { data["id"] = .string(id) }
            return ResponseError(code: .conflict, message: "Conflict: \(detail)", data: .object(data))
        case .priceChanged(let expected, let actual):
            return ResponseError(
                code: .priceChanged,
                message:
                    "Price changed: the total is \(actual), not \(expected); show the new total and send it as expectedTotal",
                data: ["reason": "PRICE_CHANGED", "expected": json(expected), "actual": json(actual)])
        case .limitExceeded(let name, let limit, let value):
            return .limitExceeded(name: name, limit: limit, value: value)
        case .busy:
            return ResponseError(
                code: .busy, message: "The database stayed locked past the busy timeout; safe to retry",
                data: ["reason": "BUSY", "retryAfterMs": .integer(retryAfterMs)])
        case .databaseUnavailable(let commitUnknown):
            let advice =
                commitUnknown
                ? "the write may or may not have been committed: retry with the same idempotencyKey once the "
                    + "database is back (a booking without one may have been made; booking.list tells)"
                : "nothing was written; retry once the database is back"
            return ResponseError(
                code: .internalError, message: "The database cannot be reached; \(advice)",
                data: [
                    "reason": "DATABASE_UNAVAILABLE", "commitUnknown": .bool(commitUnknown),
                    "retryAfterMs": .integer(databaseRetryAfterMs),
                ])
        }
    }

    /// The method an idempotent operation is called by.
    static func methodName(_ operation: IdempotentOperation) -> String {
        switch operation {
        case .hold: HoldSeats.method
        case .create: CreateBooking.method
        case .confirm: ConfirmBooking.method
        }
    }

    /// The method that lists things of a kind, for a NOT_FOUND message.
    private static func whereToLook(_ kind: String) -> String {
        switch kind {
        case "movie": return "movies.list lists the movies"
        case "theater": return "theaters.list lists the theaters"
        case "screen": return "theaters.list lists every theater's screens"
        case "showing": return "showings.list lists upcoming showings"
        case "seat": return "seatmap.get lists the showing's seats"
        case "booking": return "booking.list lists a user's bookings"
        case "subscription": return "a subscription lives in the process that made it, until unsubscribed"
        default: return "check the id"
        }
    }

    private static func json(_ seat: SeatState) -> JSONValue {
        var entry: [String: JSONValue] = [
            "id": .string(seat.id), "label": .string(seat.label), "status": .string(seat.status.rawValue),
        ]
        if let mine = seat.mine { entry["mine"] = .bool(mine) }
        return .object(entry)
    }

    private static func json(_ money: Money) -> JSONValue {
        ["amount": .integer(money.amount), "currency": .string(money.currency)]
    }
}
