import BoxOffice
import GRDB
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

    static func responseError(for error: any Error) -> ResponseError? {
        switch error {
        case let error as ResponseError:
            return error
        case let error as BoxOfficeError:
            return mapDomainError(error)
        case let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED:
            return ResponseError(
                code: .busy, message: "The database stayed locked past the busy timeout; safe to retry",
                data: ["reason": "BUSY", "retryAfterMs": .integer(retryAfterMs)])
        default:
            return nil
        }
    }

    static func mapDomainError(_ error: BoxOfficeError) -> ResponseError {
        switch error {
        case .notFound(let kind, let id):
            return ResponseError(
                code: .notFound, message: "No \(kind) \(id)",
                data: ["reason": "NOT_FOUND", "kind": .string(kind), "id": .string(id)])
        case .invalidInput(let path, let reason):
            return .invalidParams(path: path, reason: reason)
        case .seatsUnavailable(let seats):
            return ResponseError(
                code: .seatsUnavailable,
                message: "Seats unavailable: \(seats.map(\.label).joined(separator: ", "))",
                data: ["reason": "SEATS_UNAVAILABLE", "seats": .array(seats.map(json))])
        case .showingClosed(let showingId, let salesCloseAt):
            return ResponseError(
                code: .showingClosed, message: "Sales for this showing closed at \(salesCloseAt)",
                data: [
                    "reason": "SHOWING_CLOSED", "showingId": .string(showingId),
                    "salesCloseAt": .string(salesCloseAt.rfc3339),
                ])
        case .holdExpired(let bookingId, let expiredAt):
            return ResponseError(
                code: .holdExpired, message: "The hold expired at \(expiredAt)",
                data: [
                    "reason": "HOLD_EXPIRED", "bookingId": .string(bookingId), "expiredAt": .string(expiredAt.rfc3339),
                ])
        case .forbidden(let bookingId):
            return ResponseError(
                code: .forbidden, message: "This booking belongs to another user",
                data: ["reason": "FORBIDDEN", "bookingId": .string(bookingId)])
        case .conflict(let detail, let id):
            var data: [String: JSONValue] = ["reason": "CONFLICT", "detail": .string(detail)]
            if let id { data["id"] = .string(id) }
            return ResponseError(code: .conflict, message: "Conflict: \(detail)", data: .object(data))
        case .priceChanged(let expected, let actual):
            return ResponseError(
                code: .priceChanged,
                message:
                    "The total is \(actual.amount) \(actual.currency), not \(expected.amount) \(expected.currency)",
                data: ["reason": "PRICE_CHANGED", "expected": json(expected), "actual": json(actual)])
        case .limitExceeded(let name, let limit, let value):
            return .limitExceeded(name: name, limit: limit, value: value)
        }
    }

    private static func json(_ seat: SeatConflict) -> JSONValue {
        ["id": .string(seat.id), "label": .string(seat.label), "status": .string(seat.status.rawValue)]
    }

    private static func json(_ money: Money) -> JSONValue {
        ["amount": .integer(money.amount), "currency": .string(money.currency)]
    }
}
