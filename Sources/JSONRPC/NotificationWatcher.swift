import Foundation

/// A thread that sleeps until a `NotificationSource` wants to be looked at (its next
/// watch interval, or a moment it knows of), then writes its notifications through the
/// `ServerOutput`, in a turn of its own. While the source watches nothing it waits without
/// a timeout: no wake-ups, no work.
final class NotificationWatcher: @unchecked Sendable {
    private let output: ServerOutput
    private let source: any NotificationSource
    // Every stored var below is guarded by `condition`.
    private let condition = NSCondition()
    private var stopped = false
    /// When the watcher will wake by itself; nil while it waits for a nudge.
    private var wakesAt: ContinuousClock.Instant?

    init(output: ServerOutput, source: any NotificationSource) {
        self.output = output
        self.source = source
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "notifications"
        thread.start()
    }

    /// Wakes the watcher if the source now wants a look sooner than it would wake: after a
    /// request that started the first watch, say. Does nothing while the source watches
    /// nothing.
    func nudge() {
        guard let delay = source.nextLook() else { return }
        let wanted = ContinuousClock.now + delay
        condition.lock()
        if wakesAt.map({ wanted < $0 }) ?? true { condition.signal() }
        condition.unlock()
    }

    /// Ends the thread; a turn it is writing in finishes first.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while waitUntilDue() {
            if !output.sendDueNotifications() { return }
        }
    }

    /// Sleeps until the source wants a look; false once stopped.
    private func waitUntilDue() -> Bool {
        condition.lock()
        defer {
            wakesAt = nil
            condition.unlock()
        }
        while !stopped {
            guard let delay = source.nextLook() else {
                wakesAt = nil
                condition.wait()
                continue
            }
            if delay <= .zero { return true }
            let wakeAt = ContinuousClock.now + delay
            wakesAt = wakeAt
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
            // The time the source asked for has come: look, whatever it would say now. A
            // nudge or a spurious wake-up before that asks it again.
            if !stopped && ContinuousClock.now >= wakeAt { return true }
        }
        return false
    }
}
