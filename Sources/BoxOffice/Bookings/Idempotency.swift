import Foundation

/// The params of a call that an idempotency key stands for, in a canonical form.
struct Fingerprint: Equatable {
    let operation: IdempotentOperation
    let text: String

    init<each Part: Encodable>(_ operation: IdempotentOperation, _ parts: repeat each Part) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var pieces: [String] = []
        for part in repeat each parts {
            pieces.append(String(decoding: (try? encoder.encode(part)) ?? Data("null".utf8), as: UTF8.self))
        }
        self.operation = operation
        self.text = "[" + pieces.joined(separator: ",") + "]"
    }
}

/// Idempotency keys: the first successful result of a call is kept under its user and
/// key; a retry with the same params gets that result back and changes nothing.
enum Idempotency {
    /// Returns the kept result for `key`, or runs `body` and keeps what it returns.
    /// - Throws: `BoxOfficeError.conflict` when the key was first used with other params
    ///   or for another call; whatever `body` throws (then nothing is kept).
    static func replay(
        userId: String, key: String?, fingerprint makeFingerprint: @autoclosure () -> Fingerprint,
        in transaction: CinemaTransaction, _ body: () throws -> Booking
    ) throws -> Booking {
        guard let key else { return try body() }
        try Validation.idempotencyKey(key)
        let fingerprint = makeFingerprint()
        let records = transaction.records
        if let kept = try records.idempotencyRecord(userId: userId, key: key) {
            guard kept.operation == fingerprint.operation, kept.fingerprint.isIdentical(to: fingerprint.text) else {
                throw BoxOfficeError.idempotencyKeyReused(key: key, operation: kept.operation)
            }
            return try ReplayRecord.booking(from: kept.replay)
        }
        let booking = try body()
        try records.saveIdempotencyRecord(
            IdempotencyRecord(
                userId: userId, key: key, operation: fingerprint.operation, fingerprint: fingerprint.text,
                bookingId: booking.id, replay: try ReplayRecord.text(of: booking), createdAt: transaction.now))
        return booking
    }
}

/// The first result of an idempotent call as it is kept: a private, versioned record
/// with names of its own, so that renaming a field of the API's `Booking` never makes a
/// kept result unreadable. Version 1 happens to use the API's names of its day; a record
/// without `v` was kept before versions, in that same shape.
struct ReplayRecord: Codable {
    struct Named: Codable {
        var id: String
        var name: String
    }
    struct ShowingPart: Codable {
        var id: String
        var startsAt: Timestamp
    }
    struct MoviePart: Codable {
        var id: String
        var title: String
        var durationMinutes: Int
        var rating: String?
    }
    struct MoneyPart: Codable {
        var amount: Int64
        var currency: String
    }
    struct SeatPart: Codable {
        var id: String
        var label: String
        var type: String
        var price: MoneyPart
    }

    var v: Int?
    var id: String
    var bookingNumber: String
    var userId: String
    var status: String
    var showing: ShowingPart
    var movie: MoviePart
    var theater: Named
    var screen: Named
    var seats: [SeatPart]
    var total: MoneyPart
    var createdAt: Timestamp
    var updatedAt: Timestamp
    var expiresAt: Timestamp?

    static let version = 1

    /// The record of `booking`, as JSON text.
    static func text(of booking: Booking) throws -> String {
        let record = ReplayRecord(
            v: version, id: booking.id, bookingNumber: booking.bookingNumber, userId: booking.userId,
            status: booking.status.rawValue,
            showing: ShowingPart(id: booking.showing.id, startsAt: booking.showing.startsAt),
            movie: MoviePart(
                id: booking.movie.id, title: booking.movie.title, durationMinutes: booking.movie.durationMinutes,
                rating: booking.movie.rating),
            theater: Named(id: booking.theater.id, name: booking.theater.name),
            screen: Named(id: booking.screen.id, name: booking.screen.name),
            seats: booking.seats.map {
                SeatPart(
                    id: $0.id, label: $0.label, type: $0.type.rawValue,
                    price: MoneyPart(amount: $0.price.amount, currency: $0.price.currency))
            },
            total: MoneyPart(amount: booking.total.amount, currency: booking.total.currency),
            createdAt: booking.createdAt, updatedAt: booking.updatedAt, expiresAt: booking.expiresAt)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    /// The booking a record keeps.
    /// - Throws: `DecodingError` for a record of a version this build does not know.
    static func booking(from text: String) throws -> Booking {
        let record = try JSONDecoder().decode(ReplayRecord.self, from: Data(text.utf8))
        guard (record.v ?? 1) <= version, let status = BookingStatus(rawValue: record.status) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: [], debugDescription: "a kept result of an unknown version"))
        }
        return Booking(
            id: record.id, bookingNumber: record.bookingNumber, userId: record.userId, status: status,
            showing: ShowingRef(id: record.showing.id, startsAt: record.showing.startsAt),
            movie: Movie(
                id: record.movie.id, title: record.movie.title, durationMinutes: record.movie.durationMinutes,
                rating: record.movie.rating),
            theater: NamedRef(id: record.theater.id, name: record.theater.name),
            screen: NamedRef(id: record.screen.id, name: record.screen.name),
            seats: try record.seats.map { seat in
                guard let type = SeatType(rawValue: seat.type) else {
                    throw DecodingError.dataCorrupted(
                        DecodingError.Context(codingPath: [], debugDescription: "an unknown seat type \(seat.type)"))
                }
                return BookedSeat(
                    id: seat.id, label: seat.label, type: type,
                    price: Money(amount: seat.price.amount, currency: seat.price.currency))
            },
            total: Money(amount: record.total.amount, currency: record.total.currency),
            createdAt: record.createdAt, updatedAt: record.updatedAt, expiresAt: record.expiresAt)
    }
}
