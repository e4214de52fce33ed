import Synchronization

/// What a seat map answered at one moment stays true until: the store's commits since
/// then (by any process, counted in generations of a change feed), and the moment it
/// would change with nothing written (a hold runs out, sales close).
public struct SeatMapVersion: Sendable, Equatable {
    /// The commit generation the seat map was read in.
    var generation: UInt64
    /// The first moment at which it may read differently with no commit; nil for never.
    var validUntil: Timestamp?
}

/// Counts generations of commits with a change feed of its own, opened at the first
/// seat map that asks: a new generation whenever the feed says anything may have been
/// committed since the last look.
final class CommitGenerations: Sendable {
    private struct State {
        var feed: (any ChangeFeed)?
        var failed = false
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    /// The current generation, or nil when the store cannot tell (then nothing is reused).
    /// The feed is made and asked outside the mutex (asking may wait for a server); two
    /// threads asking at once may both count a generation, which only costs a re-read.
    func current(of store: any CinemaStore) -> UInt64? {
        let (failed, existing) = state.withLock { ($0.failed, $0.feed) }
        if failed { return nil }
        let feed: any ChangeFeed
        if let existing {
            feed = existing
        } else {
            do {
                let made = try store.changeFeed()
                feed = state.withLock { state in
                    if let other = state.feed { return other }
                    state.feed = made
                    return made
                }
            } catch {
                state.withLock { $0.failed = true }
                return nil
            }
        }
        do {
            let moved = try feed.committedSinceLastLook()
            return state.withLock { state in
                if moved { state.generation += 1 }
                return state.generation
            }
        } catch {
            return nil
        }
    }
}

extension Cinema {
    /// The seat map of a showing as `seatMapSnapshot` reads it, unless nothing it shows
    /// can have changed since `version` (no commit by anyone, no hold run out, sales not
    /// closed since): then nil, and the caller's copy of that seat map still holds.
    /// Also answers the version of what it answered.
    /// - Throws: as `seatMapSnapshot`.
    public func seatMapSnapshot(showingId: String, userId: String?, unlessUnchangedSince version: SeatMapVersion?)
        throws -> (SeatMapSnapshot?, SeatMapVersion?)
    {
        if let userId { try Validation.userId(userId) }
        // The generation is read before the snapshot, so a commit after it is a new one.
        let generation = generations.current(of: store)
        let now = clock.now()
        if let version, let generation, version.generation == generation,
            version.validUntil.map({ now < $0 }) ?? true
        {
            return (nil, version)
        }
        return try snapshot { records, now in
            let snapshot = try seatMapSnapshot(showingId: showingId, userId: userId, in: records, now: now)
            guard let generation else { return (snapshot, nil) }
            let closing = now < snapshot.showing.salesCloseAt ? snapshot.showing.salesCloseAt : nil
            let expiry = try records.nextHoldExpiry(showingId: showingId, after: now)
            let validUntil = [closing, expiry].compactMap { $0 }.min()
            return (snapshot, SeatMapVersion(generation: generation, validUntil: validUntil))
        }
    }
}
