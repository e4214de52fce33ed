import GRDB

/// Reads bookings in the full shape of the contract: showing, movie, theater, screen,
/// seats with prices, total.
enum BookingAssembly {
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

    /// One booking by id.
    /// - Throws: `.notFound` when there is none.
    static func load(_ db: Database, id: String, now: Timestamp) throws -> Booking {
        guard let row = try db.cachedRow(sql: selectBookings + " WHERE booking.id = ?", arguments: [id]) else {
            throw BoxOfficeError.notFound(kind: "booking", id: id)
        }
        return try booking(db, row: row, now: now)
    }

    /// A booking from a row of `selectBookings`, with its seats.
    static func booking(_ db: Database, row: Row, now: Timestamp) throws -> Booking {
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
        var status = BookingStatus(rawValue: row["status"]) ?? .cancelled
        let expiresAt: Timestamp? = row["expiresAt"]
        var updatedAt: Timestamp = row["updatedAt"]
        if status == .pending, let expiresAt, expiresAt <= now {
            // Expired, though no transaction has needed its seats yet to write it down.
            status = .expired
            updatedAt = expiresAt
        }
        return Booking(
            id: id, bookingNumber: row["bookingNumber"], userId: row["userId"], status: status,
            showing: ShowingRef(id: row["showingId"], startsAt: row["startsAt"]),
            movie: Movie(
                id: row["movieId"], title: row["title"], durationMinutes: row["durationMinutes"], rating: row["rating"]),
            theater: NamedRef(id: row["theaterId"], name: row["theaterName"]),
            screen: NamedRef(id: row["screenId"], name: row["screenName"]),
            seats: seats, total: Money(amount: row["total"], currency: currency),
            createdAt: row["createdAt"], updatedAt: updatedAt, expiresAt: expiresAt)
    }
}
