import BoxOfficeTesting
import JSONRPC
import Synchronization
import Testing

/// Group commit in the serve loop: calls of methods that join groups and are already
/// waiting run together, answered in order once the group is kept; anything else ends
/// the group; a group that cannot be kept answers every call with the error.
struct GroupingTests {
    let journal = CallJournal()

    /// Records each group's size; fails the group's commit when told to.
    final class RecordingGrouping: CallUnits {
        let maxGroupSize: Int
        let failing: Bool
        let journal: CallJournal
        private let sizes = Mutex<[Int]>([])

        init(maxGroupSize: Int = 64, failing: Bool = false, journal: CallJournal) {
            self.maxGroupSize = maxGroupSize
            self.failing = failing
            self.journal = journal
        }

        var groupSizes: [Int] { sizes.withLock { $0 } }

        func alone(_ body: (NoContext) -> Void) { body(NoContext()) }

        func together(_ body: (NoContext) -> Void) throws {
            journal.record("begin")
            body(NoContext())
            if failing {
                journal.record("rollback")
                throw SeatTaken(seat: "commit")
            }
            journal.record("commit")
        }
    }

    /// Every unit is ready at once, as a client that pipelines its requests leaves them.
    final class ReadyLineSource: LineSource {
        private var units: [FramedLine]
        init(lines: [String]) { units = lines.map { .line(Array($0.utf8)) } }
        func next(atMost limit: Int) -> [FramedLine] {
            let taken = Array(units.prefix(limit))
            units.removeFirst(taken.count)
            return taken
        }
    }

    private func registry() -> MethodRegistry<NoContext> {
        var registry = MethodRegistry<NoContext>(translateError: TestMethods.translate)
        let journal = journal
        registry.register(Record.self, joinsGroups: true) { params, _ in
            journal.record("record \(params.note ?? "-")")
            return true
        }
        registry.register(Fail.self, joinsGroups: true) { params, _ in
            journal.record("fail \(params.kind)")
            throw SeatTaken(seat: params.kind)
        }
        registry.register(Ping.self) { _ in
            journal.record("ping")
            return "pong"
        }
        return registry
    }

    private func record(_ note: String, id: Int?) -> String {
        let id = id.map { #","id":\#($0)"# } ?? ""
        return #"{"jsonrpc":"2.0","method":"record","params":{"note":"\#(note)"}\#(id)}"#
    }

    @Test func waitingCallsRunTogetherAndAReadEndsTheGroup() throws {
        let grouping = RecordingGrouping(journal: journal)
        let server = Server(registry: registry(), units: grouping, logger: CapturedLog().logger())
        let sink = CollectingSink()
        server.serve(
            ReadyLineSource(lines: [
                record("a", id: 1), #"{"jsonrpc":"2.0","method":"fail","params":{"kind":"B7"},"id":2}"#,
                record("quiet", id: nil), record("c", id: 3),
                #"{"jsonrpc":"2.0","method":"ping","id":4}"#,
                record("d", id: 5), record("e", id: 6),
                #"{"jsonrpc":"2.0","method":"nope","id":7}"#,
                record("alone", id: 8),
            ]), to: sink)
        let answers = try sink.values()
        #expect(answers.map(\.["id"]) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(answers[1]["error"]["data"]["seat"] == "B7", "one call's error is its own answer")
        #expect(answers[2]["result"] == true)
        #expect(
            journal.entries == [
                "begin", "record a", "fail B7", "record quiet", "record c", "commit", "ping", "begin", "record d",
                "record e", "commit", "record alone",
            ])
    }

    @Test func aGroupIsCapped() throws {
        let grouping = RecordingGrouping(maxGroupSize: 2, journal: journal)
        let server = Server(registry: registry(), units: grouping, logger: CapturedLog().logger())
        let sink = CollectingSink()
        server.serve(ReadyLineSource(lines: (1...5).map { (n: Int) in record("n\(n)", id: n) }), to: sink)
        #expect(try sink.values().map(\.["id"]) == [1, 2, 3, 4, 5])
        #expect(journal.entries.filter { $0 == "begin" }.count == 2, "\(journal.entries)")
        #expect(journal.entries.last == "record n5", "the fifth is alone and commits at once")
    }

    @Test func aGroupThatCannotBeKeptAnswersEveryCallWithTheError() throws {
        let grouping = RecordingGrouping(failing: true, journal: journal)
        let server = Server(registry: registry(), units: grouping, logger: CapturedLog().logger())
        let sink = CollectingSink()
        server.serve(
            ReadyLineSource(lines: [record("a", id: 1), record("quiet", id: nil), record("b", id: 2)]), to: sink)
        let answers = try sink.values()
        #expect(answers.map(\.["id"]) == [1, 2])
        #expect(answers.allSatisfy { $0["error"]["data"]["seat"] == "commit" }, "\(answers)")
    }

    /// What a group caused is told after all of its answers, once it was kept.
    @Test func notificationsFollowAllOfAGroupsAnswers() throws {
        let grouping = RecordingGrouping(journal: journal)
        let server = Server(registry: registry(), units: grouping, logger: CapturedLog().logger())
        let sink = CollectingSink()
        server.serve(
            ReadyLineSource(lines: [record("a", id: 1), record("b", id: 2)]),
            to: ServerOutput(sink: sink, notifications: JournalNotifications(journal: journal)))
        let lines = try sink.values()
        #expect(lines.map(\.["id"]) == [1, 2, nil, nil, nil, nil])
        #expect(lines.dropFirst(2).map(\.["params"]["entry"]) == ["begin", "record a", "record b", "commit"])
    }

    @Test func withoutGroupingEveryCallRunsAlone() throws {
        let server = Server(registry: registry(), logger: CapturedLog().logger())
        let sink = CollectingSink()
        server.serve(ReadyLineSource(lines: [record("a", id: 1), record("b", id: 2)]), to: sink)
        #expect(try sink.values().map(\.["id"]) == [1, 2])
        #expect(journal.entries == ["record a", "record b"])
    }
}
