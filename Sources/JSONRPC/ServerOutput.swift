import Synchronization

/// The one writer of a server's output: answers and the server's own notifications go
/// through it, each a whole line, one writer at a time.
///
/// A request is handled and answered while holding the output's turn, and the
/// notifications due are written right after its answer, still in that turn; so a
/// notification never lands inside an answer or a batch's brackets, and one caused by a
/// request follows that request's answer even when a `NotificationWatcher` on another
/// thread would have seen the change first. Nothing is queued: a slow reader holds the
/// turn, and the source coalesces what happens meanwhile.
public final class ServerOutput: Sendable {
    private let sink: any FrameSink
    private let source: (any NotificationSource)?
    /// The turn; true while the reader is there and the output is not closed.
    private let turn = Mutex(true)
    private let watcher = Mutex<NotificationWatcher?>(nil)

    /// An output writing to `sink`, with the notifications of `source` if there is one.
    public init(sink: any FrameSink, notifications source: (any NotificationSource)? = nil) {
        self.sink = sink
        self.source = source
    }

    /// Runs `body` (which handles a request) holding the turn, writes the line it answers
    /// (none for a notification), then the notifications due, and wakes the watcher if
    /// it may want an earlier look. Returns false once the reader went away or the output
    /// was closed (then `body` does not run).
    public func answer(_ body: () -> [UInt8]?) -> Bool {
        let open = turn.withLock { open in
            guard open else { return false }
            if let line = body(), !sink.write(line: line) {
                open = false
                return false
            }
            open = writeDueNotifications()
            return open
        }
        if open { watcher.withLock { $0 }?.nudge() }
        return open
    }

    /// Runs `body` (which handles a group of requests together) holding the turn, writes
    /// the lines it answers, in order, then the notifications due: a group's
    /// notifications follow all of its answers. Returns false once the reader went away
    /// or the output was closed (then `body` does not run).
    public func answer(lines body: () -> [[UInt8]]) -> Bool {
        let open = turn.withLock { open in
            guard open else { return false }
            let lines = body()
            if !lines.isEmpty, !sink.write(lines: lines) {
                open = false
                return false
            }
            open = writeDueNotifications()
            return open
        }
        if open { watcher.withLock { $0 }?.nudge() }
        return open
    }

    /// Writes the notifications due, in a turn of their own: what a watcher does when it
    /// wakes. Returns false once the reader went away or the output was closed.
    public func sendDueNotifications() -> Bool {
        turn.withLock { open in
            guard open else { return false }
            open = writeDueNotifications()
            return open
        }
    }

    /// Starts a `NotificationWatcher` thread that writes the source's notifications when
    /// it asks to be looked at, between requests. Without it (`--deterministic`), the
    /// source is asked after each request only.
    public func startWatching() {
        guard let source else { return }
        let started = NotificationWatcher(output: self, source: source)
        watcher.withLock { $0 = started }
        started.start()
    }

    /// Ends the output: stops the watcher, waits for a line being written to be whole, and
    /// writes nothing after that.
    public func close() {
        watcher.withLock { $0 }?.stop()
        turn.withLock { $0 = false }
    }

    private func writeDueNotifications() -> Bool {
        guard let source else { return true }
        for notification in source.dueNotifications() where !sink.write(line: notification.line) {
            return false
        }
        return true
    }
}
