import BoxOffice
import BoxOfficeRPC
import BoxOfficeSQLite
import BoxOfficeTesting
import Foundation
import JSONRPC
import Synchronization
import Testing

/// Group commit through the real methods: bookings waiting together share one write
/// transaction, each in a savepoint, and answer exactly what they answer one by one.
struct GroupCommitTests {
    /// Every line is waiting at once, as a client that pipelines leaves them.
    final class ReadyLineSource: LineSource {
        private var units: [FramedLine]
        init(_ lines: [String]) { units = lines.map { .line(Array($0.utf8)) } }
        func next(atMost limit: Int) -> [FramedLine] {
            let taken = Array(units.prefix(limit))
            units.removeFirst(taken.count)
            return taken
        }
    }

    /// The box office's units of work, counting the groups they run.
    final class CountingGrouping: CallUnits {
        let base: CinemaUnits
        private let sizes = Mutex<Int>(0)
        init(_ base: CinemaUnits) { self.base = base }
        var maxGroupSize: Int { base.maxGroupSize }
        var groups: Int { sizes.withLock { $0 } }
        func alone(_ body: (UnitOfWork) -> Void) { base.alone(body) }
        func together(_ body: (UnitOfWork) -> Void) throws {
            sizes.withLock { $0 += 1 }
            try base.together(body)
        }
    }

    /// The box office's units of work, but every call alone: what the same calls answer
    /// without group commit.
    struct EachAlone: CallUnits {
        let base: CinemaUnits
        var maxGroupSize: Int { 1 }
        func alone(_ body: (UnitOfWork) -> Void) { base.alone(body) }
        func together(_ body: (UnitOfWork) -> Void) throws { try base.together(body) }
    }

    /// A store whose every commit fails after the transaction's work was done, as a full
    /// disk or a lost lock would make it.
    final class FailingCommits: CinemaStore {
        let base: SQLiteStore
        let failing = Mutex(false)
        init(base: SQLiteStore) { self.base = base }

        func read<T>(_ body: (any CinemaRecords) throws -> T) throws -> T { try base.read(body) }
        func write<T>(_ body: (any CinemaRecordWriter) throws -> T) throws -> T {
            let fail = failing.withLock { $0 }
            return try base.write { records in
                let result = try body(records)
                if fail { throw BoxOfficeError.busy }
                return result
            }
        }
        func changeFeed() throws -> any ChangeFeed { try base.changeFeed() }
        func info() throws -> StoreInfo { try base.info() }
        func close() throws { try base.close() }
    }

