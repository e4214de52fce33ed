import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// A `boxoffice serve` process killed with SIGKILL, the way a crash or an OOM kill ends
/// it: what it answered is on disk, and what it was writing is all there or not at all,
/// on each engine (on PostgreSQL the server outlives the client, which must not matter).
@Suite(.serialized)
struct CrashTests {
    /// A booking whose confirmed answer the client read survives the process's death:
    /// a new process on the same file finds it, unchanged.
    @Test(arguments: Engine.all)
    func aConfirmedBookingSurvivesSIGKILL(on engine: Engine) throws {
        let database = try TestDatabase(engine, named: "crash.sqlite")
        let demo = try BookingDemoDatabase(database)
        let seatSets = [["B3", "B4", "D5"], ["A1", "A2"], ["G14"]]
        var made: [JSONValue] = []

        for (round, seats) in seatSets.enumerated() {
            let server = try LiveProcess.bookingServer(demo)
            let answer = try server.call(
                "booking.create",
                [
                    "showingId": .string(demo.showingId), "userId": "crash-user",
                    "seats": .array(seats.map(JSONValue.string)),
                ], id: .integer(Int64(round)))
            // Killed the moment the answer is read: nothing after the response may be
            // needed to keep the booking.
            server.sendSignal(SIGKILL)
            let exit = try server.waitForExit(timeout: 10)
            #expect(exit == .uncaughtSignal(SIGKILL), "crash round \(round): \(exit)")
            let booking = answer["result"]
            try #require(booking["status"].string == "confirmed", "\(answer)")
            #expect(booking["seats"].array.compactMap { $0["label"].string } == seats, "\(answer)")
            made.append(booking)
        }

        let reader = try LiveProcess.bookingServer(demo)
        for (index, booking) in made.enumerated() {
            let id = try #require(booking["id"].string)
            let number = try #require(booking["bookingNumber"].string)
            let byId = try reader.call(
                "booking.get", ["bookingId": .string(id), "userId": "crash-user"], id: .string("id-\(index)"))
            #expect(byId["result"] == booking, "before the kill: \(booking)\nafter: \(byId)")
            #expect(byId["result"]["status"].string == "confirmed")
            let byNumber = try reader.call(
                "booking.get", ["bookingNumber": .string(number), "userId": "crash-user"],
                id: .string("number-\(index)"))
            #expect(byNumber["result"] == booking, "\(byNumber)")
        }
        let check = try reader.call(
            "availability.check",
            ["showingId": .string(demo.showingId), "seats": .array(seatSets.joined().map(JSONValue.string))],
            id: "check")
        #expect(check["result"]["available"] == .bool(false), "\(check)")
        #expect(check["result"]["seats"].array.allSatisfy { $0["status"].string == "booked" }, "\(check)")
        reader.closeInput()
        #expect(try reader.waitForExit(timeout: 10) == .exit(0))
        try database.expectIntact()
    }

    static let holdsPerRound = 10
    static let seatsPerHold = 8

    /// The seats of hold `index`: eight seats of Salle 1 no other hold of the round names.
    static func seats(ofHold index: Int) -> [String] {
        let all =
            ["A", "B", "C", "D", "E", "F"].flatMap { row in (1...12).map { "\(row)\($0)" } }
            + (1...14).map { "G\($0)" }
        return Array(all[(index * seatsPerHold)..<((index + 1) * seatsPerHold)])
    }

