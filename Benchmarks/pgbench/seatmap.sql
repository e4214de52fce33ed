-- The seat map's query as boxoffice runs it (SQL.LiveClaims), for one showing with a
-- third of its 400 seats booked: :showing is its uuid in hex.
\set now 0
SELECT seat.uuid, CASE WHEN claim.booking IS NULL THEN 3 WHEN booking.status = 1 THEN 2 ELSE 1 END, booking.userId
FROM claim
CROSS JOIN LATERAL (SELECT uuid FROM seat WHERE seat.id = claim.seat OFFSET 0) AS seat
LEFT JOIN LATERAL (
    SELECT status, expiresAt, userId FROM booking WHERE booking.id = claim.booking OFFSET 0
) AS booking ON TRUE
WHERE claim.showing = (SELECT id FROM showing WHERE uuid = decode(:showing, 'hex')) AND claim.releasedAt IS NULL
  AND (claim.booking IS NULL OR booking.status = 1 OR (booking.status = 0 AND booking.expiresAt > :now));
