import BoxOffice
import GRDB

/// Bookings, their seats, and idempotency keys.
extension SQLiteRecords {
    static let selectBookings = """
        SELECT booking.id AS bookingKey, booking.uuid AS id, booking.bookingNumber, booking.userId, booking.status,
               booking.total, booking.currency, booking.createdAt, booking.updatedAt, booking.expiresAt,
               showing.uuid AS showingId, showing.startsAt,
               movie.uuid AS movieId, movie.title, movie.durationMinutes, movie.rating,
               theater.uuid AS theaterId, theater.name AS theaterName,
               screen.uuid AS screenId, screen.name AS screenName
        FROM booking
        JOIN showing ON showing.id = booking.showing
        JOIN movie ON movie.id = showing.movie
        JOIN screen ON screen.id = showing.screen
        JOIN theater ON theater.id = screen.theater
        """

    func storedBooking(_ lookup: BookingLookup) throws -> Booking? {
        switch lookup {
        case .id(let id):
            try db.cachedRow(sql: Self.selectBookings + " WHERE booking.uuid = ?", arguments: [StoredID.value(id)])
                .map(booking)
        case .number(let number):
            try db.cachedRow(sql: Self.selectBookings + " WHERE booking.bookingNumber = ?", arguments: [number])
                .map(booking)
        }
    }

    /// A booking from a row of `selectBookings`, with its seats, as stored.
    private func booking(_ row: Row) throws -> Booking {
        let currency: String = row["currency"]
        let seats = try db.cachedRows(
            sql: """
                SELECT seat.uuid, seat.label, seat.type, claim.price
                FROM claim JOIN seat ON seat.id = claim.seat
                WHERE claim.booking = ? AND claim.removedAt IS NULL
                ORDER BY seat.rowIndex, seat.number
                """, arguments: [row["bookingKey"] as Int64]
        ).map { seat in
            BookedSeat(
                id: seat.id(0), label: seat["label"], type: SeatType(rawValue: seat["type"]) ?? .regular,
                price: Money(amount: seat["price"], currency: currency))
        }
        return Booking(
            id: row.id("id"), bookingNumber: row["bookingNumber"], userId: row["userId"],
            status: StoredStatus.booking(row["status"]),
            showing: ShowingRef(id: row.id("showingId"), startsAt: row["startsAt"]),
            movie: Movie(
                id: row.id("movieId"), title: row["title"], durationMinutes: row["durationMinutes"],
                rating: row["rating"]),
            theater: NamedRef(id: row.id("theaterId"), name: row["theaterName"]),
            screen: NamedRef(id: row.id("screenId"), name: row["screenName"]),
            seats: seats, total: Money(amount: row["total"], currency: currency),
            createdAt: row["createdAt"], updatedAt: row["updatedAt"], expiresAt: row["expiresAt"])
    }

    func bookings(
        userId: String, showingId: String?, status: BookingStatus?, after: BookingPageKey?, limit: Int,
        now: Timestamp
    ) throws -> [Booking] {
        let statusFilter: String =
            switch status {
            case nil: "1"
            case .pending?: "booking.status = 0 AND booking.expiresAt > :now"
            case .expired?: "(booking.status = 3 OR (booking.status = 0 AND booking.expiresAt <= :now))"
            case .confirmed?: "booking.status = 1"
            case .cancelled?: "booking.status = 2"
            }
        return try db.cachedRows(
            sql: Self.selectBookings + """
                 WHERE booking.userId = :userId
                  AND (:showingId IS NULL OR showing.uuid = :showingId)
                  AND \(statusFilter)
                  AND (:afterCreatedAt IS NULL OR booking.createdAt < :afterCreatedAt
                       OR (booking.createdAt = :afterCreatedAt AND booking.uuid < :afterId))
                ORDER BY booking.createdAt DESC, booking.uuid DESC
                LIMIT :fetch
                """,
            arguments: [
                "userId": userId, "showingId": showingId.map(StoredID.value), "now": now,
                "afterCreatedAt": after?.createdAt, "afterId": after.map { StoredID.value($0.id) }, "fetch": limit,
            ]
        ).map(booking)
    }

    func bookingState(id: String) throws -> BookingState? {
        try db.cachedRow(
            sql: """
                SELECT booking.userId, showing.uuid AS showingId, screen.uuid AS screenId, booking.status,
                       booking.createdAt, booking.expiresAt
                FROM booking JOIN showing ON showing.id = booking.showing JOIN screen ON screen.id = showing.screen
                WHERE booking.uuid = ?
                """, arguments: [StoredID.value(id)]
        ).map { row in
            BookingState(
                id: id, userId: row["userId"], showingId: row.id("showingId"), screenId: row.id("screenId"),
                storedStatus: StoredStatus.booking(row["status"]), createdAt: row["createdAt"],
                expiresAt: row["expiresAt"])
        }
    }

    func liveSeatIds(bookingId: String) throws -> [String] {
        try db.cachedRows(
            sql: """
                SELECT seat.uuid FROM claim JOIN seat ON seat.id = claim.seat
                WHERE claim.booking = (SELECT id FROM booking WHERE uuid = ?) AND claim.releasedAt IS NULL
                ORDER BY seat.rowIndex, seat.number
                """, arguments: [StoredID.value(bookingId)]
        ).map { $0.id(0) }
    }

