import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// A PostgreSQL server that stops while a client pipelines requests into a
/// `boxoffice serve` on it, on a private cluster of the test's own: every request gets an
/// answer (an error while the server is away: never a hang, never a crash), and once the
/// server is back the same process serves again, without a restart. What was answered as
/// booked is in the database, and retrying with the idempotency key never books twice.
@Suite(.serialized)
struct PostgresOutageTests {
    /// The 86 seats of Salle 1, one booking each.
    static let salle1 = CrashTests.salle1

    static func booking(_ index: Int, showingId: String, id: String) -> String {
        CrashTests.pipelinedBooking(index, showingId: showingId, id: id)
    }

    /// DATABASE_UNAVAILABLE as the contract gives it: -32603, the reason, whether the
    /// commit's fate is unknown, and when to retry.
    static func isUnavailable(_ answer: JSONValue) -> Bool {
        let error = answer["error"]
        return error["code"].integer == -32603 && error["data"]["reason"].string == "DATABASE_UNAVAILABLE"
            && error["data"]["commitUnknown"].bool != nil && (error["data"]["retryAfterMs"].integer ?? -1) >= 0
    }

    @Test(.enabled(if: PostgresTestServer.available))
    func aServerStoppedMidStreamIsAnErrorPerRequestAndBackAgainServesWithoutARestart() throws {
        let cluster = try PostgresCluster()
        defer { cluster.destroy() }
        let url = try PostgresTestServer.createDatabase(on: cluster.url)
        let scratch = try ScratchDirectory()
        let demo = try BookingDemoDatabase(location: url, directory: scratch.url)
        let server = try LiveProcess(["serve", "--db", url], stderrIn: scratch.url)
        let ready = try server.call("server.info", [:], id: "ready")
        try #require(ready["result"]["database"]["engine"].string == "postgresql", "\(ready)")

        // A booking of every seat of Salle 1 pipelined, each followed by a seat map that
        // cannot be reused (another user's): a stream that takes the server a while. A few
        // answers are read, then the server stops under the rest.
        let showing = JSONValue.string(demo.showingId)
        let count = Self.salle1.count
        let stream = (0..<count).flatMap { index in
            [
                Self.booking(index, showingId: demo.showingId, id: "book-\(index)"),
                RequestLine.make(
                    "seatmap.get", ["showingId": showing, "userId": .string("pipe-\(index)")],
                    id: .string("map-\(index)")),
            ]
        }
        try server.send(lines: stream)
        var answers: [JSONValue] = []
        for _ in 0..<3 { answers.append(try server.nextJSON(timeout: 20)) }
        try cluster.stop()
        // And more requests once it is away: a seat map, the server's facts, a list.
        try server.send(lines: [
            RequestLine.make("seatmap.get", ["showingId": showing], id: "away-seatmap"),
            RequestLine.make("server.info", [:], id: "away-info"),
            RequestLine.make("booking.list", ["userId": "pipe-0"], id: "away-list"),
        ])
        // Every request is answered, in order, each within the reader's bound.
        let expectedIds =
            (0..<count).flatMap { ["book-\($0)", "map-\($0)"] } + ["away-seatmap", "away-info", "away-list"]
        while answers.count < expectedIds.count {
            do {
                answers.append(try server.nextJSON(timeout: 20))
            } catch {
                Issue.record("no answer to \(expectedIds[answers.count]) after the server stopped: \(error)")
                throw error
            }
        }
        #expect(answers.map { $0["id"].string ?? "" } == expectedIds)

        var booked: [Int: String] = [:]
        var failedAt: Int?
        for (position, answer) in answers.enumerated() {
            if answer["result"] != .null {
                #expect(failedAt == nil, "an answer after the server went away: \(answer)")
                guard position < 2 * count, position % 2 == 0 else { continue }
                #expect(answer["result"]["status"].string == "confirmed", "\(answer)")
                booked[position / 2] = answer["result"]["id"].string
            } else {
                #expect(Self.isUnavailable(answer), "not DATABASE_UNAVAILABLE: \(answer)")
                #expect(answer["error"]["data"]["retryAfterMs"].integer == 1000, "\(answer)")
                // Only a write in flight as the server went can have an unknown fate; every
                // later request found no server to begin with, and a read writes nothing.
                if failedAt != nil || position % 2 == 1 || position >= 2 * count {
                    #expect(answer["error"]["data"]["commitUnknown"] == .bool(false), "\(answer)")
                }
                failedAt = failedAt ?? position
            }
        }
        // What was read before the stop succeeded; what came after it failed.
        #expect(booked.count >= 2, "\(booked.count) bookings answered before the stop")
        #expect(failedAt != nil, "no request failed while the server was away")
        #expect(ProcessLiveness.isAlive(server), "the process ended while the server was away")

        // The server comes back on the same port: the same process serves at once.
        try cluster.start()
        let info = try server.call("server.info", [:], id: "back")
        #expect(info["result"]["database"]["engine"].string == "postgresql", "not served again at once: \(info)")

        // Retrying every booking with its key: the booking that was answered, the one that
        // was committed unanswered, or a new one, never two.
        try server.send(
            lines: (0..<count).map { Self.booking($0, showingId: demo.showingId, id: "retry-\($0)") })
        for index in 0..<count {
            let answer = try server.nextJSON(timeout: 20)
            #expect(answer["id"].string == "retry-\(index)")
            #expect(answer["result"]["status"].string == "confirmed", "\(answer)")
            if let bookingId = booked[index] {
                #expect(answer["result"]["id"].string == bookingId, "retry \(index) booked again: \(answer)")
            }
        }
        server.closeInput()
        _ = try server.readToEnd(timeout: 20)
        #expect(try server.waitForExit(timeout: 20) == .exit(0), "stderr:\n\(server.standardError)")
        #expect(!server.standardError.contains("Fatal error"), "stderr:\n\(server.standardError)")

        let counts = try PostgresTestServer.psql(
            url,
            """
            SELECT (SELECT COUNT(*) FROM booking) || ' ' || (SELECT COUNT(*) FROM claim WHERE releasedAt IS NULL)
                   || ' ' || (SELECT COUNT(*) FROM idempotencyKey)
            """)
        #expect(counts.trimmingCharacters(in: .whitespacesAndNewlines) == "\(count) \(count) \(count)")
    }
}

