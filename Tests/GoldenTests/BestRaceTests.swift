import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// Several real processes hold the best available seats of one showing at once, on each
/// engine. The
/// choice is made inside the write transaction that holds the seats, so no seat is ever
/// held twice, every answer is what the database holds, and a group is split only when
/// no run had room for it: free seats only grow fewer during the race, so a split group
/// while the final state still has a run of its size would be a wrong choice.
@Suite(.serialized)
struct BestRaceTests {
    static let processCount = 8
    static let holdsPerProcess = 4

    @Test(arguments: Engine.all)
    func manyProcessesHoldTheBestSeatsAtOnce(on engine: Engine) throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SplitMix64(seed: seed)
        let database = try TestDatabase(engine, named: "best-race.sqlite")
        let demo = try BookingDemoDatabase(database)
        let racers = try (0..<Self.processCount).map { _ in try LiveProcess.bookingServer(demo) }
        for racer in racers { _ = try racer.call("server.info", [:], id: "ready") }
        // 8 × 4 groups of 2 or 3: at most 96 seats asked of the 82 that are not wheelchair
        // spaces or companion seats, so some are refused near the end.
        var counts: [String: Int] = [:]
        for (process, racer) in racers.enumerated() {
            let lines = (0..<Self.holdsPerProcess).map { index in
                let count = Int.random(in: 2...3, using: &random)
                let id = "\(process)-\(index)"
                counts[id] = count
                return RequestLine.make(
                    "booking.hold",
                    [
                        "showingId": .string(demo.showingId), "userId": .string("racer-\(id)"),
                        "best": ["count": .integer(Int64(count))],
                    ],
                    id: .string(id))
            }
            try racer.send(lines: lines)
        }
        for racer in racers { racer.closeInput() }
        var answers: [String: JSONValue] = [:]
        for racer in racers {
            for line in try racer.readToEnd(timeout: 60) {
                let answer = try JSONValue.parse(line)
                answers[try #require(answer["id"].string)] = answer
            }
            #expect(try racer.waitForExit(timeout: 30) == .exit(0))
        }
        try #require(answers.count == counts.count, "seed \(seed): \(answers.count) answers")

        let context = "seed \(seed) on \(engine.rawValue)"
        let doubled = try database.query(
            "SELECT seat FROM claim WHERE releasedAt IS NULL GROUP BY showing, seat HAVING COUNT(*) > 1")
        #expect(doubled.isEmpty, "\(context): seats held twice: \(doubled)")
        let claims = try database.query(
            """
            SELECT \(database.uuid("booking.uuid")) AS id, booking.userId AS "userId", seat.label,
                   seat.rowIndex AS "rowIndex", seat.x
            FROM claim JOIN booking ON booking.id = claim.booking JOIN seat ON seat.id = claim.seat
            WHERE claim.releasedAt IS NULL ORDER BY seat.rowIndex, seat.x
            """)
        var held = 0
        for (id, answer) in answers {
            let userId = "racer-\(id)"
            let mine = claims.filter { $0["userId"].string == userId }
            if answer["result"].isNull {
                // Refused: too few seats left side by side or at all, and nothing written.
                #expect(answer["error"]["code"].integer == -32002, "\(context): \(answer)")
                #expect(mine.isEmpty, "\(context): a refused hold left claims: \(mine)")
                continue
            }
            held += 1
            let labels = answer["result"]["seats"].array.compactMap { $0["label"].string }
            #expect(labels.count == counts[id], "\(context): \(id) asked \(counts[id] ?? 0), got \(labels)")
            #expect(
                mine.compactMap { $0["label"].string } == labels, "\(context): \(id) answer \(labels), database \(mine)"
            )
            #expect(Set(mine.compactMap { $0["id"].string }) == [answer["result"]["id"].string ?? ""])
            // Side by side (one row, neighbouring cells), or split only when no run had room.
            let rows = Set(mine.compactMap { $0["rowIndex"].integer })
            let xs = mine.compactMap { $0["x"].integer }
            let together = rows.count == 1 && zip(xs, xs.dropFirst()).allSatisfy { $1 == $0 + 1 }
            if !together {
                #expect(
                    try Self.longestFreeRun(database, demo: demo) < labels.count,
                    "\(context): \(id) got \(labels) split while a run of \(labels.count) is still free")
            }
        }
        #expect(held >= 20, "\(context): only \(held) holds succeeded")
    }

    /// The longest run of free seats that best available offers without wheelchairSpaces
    /// (no wheelchair spaces, no companion seats), in the database as it is now.
    static func longestFreeRun(_ database: TestDatabase, demo: BookingDemoDatabase) throws -> Int {
        let seats = try database.query(
            """
            SELECT seat.rowIndex AS "rowIndex", seat.x, seat.type,
                   CASE WHEN EXISTS (SELECT 1 FROM claim WHERE claim.seat = seat.id AND claim.showing = showing.id
                                     AND claim.releasedAt IS NULL) THEN 1 ELSE 0 END AS taken
            FROM seat JOIN showing ON showing.screen = seat.screen
            WHERE \(database.uuid("showing.uuid")) = '\(demo.showingId)' ORDER BY seat.rowIndex, seat.x
            """)
        var longest = 0
        var run = 0
        var previous: (row: Int64, x: Int64)?
        for seat in seats {
            let row = seat["rowIndex"].integer ?? -1
            let x = seat["x"].integer ?? -1
            let offered = !["wheelchair", "companion"].contains(seat["type"].string ?? "")
            let free = offered && seat["taken"].integer == 0
            let adjacent = previous.map { $0.row == row && $0.x + 1 == x } ?? false
            run = free ? (adjacent ? run + 1 : 1) : 0
            if !free { previous = nil } else { previous = (row, x) }
            longest = max(longest, run)
        }
        return longest
    }
}
