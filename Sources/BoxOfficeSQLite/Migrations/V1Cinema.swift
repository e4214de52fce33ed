import GRDB

/// `v1-cinema`: the first schema.
extension Schema {
    /// Catalog, bookings, blocks, idempotency and the seat status log.
    ///
    /// Times are INTEGER seconds since 1970, money INTEGER minor units. Composite
    /// foreign keys make SQLite itself check that a claimed or blocked seat belongs
    /// to the screen of the showing, and partial unique indexes make it refuse a
    /// second live claim (or block) on one seat of one showing.
    static func v1(_ db: Database) throws {
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
}
