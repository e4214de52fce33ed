/*
 * The floor boxoffice is measured against: the same work done straight on SQLite's C API,
 * with the least schema that still keeps the box office's one guarantee (one live claim
 * per seat, enforced by the database). Benchmarks/boxoffice_bench.py compiles it at run
 * time (cc -O2 sqlite_baseline.c -lsqlite3) and reads the one line it prints.
 *
 *   sqlite_baseline bookings DATABASE full|normal COUNT
 *       COUNT 2-seat bookings, one transaction each, in WAL mode at synchronous=FULL or
 *       NORMAL. Each transaction: BEGIN IMMEDIATE; check that the two seats have no live
 *       claim (one SELECT through the partial unique index); insert the booking with a
 *       random 16-byte id; insert its two claims; COMMIT. Booking i takes seats
 *       2(i mod 200)+1 and +2 of showing i / 200, on a 400-seat screen, as the boxoffice
 *       figure does. Prints "bookings_per_second R".
 *
 *   sqlite_baseline seatmap DATABASE COUNT
 *       A 400-seat screen whose every third seat (134 of them) has a live booked claim,
 *       then COUNT seat map reads, each one query: the screen's seats LEFT JOIN their
 *       live claims, ordered by the seats' position (an index), every row stepped and
 *       every column read. Prints "seatmaps_per_second R".
 *
 * The schema (integer keys inside, the booking's UUID as a blob; no foreign keys, no
 * status log, no booking number, no prices):
 *   seat(id, screen, position, row_label, number, x, type, label), index (screen, position)
 *   booking(id, uuid, showing, user_id, status, created_at), uuid unique: the 16 random bytes
 *       of the id clients know the booking by
 *   claim(id, showing, seat, booking, status, released_at), unique index (showing, seat)
 *       WHERE released_at IS NULL: the one live claim per seat
 * Statements, BEGIN and COMMIT included, are prepared once. The DATABASE file (and its
 * -wal and -shm) is replaced.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static sqlite3 *db;

static void fail(const char *what) {
    fprintf(stderr, "sqlite_baseline: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static void run(const char *sql) {
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) fail(sql);
}

static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL) != SQLITE_OK) fail(sql);
    return statement;
}

/* Runs a prepared statement that returns no rows, then makes it ready to run again. */
static void step_done(sqlite3_stmt *statement) {
    if (sqlite3_step(statement) != SQLITE_DONE) fail(sqlite3_sql(statement));
    sqlite3_reset(statement);
}

static double seconds_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

/* A fresh file in WAL mode with the schema above and screen 1's 400 seats (20 rows of 20). */
static void open_fresh(const char *path, const char *synchronous) {
    char name[4096];
    const char *suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        unlink(name);
    }
    if (sqlite3_open(path, &db) != SQLITE_OK) fail("open");
    run("PRAGMA journal_mode = WAL");
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA synchronous = %s", synchronous);
    run(pragma);
    run("CREATE TABLE seat (id INTEGER PRIMARY KEY, screen INTEGER NOT NULL, position INTEGER NOT NULL,"
        " row_label TEXT NOT NULL, number INTEGER NOT NULL, x INTEGER NOT NULL, type INTEGER NOT NULL,"
        " label TEXT NOT NULL);"
        "CREATE UNIQUE INDEX seat_byPosition ON seat(screen, position);"
        "CREATE TABLE booking (id INTEGER PRIMARY KEY, uuid BLOB NOT NULL UNIQUE, showing INTEGER NOT NULL,"
        " user_id TEXT NOT NULL, status INTEGER NOT NULL, created_at INTEGER NOT NULL);"
        "CREATE TABLE claim (id INTEGER PRIMARY KEY, showing INTEGER NOT NULL, seat INTEGER NOT NULL,"
        " booking INTEGER NOT NULL, status INTEGER NOT NULL, released_at INTEGER);"
        "CREATE UNIQUE INDEX claim_oneLive ON claim(showing, seat) WHERE released_at IS NULL;");
    sqlite3_stmt *insert = prepare("INSERT INTO seat VALUES (?1, 1, ?1, ?2, ?3, ?4, 0, ?5)");
    run("BEGIN");
    for (int position = 1; position <= 400; position++) {
        char row[2] = {(char)('A' + (position - 1) / 20), 0}, label[8];
        int number = (position - 1) % 20 + 1;
        snprintf(label, sizeof label, "%s%d", row, number);
        sqlite3_bind_int(insert, 1, position);
        sqlite3_bind_text(insert, 2, row, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(insert, 3, number);
        sqlite3_bind_int(insert, 4, number - 1 + (number > 10)); /* an aisle after seat 10 */
        sqlite3_bind_text(insert, 5, label, -1, SQLITE_TRANSIENT);
        step_done(insert);
    }
    run("COMMIT");
    sqlite3_finalize(insert);
}

static sqlite3_stmt *begin, *commit, *rollback, *check, *insert_booking, *insert_claim;

static void prepare_booking(void) {
    begin = prepare("BEGIN IMMEDIATE");
    commit = prepare("COMMIT");
    rollback = prepare("ROLLBACK");
    check = prepare("SELECT count(*) FROM claim WHERE showing = ?1 AND seat IN (?2, ?3) AND released_at IS NULL");
    insert_booking =
        prepare("INSERT INTO booking (uuid, showing, user_id, status, created_at) VALUES (?4, ?1, ?2, 2, ?3)");
    insert_claim = prepare("INSERT INTO claim (showing, seat, booking, status) VALUES (?1, ?2, ?3, 2)");
}

