-- The work pgbench does beside boxoffice, on a database boxoffice made: every pair of
-- neighbouring seats (seats 1-2, 3-4, … of each row) of the showings named in
-- bench_showing, numbered from 1 in bench_pair, and a sequence handing each transaction
-- the next pair, so that no two bookings ask for the same seats.
DROP TABLE IF EXISTS bench_pair;
DROP SEQUENCE IF EXISTS bench_slot;
CREATE TABLE bench_pair AS
SELECT row_number() OVER (ORDER BY showing.id, first.id) AS slot, showing.id AS showing, showing.screen,
       first.id AS seat1, second.id AS seat2
FROM bench_showing JOIN showing ON showing.uuid = bench_showing.uuid
JOIN seat AS first ON first.screen = showing.screen AND first.number % 2 = 1
JOIN seat AS second ON second.screen = showing.screen AND second.rowIndex = first.rowIndex
                    AND second.number = first.number + 1;
ALTER TABLE bench_pair ADD PRIMARY KEY (slot);
CREATE SEQUENCE bench_slot;
ANALYZE bench_pair;
