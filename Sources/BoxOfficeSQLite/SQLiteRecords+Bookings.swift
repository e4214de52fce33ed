import BoxOffice
import GRDB

/// Bookings, their seats, and idempotency keys.
extension SQLiteRecords {
    static let selectBookings = """
        SELECT booking.id, booking.bookingNumber, booking.userId, booking.status, booking.total, booking.currency,
               booking.createdAt, booking.updatedAt, booking.expiresAt,
               showing.id AS showingId, showing.startsAt,
               movie.id AS movieId, movie.title, movie.durationMinutes, movie.rating,
               theater.id AS theaterId, theater.name AS theaterName,
               screen.id AS screenId, screen.name AS screenName
        FROM booking
        JOIN showing ON showing.id = booking.showingId
        JOIN movie ON movie.id = showing.movieId
        JOIN screen ON screen.id = showing.screenId
        JOIN theater ON theater.id = screen.theaterId
        """

    func storedBooking(_ lookup: BookingLookup) throws -> Booking? {
        let (column, value) =
            switch lookup {
            case .id(let id): ("id", id)
            case .number(let number): ("bookingNumber", number)
            }
        return try db.cachedRow(sql: Self.selectBookings + " WHERE booking.\(column) = ?", arguments: [value])
            .map(booking)
    }

    /// A booking from a row of `selectBookings`, with its seats, as stored.
    private func booking(_ row: Row) throws -> Booking {
        let id: String = row["id"]
        let currency: String = row["currency"]
        let seats = try db.cachedRows(
            sql: """
                SELECT seat.id, seat.label, seat.type, bookingSeat.price
                FROM bookingSeat JOIN seat ON seat.id = bookingSeat.seatId
                WHERE bookingSeat.bookingId = ? AND bookingSeat.removedAt IS NULL
                ORDER BY seat.rowIndex, seat.number
                """, arguments: [id]
        ).map { seat in
            BookedSeat(
                id: seat["id"], label: seat["label"], type: SeatType(rawValue: seat["type"]) ?? .regular,
                price: Money(amount: seat["price"], currency: currency))
        }
        return Booking(
            id: id, bookingNumber: row["bookingNumber"], userId: row["userId"],
            status: BookingStatus(rawValue: row["status"]) ?? .cancelled,
            showing: ShowingRef(id: row["showingId"], startsAt: row["startsAt"]),
            movie: Movie(
                id: row["movieId"], title: row["title"], durationMinutes: row["durationMinutes"], rating: row["rating"]),
            theater: NamedRef(id: row["theaterId"], name: row["theaterName"]),
            screen: NamedRef(id: row["screenId"], name: row["screenName"]),
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
            case .pending?: "booking.status = 'pending' AND booking.expiresAt > :now"
            case .expired?:
                "(booking.status = 'expired' OR (booking.status = 'pending' AND booking.expiresAt <= :now))"
            case .confirmed?: "booking.status = 'confirmed'"
            case .cancelled?: "booking.status = 'cancelled'"
            }
        return try db.cachedRows(
            sql: Self.selectBookings + """
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
                "afterId": after?.id, "fetch": limit,
            ]
        ).map(booking)
    }

    func bookingState(id: String) throws -> BookingState? {
        try db.cachedRow(
            sql: """
                SELECT booking.id, booking.userId, booking.showingId, showing.screenId, booking.status,
                       booking.createdAt, booking.expiresAt
                FROM booking JOIN showing ON showing.id = booking.showingId
                WHERE booking.id = ?
                """, arguments: [id]
        ).map { row in
            BookingState(
                id: row["id"], userId: row["userId"], showingId: row["showingId"], screenId: row["screenId"],
                storedStatus: BookingStatus(rawValue: row["status"]) ?? .cancelled, createdAt: row["createdAt"],
                expiresAt: row["expiresAt"])
        }
    }

    func liveSeatIds(bookingId: String) throws -> [String] {
        try db.cachedValues(
            String.self,
            sql: """
                SELECT bookingSeat.seatId FROM bookingSeat JOIN seat ON seat.id = bookingSeat.seatId
                WHERE bookingSeat.bookingId = ? AND bookingSeat.releasedAt IS NULL
                ORDER BY seat.rowIndex, seat.number
                """, arguments: [bookingId])
    }

    func bookingNumberExists(_ number: String) throws -> Bool {
        try db.cachedValue(
            Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM booking WHERE bookingNumber = ?)", arguments: [number])
            ?? false
    }

    func insertBooking(_ booking: NewBookingRecord) throws -> ClaimOutcome {
        do {
            try savepoint {
                try db.cachedExecute(
                    sql: """
                        INSERT INTO booking (id, bookingNumber, userId, showingId, status, total, currency, createdAt, updatedAt, expiresAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        booking.id, booking.bookingNumber, booking.userId, booking.showingId, booking.status.rawValue,
                        booking.total.amount, booking.total.currency, booking.createdAt, booking.createdAt,
                        booking.expiresAt,
                    ])
                let insertSeat = try db.cachedStatement(
                    sql: """
                        INSERT INTO bookingSeat (bookingId, seatId, showingId, screenId, price)
                        VALUES (?, ?, ?, ?, ?)
                        """)
                for seat in booking.seats {
                    try insertSeat.execute(arguments: [
                        booking.id, seat.seatId, booking.showingId, booking.screenId, seat.price,
                    ])
                }
            }
            return .done
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            && (error.message ?? "").contains("bookingSeat.showingId")
            || error.extendedResultCode == .SQLITE_CONSTRAINT_TRIGGER
        {
            // A second live claim on a seat (the partial unique index) or a claim on a
            // blocked seat (the trigger): the savepoint undid the booking.
            return .seatsTaken
        }
    }

    func updateBooking(id: String, status: BookingStatus, expiresAt: Timestamp?, updatedAt: Timestamp) throws {
        try db.cachedExecute(
            sql: "UPDATE booking SET status = ?, expiresAt = ?, updatedAt = ? WHERE id = ?",
            arguments: [status.rawValue, expiresAt, updatedAt, id])
    }

    func recomputeTotal(bookingId: String, updatedAt: Timestamp) throws {
        try db.cachedExecute(
            sql: """
                UPDATE booking SET updatedAt = :now,
                    total = (SELECT COALESCE(SUM(price), 0) FROM bookingSeat
                             WHERE bookingId = :bookingId AND removedAt IS NULL)
                WHERE id = :bookingId
                """,
            arguments: ["now": updatedAt, "bookingId": bookingId])
    }

    func idempotencyRecord(userId: String, key: String) throws -> IdempotencyRecord? {
        guard
            let row = try db.cachedRow(
                sql: """
                    SELECT method, fingerprint, bookingId, result, createdAt FROM idempotencyKey
                    WHERE userId = ? AND key = ?
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
            bookingId: row["bookingId"] ?? "", replay: row["result"], createdAt: row["createdAt"])
    }

    func saveIdempotencyRecord(_ record: IdempotencyRecord) throws {
        try db.cachedExecute(
            sql: """
                INSERT INTO idempotencyKey (userId, key, method, fingerprint, bookingId, result, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.userId, record.key, record.operation.rawValue, record.fingerprint, record.bookingId,
                record.replay, record.createdAt,
            ])
    }
}
