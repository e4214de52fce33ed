import Foundation
import GRDB

/// Checks of the inputs every booking method shares.
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
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
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

/// The params of a call that an idempotency key stands for, in a canonical form.
struct Fingerprint: Equatable {
    let method: String
    let text: String

    init<each Part: Encodable>(_ method: String, _ parts: repeat each Part) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var pieces: [String] = []
        for part in repeat each parts {
            pieces.append(String(decoding: (try? encoder.encode(part)) ?? Data("null".utf8), as: UTF8.self))
        }
        self.method = method
        self.text = "[" + pieces.joined(separator: ",") + "]"
    }
}

/// Idempotency keys: the first successful result of a call is kept under its user and
/// key; a retry with the same params gets that result back and changes nothing.
enum Idempotency {
    /// Returns the stored result for `key`, or runs `body` and stores what it returns.
    /// - Throws: `BoxOfficeError.conflict` when the key was first used with other params
    ///   or by another method; whatever `body` throws (then nothing is stored).
    static func replay(
        _ db: Database, userId: String, key: String?, fingerprint makeFingerprint: @autoclosure () -> Fingerprint,
        now: Timestamp, _ body: () throws -> Booking
    ) throws -> Booking {
        guard let key else { return try body() }
        try Validation.idempotencyKey(key)
        let fingerprint = makeFingerprint()
        if let row = try db.cachedRow(
            sql: "SELECT method, fingerprint, result FROM idempotencyKey WHERE userId = ? AND key = ?",
            arguments: [userId, key])
        {
            let method: String = row["method"]
            let stored: String = row["fingerprint"]
            guard method.isIdentical(to: fingerprint.method), stored.isIdentical(to: fingerprint.text) else {
                throw BoxOfficeError.conflict(
                    detail: "idempotencyKey \(key) was first used for \(method) with other params")
            }
            let result: String = row["result"]
            return try JSONDecoder().decode(Booking.self, from: Data(result.utf8))
        }
        let booking = try body()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try db.cachedExecute(
            sql: """
                INSERT INTO idempotencyKey (userId, key, method, fingerprint, bookingId, result, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                userId, key, fingerprint.method, fingerprint.text, booking.id,
                String(decoding: try encoder.encode(booking), as: UTF8.self), now,
            ])
        return booking
    }
}

/// A booking's row, as the state changes need it.
struct BookingRow {
    var id: String
    var userId: String
    var showingId: String
    var screenId: String
    var storedStatus: BookingStatus
    var createdAt: Timestamp
    var expiresAt: Timestamp?

    /// The booking, if it exists and belongs to `userId`.
    /// - Throws: `.notFound` for no such booking, `.forbidden` for another user's.
    static func fetchOwned(_ db: Database, id: String, userId: String) throws -> BookingRow {
        guard
            let row = try db.cachedRow(
                sql: """
                    SELECT booking.id, booking.userId, booking.showingId, showing.screenId, booking.status,
                           booking.createdAt, booking.expiresAt
                    FROM booking JOIN showing ON showing.id = booking.showingId
                    WHERE booking.id = ?
                    """, arguments: [id])
        else { throw BoxOfficeError.notFound(kind: "booking", id: id) }
        let booking = BookingRow(
            id: row["id"], userId: row["userId"], showingId: row["showingId"], screenId: row["screenId"],
            storedStatus: BookingStatus(rawValue: row["status"]) ?? .cancelled, createdAt: row["createdAt"],
            expiresAt: row["expiresAt"])
        guard booking.userId.isIdentical(to: userId) else { throw BoxOfficeError.forbidden(bookingId: id) }
        return booking
    }

    /// The status as of `now`: a pending hold past its expiry reads as expired.
    func status(at now: Timestamp) -> BookingStatus {
        if storedStatus == .pending, let expiresAt, expiresAt <= now { return .expired }
        return storedStatus
    }

    /// The seats this booking holds right now, front row first.
    func liveSeatIds(_ db: Database) throws -> [String] {
        try db.cachedValues(
            String.self,
            sql: """
                SELECT bookingSeat.seatId FROM bookingSeat JOIN seat ON seat.id = bookingSeat.seatId
                WHERE bookingSeat.bookingId = ? AND bookingSeat.releasedAt IS NULL
                ORDER BY seat.rowIndex, seat.number
                """, arguments: [id])
    }
}

/// Booking numbers: drawn from the id source, and drawn again in the rare case that
/// one is taken already (the UNIQUE index has the last word).
enum BookingNumbers {
    static func next(_ db: Database, ids: any IdentifierSource) throws -> String {
        for _ in 0..<20 {
            let number = ids.newBookingNumber()
            let taken =
                try db.cachedValue(
                    Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM booking WHERE bookingNumber = ?)", arguments: [number]
                ) ?? false
            if !taken { return number }
        }
        throw BoxOfficeError.conflict(detail: "could not draw a free booking number; retry")
    }
}
