import Foundation
import Synchronization

/// Where the service reads the time. Injected, never global, so that golden tests
/// can stand the clock still and move it on purpose.
public protocol WallClock: Sendable {
    /// The current time, read once: the whole second it is in, and that moment rounded
    /// up to a whole second.
    func reading() -> ClockReading
}

extension WallClock {
    /// The current time, to the whole second (rounded down).
    public func now() -> Timestamp {
        reading().now
    }
}

/// One look at a clock. Times are kept to the whole second, so a moment between two
/// seconds has two readings: `now` (rounded down) says when something happened, and
/// `roundedUp` is where a deadline counted from this moment starts, so that a hold of
/// `ttlSeconds` never lasts less than it was asked for (at most a second more).
public struct ClockReading: Sendable, Equatable {
    /// The moment rounded down to the whole second: `createdAt`, `updatedAt`, expiry checks.
    public var now: Timestamp
    /// The moment rounded up to the whole second (equal to `now` when the clock stands
    /// exactly on a second, as a standing clock always does).
    public var roundedUp: Timestamp

    /// A reading of `seconds` since 1970, with any fraction.
    public init(secondsSince1970 seconds: Double) {
        now = Timestamp(secondsSince1970: Int64(seconds.rounded(.down)))
        roundedUp = Timestamp(secondsSince1970: Int64(seconds.rounded(.up)))
    }

    /// A reading that stands exactly on the second `at`.
    public init(exactly at: Timestamp) {
        now = at
        roundedUp = at
    }
}

/// The real time of this machine.
public struct SystemClock: WallClock {
    /// The system clock.
    public init() {}

    /// The current time.
    public func reading() -> ClockReading {
        ClockReading(secondsSince1970: Date().timeIntervalSince1970)
    }
}

/// A clock that stands still until it is told to move: for `--deterministic` runs.
public final class ManualClock: WallClock {
    private let current: Mutex<Timestamp>

    /// A clock standing at `start`.
    public init(start: Timestamp) {
        current = Mutex(start)
    }

    /// The time the clock stands at, exactly on its second.
    public func reading() -> ClockReading {
        ClockReading(exactly: current.withLock { $0 })
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
