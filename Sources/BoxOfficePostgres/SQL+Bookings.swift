/// The statements of bookings, their seats and idempotency keys.
extension SQL {
    enum BookingSeats: StatementText {
        static let sql = """
            SELECT claim.booking, seat.uuid, seat.label, seat.type, claim.price
            FROM claim
            CROSS JOIN LATERAL (
                SELECT uuid, label, type, rowIndex, number FROM seat WHERE seat.id = claim.seat OFFSET 0
            ) AS seat
            WHERE claim.booking = ANY($1) AND claim.removedAt IS NULL
            ORDER BY claim.booking, seat.rowIndex, seat.number
            """
    }

    enum BookingState: StatementText {
        static let sql = """
            SELECT booking.userId, showing.uuid, screen.uuid, booking.status, booking.createdAt, booking.expiresAt
            FROM booking JOIN showing ON showing.id = booking.showing JOIN screen ON screen.id = showing.screen
            WHERE booking.uuid = $1
            """
    }

    enum LiveSeatIds: StatementText {
        static let sql = """
            SELECT seat.uuid
            FROM claim
            CROSS JOIN LATERAL (SELECT uuid, rowIndex, number FROM seat WHERE seat.id = claim.seat OFFSET 0) AS seat
            WHERE claim.booking = (SELECT id FROM booking WHERE uuid = $1) AND claim.releasedAt IS NULL
            ORDER BY seat.rowIndex, seat.number
            """
    }

    enum BookingNumberExists: StatementText {
        static let sql = "SELECT EXISTS (SELECT 1 FROM booking WHERE bookingNumber = $1)"
    }

    enum DeleteBooking: StatementText {
        static let sql = "WITH gone AS (DELETE FROM claim WHERE booking = $1) DELETE FROM booking WHERE id = $1"
    }

    enum InsertBooking: StatementText {
        static let sql = """
            WITH made AS (
                INSERT INTO booking (uuid, bookingNumber, userId, showing, status, total, currency, createdAt,
                                     updatedAt, expiresAt)
                VALUES ($1, $2, $3, (SELECT id FROM showing WHERE uuid = $4), $5, $6, $7, $8, $8, $9)
                RETURNING id, showing
            ), claimed AS (
                INSERT INTO claim (booking, showing, screen, seat, price)
                SELECT made.id, made.showing, (SELECT screen FROM showing WHERE uuid = $4), seat.id, s.price
                FROM made, unnest($10::bytea[], $11::bigint[]) WITH ORDINALITY AS s(uuid, price, n)
                     CROSS JOIN LATERAL (SELECT id FROM seat WHERE seat.uuid = s.uuid OFFSET 0) AS seat
                ORDER BY s.n
                ON CONFLICT (showing, seat) WHERE releasedAt IS NULL DO NOTHING
                RETURNING 1
            )
            SELECT (SELECT id FROM made), (SELECT count(*) FROM claimed)
            """
    }

    enum UpdateBooking: StatementText {
        static let sql = "UPDATE booking SET status = $1, expiresAt = $2, updatedAt = $3 WHERE uuid = $4"
    }

    enum RecomputeTotal: StatementText {
        static let sql = """
            UPDATE booking SET updatedAt = $1,
                total = (SELECT COALESCE(SUM(price), 0)::bigint FROM claim
                         WHERE claim.booking = booking.id AND claim.removedAt IS NULL)
            WHERE uuid = $2
            """
    }

    enum IdempotencyRecord: StatementText {
        static let sql = """
            SELECT idempotencyKey.method, idempotencyKey.fingerprint, booking.uuid, idempotencyKey.result,
                   idempotencyKey.createdAt
            FROM idempotencyKey LEFT JOIN booking ON booking.id = idempotencyKey.booking
            WHERE idempotencyKey.userId = $1 AND idempotencyKey.key = $2
            """
    }

    enum SaveIdempotencyRecord: StatementText {
        static let sql = """
            INSERT INTO idempotencyKey (userId, key, method, fingerprint, booking, result, createdAt)
            VALUES ($1, $2, $3, $4, (SELECT id FROM booking WHERE uuid = $5), $6, $7)
            """
    }

    enum BookingByID: StatementText { static let sql = PostgresRecords.selectBookings + " WHERE booking.uuid = $1" }

    enum BookingByNumber: StatementText {
        static let sql = PostgresRecords.selectBookings + " WHERE booking.bookingNumber = $1"
    }

    /// A page of a user's bookings; `$7` is the status asked for, NULL for any.
    enum BookingsOfUser: StatementText {
        static let sql =
            PostgresRecords.selectBookings + """
                 WHERE booking.userId = $1
                  AND ($2::bytea IS NULL OR showing.uuid = $2)
                  AND CASE $7::text
                      WHEN 'pending' THEN booking.status = 0 AND booking.expiresAt > $3
                      WHEN 'expired' THEN booking.status = 3 OR (booking.status = 0 AND booking.expiresAt <= $3)
                      WHEN 'confirmed' THEN booking.status = 1
                      WHEN 'cancelled' THEN booking.status = 2
                      ELSE TRUE END
                  AND $3::bigint IS NOT NULL
                  AND ($4::bigint IS NULL OR booking.createdAt < $4
                       OR (booking.createdAt = $4 AND booking.uuid < $5))
                ORDER BY booking.createdAt DESC, booking.uuid DESC
                LIMIT $6::bigint
                """
    }
}