    /// A fresh box office with one showing of a 10-seat row; the showing's id.
    static func boxOffice(store: any CinemaStore) throws -> (Cinema, ServedBoxOffice, String) {
        let clock = ManualClock(start: try Timestamp.at("2030-01-01T00:00:00Z"))
        let cinema = Cinema(store: store, clock: clock, ids: CountingIdentifiers())
        let served = BoxOfficeService.serving(cinema: cinema, manualClock: clock)
        let server = Server(registry: served.registry, units: served.units, logger: CapturedLog().logger())
        func result(_ line: String) throws -> JSONValue {
            let answer = try #require(server.respond(to: .line(Array(line.utf8))))
            return try JSONDecoder().decode(JSONValue.self, from: Data(answer))["result"]
        }
        let movie = try result(
            #"{"jsonrpc":"2.0","id":1,"method":"movies.create","params":{"title":"G","durationMinutes":90}}"#)
        let theater = try result(
            #"{"jsonrpc":"2.0","id":2,"method":"theaters.create","params":{"name":"T","screens":[{"name":"S","layout":["A: RRRRRRRRRR","B: PPPPPPPPPP"]}]}}"#
        )
        let showing = try result(
            #"{"jsonrpc":"2.0","id":3,"method":"showings.create","params":{"movieId":"\#(movie["id"].string ?? "")","screenId":"\#(theater["screens"][0]["id"].string ?? "")","startsAt":"2030-01-02T20:00:00Z","currency":"EUR","prices":{"regular":1000,"premium":1500}}}"#
        )
        return (cinema, served, try #require(showing["id"].string))
    }

    static func requests(showing: String) -> [String] {
        func call(_ id: Int, _ method: String, _ params: String) -> String {
            #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":{"showingId":"\#(showing)",\#(params)}}"#
        }
        return [
            call(10, "booking.create", #""userId":"u1","seats":["A1","A2"]"#),
            // A2 is taken by the first request of the same group: only this answer says so.
            call(11, "booking.create", #""userId":"u2","seats":["A2","A3"]"#),
            call(12, "booking.hold", #""userId":"u3","seats":["A3"],"idempotencyKey":"k1""#),
            // The same key in the same group: the first's row, read through the transaction.
            call(13, "booking.hold", #""userId":"u3","seats":["A3"],"idempotencyKey":"k1""#),
            call(14, "booking.hold", #""userId":"u3","seats":["A4"],"idempotencyKey":"k1""#),
            call(15, "booking.create", #""userId":"u4","seats":["B1"],"expectedTotal":{"amount":1,"currency":"EUR"}"#),
            call(16, "seats.block", #""seats":["A3","B2"]"#),
            call(17, "seats.block", #""seats":["B3"]"#),
            // A read ends the group: it sees every write before it.
            call(18, "seatmap.get", #""userId":"u1""#),
            call(19, "booking.create", #""userId":"u5","seats":["B3","B4"]"#),
            call(20, "booking.create", #""userId":"u5","seats":["B4","B5"]"#),
            call(21, "availability.get", #""userId":"u5""#).replacingOccurrences(of: #","userId":"u5""#, with: ""),
        ]
    }

    /// Serves `lines` on a fresh box office; the answers and the rows left.
    static func serve(grouped: Bool) throws -> (answers: [String], rows: [String: Int], groups: Int) {
        let test = try TestCinema()
        let (_, served, showing) = try boxOffice(store: test.store)
        let grouping = CountingGrouping(served.units)
        let server =
            grouped
            ? Server(registry: served.registry, units: grouping, logger: CapturedLog().logger())
            : Server(registry: served.registry, units: EachAlone(base: served.units), logger: CapturedLog().logger())
        let sink = LineCollector()
        server.serve(ReadyLineSource(requests(showing: showing)), to: ServerOutput(sink: sink))
        return (sink.lines, try test.bookingRowCounts(), grouping.groups)
    }

    @Test func aGroupAnswersExactlyWhatOneByOneAnswers() throws {
        let alone = try Self.serve(grouped: false)
        let together = try Self.serve(grouped: true)
        #expect(together.groups == 2, "writes before the read, and the two after it")
        #expect(together.answers.count == 12)
        for (one, other) in zip(alone.answers, together.answers) {
            #expect(one == other)
        }
        #expect(together.rows == alone.rows)
        let answers = try together.answers.map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        #expect(answers[1]["error"]["data"]["reason"] == "SEATS_UNAVAILABLE")
        #expect(answers[1]["error"]["data"]["seats"].array.compactMap { $0["label"].string } == ["A2"])
        #expect(answers[3]["result"] == answers[2]["result"], "the key's replay inside the group")
        #expect(answers[4]["error"]["data"]["reason"] == "CONFLICT")
        #expect(answers[5]["error"]["data"]["reason"] == "PRICE_CHANGED")
        #expect(answers[6]["error"]["data"]["reason"] == "SEATS_UNAVAILABLE")
        #expect(answers[7]["result"]["seats"][0]["status"] == "blocked")
        #expect(answers[9]["error"]["data"]["reason"] == "SEATS_UNAVAILABLE")
        #expect(answers[10]["result"]["status"] == "confirmed")
        #expect(answers[11]["result"]["booked"] == 4)
    }

    @Test func aGroupWhoseCommitFailsAnswersBusyForEveryCallAndWritesNothing() throws {
        let test = try TestCinema()
        let store = FailingCommits(base: test.store)
        let (_, served, showing) = try Self.boxOffice(store: store)
        store.failing.withLock { $0 = true }
        let before = try test.bookingRowCounts()
        let server = Server(registry: served.registry, units: served.units, logger: CapturedLog().logger())
        let sink = LineCollector()
        let lines = Array(Self.requests(showing: showing).prefix(3))
        server.serve(ReadyLineSource(lines), to: ServerOutput(sink: sink))
        let answers = try sink.lines.map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        #expect(answers.map(\.["id"]) == [10, 11, 12])
        #expect(answers.allSatisfy { $0["error"]["data"]["reason"] == "BUSY" }, "\(answers)")
        #expect(try test.bookingRowCounts() == before)
    }
}

/// The lines a server writes, as text.
final class LineCollector: FrameSink, @unchecked Sendable {
    private let lock = NSLock()
    private var written: [String] = []
    func write(line: [UInt8]) -> Bool {
        lock.withLock { written.append(String(decoding: line, as: UTF8.self)) }
        return true
    }
    var lines: [String] { lock.withLock { written } }
}
