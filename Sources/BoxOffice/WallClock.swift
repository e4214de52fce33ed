import Foundation
import Synchronization

/// Where the service reads the time. Injected, never global, so that golden tests
/// can stand the clock still and move it on purpose.
public protocol WallClock: Sendable {
    /// The current time, to the whole second.
    func now() -> Timestamp
}

/// The real time of this machine.
public struct SystemClock: WallClock {
    /// The system clock.
    public init() {}

    /// The current time, truncated to the second.
    public func now() -> Timestamp {
        Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }
}

/// A clock that stands still until it is told to move: for `--deterministic` runs.
public final class ManualClock: WallClock {
    private let current: Mutex<Timestamp>

    /// A clock standing at `start`.
    public init(start: Timestamp) {
        current = Mutex(start)
    }

    /// The time the clock stands at.
    public func now() -> Timestamp {
        current.withLock { $0 }
    }

    /// Moves the clock forward by `seconds` and returns the new time.
    @discardableResult
    public func advance(seconds: Int64) -> Timestamp {
        current.withLock { now in
            now = now.adding(seconds: seconds)
            return now
        }
    }
}
