-- The same booking as booking_6.sql in one statement (data-modifying CTEs): its own
-- transaction, one round trip.
WITH p AS (
    SELECT slot, showing, screen, seat1, seat2, pg_advisory_xact_lock(showing)::text AS locked
    FROM bench_pair WHERE slot = (SELECT nextval('bench_slot'))
), made AS (
    INSERT INTO booking (uuid, bookingNumber, userId, showing, status, total, currency, createdAt, updatedAt,
                         expiresAt)
    SELECT decode(md5(:run || '-' || slot), 'hex'), 'PGB-' || :run || '-' || slot, 'pgbench', showing, 1, 2000, 'EUR', 0, 0, NULL
    FROM p
    RETURNING id, showing
), claimed AS (
    INSERT INTO claim (booking, showing, screen, seat, price)
    SELECT made.id, made.showing, p.screen, seat, 1000 FROM made, p, LATERAL (VALUES (p.seat1), (p.seat2)) AS s(seat)
    RETURNING seat
), logged AS (
    INSERT INTO seatEvent (showing, seat, status, cause, booking, actor, at)
    SELECT made.showing, seat, 2, 'book', made.id, 'pgbench', 0 FROM made, p, LATERAL (VALUES (p.seat1), (p.seat2)) AS s(seat)
    RETURNING showing
)
SELECT (SELECT count(*) FROM claimed), pg_notify('boxoffice_seat_events', (SELECT min(showing) FROM logged)::text);
