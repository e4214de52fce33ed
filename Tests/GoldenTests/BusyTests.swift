import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// Another program holds the database's write lock for longer than the 5 s busy timeout:
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
