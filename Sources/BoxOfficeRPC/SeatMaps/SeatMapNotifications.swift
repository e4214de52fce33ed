import BoxOffice
import Foundation
import JSONRPC
import Logging
import Synchronization

/// Live seat maps as a source of `seatmap.changed` notifications: asked after every
/// request and, between requests, every watch interval and when a watched hold runs out.
/// Without subscriptions it asks for no look at all. A live seat map that stands for an
/// MCP resource subscription is told as `notifications/resources/updated` instead, once
/// per resource and look.
final class SeatMapNotifications: NotificationSource {
    private let live: LiveSeatMaps
    private let resources: ResourceSubscriptions
    private let interval: Duration
    private let logger: Logger
    /// When changes were last looked for, and whether that look failed (then the next one
    /// waits a whole interval, expiries or not, rather than spin).
    private let lastLook = Mutex<(at: ContinuousClock.Instant, failed: Bool)?>(nil)

    init(live: LiveSeatMaps, resources: ResourceSubscriptions, interval: Duration, logger: Logger) {
        self.live = live
        self.resources = resources
        self.interval = interval
        self.logger = logger
    }

    func dueNotifications() -> [ServerNotification] {
        guard live.isWatching else { return [] }
        do {
            let changes = try live.changes()
            lastLook.withLock { $0 = (ContinuousClock.now, false) }
            var updated: Set<String> = []
            return try changes.compactMap { change in
                guard let uri = resources.uri(ofSubscription: change.subscription) else {
                    return try ServerNotification(method: SeatMapChanged.method, params: change)
                }
                guard updated.insert(uri).inserted else { return nil }
                return try ServerNotification(method: ResourceUpdated.method, params: ResourceUpdated.Params(uri: uri))
            }
        } catch {
            lastLook.withLock { $0 = (ContinuousClock.now, true) }
            logger.warning("live seat maps: cannot read the changes (\(error)); trying again in \(interval)")
            return []
        }
    }

    /// The next watch interval after the last look, or sooner when a watched hold runs
    /// out first. Expiries are on the cinema's clock, which is the system's whenever a
    /// watcher runs (a `--deterministic` process has none).
    func nextLook() -> Duration? {
        guard live.isWatching else { return nil }
        let last = lastLook.withLock { $0 }
        guard let last else { return .zero }
        let delay = interval - (ContinuousClock.now - last.at)
        guard !last.failed, let expiry = live.nextExpiry else { return delay }
        let untilExpiry = Double(expiry.secondsSince1970) - Date().timeIntervalSince1970
        return min(delay, .milliseconds(Int64((untilExpiry * 1000).rounded(.up))))
    }
}
