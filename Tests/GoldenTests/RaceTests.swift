import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// Many real `boxoffice serve` processes on one database (a SQLite file, or a PostgreSQL
/// database), all trying at once to take overlapping seats of one showing: bookings and
/// holds of named seats, holds of the best seats, and best-available questions among them.
/// What the clients were told must be exactly what the database holds, and the database
/// must never hold two live claims on a seat.
@Suite(.serialized)
struct RaceTests {
    static let processCount = 10
    static let requestsPerProcess = 6
    /// The seats everyone fights over: row D of Salle 1 (D1–D2 regular, D3–D10
    /// premium, D11–D12 regular).
    static let labels = (1...12).map { "D\($0)" }

    /// One request of the race, and what became of it.
    struct Attempt {
        var process: Int
        var index: Int
        var method: String
        var userId: String
        var seats: [String]
        /// A hold of the best `best` seats, instead of the named `seats`.
        var best: Int?
        var requestId: String { "\(process)-\(index)" }
    }

    static func plan(seed: UInt64) -> [[Attempt]] {
        var random = SplitMix64(seed: seed)
        return (0..<processCount).map { process in
            (0..<requestsPerProcess).map { index in
                let count = Int.random(in: 2...4, using: &random)
                let seats = Array(labels.shuffled(using: &random).prefix(count))
                // Every third request of a process holds the best seats: they fall in
                // the middle rows, among the named ones.
                let best = index % 3 == 2 ? Int.random(in: 2...3, using: &random) : nil
                return Attempt(
                    process: process, index: index,
                    method: best != nil || (process + index) % 2 == 1 ? "booking.hold" : "booking.create",
                    userId: "racer-\(process)-\(index)", seats: best == nil ? seats : [], best: best)
            }
        }
    }

    @Test(arguments: Engine.all)
    func manyProcessesFightOverOverlappingSeats(on engine: Engine) throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        let database = try TestDatabase(engine, named: "race.sqlite")
        let demo = try BookingDemoDatabase(database)
        let plan = Self.plan(seed: seed)

        // Every process is up and has answered once before anyone writes.
        let racers = try (0..<Self.processCount).map { _ in try LiveProcess.bookingServer(demo) }
        for racer in racers {
            let info = try racer.call("server.info", [:], id: "ready")
            try #require(info["result"]["database"]["engine"].string == engine.rawValue, "\(info)")
        }
        let batches = plan.map { attempts in
            attempts.flatMap { attempt in
                var params: [String: JSONValue] = [
                    "showingId": .string(demo.showingId), "userId": .string(attempt.userId),
                ]
                if let best = attempt.best {
                    params["best"] = ["count": .integer(Int64(best))]
                } else {
                    params["seats"] = .array(attempt.seats.map(JSONValue.string))
                }
                // A question of the best seats rides along each request; it writes nothing.
                let question = RequestLine.make(
                    "seats.bestAvailable", ["showingId": .string(demo.showingId), "count": 2],
                    id: .string("ask-" + attempt.requestId))
                return [RequestLine.make(attempt.method, .object(params), id: .string(attempt.requestId)), question]
            }
        }
        for (racer, batch) in zip(racers, batches) { try racer.send(lines: batch) }
        for racer in racers { racer.closeInput() }

