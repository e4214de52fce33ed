import BoxOffice
import PostgresNIO

/// Bookings, their seats, and idempotency keys.
extension PostgresRecords {
    static let selectBookings = """
        SELECT booking.id, booking.uuid, booking.bookingNumber, booking.userId, booking.status,
               booking.total, booking.currency, booking.createdAt, booking.updatedAt, booking.expiresAt,
               showing.uuid, showing.startsAt,
               movie.uuid, movie.title, movie.durationMinutes, movie.rating,
               theater.uuid, theater.name,
               screen.uuid, screen.name
        FROM booking
        JOIN showing ON showing.id = booking.showing
        JOIN movie ON movie.id = showing.movie
        JOIN screen ON screen.id = showing.screen
        JOIN theater ON theater.id = screen.theater
        """

    func storedBooking(_ lookup: BookingLookup) throws -> Booking? {
        let row: PostgresRandomAccessRow?
        switch lookup {
        case .id(let id):
            try lockShowing(ofBooking: id)
            row = try self.row(Statement(SQL.BookingByID.self).id(id))
        case .number(let number):
            row = try self.row(Statement(SQL.BookingByNumber.self).text(number))
        }
        guard let row else { return nil }
        return try bookings([row]).first
    }

    /// Bookings from rows of `selectBookings`, with their seats read in one statement
    /// (each claim's seat by its key, never a hash of every seat of the chain).
    private func bookings(_ rows: [PostgresRandomAccessRow]) throws -> [Booking] {
        guard !rows.isEmpty else { return [] }
        let keys = try rows.map { try $0.int(0) }
        var seats: [Int64: [(id: String, label: String, type: SeatType, price: Int64)]] = [:]
        for seat in try self.rows(Statement(SQL.BookingSeats.self).ints(keys)) {
            seats[try seat.int(0), default: []].append(
                (
                    try seat.id(1), try seat.text(2), SeatType(rawValue: try seat.text(3)) ?? .regular,
                    try seat.int(4)
                ))
        }
        return try rows.map { row in
            let currency = try row.text(6)
            return Booking(
                id: try row.id(1), bookingNumber: try row.text(2), userId: try row.text(3),
                status: PostgresStatus.booking(try row.int(4)),
                showing: ShowingRef(id: try row.id(10), startsAt: try row.time(11)),
                movie: Movie(
                    id: try row.id(12), title: try row.text(13), durationMinutes: Int(try row.int(14)),
                    rating: try row.optionalText(15)),
                theater: NamedRef(id: try row.id(16), name: try row.text(17)),
                screen: NamedRef(id: try row.id(18), name: try row.text(19)),
                seats: (seats[try row.int(0)] ?? []).map {
                    BookedSeat(
                        id: $0.id, label: $0.label, type: $0.type, price: Money(amount: $0.price, currency: currency))
                },
                total: Money(amount: try row.int(5), currency: currency),
                createdAt: try row.time(7), updatedAt: try row.time(8), expiresAt: try row.optionalTime(9))
        }
    }

    func bookings(
        userId: String, showingId: String?, status: BookingStatus?, after: BookingPageKey?, limit: Int,
        now: Timestamp
    ) throws -> [Booking] {
        let rows = try self.rows(
            Statement(SQL.BookingsOfUser.self).text(userId).id(showingId).time(now).time(after?.createdAt)
                .id(after?.id).int(Int64(limit)).text(status?.rawValue))
        return try bookings(rows)
    }

    func bookingState(id: String) throws -> BookingState? {
        try lockShowing(ofBooking: id)
        return try row(
            Statement(SQL.BookingState.self).id(id)
        ).map { row in
            BookingState(
                id: id, userId: try row.text(0), showingId: try row.id(1), screenId: try row.id(2),
                storedStatus: PostgresStatus.booking(try row.int(3)), createdAt: try row.time(4),
                expiresAt: try row.optionalTime(5))
        }
    }

    func liveSeatIds(bookingId: String) throws -> [String] {
        try lockShowing(ofBooking: bookingId)
        return try rows(
            Statement(SQL.LiveSeatIds.self).id(bookingId)
        ).map { try $0.id(0) }
    }

