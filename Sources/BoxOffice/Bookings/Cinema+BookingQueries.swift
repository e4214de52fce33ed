import Foundation

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
        return try snapshot { records, now in
            // Booking numbers are read aloud and typed: any case matches. Errors name the
            // booking as the client did.
            let (named, key): (String, BookingLookup) =
                switch lookup {
                case .id(let id): (id, .id(id))
                case .number(let number): (number, .number(number.uppercased()))
                }
            guard let booking = try records.storedBooking(key) else {
                throw BoxOfficeError.notFound(kind: "booking", id: named)
            }
            // As the client named it: a stranger who knew a booking number learns no id.
            guard booking.userId.isIdentical(to: userId) else { throw BoxOfficeError.forbidden(bookingId: named) }
            return booking.asOf(now)
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
        return try snapshot { records, now in
            if let showingId, try records.showing(id: showingId) == nil {
                throw BoxOfficeError.notFound(kind: "showing", id: showingId)
            }
            let found = try records.bookings(
                userId: userId, showingId: showingId, status: status, after: after?.key, limit: limit + 1, now: now)
            let page = found.prefix(limit).map { $0.asOf(now) }
            let next =
                found.count > limit
                ? page.last.map { PageCursor(key: BookingPageKey(createdAt: $0.createdAt, id: $0.id)).text } : nil
            return BookingPage(bookings: Array(page), nextCursor: next)
        }
    }
}

/// Where a page of `booking.list` ended: opaque to clients, base64 of the sort key.
struct PageCursor {
    var key: BookingPageKey

    init(key: BookingPageKey) { self.key = key }

    /// Reads a cursor made by `text`.
    /// - Throws: `.invalidInput` for anything else.
    init(text: String) throws {
        let parts = Data(base64Encoded: text).map { String(decoding: $0, as: UTF8.self) }?
            .split(separator: "|", omittingEmptySubsequences: false)
        guard let parts, parts.count == 3, parts[0] == "b1", let seconds = Int64(parts[1]), !parts[2].isEmpty else {
            throw BoxOfficeError.invalidInput(path: "cursor", reason: "is not a nextCursor that booking.list gave")
        }
        key = BookingPageKey(createdAt: Timestamp(secondsSince1970: seconds), id: String(parts[2]))
    }

    var text: String { Data("b1|\(key.createdAt.secondsSince1970)|\(key.id)".utf8).base64EncodedString() }
}
