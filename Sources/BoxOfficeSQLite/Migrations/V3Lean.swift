import GRDB

/// `v3-lean`: integer keys inside, one claims table, statuses as numbers.
extension Schema {
    /// The lean schema, with every row of v2 carried over.
    ///
    /// - Integer keys inside: movie, theater, screen, seat, showing and booking are rowid
    ///   tables that point at each other by `id`; each keeps its UUID once, in `uuid`, as 16
    ///   bytes (`StoredID`) under a unique index.
    /// - One table of live claims, `claim`, for the seats of bookings and for blocks (`booking`
    ///   NULL): one partial unique index, `claim_oneLive`, refuses a second live claim of any
    ///   kind on a seat of a showing, so the triggers that kept blocks and bookings apart
    ///   are gone. Composite foreign keys still make SQLite check that the seat belongs to
    ///   the showing's screen, and that a booking's claim is on the booking's showing.
    /// - Statuses are small integers, named in `bookingStatus` and `seatStatus`.
    /// - The seat status log keeps the one index a query reads (by showing).
    static func v3(_ db: Database) throws {
        db.add(function: StoredID.function)
        for table in [
            "movie", "theater", "screen", "seat", "showing", "showingPrice", "booking", "bookingSeat", "seatBlock",
            "idempotencyKey", "seatEvent",
        ] {
            try db.execute(sql: "ALTER TABLE \(table) RENAME TO v2_\(table)")
        }
        try db.execute(
            sql: """
                CREATE TABLE bookingStatus (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                INSERT INTO bookingStatus VALUES (0, 'pending'), (1, 'confirmed'), (2, 'cancelled'), (3, 'expired');
                CREATE TABLE seatStatus (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                INSERT INTO seatStatus VALUES (0, 'available'), (1, 'held'), (2, 'booked'), (3, 'blocked');

                CREATE TABLE movie (
                    id INTEGER PRIMARY KEY,
                    uuid BLOB NOT NULL UNIQUE,
                    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
                    durationMinutes INTEGER NOT NULL CHECK (durationMinutes BETWEEN 1 AND 1440),
                    rating TEXT,
                    createdAt INTEGER NOT NULL
                );

                CREATE TABLE theater (
                    id INTEGER PRIMARY KEY,
                    uuid BLOB NOT NULL UNIQUE,
                    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                    city TEXT,
                    createdAt INTEGER NOT NULL
                );

                CREATE TABLE screen (
                    id INTEGER PRIMARY KEY,
                    uuid BLOB NOT NULL UNIQUE,
                    theater INTEGER NOT NULL REFERENCES theater(id),
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                    layout TEXT NOT NULL,
                    capacity INTEGER NOT NULL CHECK (capacity > 0),
                    UNIQUE (theater, name),
                    UNIQUE (theater, position)
                );

                CREATE TABLE seat (
                    id INTEGER PRIMARY KEY,
                    uuid BLOB NOT NULL UNIQUE,
                    screen INTEGER NOT NULL REFERENCES screen(id),
                    label TEXT NOT NULL,
                    rowLabel TEXT NOT NULL,
                    rowIndex INTEGER NOT NULL CHECK (rowIndex >= 0),
                    number INTEGER NOT NULL CHECK (number >= 1),
                    x INTEGER NOT NULL CHECK (x >= 0),
                    type TEXT NOT NULL CHECK (type IN (\(seatTypes))),
                    UNIQUE (screen, label),
                    UNIQUE (screen, rowIndex, x),
                    UNIQUE (id, screen)
                );

                CREATE TABLE showing (
                    id INTEGER PRIMARY KEY,
                    uuid BLOB NOT NULL UNIQUE,
                    movie INTEGER NOT NULL REFERENCES movie(id),
                    screen INTEGER NOT NULL REFERENCES screen(id),
                    startsAt INTEGER NOT NULL,
                    endsAt INTEGER NOT NULL,
                    salesCloseAt INTEGER NOT NULL,
                    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
                    createdAt INTEGER NOT NULL,
                    CHECK (endsAt > startsAt),
                    CHECK (salesCloseAt <= endsAt),
                    UNIQUE (id, screen)
                );

                CREATE TABLE showingPrice (
                    showing INTEGER NOT NULL REFERENCES showing(id),
                    seatType TEXT NOT NULL CHECK (seatType IN (\(seatTypes))),
                    amount INTEGER NOT NULL CHECK (amount >= 0),
                    PRIMARY KEY (showing, seatType)
                ) WITHOUT ROWID;

                -- status: bookingStatus (0 pending, 1 confirmed, 2 cancelled, 3 expired).
                CREATE TABLE booking (
                    id INTEGER PRIMARY KEY,
                    uuid BLOB NOT NULL UNIQUE,
                    bookingNumber TEXT NOT NULL UNIQUE,
                    userId TEXT NOT NULL CHECK (length(userId) > 0),
                    showing INTEGER NOT NULL REFERENCES showing(id),
                    status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),
                    total INTEGER NOT NULL CHECK (total >= 0),
                    currency TEXT NOT NULL,
                    createdAt INTEGER NOT NULL,
                    updatedAt INTEGER NOT NULL,
                    expiresAt INTEGER,
                    CHECK (status <> 0 OR expiresAt IS NOT NULL),
                    UNIQUE (id, showing)
                );

                -- A seat of a booking (booking set, with its price) or a block (booking NULL,
                -- with blockedAt and a reason). A claim is live while releasedAt is NULL;
                -- released claims stay as history. removedAt marks a seat taken out of a
                -- booking that goes on (a partial cancel): a booking's seats are its claims
                -- never removed.
                CREATE TABLE claim (
                    id INTEGER PRIMARY KEY,
                    showing INTEGER NOT NULL,
                    screen INTEGER NOT NULL,
                    seat INTEGER NOT NULL,
                    booking INTEGER,
                    price INTEGER CHECK (price >= 0),
                    reason TEXT,
                    blockedAt INTEGER,
                    releasedAt INTEGER,
                    removedAt INTEGER,
                    CHECK (booking IS NULL OR (price IS NOT NULL AND reason IS NULL AND blockedAt IS NULL)),
                    CHECK (booking IS NOT NULL OR (price IS NULL AND blockedAt IS NOT NULL AND removedAt IS NULL)),
                    CHECK (removedAt IS NULL OR releasedAt IS NOT NULL),
                    FOREIGN KEY (booking, showing) REFERENCES booking(id, showing),
                    FOREIGN KEY (showing, screen) REFERENCES showing(id, screen),
                    FOREIGN KEY (seat, screen) REFERENCES seat(id, screen)
                );

                CREATE TABLE idempotencyKey (
                    userId TEXT NOT NULL,
                    key TEXT NOT NULL CHECK (length(key) > 0),
                    method TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    booking INTEGER REFERENCES booking(id),
                    result TEXT NOT NULL,
                    createdAt INTEGER NOT NULL,
                    PRIMARY KEY (userId, key)
                ) WITHOUT ROWID;

                -- Every change of a seat's status for a showing: who, what, when. status:
                -- seatStatus (0 available, 1 held, 2 booked, 3 blocked). Ids only grow: rows
                -- are never deleted.
                CREATE TABLE seatEvent (
                    id INTEGER PRIMARY KEY,
                    showing INTEGER NOT NULL REFERENCES showing(id),
                    seat INTEGER NOT NULL REFERENCES seat(id),
                    status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),
                    cause TEXT NOT NULL,
                    booking INTEGER REFERENCES booking(id),
                    actor TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                """)
        try carryOverV2(db)
        for table in [
            "movie", "theater", "screen", "seat", "showing", "showingPrice", "booking", "bookingSeat", "seatBlock",
            "idempotencyKey", "seatEvent",
        ] {
            try db.execute(sql: "DROP TABLE v2_\(table)")
        }
        try db.execute(
            sql: """
                CREATE INDEX movie_byTitle ON movie(title, uuid);
                CREATE INDEX theater_byName ON theater(name, uuid);
                CREATE INDEX showing_byScreen ON showing(screen, startsAt);
                CREATE INDEX showing_byStart ON showing(startsAt, uuid);
                CREATE INDEX booking_byUser ON booking(userId, createdAt);
                CREATE INDEX booking_pendingByShowing ON booking(showing, expiresAt) WHERE status = 0;
                CREATE UNIQUE INDEX claim_oneLive ON claim(showing, seat) WHERE releasedAt IS NULL;
                CREATE INDEX claim_byBooking ON claim(booking);
                CREATE INDEX seatEvent_byShowing ON seatEvent(showing);
                """)
    }
}
