import Foundation
import GRDB

/// How a client names a booking it wants to read.
public enum BookingLookup: Sendable, Equatable {
    /// By its UUID.
    case id(String)
    /// By its booking number, such as `BX-7K3P9Q`.
    case number(String)
}

extension Cinema {
    /// One booking, in full.
    /// - Throws: `BoxOfficeError.notFound` when no booking has that id or number,
    ///   `.forbidden` when it is another user's.
    public func booking(_ lookup: BookingLookup, userId: String) throws -> Booking {
        try Validation.userId(userId)
        let now = clock.now()
        return try database.writer.read { db in
            // Booking numbers are read aloud and typed: any case matches. Errors name the
            // booking as the client did.
            let (column, value, key) =
                switch lookup {
                case .id(let id): ("id", id, id)
                case .number(let number): ("bookingNumber", number, number.uppercased())
                }
            guard
                let row = try db.cachedRow(
                    sql: BookingAssembly.selectBookings + " WHERE booking.\(column) = ?", arguments: [key])
            else { throw BoxOfficeError.notFound(kind: "booking", id: value) }
            // As the client named it: a stranger who knew a booking number learns no id.
            guard (row["userId"] as String).isIdentical(to: userId) else {
                throw BoxOfficeError.forbidden(bookingId: value)
            }
            return try BookingAssembly.booking(db, row: row, now: now)
        }
    }

    /// A user's bookings, newest first, a page at a time.
    /// - Parameters:
    ///   - limit: 1 to 100; 20 when nil.
    ///   - cursor: the `nextCursor` of the page before, or nil for the first page.
    /// - Throws: `.invalidInput` for a bad limit or a cursor this method did not make;
    ///   `.notFound` for an unknown showing.
    public func bookings(
        userId: String, showingId: String? = nil, status: BookingStatus? = nil, limit: Int? = nil,
        cursor: String? = nil
    ) throws -> BookingPage {
        try Validation.userId(userId)
        let limit = limit ?? BookingLimits.defaultPageSize
        guard (1...BookingLimits.maxPageSize).contains(limit) else {
            throw BoxOfficeError.invalidInput(path: "limit", reason: "must be from 1 to \(BookingLimits.maxPageSize)")
        }
        let after = try cursor.map(PageCursor.init(text:))
        let now = clock.now()
        return try database.writer.read { db in
            if let showingId, try !Self.exists(db, table: "showing", id: showingId) {
                throw BoxOfficeError.notFound(kind: "showing", id: showingId)
            }
            let statusFilter: String =
                switch status {
                case nil: "1"
                case .pending?: "booking.status = 'pending' AND booking.expiresAt > :now"
                case .expired?:
                    "(booking.status = 'expired' OR (booking.status = 'pending' AND booking.expiresAt <= :now))"
                case .confirmed?: "booking.status = 'confirmed'"
                case .cancelled?: "booking.status = 'cancelled'"
                }
            let rows = try db.cachedRows(
                sql: BookingAssembly.selectBookings + """
                     WHERE booking.userId = :userId
                      AND (:showingId IS NULL OR booking.showingId = :showingId)
                      AND \(statusFilter)
                      AND (:afterCreatedAt IS NULL OR booking.createdAt < :afterCreatedAt
                           OR (booking.createdAt = :afterCreatedAt AND booking.id < :afterId))
                    ORDER BY booking.createdAt DESC, booking.id DESC
                    LIMIT :fetch
                    """,
                arguments: [
                    "userId": userId, "showingId": showingId, "now": now, "afterCreatedAt": after?.createdAt,
                    "afterId": after?.id, "fetch": limit + 1,
                ])
            let page = try rows.prefix(limit).map { try BookingAssembly.booking(db, row: $0, now: now) }
            let next = rows.count > limit ? page.last.map { PageCursor(createdAt: $0.createdAt, id: $0.id).text } : nil
            return BookingPage(bookings: page, nextCursor: next)
        }
    }
}

/// Where a page of `booking.list` ended: opaque to clients, base64 of the sort key.
struct PageCursor {
    var createdAt: Timestamp
    var id: String

    init(createdAt: Timestamp, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// Reads a cursor made by `text`.
    /// - Throws: `.invalidInput` for anything else.
    init(text: String) throws {
        let parts = Data(base64Encoded: text).map { String(decoding: $0, as: UTF8.self) }?
            .split(separator: "|", omittingEmptySubsequences: false)
        guard let parts, parts.count == 3, parts[0] == "b1", let seconds = Int64(parts[1]), !parts[2].isEmpty else {
            throw BoxOfficeError.invalidInput(path: "cursor", reason: "is not a nextCursor that booking.list gave")
        }
        createdAt = Timestamp(secondsSince1970: seconds)
        id = String(parts[2])
    }

    var text: String { Data("b1|\(createdAt.secondsSince1970)|\(id)".utf8).base64EncodedString() }
}
