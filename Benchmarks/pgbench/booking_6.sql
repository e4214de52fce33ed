-- A durable 2-seat booking as boxoffice's work was before one statement: BEGIN, the
-- showing's lock, the booking, its 2 claims (under the partial unique index), its 2
-- seat log lines with the notification, COMMIT.
BEGIN;
SELECT p.slot, p.showing, p.screen, p.seat1, p.seat2, pg_advisory_xact_lock(p.showing)::text AS locked
FROM bench_pair AS p WHERE p.slot = (SELECT nextval('bench_slot')) \gset
INSERT INTO booking (uuid, bookingNumber, userId, showing, status, total, currency, createdAt, updatedAt, expiresAt)
VALUES (decode(md5(:run || '-' || :slot), 'hex'), 'PGB-' || :run || '-' || :slot, 'pgbench', :showing, 1, 2000, 'EUR', 0, 0, NULL)
RETURNING id AS booking \gset
INSERT INTO claim (booking, showing, screen, seat, price)
VALUES (:booking, :showing, :screen, :seat1, 1000), (:booking, :showing, :screen, :seat2, 1000);
WITH logged AS (
    INSERT INTO seatEvent (showing, seat, status, cause, booking, actor, at)
    VALUES (:showing, :seat1, 2, 'book', :booking, 'pgbench', 0), (:showing, :seat2, 2, 'book', :booking, 'pgbench', 0)
    RETURNING showing
)
SELECT pg_notify('boxoffice_seat_events', min(showing)::text) FROM logged;
COMMIT;
