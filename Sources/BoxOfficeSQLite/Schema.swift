import GRDB

/// The database schema, as named migrations. A migration that has landed is never
/// edited: a change to the schema is a new migration appended to the list.
enum Schema {
    static let seatTypes = "'regular', 'premium', 'vip', 'wheelchair', 'companion'"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-cinema", migrate: v1)
        migrator.registerMigration("v2-seatEvent-byShowing", migrate: v2)
        // GRDB runs it in one transaction with foreign keys off, and checks every foreign
        // key before it commits.
        migrator.registerMigration("v3-lean", migrate: v3)
        return migrator
    }

    /// Catalog, bookings, blocks, idempotency and the seat status log.
    ///
    /// Times are INTEGER seconds since 1970, money INTEGER minor units. Composite
    /// foreign keys make SQLite itself check that a claimed or blocked seat belongs
    /// to the screen of the showing, and partial unique indexes make it refuse a
    /// second live claim (or block) on one seat of one showing.
    private static func v1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE movie (
                    id TEXT PRIMARY KEY NOT NULL,
                    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
                    durationMinutes INTEGER NOT NULL CHECK (durationMinutes BETWEEN 1 AND 1440),
                    rating TEXT,
                    createdAt INTEGER NOT NULL
                );
                CREATE INDEX movie_byTitle ON movie(title, id);

                CREATE TABLE theater (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                    city TEXT,
                    createdAt INTEGER NOT NULL
                );
                CREATE INDEX theater_byName ON theater(name, id);

                CREATE TABLE screen (
                    id TEXT PRIMARY KEY NOT NULL,
                    theaterId TEXT NOT NULL REFERENCES theater(id),
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
                    layout TEXT NOT NULL,
                    capacity INTEGER NOT NULL CHECK (capacity > 0),
                    UNIQUE (theaterId, name),
                    UNIQUE (theaterId, position)
                );

                CREATE TABLE seat (
                    id TEXT PRIMARY KEY NOT NULL,
                    screenId TEXT NOT NULL REFERENCES screen(id),
                    label TEXT NOT NULL,
                    rowLabel TEXT NOT NULL,
                    rowIndex INTEGER NOT NULL CHECK (rowIndex >= 0),
                    number INTEGER NOT NULL CHECK (number >= 1),
                    x INTEGER NOT NULL CHECK (x >= 0),
                    type TEXT NOT NULL CHECK (type IN (\(seatTypes))),
                    UNIQUE (screenId, label),
                    UNIQUE (screenId, rowIndex, x),
                    UNIQUE (id, screenId)
                );

                CREATE TABLE showing (
                    id TEXT PRIMARY KEY NOT NULL,
                    movieId TEXT NOT NULL REFERENCES movie(id),
                    screenId TEXT NOT NULL REFERENCES screen(id),
                    startsAt INTEGER NOT NULL,
                    endsAt INTEGER NOT NULL,
                    salesCloseAt INTEGER NOT NULL,
                    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
                    createdAt INTEGER NOT NULL,
                    CHECK (endsAt > startsAt),
                    CHECK (salesCloseAt <= endsAt),
                    UNIQUE (id, screenId)
                );
                CREATE INDEX showing_byScreen ON showing(screenId, startsAt);
                CREATE INDEX showing_byMovie ON showing(movieId, startsAt);
                CREATE INDEX showing_byStart ON showing(startsAt, id);

                CREATE TABLE showingPrice (
                    showingId TEXT NOT NULL REFERENCES showing(id),
                    seatType TEXT NOT NULL CHECK (seatType IN (\(seatTypes))),
                    amount INTEGER NOT NULL CHECK (amount >= 0),
                    PRIMARY KEY (showingId, seatType)
                ) WITHOUT ROWID;

                CREATE TABLE booking (
                    id TEXT PRIMARY KEY NOT NULL,
                    bookingNumber TEXT NOT NULL UNIQUE,
                    userId TEXT NOT NULL CHECK (length(userId) > 0),
                    showingId TEXT NOT NULL REFERENCES showing(id),
                    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'cancelled', 'expired')),
                    total INTEGER NOT NULL CHECK (total >= 0),
                    currency TEXT NOT NULL,
                    createdAt INTEGER NOT NULL,
                    updatedAt INTEGER NOT NULL,
                    expiresAt INTEGER,
                    CHECK (status <> 'pending' OR expiresAt IS NOT NULL),
                    UNIQUE (id, showingId)
                );
                CREATE INDEX booking_byUser ON booking(userId, createdAt, id);
                CREATE INDEX booking_pendingByShowing ON booking(showingId, expiresAt) WHERE status = 'pending';

                -- The junction of bookings and seats. A claim is live while releasedAt is NULL;
                -- cancelled and expired claims stay, with their price, as history. removedAt
                -- marks a seat taken out of a booking that goes on (a partial cancel); the
                -- seats of a booking are those never removed.
                CREATE TABLE bookingSeat (
                    bookingId TEXT NOT NULL,
                    seatId TEXT NOT NULL,
                    showingId TEXT NOT NULL,
                    screenId TEXT NOT NULL,
                    price INTEGER NOT NULL CHECK (price >= 0),
                    releasedAt INTEGER,
                    removedAt INTEGER,
                    CHECK (removedAt IS NULL OR releasedAt IS NOT NULL),
                    PRIMARY KEY (bookingId, seatId),
                    FOREIGN KEY (bookingId, showingId) REFERENCES booking(id, showingId),
                    FOREIGN KEY (showingId, screenId) REFERENCES showing(id, screenId),
                    FOREIGN KEY (seatId, screenId) REFERENCES seat(id, screenId)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX bookingSeat_oneLiveClaim ON bookingSeat(showingId, seatId) WHERE releasedAt IS NULL;

                CREATE TABLE seatBlock (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    showingId TEXT NOT NULL,
                    screenId TEXT NOT NULL,
                    seatId TEXT NOT NULL,
                    reason TEXT,
                    blockedAt INTEGER NOT NULL,
                    unblockedAt INTEGER,
                    FOREIGN KEY (showingId, screenId) REFERENCES showing(id, screenId),
                    FOREIGN KEY (seatId, screenId) REFERENCES seat(id, screenId)
                );
                CREATE UNIQUE INDEX seatBlock_oneLiveBlock ON seatBlock(showingId, seatId) WHERE unblockedAt IS NULL;

                -- A seat is never both blocked and claimed, whatever the code above does.
                CREATE TRIGGER seatBlock_seatNotClaimed BEFORE INSERT ON seatBlock
                WHEN NEW.unblockedAt IS NULL AND EXISTS (
                    SELECT 1 FROM bookingSeat
                    WHERE showingId = NEW.showingId AND seatId = NEW.seatId AND releasedAt IS NULL)
                BEGIN SELECT RAISE(ABORT, 'seat is claimed by a booking'); END;
                CREATE TRIGGER bookingSeat_seatNotBlocked BEFORE INSERT ON bookingSeat
                WHEN NEW.releasedAt IS NULL AND EXISTS (
                    SELECT 1 FROM seatBlock
                    WHERE showingId = NEW.showingId AND seatId = NEW.seatId AND unblockedAt IS NULL)
                BEGIN SELECT RAISE(ABORT, 'seat is blocked'); END;

                CREATE TABLE idempotencyKey (
                    userId TEXT NOT NULL,
                    key TEXT NOT NULL CHECK (length(key) > 0),
                    method TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    bookingId TEXT REFERENCES booking(id),
                    result TEXT NOT NULL,
                    createdAt INTEGER NOT NULL,
                    PRIMARY KEY (userId, key)
                ) WITHOUT ROWID;

                -- Every change of a seat's status for a showing: who, what, when.
                CREATE TABLE seatEvent (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    showingId TEXT NOT NULL REFERENCES showing(id),
                    seatId TEXT NOT NULL REFERENCES seat(id),
                    status TEXT NOT NULL CHECK (status IN ('available', 'held', 'booked', 'blocked')),
                    cause TEXT NOT NULL,
                    bookingId TEXT REFERENCES booking(id),
                    actor TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX seatEvent_bySeat ON seatEvent(showingId, seatId, id);
                """)
    }

    /// Live seat maps ask "what changed for showing S since event N": an index on the
    /// showing and the event id makes that one search, whatever the log's length.
    private static func v2(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX seatEvent_byShowing ON seatEvent(showingId, id)")
    }

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
    private static func v3(_ db: Database) throws {
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

    /// Copies every row of the v2 tables into v3's: rowids become the integer keys, text
    /// references become those keys (a reference that finds nothing is NULL, which NOT NULL
    /// refuses, so nothing is dropped on the way), statuses become their numbers.
    private static func carryOverV2(_ db: Database) throws {
        let bookingStatus =
            "CASE status WHEN 'pending' THEN 0 WHEN 'confirmed' THEN 1 WHEN 'cancelled' THEN 2 WHEN 'expired' THEN 3 END"
        let seatStatus =
            "CASE status WHEN 'available' THEN 0 WHEN 'held' THEN 1 WHEN 'booked' THEN 2 WHEN 'blocked' THEN 3 END"
        func key(_ table: String, _ column: String) -> String {
            "(SELECT rowid FROM v2_\(table) WHERE v2_\(table).id = \(column))"
        }
        try db.execute(
            sql: """
                INSERT INTO movie (id, uuid, title, durationMinutes, rating, createdAt)
                SELECT rowid, storedId(id), title, durationMinutes, rating, createdAt FROM v2_movie ORDER BY rowid;

                INSERT INTO theater (id, uuid, name, city, createdAt)
                SELECT rowid, storedId(id), name, city, createdAt FROM v2_theater ORDER BY rowid;

                INSERT INTO screen (id, uuid, theater, position, name, layout, capacity)
                SELECT rowid, storedId(id), \(key("theater", "theaterId")), position, name, layout, capacity
                FROM v2_screen ORDER BY rowid;

                INSERT INTO seat (id, uuid, screen, label, rowLabel, rowIndex, number, x, type)
                SELECT rowid, storedId(id), \(key("screen", "screenId")), label, rowLabel, rowIndex, number, x, type
                FROM v2_seat ORDER BY rowid;

                INSERT INTO showing (id, uuid, movie, screen, startsAt, endsAt, salesCloseAt, currency, createdAt)
                SELECT rowid, storedId(id), \(key("movie", "movieId")), \(key("screen", "screenId")), startsAt, endsAt,
                       salesCloseAt, currency, createdAt
                FROM v2_showing ORDER BY rowid;

                INSERT INTO showingPrice (showing, seatType, amount)
                SELECT \(key("showing", "showingId")), seatType, amount FROM v2_showingPrice;

                INSERT INTO booking (id, uuid, bookingNumber, userId, showing, status, total, currency, createdAt,
                                     updatedAt, expiresAt)
                SELECT rowid, storedId(id), bookingNumber, userId, \(key("showing", "showingId")), \(bookingStatus),
                       total, currency, createdAt, updatedAt, expiresAt
                FROM v2_booking ORDER BY rowid;

                INSERT INTO claim (showing, screen, seat, booking, price, releasedAt, removedAt)
                SELECT \(key("showing", "showingId")), \(key("screen", "screenId")), \(key("seat", "seatId")),
                       \(key("booking", "bookingId")), price, releasedAt, removedAt
                FROM v2_bookingSeat ORDER BY \(key("booking", "bookingId")), \(key("seat", "seatId"));

                INSERT INTO claim (showing, screen, seat, reason, blockedAt, releasedAt)
                SELECT \(key("showing", "showingId")), \(key("screen", "screenId")), \(key("seat", "seatId")),
                       reason, blockedAt, unblockedAt
                FROM v2_seatBlock ORDER BY id;

                INSERT INTO idempotencyKey (userId, key, method, fingerprint, booking, result, createdAt)
                SELECT userId, key, method, fingerprint, \(key("booking", "bookingId")), result, createdAt
                FROM v2_idempotencyKey;

                INSERT INTO seatEvent (id, showing, seat, status, cause, booking, actor, at)
                SELECT id, \(key("showing", "showingId")), \(key("seat", "seatId")), \(seatStatus), cause,
                       \(key("booking", "bookingId")), actor, at
                FROM v2_seatEvent ORDER BY id;
                """)
    }
}
