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
    static func responseError(for error: any Error) -> ResponseError? {
        switch error {
        case let error as ResponseError:
            return error
        case let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED:
            let retryAfterMs = 250
            return ResponseError(
                code: .busy, message: "The database stayed locked; retry in \(retryAfterMs) ms",
                data: ["reason": "BUSY", "retryAfterMs": .integer(Int64(retryAfterMs))])
        default:
            return nil
        }
    }
}
