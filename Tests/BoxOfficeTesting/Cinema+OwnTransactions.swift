import BoxOffice

/// Tests' shorthand: each change of the box office in a write transaction of its own, as
/// `cinema.write { try cinema.hold(request, in: $0) }` spells it out. The sources name
/// the transaction every time; tests that are about one rule at a time need not.
extension Cinema {
    /// `hold` in a transaction of its own.
    /// - Throws: as `hold(_:in:)`.
    public func hold(_ request: HoldRequest) throws -> Booking {
        try write { try hold(request, in: $0) }
    }

    /// `createBooking` in a transaction of its own.
    /// - Throws: as `createBooking(_:in:)`.
    public func createBooking(_ request: BookingRequest) throws -> Booking {
        try write { try createBooking(request, in: $0) }
    }

    /// `confirm` in a transaction of its own.
    /// - Throws: as `confirm(bookingId:userId:idempotencyKey:in:)`.
    public func confirm(bookingId: String, userId: String, idempotencyKey: String? = nil) throws -> Booking {
        try write { try confirm(bookingId: bookingId, userId: userId, idempotencyKey: idempotencyKey, in: $0) }
    }

    /// `extend` in a transaction of its own.
    /// - Throws: as `extend(bookingId:userId:ttlSeconds:in:)`.
    public func extend(bookingId: String, userId: String, ttlSeconds: Int64) throws -> Booking {
        try write { try extend(bookingId: bookingId, userId: userId, ttlSeconds: ttlSeconds, in: $0) }
    }

    /// `cancel` in a transaction of its own.
    /// - Throws: as `cancel(bookingId:userId:seats:in:)`.
    public func cancel(bookingId: String, userId: String, seats references: [String]? = nil) throws -> Booking {
        try write { try cancel(bookingId: bookingId, userId: userId, seats: references, in: $0) }
    }

    /// `blockSeats` in a transaction of its own.
    /// - Throws: as `blockSeats(showingId:seats:reason:in:)`.
    public func blockSeats(showingId: String, seats references: [String], reason: String? = nil) throws -> [Seat] {
        try write { try blockSeats(showingId: showingId, seats: references, reason: reason, in: $0) }
    }

    /// `unblockSeats` in a transaction of its own.
    /// - Throws: as `unblockSeats(showingId:seats:reason:in:)`.
    public func unblockSeats(showingId: String, seats references: [String], reason: String? = nil) throws -> [Seat] {
        try write { try unblockSeats(showingId: showingId, seats: references, reason: reason, in: $0) }
    }

    /// `createMovie` in a transaction of its own.
    /// - Throws: as `createMovie(_:in:)`.
    public func createMovie(_ new: NewMovie) throws -> Movie {
        try write { try createMovie(new, in: $0) }
    }

    /// `createTheater` in a transaction of its own.
    /// - Throws: as `createTheater(_:in:)`.
    public func createTheater(_ new: NewTheater) throws -> Theater {
        try write { try createTheater(new, in: $0) }
    }

    /// `createShowing` in a transaction of its own.
    /// - Throws: as `createShowing(_:in:)`.
    public func createShowing(_ new: NewShowing) throws -> Showing {
        try write { try createShowing(new, in: $0) }
    }
}