extension PostgresOutageTests {
    /// A kiosk subscribed through one process while the server stops and starts again
    /// hears of another process's changes afterwards as before: its listening connection
    /// is made again, and the seat log's cursor brings what it missed.
    @Test(.enabled(if: PostgresTestServer.available))
    func aSubscriberHearsOtherProcessesAgainAfterTheServerComesBack() throws {
        let cluster = try PostgresCluster()
        defer { cluster.destroy() }
        let url = try PostgresTestServer.createDatabase(on: cluster.url)
        let scratch = try ScratchDirectory()
        let demo = try BookingDemoDatabase(location: url, directory: scratch.url)
        let kiosk = try SeatMapSubscriber(
            process: try LiveProcess(["serve", "--db", url], stderrIn: scratch.url), showingId: demo.showingId)
        let other = try LiveProcess(["serve", "--db", url], stderrIn: scratch.url)
        let showing = JSONValue.string(demo.showingId)
        let before = try other.call("booking.create", ["showingId": showing, "userId": "bo", "seats": ["A5"]], id: 1)
        try #require(before["result"]["status"].string == "confirmed", "\(before)")
        try kiosk.waitUntil(timeout: LiveSeatMapProcessTests.patience, "before the outage") {
            $0.statuses["A5"] == "booked"
        }

        try cluster.stop()
        try cluster.start()
        // The first request after the restart may meet the old connection: it is made
        // again at once, so the booking goes through.
        let after = try other.call("booking.create", ["showingId": showing, "userId": "bo", "seats": ["A6"]], id: 2)
        try #require(after["result"]["status"].string == "confirmed", "\(after)")
        try kiosk.waitUntil(timeout: 5, "after the outage") { $0.statuses["A6"] == "booked" }
        let hold = try other.call("booking.hold", ["showingId": showing, "userId": "cy", "seats": ["B1"]], id: 3)
        try #require(hold["result"]["status"].string == "pending", "\(hold)")
        try kiosk.waitUntil(timeout: LiveSeatMapProcessTests.patience, "once listening again") {
            $0.statuses["B1"] == "held"
        }
        let fresh = try kiosk.call("seatmap.get", ["showingId": showing])
        #expect(kiosk.seatMap == fresh.answer["result"])
        for process in [kiosk.process, other] { process.closeInput() }
        for process in [kiosk.process, other] {
            _ = try process.readToEnd(timeout: 30)
            #expect(try process.waitForExit(timeout: 30) == .exit(0), "stderr:\n\(process.standardError)")
        }
    }
}

/// Whether a child is still running, without waiting for it.
enum ProcessLiveness {
    static func isAlive(_ process: LiveProcess) -> Bool {
        kill(process.pid, 0) == 0
    }
}
