/// `v3-lean`, the first PostgreSQL migration (logical schema version 3).
extension PostgresSchema {
    /// The lean schema on PostgreSQL.
    ///
    /// Composite foreign keys make the server itself check that a claimed or blocked seat
    /// belongs to the screen of the showing and that a booking's claim is on the booking's
    /// showing; `claim_oneLive` refuses a second live claim of any kind on one seat of one
    /// showing, whatever any process on any host does.
    static let v3Lean = [
        "CREATE TABLE bookingStatus (id smallint PRIMARY KEY, name text NOT NULL UNIQUE)",
        "INSERT INTO bookingStatus VALUES (0, 'pending'), (1, 'confirmed'), (2, 'cancelled'), (3, 'expired')",
        "CREATE TABLE seatStatus (id smallint PRIMARY KEY, name text NOT NULL UNIQUE)",
        "INSERT INTO seatStatus VALUES (0, 'available'), (1, 'held'), (2, 'booked'), (3, 'blocked')",
        """
        CREATE TABLE movie (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            uuid bytea NOT NULL UNIQUE,
            title text NOT NULL CHECK (length(btrim(title)) > 0),
            durationMinutes integer NOT NULL CHECK (durationMinutes BETWEEN 1 AND 1440),
            rating text,
            createdAt bigint NOT NULL
        )
        """,
        """
        CREATE TABLE theater (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            uuid bytea NOT NULL UNIQUE,
            name text NOT NULL CHECK (length(btrim(name)) > 0),
            city text,
            createdAt bigint NOT NULL
        )
        """,
        """
        CREATE TABLE screen (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            uuid bytea NOT NULL UNIQUE,
            theater bigint NOT NULL REFERENCES theater(id),
            position integer NOT NULL,
            name text NOT NULL CHECK (length(btrim(name)) > 0),
            layout text NOT NULL,
            capacity integer NOT NULL CHECK (capacity > 0),
            UNIQUE (theater, name),
            UNIQUE (theater, position)
        )
        """,
        """
        CREATE TABLE seat (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            uuid bytea NOT NULL UNIQUE,
            screen bigint NOT NULL REFERENCES screen(id),
            label text NOT NULL,
            rowLabel text NOT NULL,
            rowIndex integer NOT NULL CHECK (rowIndex >= 0),
            number integer NOT NULL CHECK (number >= 1),
            x integer NOT NULL CHECK (x >= 0),
            type text NOT NULL CHECK (type IN (\(seatTypes))),
            UNIQUE (screen, label),
            UNIQUE (screen, rowIndex, x),
            UNIQUE (id, screen)
        )
        """,
        """
        CREATE TABLE showing (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            uuid bytea NOT NULL UNIQUE,
            movie bigint NOT NULL REFERENCES movie(id),
            screen bigint NOT NULL REFERENCES screen(id),
            startsAt bigint NOT NULL,
            endsAt bigint NOT NULL,
            salesCloseAt bigint NOT NULL,
            currency text NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
            createdAt bigint NOT NULL,
            CHECK (endsAt > startsAt),
            CHECK (salesCloseAt <= endsAt),
            UNIQUE (id, screen)
        )
        """,
        """
        CREATE TABLE showingPrice (
            showing bigint NOT NULL REFERENCES showing(id),
            seatType text NOT NULL CHECK (seatType IN (\(seatTypes))),
            amount bigint NOT NULL CHECK (amount >= 0),
            PRIMARY KEY (showing, seatType)
        )
        """,
        """
        CREATE TABLE booking (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            uuid bytea NOT NULL UNIQUE,
            bookingNumber text NOT NULL UNIQUE,
            userId text NOT NULL CHECK (length(userId) > 0),
            showing bigint NOT NULL REFERENCES showing(id),
            status smallint NOT NULL CHECK (status BETWEEN 0 AND 3),
            total bigint NOT NULL CHECK (total >= 0),
            currency text NOT NULL,
            createdAt bigint NOT NULL,
            updatedAt bigint NOT NULL,
            expiresAt bigint,
            CHECK (status <> 0 OR expiresAt IS NOT NULL),
            UNIQUE (id, showing)
        )
        """,
        """
        CREATE TABLE claim (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            showing bigint NOT NULL,
            screen bigint NOT NULL,
            seat bigint NOT NULL,
            booking bigint,
            price bigint CHECK (price >= 0),
            reason text,
            blockedAt bigint,
            releasedAt bigint,
            removedAt bigint,
            CHECK (booking IS NULL OR (price IS NOT NULL AND reason IS NULL AND blockedAt IS NULL)),
            CHECK (booking IS NOT NULL OR (price IS NULL AND blockedAt IS NOT NULL AND removedAt IS NULL)),
            CHECK (removedAt IS NULL OR releasedAt IS NOT NULL),
            FOREIGN KEY (booking, showing) REFERENCES booking(id, showing),
            FOREIGN KEY (showing, screen) REFERENCES showing(id, screen),
            FOREIGN KEY (seat, screen) REFERENCES seat(id, screen)
        )
        """,
        """
        CREATE TABLE idempotencyKey (
            userId text NOT NULL,
            key text NOT NULL CHECK (length(key) > 0),
            method text NOT NULL,
            fingerprint text NOT NULL,
            booking bigint REFERENCES booking(id),
            result text NOT NULL,
            createdAt bigint NOT NULL,
            PRIMARY KEY (userId, key)
        )
        """,
        """
        CREATE TABLE seatEvent (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            showing bigint NOT NULL REFERENCES showing(id),
            seat bigint NOT NULL REFERENCES seat(id),
            status smallint NOT NULL CHECK (status BETWEEN 0 AND 3),
            cause text NOT NULL,
            booking bigint REFERENCES booking(id),
            actor text NOT NULL,
            at bigint NOT NULL
        )
        """,
        "CREATE INDEX movie_byTitle ON movie(title, uuid)",
        "CREATE INDEX theater_byName ON theater(name, uuid)",
        "CREATE INDEX showing_byScreen ON showing(screen, startsAt)",
        "CREATE INDEX showing_byStart ON showing(startsAt, uuid)",
        "CREATE INDEX booking_byUser ON booking(userId, createdAt)",
        "CREATE INDEX booking_pendingByShowing ON booking(showing, expiresAt) WHERE status = 0",
        "CREATE UNIQUE INDEX claim_oneLive ON claim(showing, seat) WHERE releasedAt IS NULL",
        "CREATE INDEX claim_byBooking ON claim(booking)",
        "CREATE INDEX seatEvent_byShowing ON seatEvent(showing, id)",
    ]
}
