import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// Live seat maps across real processes on one database (a SQLite file, or a PostgreSQL
/// database, where the news travels by LISTEN/NOTIFY), with the real clock: a kiosk
/// subscribed through one process is told, within a second, of every change made through
/// another, of its own process's changes after their answers, and of a hold running out
/// though nothing touches it.
@Suite(.serialized)
struct LiveSeatMapProcessTests {
    /// How long one change may take to reach the subscriber (the contract says 250 ms;
    /// a loaded test machine gets some slack).
    static let patience: TimeInterval = 1

    @Test(arguments: Engine.all)
    func anotherProcessesChangesReachTheSubscriber(on engine: Engine) throws {
        let database = try TestDatabase(engine, named: "live.sqlite")
        let demo = try BookingDemoDatabase(database)
        let kiosk = try SeatMapSubscriber(
            process: try LiveProcess.bookingServer(demo), showingId: demo.showingId, userId: "ana")
        let other = try LiveProcess.bookingServer(demo)
        let showing = JSONValue.string(demo.showingId)
        var step = 0

        /// Runs `method` through the other process and waits until the kiosk sees `expected`.
        @discardableResult
        func change(_ method: String, _ params: [String: JSONValue], expect expected: [String: String]) throws
            -> JSONValue
        {
            step += 1
            var params = params
            if params["bookingId"] == nil { params["showingId"] = showing }
            let answer = try other.call(method, .object(params), id: .integer(Int64(step)))
            try #require(answer["result"] != .null, "\(method) failed: \(answer)")
            try kiosk.waitUntil(timeout: Self.patience, "\(method) \(expected)") { kiosk in
                expected.allSatisfy { kiosk.statuses[$0.key] == $0.value }
            }
            return answer["result"]
        }

        let booking = try change(
            "booking.create", ["userId": "bo", "seats": ["A5", "A6"]], expect: ["A5": "booked", "A6": "booked"])
        let hold = try change(
            "booking.hold", ["userId": "cy", "seats": ["B5", "B6", "B7"]],
            expect: ["B5": "held", "B6": "held", "B7": "held"])
        try change(
            "booking.cancel", ["bookingId": hold["id"], "userId": "cy", "seats": ["B6"]], expect: ["B6": "available"])
        try change(
            "seats.block", ["seats": ["C1", "C2"], "reason": "broken"], expect: ["C1": "blocked", "C2": "blocked"])
        try change(
            "booking.confirm", ["bookingId": hold["id"], "userId": "cy"], expect: ["B5": "booked", "B7": "booked"])
        try change(
            "booking.cancel", ["bookingId": booking["id"], "userId": "bo"],
            expect: ["A5": "available", "A6": "available"])
        try change("seats.unblock", ["seats": ["C1"]], expect: ["C1": "available"])
        try change("booking.hold", ["userId": "ana", "seats": ["D5"]], expect: ["D5": "held"])
        #expect(kiosk.mine["D5"] == true, "ana's own hold is hers")
        #expect(kiosk.mine["B5"] == false)

        // The kiosk's own process books: told after the answer, never before it.
        let own = try kiosk.call(
            "booking.create", ["showingId": showing, "userId": "dee", "seats": ["E5", "E6"]])
        try #require(own.answer["result"] != .null, "\(own.answer)")
        #expect(!own.before.contains { $0.jsonText.contains(#""label":"E5""#) }, "told before the answer")
        try kiosk.waitUntil(timeout: Self.patience, "its own booking") { $0.statuses["E5"] == "booked" }

        // The seat map the kiosk built equals the one the server answers now.
        let fresh = try kiosk.call("seatmap.get", ["showingId": showing, "userId": "ana"])
        #expect(fresh.before.isEmpty, "nothing left to tell: \(fresh.before)")
        #expect(kiosk.seatMap == fresh.answer["result"])
        #expect(kiosk.notifications.count >= 9)

        for process in [kiosk.process, other] { process.closeInput() }
        for process in [kiosk.process, other] {
            _ = try process.readToEnd(timeout: 30)
            #expect(try process.waitForExit(timeout: 30) == .exit(0), "stderr:\n\(process.standardError)")
        }
    }