    /// A process killed while it works through a stream of holds: every hold it answered
    /// is on disk, at most one more was committed unanswered, and every booking on disk has
    /// all of its seats claimed and logged: no half-written hold, whenever the kill lands.
    @Test(arguments: Engine.all, [0, 1, 2, 4, 7, 12])
    func aHoldKilledMidwayIsAllOrNothing(on engine: Engine, killAfterMilliseconds delay: Int) throws {
        let database = try TestDatabase(engine, named: "kill.sqlite")
        let demo = try BookingDemoDatabase(database)
        let server = try LiveProcess.bookingServer(demo)
        _ = try server.call("server.info", [:], id: "ready")

        let requests = (0..<Self.holdsPerRound).map { index in
            RequestLine.make(
                "booking.hold",
                [
                    "showingId": .string(demo.showingId), "userId": .string("holder-\(index)"),
                    "seats": .array(Self.seats(ofHold: index).map(JSONValue.string)),
                ], id: .integer(Int64(index)))
        }
        try server.send(lines: requests)
        usleep(useconds_t(delay * 1_000))
        server.sendSignal(SIGKILL)
        _ = try server.waitForExit(timeout: 10)
        let lines = try server.readToEnd(timeout: 10, keepingCutLastLine: true)

        // The answers that made it out: successes, in request order, with every seat.
        var answered: [String: Int] = [:]
        for (position, line) in lines.enumerated() {
            guard let answer = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)) else {
                // A line cut by the kill can only be the last one.
                #expect(position == lines.count - 1, "an unreadable answer before the last: \(line)")
                continue
            }
            let reply = answer
            #expect(reply["id"].integer == Int64(position), "answers out of order: \(lines)")
            let booking = reply["result"]
            try #require(booking["status"].string == "pending", "\(reply)")
            #expect(booking["seats"].array.compactMap { $0["label"].string } == Self.seats(ofHold: position))
            answered[try #require(booking["id"].string)] = position
        }

        try database.expectIntact()
        let bookings = try database.query(
            """
            SELECT \(database.uuid("booking.uuid")) AS id, booking.userId AS "userId", bookingStatus.name AS status,
                   booking.total,
                   (SELECT COUNT(*) FROM claim WHERE claim.booking = booking.id AND releasedAt IS NULL) AS "liveSeats",
                   (SELECT COALESCE(SUM(price), 0) FROM claim WHERE claim.booking = booking.id) AS "seatTotal",
                   (SELECT COUNT(*) FROM seatEvent JOIN seatStatus ON seatStatus.id = seatEvent.status
                    WHERE seatEvent.booking = booking.id AND seatStatus.name = 'held') AS events
            FROM booking JOIN bookingStatus ON bookingStatus.id = booking.status
            """)
        let orphans = try database.query(
            "SELECT id FROM claim WHERE booking IS NOT NULL AND booking NOT IN (SELECT id FROM booking)")
        #expect(orphans.isEmpty, "\(orphans)")

