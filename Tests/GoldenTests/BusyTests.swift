import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// Another program holds the SQLite file's write lock for longer than the 5 s busy timeout:
/// a write to boxoffice answers BUSY, writes nothing, and the process goes on serving.
struct BusyTests {
    /// Takes the write lock (`BEGIN IMMEDIATE`), says so, keeps it for `argv[2]` seconds.
    static let lockScript = """
        import sqlite3, sys, time
        connection = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
        connection.execute("COMMIT")
        print("released", flush=True)
        """

    @Test func aWriteThatWaitsPastTheBusyTimeoutAnswersBusyAndWritesNothing() throws {
        let scratch = try ScratchDirectory()
        let demo = try BookingDemoDatabase(named: "busy.sqlite", in: scratch.url)
        let server = try LiveProcess.bookingServer(database: demo.url)
        // The server is up (and done migrating) before anyone takes the lock.
        _ = try server.call("server.info", [:], id: "ready")

        let locker = try LiveProcess.python(
            script: Self.lockScript, arguments: [demo.url.path, "8"], stderrIn: scratch.url)
        try #require(try locker.readLine(timeout: 15) == "locked", "stderr: \(locker.standardError)")

        let params: JSONValue = [
            "showingId": .string(demo.showingId), "userId": "patient", "seats": ["C7", "C8"],
            "idempotencyKey": "patient-1",
        ]
        let started = Date()
        let busy = try server.call("booking.create", params, id: 1, timeout: 30)
        let waited = Date().timeIntervalSince(started)
        #expect(busy["error"]["code"].integer == -32009, "\(busy)")
        #expect(busy["error"]["data"]["reason"].string == "BUSY", "\(busy)")
        let retryAfter = busy["error"]["data"]["retryAfterMs"].integer
        #expect(retryAfter != nil && retryAfter! > 0, "\(busy)")
        // It waited for the lock (the 5 s busy timeout) before giving up.
        #expect(waited > 4, "BUSY after \(waited) s")

        // Readers do not wait for the writer: the process answers a read while the lock is
        // still held.
        let whileLocked = try server.call(
            "availability.check", ["showingId": .string(demo.showingId), "seats": ["C7", "C8"]], id: 2)
        #expect(whileLocked["result"]["available"] == .bool(true), "\(whileLocked)")

        try #require(try locker.readLine(timeout: 15) == "released", "stderr: \(locker.standardError)")
        #expect(try locker.waitForExit(timeout: 10) == .exit(0))

        // Nothing of the failed call was written.
        let before = try BookingSQLite.query(demo.url, "SELECT id FROM booking WHERE userId = 'patient'")
        #expect(before.isEmpty, "\(before)")
        let keys = try BookingSQLite.query(demo.url, "SELECT key FROM idempotencyKey")
        #expect(keys.isEmpty, "\(keys)")
        let events = try BookingSQLite.query(demo.url, "SELECT id FROM seatEvent")
        #expect(events.isEmpty, "\(events)")

        // Safe to retry: the same call, with the same key, now succeeds, and once only.
        let retried = try server.call("booking.create", params, id: 3)
        #expect(retried["result"]["status"].string == "confirmed", "\(retried)")
        let replayed = try server.call("booking.create", params, id: 4)
        #expect(replayed["result"] == retried["result"], "\(replayed)")
        server.closeInput()
        #expect(try server.waitForExit(timeout: 10) == .exit(0), "stderr:\n\(server.standardError)")

        let after = try BookingSQLite.query(
            demo.url,
            """
            SELECT \(StoredSQL.uuid("booking.uuid")) AS id, bookingStatus.name AS status,
                   (SELECT COUNT(*) FROM claim WHERE claim.booking = booking.id AND releasedAt IS NULL) AS seats
            FROM booking JOIN bookingStatus ON bookingStatus.id = booking.status WHERE userId = 'patient'
            """)
        #expect(after.count == 1, "\(after)")
        #expect(after.first?["id"].string == retried["result"]["id"].string)
        #expect(after.first?["status"].string == "confirmed")
        #expect(after.first?["seats"].integer == 2)
    }
}

/// On PostgreSQL, another session holds a showing's lock past the 3 s lock timeout: a
/// write to that showing answers BUSY, writes nothing, and the process goes on serving.
struct PostgresBusyTests {
    @Test(.enabled(if: PostgresTestServer.available))
    func aWriteThatWaitsPastTheLockTimeoutAnswersBusyAndWritesNothing() throws {
        let database = try TestDatabase(.postgresql)
        let demo = try BookingDemoDatabase(database)
        let server = try LiveProcess.bookingServer(demo)
        _ = try server.call("server.info", [:], id: "ready")

        // psql takes the showing's lock in one transaction and keeps it for 6 s.
        let url = database.location
        let showing = "\(database.uuid("uuid")) = '\(demo.showingId)'"
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? PostgresTestServer.psql(
                url, "SELECT pg_advisory_xact_lock(id) FROM showing WHERE \(showing); SELECT pg_sleep(6)")
            released.signal()
        }
        let deadline = Date().addingTimeInterval(15)
        while try PostgresTestServer.psql(
            url,
            """
            SELECT count(*) FROM pg_locks JOIN pg_database ON pg_database.oid = pg_locks.database
            WHERE locktype = 'advisory' AND granted AND datname = current_database()
            """
        ).trimmingCharacters(in: .whitespacesAndNewlines) == "0" {
            try #require(Date() < deadline, "psql never took the showing's lock")
            usleep(20_000)
        }

        let params: JSONValue = [
            "showingId": .string(demo.showingId), "userId": "patient", "seats": ["C7", "C8"],
            "idempotencyKey": "patient-1",
        ]
        let busy = try server.call("booking.create", params, id: 1, timeout: 30)
        #expect(busy["error"]["code"].integer == -32009, "\(busy)")
        #expect(busy["error"]["data"]["reason"].string == "BUSY", "\(busy)")
        #expect((busy["error"]["data"]["retryAfterMs"].integer ?? 0) > 0, "\(busy)")
        // Readers take no lock: the process answers a read while the lock is held.
        let whileLocked = try server.call(
            "availability.check", ["showingId": .string(demo.showingId), "seats": ["C7", "C8"]], id: 2)
        #expect(whileLocked["result"]["available"] == .bool(true), "\(whileLocked)")
        #expect(released.wait(timeout: .now() + 30) == .success, "psql did not end")

        let written = try database.query(
            """
            SELECT (SELECT count(*) FROM booking) AS bookings, (SELECT count(*) FROM idempotencyKey) AS keys,
                   (SELECT count(*) FROM seatEvent) AS events
            """)
        #expect(written == [["bookings": 0, "keys": 0, "events": 0]], "\(written)")
        // Safe to retry: the same call, with the same key, now succeeds, and once only.
        let retried = try server.call("booking.create", params, id: 3)
        #expect(retried["result"]["status"].string == "confirmed", "\(retried)")
        let replayed = try server.call("booking.create", params, id: 4)
        #expect(replayed["result"] == retried["result"], "\(replayed)")
        server.closeInput()
        #expect(try server.waitForExit(timeout: 10) == .exit(0), "stderr:\n\(server.standardError)")
        let after = try database.query("SELECT count(*) AS bookings FROM booking WHERE userId = 'patient'")
        #expect(after == [["bookings": 1]], "\(after)")
    }
}
