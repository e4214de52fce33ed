/// Checks of the inputs that the box office's methods share.
enum Validation {
    static func userId(_ userId: String) throws {
        guard !userId.isEmpty, userId.codePointCount <= 200 else {
            throw BoxOfficeError.invalidInput(path: "userId", reason: "must be 1 to 200 characters")
        }
    }

    static func seatCount(_ count: Int) throws {
        guard count > 0 else {
            throw BoxOfficeError.invalidInput(path: "seats", reason: "name at least one seat")
        }
        guard count <= BookingLimits.maxSeatsPerRequest else {
            throw BoxOfficeError.limitExceeded(
                name: "maxSeatsPerRequest", limit: BookingLimits.maxSeatsPerRequest, value: count)
        }
    }

    static func ttl(_ seconds: Int64) throws {
        guard (1...BookingLimits.maxHoldSeconds).contains(seconds) else {
            throw BoxOfficeError.invalidInput(
                path: "ttlSeconds", reason: "must be from 1 to \(BookingLimits.maxHoldSeconds) seconds")
        }
    }

    static func currency(_ code: String, path: String) throws {
        guard code.utf8.count == 3, code.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else {
            throw BoxOfficeError.invalidInput(
                path: path, reason: "must be an ISO 4217 code of three uppercase letters, like EUR")
        }
    }

    static func expectedTotal(_ money: Money) throws {
        try currency(money.currency, path: "expectedTotal.currency")
        guard (0...BookingLimits.maxTotal).contains(money.amount) else {
            throw BoxOfficeError.invalidInput(
                path: "expectedTotal.amount",
                reason: "must be from 0 to \(BookingLimits.maxTotal) minor units (50 seats at the highest price)")
        }
    }

    /// A best-available request within bounds; `path` is where it stands in the params
    /// (`best` for a hold, empty for `seats.bestAvailable`).
    static func best(_ request: BestAvailableRequest, path: String) throws {
        let prefix = path.isEmpty ? "" : path + "."
        guard request.count >= 1 else {
            throw BoxOfficeError.invalidInput(path: prefix + "count", reason: "must be at least 1")
        }
        try seatCount(request.count)
        if let spaces = request.wheelchairSpaces, !(1...request.count).contains(spaces) {
            throw BoxOfficeError.invalidInput(
                path: prefix + "wheelchairSpaces", reason: "must be from 1 to count (\(request.count))")
        }
    }

    static func reason(_ reason: String?) throws {
        if let reason, reason.isEmpty || reason.codePointCount > 200 {
            throw BoxOfficeError.invalidInput(path: "reason", reason: "must be 1 to 200 characters when given")
        }
    }

    static func idempotencyKey(_ key: String) throws {
        guard !key.isEmpty, key.codePointCount <= 200 else {
            throw BoxOfficeError.invalidInput(path: "idempotencyKey", reason: "must be 1 to 200 characters")
        }
    }
}