        var stored: [Int] = []
        for booking in bookings {
            let userId = booking["userId"].string ?? ""
            let index = try #require(Int(userId.dropFirst("holder-".count)), "\(booking)")
            stored.append(index)
            #expect(booking["status"].string == "pending", "\(booking)")
            #expect(booking["liveSeats"].integer == Int64(Self.seatsPerHold), "a half-written hold: \(booking)")
            #expect(booking["events"].integer == Int64(Self.seatsPerHold), "a half-logged hold: \(booking)")
            #expect(booking["seatTotal"].integer == booking["total"].integer, "\(booking)")
            if let id = booking["id"].string, let position = answered[id] {
                #expect(position == index)
            }
        }
        stored.sort()
        // The holds on disk are the first few of the stream: every answered one, and
        // those of at most one group that committed before its answers were written.
        #expect(stored == Array(0..<stored.count), "holds on disk: \(stored)")
        #expect(
            Set(answered.values).isSubset(of: Set(stored)), "answered \(answered.values.sorted()), stored \(stored)")
        #expect(stored.count >= answered.count, "answered \(answered.count), stored \(stored.count)")

        // A new process opens the file the killed one left and sees the same holds.
        let after = try LiveProcess.bookingServer(demo)
        let availability = try after.call("availability.get", ["showingId": .string(demo.showingId)], id: "after")
        #expect(availability["result"]["held"].integer == Int64(stored.count * Self.seatsPerHold), "\(availability)")
        after.closeInput()
        #expect(try after.waitForExit(timeout: 10) == .exit(0))
    }

    /// The 86 seats of Salle 1, one booking each.
    static let salle1 =
        ["A", "B", "C", "D", "E", "F"].flatMap { row in (1...12).map { "\(row)\($0)" } } + (1...14).map { "G\($0)" }

    static func pipelinedBooking(_ index: Int, showingId: String, id: String) -> String {
        RequestLine.make(
            "booking.create",
            [
                "showingId": .string(showingId), "userId": .string("pipe-\(index)"),
                "seats": [.string(salle1[index])], "idempotencyKey": .string("key-\(index)"),
            ], id: .string(id))
    }

    /// A client pipelines 86 bookings with idempotency keys (they run in groups that share
    /// a commit), reads a few answers, and the process is killed with SIGKILL. Every
    /// booking whose answer was read is on disk; retrying every request with its key
    /// returns the booking that was committed, or books it now: never twice.
    @Test(arguments: Engine.all, [1, 5, 20, 60])
    func pipelinedBookingsKilledMidwayAreNeverLostNorDoubled(on engine: Engine, answersRead: Int) throws {
        let database = try TestDatabase(engine, named: "pipeline.sqlite")
        let demo = try BookingDemoDatabase(database)
        let server = try LiveProcess.bookingServer(demo)
        _ = try server.call("server.info", [:], id: "ready")
        let count = Self.salle1.count
        try server.send(
            lines: (0..<count).map { Self.pipelinedBooking($0, showingId: demo.showingId, id: "first-\($0)") })

        var read: [String] = []
        for _ in 0..<answersRead {
            guard let line = try server.readLine() else { break }
            read.append(line)
        }
        server.sendSignal(SIGKILL)
        #expect(try server.waitForExit(timeout: 10) == .uncaughtSignal(SIGKILL))
        // What was written before the kill is in the pipe, read or not: it counts as read.
        read += try server.readToEnd(timeout: 10, keepingCutLastLine: true)

        var answered: [Int: String] = [:]
        for line in read {
            guard let answer = try? JSONValue.parse(line) else { continue }  // cut by the kill
            let id = try #require(answer["id"].string, "\(answer)")
            let index = try #require(Int(id.dropFirst("first-".count)))
            try #require(answer["result"]["status"].string == "confirmed", "\(answer)")
            let bookingId = try #require(answer["result"]["id"].string)
            answered[index] = bookingId
        }
        #expect(answered.count >= min(answersRead, count), "read \(answered.count) answers")
        #expect(Set(answered.keys) == Set(0..<answered.count), "answers in request order: \(answered.keys.sorted())")

        // Every answered booking is on disk, confirmed.
        let onDisk = try database.query(
            """
            SELECT \(database.uuid("booking.uuid")) AS id, userId AS "userId", bookingStatus.name AS status
            FROM booking JOIN bookingStatus ON bookingStatus.id = booking.status
            """)
        let stored = Dictionary(
            uniqueKeysWithValues: onDisk.compactMap { row in row["id"].string.map { ($0, row) } })
        for (index, bookingId) in answered {
            #expect(stored[bookingId]?["status"].string == "confirmed", "booking \(index) \(bookingId) lost")
        }

        // Retrying everything with the same keys: the committed booking, or a new one.
        let retry = try LiveProcess.bookingServer(demo)
        try retry.send(
            lines: (0..<count).map { Self.pipelinedBooking($0, showingId: demo.showingId, id: "retry-\($0)") })
        retry.closeInput()
        let retried = try retry.readToEnd(timeout: 30).map(JSONValue.parse)
        #expect(try retry.waitForExit(timeout: 10) == .exit(0))
        try #require(retried.count == count, "\(retried.count) answers to \(count) retries")
        for (index, answer) in retried.enumerated() {
            #expect(answer["id"].string == "retry-\(index)")
            #expect(answer["result"]["status"].string == "confirmed", "\(answer)")
            if let first = answered[index] {
                #expect(answer["result"]["id"].string == first, "retry \(index) booked again: \(answer)")
            }
        }

        // Exactly one booking, one live claim, one log line and one key per request.
        let counts = try database.query(
            """
            SELECT (SELECT COUNT(*) FROM booking) AS bookings,
                   (SELECT COUNT(DISTINCT userId) FROM booking) AS users,
                   (SELECT COUNT(*) FROM claim WHERE releasedAt IS NULL) AS claims,
                   (SELECT COUNT(*) FROM seatEvent
                    WHERE status = (SELECT id FROM seatStatus WHERE name = 'booked')) AS events,
                   (SELECT COUNT(*) FROM idempotencyKey) AS keys
            """)
        let expected = Int64(count)
        #expect(counts.first?["bookings"].integer == expected, "\(counts)")
        #expect(counts.first?["users"].integer == expected, "\(counts)")
        #expect(counts.first?["claims"].integer == expected, "\(counts)")
        #expect(counts.first?["events"].integer == expected, "\(counts)")
        #expect(counts.first?["keys"].integer == expected, "\(counts)")
        try database.expectIntact()
    }
}