    @Test(arguments: Engine.all)
    func aHoldOfAnotherProcessRunsOutAndTheSubscriberIsTold(on engine: Engine) throws {
        let database = try TestDatabase(engine, named: "expiry.sqlite")
        let demo = try BookingDemoDatabase(database)
        let kiosk = try SeatMapSubscriber(
            process: try LiveProcess.bookingServer(demo), showingId: demo.showingId)
        let other = try LiveProcess.bookingServer(demo)
        // A hold lasts at least its ttl (expiresAt is its creation rounded up to the second,
        // plus the ttl), so a 3 s hold is still held when the kiosk hears of it, however
        // late in a second it was made.
        let ttl: Int64 = 3
        let hold = try other.call(
            "booking.hold",
            [
                "showingId": .string(demo.showingId), "userId": "bo", "seats": ["F1", "F2"],
                "ttlSeconds": .integer(ttl),
            ],
            id: 1)
        let holdId = try #require(hold["result"]["id"].string, "\(hold)")
        let made = try #require(hold["result"]["createdAt"].date, "\(hold)")
        let expires = try #require(hold["result"]["expiresAt"].date, "\(hold)")
        #expect(expires.timeIntervalSince(made) >= Double(ttl), "\(hold)")
        try kiosk.waitUntil(timeout: Self.patience, "the hold") { $0.statuses["F1"] == "held" }

        // It runs out within a second of its ttl, plus the watcher's latency; no request
        // touches the showing meanwhile.
        try kiosk.waitUntil(timeout: Double(ttl) + 1 + Self.patience, "the hold running out") {
            $0.statuses["F1"] == "available" && $0.statuses["F2"] == "available"
        }
        #expect(kiosk.counts["held"].integer == 0)
        let rows = try database.query(
            """
            SELECT bookingStatus.name AS status FROM booking JOIN bookingStatus ON bookingStatus.id = booking.status
            WHERE \(database.uuid("booking.uuid")) = '\(holdId)'
            """)
        #expect(rows.first?["status"].string == "pending", "nothing wrote the expiry: the kiosk was told anyway")

        let fresh = try kiosk.call("seatmap.get", ["showingId": .string(demo.showingId)])
        #expect(kiosk.seatMap == fresh.answer["result"])
        for process in [kiosk.process, other] { process.closeInput() }
        for process in [kiosk.process, other] {
            _ = try process.readToEnd(timeout: 30)
            #expect(try process.waitForExit(timeout: 30) == .exit(0), "stderr:\n\(process.standardError)")
        }
    }

    /// A kiosk that stops reading while another process changes the same seats hundreds
    /// of times gets, once it reads again, a handful of notifications with the latest
    /// status of each seat: the server coalesces instead of queueing.
    @Test(arguments: Engine.all)
    func aSlowReaderGetsCoalescedNotifications(on engine: Engine) throws {
        let database = try TestDatabase(engine, named: "slow.sqlite")
        let demo = try BookingDemoDatabase(database)
        let kiosk = try SeatMapSubscriber(
            process: try LiveProcess.bookingServer(demo), showingId: demo.showingId, userId: "ana")
        let other = try LiveProcess.bookingServer(demo)
        let showing = JSONValue.string(demo.showingId)

        // Fill the kiosk's stdout pipe with seat maps nobody reads, so that it blocks writing.
        let unread = (1...12).map {
            RequestLine.make("seatmap.get", ["showingId": showing, "userId": "ana"], id: .integer(Int64($0)))
        }
        try kiosk.process.send(lines: unread)
        let rounds = 150
        for round in 1...rounds {
            let hold = try other.call(
                "booking.hold", ["showingId": showing, "userId": "bo", "seats": ["G1", "G2", "G3"]],
                id: .integer(Int64(round)))
            let holdId = try #require(hold["result"]["id"].string, "\(hold)")
            if round < rounds {
                _ = try other.call("booking.cancel", ["bookingId": .string(holdId), "userId": "bo"], id: "cancel")
            }
        }
        // Read it all now: the twelve answers, and whatever was told meanwhile.
        #expect(try kiosk.answers(unread.count).map(\.["id"]) == (1...12).map { .integer(Int64($0)) })
        try kiosk.waitUntil(timeout: Self.patience, "the last hold") { kiosk in
            ["G1", "G2", "G3"].allSatisfy { kiosk.statuses[$0] == "held" }
        }
        let fresh = try kiosk.call("seatmap.get", ["showingId": showing, "userId": "ana"])
        #expect(kiosk.seatMap == fresh.answer["result"])
        #expect(
            kiosk.notifications.count < rounds / 2,
            "\(kiosk.notifications.count) notifications for \(2 * rounds - 1) changes")
        for process in [kiosk.process, other] { process.closeInput() }
        for process in [kiosk.process, other] {
            _ = try process.readToEnd(timeout: 30)
            #expect(try process.waitForExit(timeout: 30) == .exit(0), "stderr:\n\(process.standardError)")
        }
    }
}