        var answers: [String: JSONValue] = [:]
        for (process, racer) in racers.enumerated() {
            for line in try racer.readToEnd(timeout: 60) {
                let answer = try JSONValue.parse(line)
                let id = try #require(answer["id"].string, "an answer without a string id: \(line)")
                #expect(answers[id] == nil, "two answers to \(id)")
                answers[id] = answer
            }
            let exit = try racer.waitForExit(timeout: 30)
            #expect(exit == .exit(0), "racer \(process) ended \(exit); stderr:\n\(racer.standardError)")
        }
        let attempts = plan.flatMap { $0 }
        try #require(
            answers.count == 2 * attempts.count,
            "seed \(seed): \(answers.count) answers to \(2 * attempts.count) requests")
        for attempt in attempts {
            // Best available answers two seats side by side that were free when it looked.
            let asked = try #require(answers["ask-" + attempt.requestId])
            let seats = asked["result"]["seats"].array
            #expect(seats.count == 2 && asked["result"]["together"] == .bool(true), "seed \(seed): \(asked)")
            #expect(seats.allSatisfy { $0["status"].string == "available" }, "seed \(seed): \(asked)")
        }

        try checkDatabase(database, demo: demo, attempts: attempts, answers: answers, seed: seed)
    }

    /// A live claim as the database holds it.
    struct Claim {
        var bookingId: String
        var seatId: String
        var label: String
        var userId: String
        var status: String
    }

    func checkDatabase(
        _ database: TestDatabase, demo: BookingDemoDatabase, attempts: [Attempt], answers: [String: JSONValue],
        seed: UInt64
    ) throws {
        let context = "seed \(seed) on \(database.engine.rawValue)"
        try database.expectIntact()

        // No (showingId, seatId) has two live claims.
        let doubled = try database.query(
            """
            SELECT showing, seat, COUNT(*) AS claims FROM claim WHERE releasedAt IS NULL
            GROUP BY showing, seat HAVING COUNT(*) > 1
            """)
        #expect(doubled.isEmpty, "\(context): seats with two live claims: \(doubled)")

        let claims = try database.query(
            """
            SELECT \(database.uuid("booking.uuid")) AS "bookingId", \(database.uuid("seat.uuid")) AS "seatId",
                   \(database.uuid("showing.uuid")) AS "showingId", seat.label, booking.userId AS "userId",
                   bookingStatus.name AS status
            FROM claim JOIN seat ON seat.id = claim.seat JOIN booking ON booking.id = claim.booking
            JOIN showing ON showing.id = claim.showing JOIN bookingStatus ON bookingStatus.id = booking.status
            WHERE claim.releasedAt IS NULL
            """
        ).map { row in
            #expect(row["showingId"].string == demo.showingId, "\(context): a claim on another showing: \(row)")
            return Claim(
                bookingId: row["bookingId"].string ?? "", seatId: row["seatId"].string ?? "",
                label: row["label"].string ?? "", userId: row["userId"].string ?? "", status: row["status"].string ?? ""
            )
        }
        let claimBySeatId = Dictionary(claims.map { ($0.seatId, $0) }, uniquingKeysWith: { first, _ in first })
        let claimByLabel = Dictionary(claims.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })

        // Through the API too: a new process's seat map shows exactly the seats the database
        // holds claims on, each as its claim says, and every other seat available.
        let reader = try LiveProcess.bookingServer(demo)
        let seatMap = try reader.call("seatmap.get", ["showingId": .string(demo.showingId)], id: "after")
        let shown = seatMap["result"]["rows"].array.flatMap { $0["seats"].array }
        try #require(shown.count == 86, "\(context): \(seatMap)")
        for seat in shown {
            let label = seat["label"].string ?? ""
            let expected = claimByLabel[label].map { $0.status == "confirmed" ? "booked" : "held" } ?? "available"
            #expect(seat["status"].string == expected, "\(context): \(label) shows \(seat), the database \(expected)")
        }
        reader.closeInput()
        #expect(try reader.waitForExit(timeout: 30) == .exit(0))
        #expect(claimBySeatId.count == claims.count, "\(context): two live claims on one seat")

        let bookings = try database.query(
            """
            SELECT \(database.uuid("booking.uuid")) AS id, userId AS "userId", bookingStatus.name AS status
            FROM booking JOIN bookingStatus ON bookingStatus.id = booking.status
            """)
        let released = try database.query("SELECT booking AS \"bookingId\" FROM claim WHERE releasedAt IS NOT NULL")
        #expect(released.isEmpty, "\(context): nothing was cancelled or expired, yet claims were released: \(released)")
        let events = try database.query(
            """
            SELECT \(database.uuid("booking.uuid")) AS "bookingId", \(database.uuid("seat.uuid")) AS "seatId",
                   seatStatus.name AS status
            FROM seatEvent JOIN seat ON seat.id = seatEvent.seat JOIN seatStatus ON seatStatus.id = seatEvent.status
            LEFT JOIN booking ON booking.id = seatEvent.booking
            """)

        // What the clients were told, booking by booking.
        var answered: [String: Set<String>] = [:]
        var userOfBooking: [String: String] = [:]
        var successes = 0
        var unavailable = 0
        var busy = 0
        let attemptByUser = Dictionary(uniqueKeysWithValues: attempts.map { ($0.userId, $0) })
        for attempt in attempts {
            let answer = try #require(answers[attempt.requestId])
            let result = answer["result"]
            guard result.isNull else {
                successes += 1
                let id = try #require(result["id"].string, "\(context): \(answer)")
                let seats = Set(result["seats"].array.compactMap { $0["label"].string })
                if let best = attempt.best {
                    #expect(
                        seats.count == best, "\(context): \(attempt.requestId) asked the best \(best), got \(answer)")
                } else {
                    #expect(
                        seats == Set(attempt.seats),
                        "\(context): \(attempt.requestId) asked \(attempt.seats), got \(answer)")
                }
                #expect(result["userId"].string == attempt.userId)
                #expect(
                    result["status"].string == (attempt.method == "booking.create" ? "confirmed" : "pending"),
                    "\(context): \(answer)")
                answered[id] = seats
                userOfBooking[id] = attempt.userId
                continue
            }
            let error = answer["error"]
            let leftBehind = bookings.filter { $0["userId"].string == attempt.userId }
            #expect(leftBehind.isEmpty, "\(context): the failed \(attempt.requestId) left \(leftBehind)")
            switch error["code"].integer {
            case -32002:
                unavailable += 1
                #expect(error["data"]["reason"].string == "SEATS_UNAVAILABLE", "\(context): \(answer)")
                let named = error["data"]["seats"].array
                if let best = attempt.best {
                    // Too few seats left side by side or at all: it names none, and says
                    // how many it could have had.
                    #expect(named.isEmpty, "\(context): \(answer)")
                    #expect((error["data"]["available"].integer ?? Int64(best)) < Int64(best), "\(context): \(answer)")
                    continue
                }
                #expect(!named.isEmpty, "\(context): SEATS_UNAVAILABLE naming no seat: \(answer)")
                for seat in named {
                    let label = seat["label"].string ?? ""
                    #expect(attempt.seats.contains(label), "\(context): \(attempt.requestId) did not ask for \(seat)")
                    guard let claim = claimByLabel[label] else {
                        Issue.record("\(context): \(attempt.requestId) was told \(label) is taken, but nobody holds it")
                        continue
                    }
                    #expect(seat["id"].string == claim.seatId, "\(context): \(seat) vs \(claim)")
                    #expect(claim.userId != attempt.userId, "\(context): \(label) is held by the failed request's user")
                    #expect(
                        seat["status"].string == (claim.status == "confirmed" ? "booked" : "held"),
                        "\(context): \(seat) but the claim is \(claim.status)")
                }
                // Every seat in the way: a seat taken by an earlier request of the same
                // process (so surely before this one ran) must be among those named; a
                // seat taken by a later one cannot be.
                let namedLabels = Set(named.compactMap { $0["label"].string })
                for label in attempt.seats {
                    guard let claim = claimByLabel[label], let taker = attemptByUser[claim.userId],
                        taker.process == attempt.process
                    else { continue }
                    if taker.index < attempt.index {
                        #expect(
                            namedLabels.contains(label),
                            "\(context): \(attempt.requestId) was not told that \(label) was taken by \(taker.requestId)"
                        )
                    } else {
                        #expect(
                            !namedLabels.contains(label),
                            "\(context): \(attempt.requestId) was told \(label) is taken, which \(taker.requestId) took later"
                        )
                    }
                }
            case -32009:
                busy += 1
                #expect(error["data"]["reason"].string == "BUSY", "\(context): \(answer)")
                #expect(error["data"]["retryAfterMs"].integer != nil, "\(context): \(answer)")
            default:
                Issue.record("\(context): \(attempt.requestId) failed with neither -32002 nor -32009: \(answer)")
            }
        }

        // What the database holds, booking by booking, is exactly what the clients were told.
        var stored: [String: Set<String>] = [:]
        for claim in claims { stored[claim.bookingId, default: []].insert(claim.label) }
        #expect(stored == answered, "\(context): the database holds \(stored), the clients were told \(answered)")
        #expect(
            Set(bookings.compactMap { $0["id"].string }) == Set(answered.keys),
            "\(context): booking rows \(bookings) for \(answered.count) successes")
        for booking in bookings {
            let id = booking["id"].string ?? ""
            let attempt = userOfBooking[id].flatMap { attemptByUser[$0] }
            #expect(booking["userId"].string == attempt?.userId)
            #expect(
                booking["status"].string == (attempt?.method == "booking.create" ? "confirmed" : "pending"),
                "\(context): \(booking)")
        }
        // One status-log line per seat taken, and none for a failed call.
        #expect(
            events.count == answered.values.reduce(0) { $0 + $1.count },
            "\(context): \(events.count) seat events for \(answered) ")
        for event in events {
            let bookingId = event["bookingId"].string ?? ""
            #expect(answered[bookingId] != nil, "\(context): an event of an unknown booking: \(event)")
        }

        // The race was a race: some won, some lost, and the seats that were won add up.
        #expect(successes > 0 && unavailable > 0, "\(context): \(successes) won, \(unavailable) lost, \(busy) busy")
        let bestUsers = Set(attempts.filter { $0.best != nil }.map(\.userId))
        #expect(claims.filter { !bestUsers.contains($0.userId) }.count <= Self.labels.count)
        #expect(successes + unavailable + busy == attempts.count)
    }
}
