import BoxOffice
import PostgresNIO

/// A new booking in one statement.
extension PostgresRecords {
    /// The showing's lock, the reclaim of its expired holds, the booking with its claims,
    /// the seat log lines and the notification, as one statement (`SQL.PlaceBooking`):
    /// alone, that is one round trip and its own transaction (see `runWhole`).
    ///
    /// The unique index `claim_oneLive` is the availability check: a seat claimed by
    /// another live claim or a block makes the insert fail, and a statement that fails
    /// leaves nothing written, the freed holds included (the caller reads who holds the
    /// seats only then). A booking number in use fails on `booking`'s unique key.
    func placeBooking(_ booking: NewBookingRecord, events: [SeatEvent], now: Timestamp) throws -> PlacementOutcome {
        precondition(
            events.allSatisfy { $0.showingId == booking.showingId && $0.bookingId == booking.id },
            "a booking's log lines are about its showing and itself")
        do {
            _ = try runWhole(Self.placeBookingStatement(booking, events: events, now: now))
        } catch PostgresFailure.refused("23505", _, let constraint) where constraint == "claim_onelive" {
            return .seatsTaken
        } catch PostgresFailure.refused("23505", _, let constraint) where constraint == "booking_bookingnumber_key" {
            return .numberTaken
        }
        scope?.locks.showings.insert(booking.showingId)
        return .done
    }

    /// `SQL.PlaceBooking` with its values bound.
    static func placeBookingStatement(_ booking: NewBookingRecord, events: [SeatEvent], now: Timestamp) -> Statement {
        Statement(SQL.PlaceBooking.self).id(booking.showingId).time(now).id(booking.id).text(booking.bookingNumber)
            .text(booking.userId).int(PostgresStatus.code(booking.status)).int(booking.total.amount)
            .text(booking.total.currency).time(booking.createdAt).time(booking.expiresAt)
            .ids(booking.seats.map(\.seatId)).ints(booking.seats.map(\.price))
            .ids(events.map(\.seatId)).ints(events.map { PostgresStatus.code($0.status) }).texts(events.map(\.cause))
            .texts(events.map(\.actor)).ints(events.map(\.at.secondsSince1970))
    }
}

extension SQL {
    /// `$1` the showing, `$2` now; the booking: `$3` id, `$4` number, `$5` user, `$6`
    /// status, `$7` total, `$8` currency, `$9` createdAt, `$10` expiresAt, `$11` seats,
    /// `$12` prices; its log lines: `$13` seats, `$14` statuses, `$15` causes, `$16`
    /// actors, `$17` times. Answers the booking's key.
    ///
    /// The parts run in the order their data needs: the lock (an InitPlan, before any
    /// scan), the holds that ran out and then their claims, the booking only once those
    /// claims are released (`freed` is counted first), its claims, the log. Each seat is
    /// found by `seat.uuid`, one index search (`LATERAL … OFFSET 0`), never a hash of
    /// every seat of the chain. Rows changed by another transaction since the
    /// statement's snapshot are read again as they are now (READ COMMITTED), and the
    /// unique index checks against what is committed, so a snapshot older than the lock
    /// misleads nothing.
    enum PlaceBooking: StatementText {
        static let sql = """
            WITH locked AS (
                SELECT id, screen, pg_advisory_xact_lock(id)::text AS lock FROM showing WHERE uuid = $1
            ), expired AS (
                UPDATE booking SET status = 3, updatedAt = booking.expiresAt
                WHERE booking.showing = (SELECT id FROM locked) AND booking.status = 0 AND booking.expiresAt <= $2
                RETURNING booking.id, booking.expiresAt
            ), freed AS (
                UPDATE claim SET releasedAt = expired.expiresAt
                FROM expired
                WHERE claim.booking = expired.id AND claim.releasedAt IS NULL
                RETURNING claim.seat, claim.booking, expired.expiresAt AS at
            ), made AS (
                INSERT INTO booking (uuid, bookingNumber, userId, showing, status, total, currency, createdAt,
                                     updatedAt, expiresAt)
                SELECT $3, $4, $5, locked.id, $6::bigint, $7, $8, $9, $9, $10
                FROM locked WHERE (SELECT count(*) FROM freed) >= 0
                RETURNING id, showing
            ), claimed AS (
                INSERT INTO claim (booking, showing, screen, seat, price)
                SELECT made.id, made.showing, (SELECT screen FROM locked), seat.id, s.price
                FROM made, unnest($11::bytea[], $12::bigint[]) WITH ORDINALITY AS s(uuid, price, n)
                     CROSS JOIN LATERAL (SELECT id FROM seat WHERE seat.uuid = s.uuid OFFSET 0) AS seat
                ORDER BY s.n
                RETURNING 1
            ), logged AS (
                INSERT INTO seatEvent (showing, seat, status, cause, booking, actor, at)
                SELECT (SELECT id FROM locked), line.seat, line.status, line.cause, line.booking, line.actor, line.at
                FROM (
                    SELECT 0 AS part, freed.booking, freed.seat, 0::bigint AS status, 'expired' AS cause,
                           'system' AS actor, freed.at, 0::bigint AS n
                    FROM freed
                    UNION ALL
                    SELECT 1, (SELECT id FROM made), seat.id, e.status, e.cause, e.actor, e.at, e.n
                    FROM unnest($13::bytea[], $14::bigint[], $15::text[], $16::text[], $17::bigint[])
                         WITH ORDINALITY AS e(seat, status, cause, actor, at, n)
                         CROSS JOIN LATERAL (SELECT id FROM seat WHERE seat.uuid = e.seat OFFSET 0) AS seat
                    WHERE (SELECT count(*) FROM claimed) >= 0
                ) AS line
                ORDER BY line.part, line.n, line.booking, line.seat
                RETURNING 1
            )
            SELECT (SELECT id FROM made), (SELECT count(*) FROM logged),
                   pg_notify('\(PostgresChangeFeed.channel)', (SELECT id FROM locked)::text)::text
            """
    }
}