    func bookingNumberExists(_ number: String) throws -> Bool {
        try row(Statement(SQL.BookingNumberExists.self).text(number))?
            .bool(0) ?? false
    }

    func insertBooking(_ booking: NewBookingRecord) throws -> ClaimOutcome {
        try lockShowing(booking.showingId)
        // A seat already claimed (the partial unique index) is skipped rather than refused,
        // so the transaction is not aborted; fewer claims than seats means the seats were
        // taken, and the booking is undone.
        guard let row = try self.row(Self.insertBookingStatement(booking)) else { return .seatsTaken }
        guard try row.int(1) < booking.seats.count else { return .done }
        try run(Statement(SQL.DeleteBooking.self).int(try row.int(0)))
        return .seatsTaken
    }

    /// The booking and its claims in one statement; answers the booking's key and how
    /// many claims were made.
    ///
    /// The showing is found once by `uuid` (for its key and its screen), and each seat by
    /// `seat.uuid`, one index search per seat (`LATERAL … OFFSET 0`): the planner would
    /// otherwise hash the whole `seat` table (every screen of the chain) for a few seats.
    static func insertBookingStatement(_ booking: NewBookingRecord) -> Statement {
        Statement(SQL.InsertBooking.self)
            .id(booking.id).text(booking.bookingNumber).text(booking.userId).id(booking.showingId)
            .int(PostgresStatus.code(booking.status)).int(booking.total.amount).text(booking.total.currency)
            .time(booking.createdAt).time(booking.expiresAt).ids(booking.seats.map(\.seatId))
            .ints(booking.seats.map(\.price))
    }

    func updateBooking(id: String, status: BookingStatus, expiresAt: Timestamp?, updatedAt: Timestamp) throws {
        try lockShowing(ofBooking: id)
        try run(
            Statement(SQL.UpdateBooking.self).int(PostgresStatus.code(status)).time(expiresAt).time(updatedAt).id(id))
    }

    func recomputeTotal(bookingId: String, updatedAt: Timestamp) throws {
        try lockShowing(ofBooking: bookingId)
        try run(Statement(SQL.RecomputeTotal.self).time(updatedAt).id(bookingId))
    }

    func idempotencyRecord(userId: String, key: String) throws -> IdempotencyRecord? {
        try lockIdempotencyKey(userId: userId, key: key)
        guard
            let row = try self.row(Statement(SQL.IdempotencyRecord.self).text(userId).text(key))
        else { return nil }
        let method = try row.text(0)
        let operation =
            IdempotentOperation(rawValue: method)
            ?? IdempotentOperation(rawValue: String(method.dropFirst("booking.".count))) ?? .hold
        return IdempotencyRecord(
            userId: userId, key: key, operation: operation, fingerprint: try row.text(1),
            bookingId: try row.optionalID(2) ?? "", replay: try row.text(3), createdAt: try row.time(4))
    }

    func saveIdempotencyRecord(_ record: IdempotencyRecord) throws {
        try lockIdempotencyKey(userId: record.userId, key: record.key)
        try run(
            Statement(SQL.SaveIdempotencyRecord.self)
                .text(record.userId).text(record.key).text(record.operation.rawValue).text(record.fingerprint)
                .id(record.bookingId).text(record.replay).time(record.createdAt))
    }
}

/// Statuses as the schema keeps them: small integers, named in the tables `bookingStatus`
/// and `seatStatus`.
enum PostgresStatus {
    /// A booking status's number.
    static func code(_ status: BookingStatus) -> Int64 {
        switch status {
        case .pending: 0
        case .confirmed: 1
        case .cancelled: 2
        case .expired: 3
        }
    }

    /// The booking status a number stands for.
    static func booking(_ code: Int64) -> BookingStatus {
        switch code {
        case 0: .pending
        case 1: .confirmed
        case 3: .expired
        default: .cancelled
        }
    }

    /// A seat status's number.
    static func code(_ status: SeatStatus) -> Int64 {
        switch status {
        case .available: 0
        case .held: 1
        case .booked: 2
        case .blocked: 3
        }
    }
}
