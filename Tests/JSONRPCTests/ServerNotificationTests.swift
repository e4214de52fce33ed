import BoxOfficeTesting
import Foundation
import JSONRPC
import Synchronization
import Testing

/// The server's own notifications: written after the answer of the request that caused
/// them, never inside a batch's brackets, and by the watcher between requests, each line
/// whole.
struct ServerNotificationTests {
    let journal = CallJournal()

    private func server() -> Server<NoContext> {
        Server(registry: TestMethods.registry(journal: journal), logger: CapturedLog().logger())
    }

    @Test func aNotificationLineIsAJSONRPCNotification() throws {
        let notification = try ServerNotification(method: "seatmap.changed", params: ["b": 2, "a": 1])
        #expect(
            String(decoding: notification.line, as: UTF8.self)
                == #"{"jsonrpc":"2.0","method":"seatmap.changed","params":{"a":1,"b":2}}"#)
    }

    @Test func notificationsFollowTheAnswerOfTheRequestThatCausedThem() throws {
        let source = JournalNotifications(journal: journal)
        let sink = CollectingSink()
        let lines = ArrayLineSource(lines: [
            #"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":3,"subtrahend":1},"id":1}"#,
            #"[{"jsonrpc":"2.0","method":"record","params":{"note":"a"}},{"jsonrpc":"2.0","method":"ping","id":2}]"#,
            #"{"jsonrpc":"2.0","method":"ping","id":3}"#,
            #"{"jsonrpc":"2.0","method":"record","params":{"note":"b"}}"#,
        ])
        server().serve(lines, to: ServerOutput(sink: sink, notifications: source))
        #expect(
            sink.lines.map { String(decoding: $0, as: UTF8.self) } == [
                #"{"jsonrpc":"2.0","id":1,"result":2}"#,
                #"{"jsonrpc":"2.0","method":"journal.entry","params":{"entry":"subtract 3 1"}}"#,
                #"[{"jsonrpc":"2.0","id":2,"result":"pong"}]"#,
                #"{"jsonrpc":"2.0","method":"journal.entry","params":{"entry":"record a"}}"#,
                #"{"jsonrpc":"2.0","id":3,"result":"pong"}"#,
                #"{"jsonrpc":"2.0","method":"journal.entry","params":{"entry":"record b"}}"#,
            ])
    }

    /// With a watcher that looks as often as it can, a notification still never comes
    /// before the answer of the request whose handler caused it.
    @Test func theWatcherNeverGetsAheadOfAnAnswer() throws {
        let source = JournalNotifications(journal: journal, eager: true)
        let sink = CollectingSink()
        let output = ServerOutput(sink: sink, notifications: source)
        output.startWatching()
        let requests = (1...200).map {
            #"{"jsonrpc":"2.0","method":"subtract","params":{"minuend":\#($0),"subtrahend":0},"id":\#($0)}"#
        }
        server().serve(ArrayLineSource(lines: requests), to: output)
        output.close()
        let lines = sink.lines.map { String(decoding: $0, as: UTF8.self) }
        #expect(lines.count == 400)
        for n in 1...200 {
            let answer = lines.firstIndex(of: #"{"jsonrpc":"2.0","id":\#(n),"result":\#(n)}"#)
            let note = lines.firstIndex(
                of: #"{"jsonrpc":"2.0","method":"journal.entry","params":{"entry":"subtract \#(n) 0"}}"#)
            #expect(answer != nil && note != nil && answer! < note!, "request \(n)")
        }
    }

    /// Between requests, the watcher writes what the source has when it asks to be looked at.
    @Test func theWatcherWritesWithoutARequest() throws {
        let source = JournalNotifications(journal: journal, eager: true)
        let sink = CollectingSink()
        let output = ServerOutput(sink: sink, notifications: source)
        output.startWatching()
        defer { output.close() }
        journal.record("from elsewhere")
        let deadline = Date().addingTimeInterval(10)
        while sink.lines.isEmpty && Date() < deadline { usleep(1000) }
        #expect(
            sink.lines.map { String(decoding: $0, as: UTF8.self) } == [
                #"{"jsonrpc":"2.0","method":"journal.entry","params":{"entry":"from elsewhere"}}"#
            ])
    }

    @Test func nothingIsWrittenAfterClose() throws {
        let source = JournalNotifications(journal: journal)
        let sink = CollectingSink()
        let output = ServerOutput(sink: sink, notifications: source)
        output.close()
        journal.record("late")
        #expect(!output.sendDueNotifications())
        #expect(!output.answer { Array("{}".utf8) })
        #expect(sink.lines.isEmpty)
    }
}

/// Tells each new journal entry once, as `journal.entry {entry}`. Eager: asks the watcher
/// to look every millisecond.
final class JournalNotifications: NotificationSource {
    private let journal: CallJournal
    private let eager: Bool
    private let told = Mutex(0)

    init(journal: CallJournal, eager: Bool = false) {
        self.journal = journal
        self.eager = eager
    }

    func dueNotifications() -> [ServerNotification] {
        let entries = journal.entries
        let start = told.withLock { told in
            defer { told = entries.count }
            return told
        }
        return entries[start...].compactMap { try? ServerNotification(method: "journal.entry", params: ["entry": $0]) }
    }

    func nextLook() -> Duration? { eager ? .milliseconds(1) : nil }
}
