import BoxOffice
import Foundation
import Synchronization

/// The database server's clock, so that processes on hosts whose clocks disagree judge
/// hold expiry and sales closing alike: the offset of the server's `clock_timestamp()`
/// from this host's clock, measured on the store's connection (the round trip's middle),
/// and added to this host's time. It is measured again every `resampleSeconds`, when the
/// connection is idle; while the server cannot be reached, the last offset stands (0,
/// this host's own time, if it was never measured).
public final class DatabaseClock: WallClock {
    private let session: PostgresSession
    private let state = Mutex<(offset: Double, measuredAt: Double?)>((0, nil))
    /// How often the offset is measured again.
    public static let resampleSeconds = 10.0

    init(session: PostgresSession) {
        self.session = session
    }

    /// The server's time now.
    public func reading() -> ClockReading {
        let local = Date().timeIntervalSince1970
        let (offset, measuredAt) = state.withLock { $0 }
        if measuredAt.map({ abs(local - $0) >= Self.resampleSeconds }) ?? true, let measured = measure() {
            state.withLock { $0 = (measured, local) }
            return ClockReading(secondsSince1970: local + measured)
        }
        return ClockReading(secondsSince1970: local + offset)
    }

    /// How far the server's clock is ahead of this host's, in seconds.
    public var offsetSeconds: Double? {
        _ = now()
        return state.withLock { $0.measuredAt == nil ? nil : $0.offset }
    }

    /// The offset now, or nil when the connection is busy or the server cannot be reached.
    private func measure() -> Double? {
        session.withIdleConnection { link -> Double? in
            let before = Date().timeIntervalSince1970
            let row = try link.row(Statement(SQL.ServerClock.self))
            let after = Date().timeIntervalSince1970
            guard let server = try row?[0].decode(Double.self) else { return nil }
            return server - (before + after) / 2
        } ?? nil
    }
}

extension SQL {
    enum ServerClock: StatementText { static let sql = "SELECT extract(epoch FROM clock_timestamp())::float8" }
}