/* Binds a fresh random 16-byte id, the booking's UUID that clients know it by. */
static void bind_uuid(void) {
    unsigned char uuid[16];
    sqlite3_randomness(sizeof uuid, uuid);
    sqlite3_bind_blob(insert_booking, 4, uuid, sizeof uuid, SQLITE_TRANSIENT);
}

/* One 2-seat booking in its own transaction; 0 when a seat was taken (nothing written). */
static int book(int showing, int first_seat, const char *user) {
    step_done(begin);
    sqlite3_bind_int(check, 1, showing);
    sqlite3_bind_int(check, 2, first_seat);
    sqlite3_bind_int(check, 3, first_seat + 1);
    if (sqlite3_step(check) != SQLITE_ROW) fail("check");
    int taken = sqlite3_column_int(check, 0);
    sqlite3_reset(check);
    if (taken) {
        step_done(rollback);
        return 0;
    }
    sqlite3_bind_int(insert_booking, 1, showing);
    sqlite3_bind_text(insert_booking, 2, user, -1, SQLITE_STATIC);
    sqlite3_bind_int64(insert_booking, 3, (sqlite3_int64)time(NULL));
    bind_uuid();
    step_done(insert_booking);
    sqlite3_int64 booking = sqlite3_last_insert_rowid(db);
    for (int seat = first_seat; seat <= first_seat + 1; seat++) {
        sqlite3_bind_int(insert_claim, 1, showing);
        sqlite3_bind_int(insert_claim, 2, seat);
        sqlite3_bind_int64(insert_claim, 3, booking);
        step_done(insert_claim);
    }
    step_done(commit);
    return 1;
}

static int bookings(const char *path, const char *durability, int count) {
    open_fresh(path, strcmp(durability, "full") == 0 ? "FULL" : "NORMAL");
    prepare_booking();
    char user[32];
    double start = seconds_now();
    for (int i = 0; i < count; i++) {
        snprintf(user, sizeof user, "u%d", i);
        if (!book(1 + i / 200, 2 * (i % 200) + 1, user)) {
            fprintf(stderr, "sqlite_baseline: booking %d found its seats taken\n", i);
            return 1;
        }
    }
    printf("bookings_per_second %.1f\n", count / (seconds_now() - start));
    return 0;
}

static int seatmaps(const char *path, int count) {
    open_fresh(path, "NORMAL");
    prepare_booking();
    for (int seat = 1; seat <= 400; seat += 3) { /* every third seat: 134 of 400 */
        sqlite3_bind_int(insert_booking, 1, 1);
        sqlite3_bind_text(insert_booking, 2, "u", -1, SQLITE_STATIC);
        sqlite3_bind_int64(insert_booking, 3, 0);
        bind_uuid();
        step_done(insert_booking);
        sqlite3_bind_int(insert_claim, 1, 1);
        sqlite3_bind_int(insert_claim, 2, seat);
        sqlite3_bind_int64(insert_claim, 3, sqlite3_last_insert_rowid(db));
        step_done(insert_claim);
    }
    sqlite3_stmt *map = prepare(
        "SELECT seat.id, seat.label, seat.row_label, seat.number, seat.x, seat.type, claim.status, claim.booking"
        " FROM seat LEFT JOIN claim ON claim.showing = ?1 AND claim.seat = seat.id AND claim.released_at IS NULL"
        " WHERE seat.screen = 1 ORDER BY seat.position");
    long checksum = 0; /* every column is read and used, so no read can be skipped */
    double start = seconds_now();
    for (int i = 0; i < count; i++) {
        sqlite3_bind_int(map, 1, 1);
        int rows = 0, taken = 0;
        while (sqlite3_step(map) == SQLITE_ROW) {
            checksum += sqlite3_column_int64(map, 0) + sqlite3_column_bytes(map, 1);
            checksum += sqlite3_column_bytes(map, 2) + sqlite3_column_int(map, 3) + sqlite3_column_int(map, 4);
            checksum += sqlite3_column_int(map, 5) + sqlite3_column_int64(map, 7);
            (void)sqlite3_column_text(map, 1);
            (void)sqlite3_column_text(map, 2);
            if (sqlite3_column_type(map, 6) != SQLITE_NULL) taken++;
            rows++;
        }
        sqlite3_reset(map);
        if (rows != 400 || taken != 134) {
            fprintf(stderr, "sqlite_baseline: a seat map read %d rows, %d taken\n", rows, taken);
            return 1;
        }
    }
    double elapsed = seconds_now() - start;
    printf("seatmaps_per_second %.1f\n", count / elapsed);
    return checksum == 0; /* never true; keeps the checksum alive */
}

int main(int argc, char **argv) {
    if (argc == 5 && strcmp(argv[1], "bookings") == 0 &&
        (strcmp(argv[3], "full") == 0 || strcmp(argv[3], "normal") == 0))
        return bookings(argv[2], argv[3], atoi(argv[4]));
    if (argc == 4 && strcmp(argv[1], "seatmap") == 0) return seatmaps(argv[2], atoi(argv[3]));
    fprintf(stderr, "usage: sqlite_baseline bookings DATABASE full|normal COUNT\n"
                    "       sqlite_baseline seatmap DATABASE COUNT\n");
    return 2;
}