    func bookingNumberExists(_ number: String) throws -> Bool {
        try db.cachedValue(
            Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM booking WHERE bookingNumber = ?)", arguments: [number])
            ?? false
    }

    func insertBooking(_ booking: NewBookingRecord) throws -> ClaimOutcome {
        do {
            try savepoint {
                // A showing that is not there leaves its key NULL, which NOT NULL refuses.
                try db.cachedExecute(
                    sql: """
                        INSERT INTO booking (uuid, bookingNumber, userId, showing, status, total, currency, createdAt,
                                             updatedAt, expiresAt)
                        VALUES (?, ?, ?, (SELECT id FROM showing WHERE uuid = ?), ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        StoredID.value(booking.id), booking.bookingNumber, booking.userId,
                        StoredID.value(booking.showingId), StoredStatus.code(booking.status), booking.total.amount,
                        booking.total.currency, booking.createdAt, booking.createdAt, booking.expiresAt,
                    ])
                let key = db.lastInsertedRowID
                // The claim's showing and screen are the booking's; the composite foreign
                // keys check that the seat is one of that screen's.
                let insertSeat = try db.cachedStatement(
                    sql: """
                        INSERT INTO claim (booking, showing, screen, seat, price)
                        SELECT booking.id, booking.showing, showing.screen, (SELECT id FROM seat WHERE uuid = ?), ?
                        FROM booking JOIN showing ON showing.id = booking.showing WHERE booking.id = ?
                        """)
                for seat in booking.seats {
                    try insertSeat.execute(arguments: [StoredID.value(seat.seatId), seat.price, key])
                }
            }
            return .done
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            && (error.message ?? "").contains("claim.showing")
        {
            // A second live claim on a seat, a booking's or a block (the partial unique
            // index): the savepoint undid the booking.
            return .seatsTaken
        }
    }

    func updateBooking(id: String, status: BookingStatus, expiresAt: Timestamp?, updatedAt: Timestamp) throws {
        try db.cachedExecute(
            sql: "UPDATE booking SET status = ?, expiresAt = ?, updatedAt = ? WHERE uuid = ?",
            arguments: [StoredStatus.code(status), expiresAt, updatedAt, StoredID.value(id)])
    }

    func recomputeTotal(bookingId: String, updatedAt: Timestamp) throws {
        try db.cachedExecute(
            sql: """
                UPDATE booking SET updatedAt = :now,
                    total = (SELECT COALESCE(SUM(price), 0) FROM claim
                             WHERE claim.booking = booking.id AND claim.removedAt IS NULL)
                WHERE uuid = :bookingId
                """,
            arguments: ["now": updatedAt, "bookingId": StoredID.value(bookingId)])
    }

    func idempotencyRecord(userId: String, key: String) throws -> IdempotencyRecord? {
        guard
            let row = try db.cachedRow(
                sql: """
                    SELECT idempotencyKey.method, idempotencyKey.fingerprint, booking.uuid AS bookingId,
                           idempotencyKey.result, idempotencyKey.createdAt
                    FROM idempotencyKey LEFT JOIN booking ON booking.id = idempotencyKey.booking
                    WHERE idempotencyKey.userId = ? AND idempotencyKey.key = ?
                    """,
                arguments: [userId, key])
        else { return nil }
        // Keys kept before operations had names of their own carry the method's name.
        let method: String = row["method"]
        let operation =
            IdempotentOperation(rawValue: method)
            ?? IdempotentOperation(rawValue: String(method.dropFirst("booking.".count))) ?? .hold
        return IdempotencyRecord(
            userId: userId, key: key, operation: operation, fingerprint: row["fingerprint"],
            bookingId: row.id("bookingId"), replay: row["result"], createdAt: row["createdAt"])
    }

    func saveIdempotencyRecord(_ record: IdempotencyRecord) throws {
        try db.cachedExecute(
            sql: """
                INSERT INTO idempotencyKey (userId, key, method, fingerprint, booking, result, createdAt)
                VALUES (?, ?, ?, ?, (SELECT id FROM booking WHERE uuid = ?), ?, ?)
                """,
            arguments: [
                record.userId, record.key, record.operation.rawValue, record.fingerprint,
                StoredID.value(record.bookingId), record.replay, record.createdAt,
            ])
    }
}

/// Statuses as the lean schema keeps them: small integers, named in the tables
/// `bookingStatus` and `seatStatus`.
enum StoredStatus {
    /// A booking status's number.
    static func code(_ status: BookingStatus) -> Int {
        switch status {
        case .pending: 0
        case .confirmed: 1
        case .cancelled: 2
        case .expired: 3
        }
    }

    /// The booking status a number stands for.
    static func booking(_ code: Int) -> BookingStatus {
        switch code {
        case 0: .pending
        case 1: .confirmed
        case 3: .expired
        default: .cancelled
        }
    }

    /// A seat status's number.
    static func code(_ status: SeatStatus) -> Int {
        switch status {
        case .available: 0
        case .held: 1
        case .booked: 2
        case .blocked: 3
        }
    }
}
