import Synchronization

/// Live seat maps: the subscriptions of one process, and what each client must be told
/// when seats of its showing change, whoever changed them: this process, another process
/// on the same database, or a hold running out.
///
/// It knows nothing of timers or output. Whoever serves it calls `changes()` after each
/// request and whenever it wakes (every watch interval, and at `nextExpiry`); each call
/// asks the store's `ChangeFeed` whether anything was committed, reads the seat status
/// log of the watched showings only when something was, and re-reads a showing's claims
/// only when its log moved or one of its holds ran out. What a client is told is the
/// difference between the seats now and what it was told before, so changes coalesce by
/// themselves when they come faster than they are asked for.
public final class LiveSeatMaps: Sendable {
    /// How many subscriptions one process may hold at once.
    public static let maxSubscriptions = 100

    private let cinema: Cinema
    private let limit: Int
    private let state = Mutex(State())

    private struct State: Sendable {
        var feed: (any ChangeFeed)?
        /// In the order they were made, which is the order their changes are told in.
        var subscribers: [Subscriber] = []
        var showings: [String: WatchedShowing] = [:]
        var subscriptionsMade = 0
        /// The feed said yes and the log has not been read since (the read failed, or
        /// the yes came while subscribing).
        var unreadCommits = false
    }

    /// What is known of a watched showing.
    private struct WatchedShowing: Sendable {
        /// The newest line of its seat status log read so far.
        var logCursor: Int64
        /// When the earliest of its holds runs out, as last read.
        var nextExpiry: Timestamp?
    }

    /// Live seat maps of `cinema`, at most `limit` at a time.
    public init(cinema: Cinema, limit: Int = maxSubscriptions) {
        self.cinema = cinema
        self.limit = limit
    }

    /// Whether any subscription exists: without one, there is nothing to watch.
    public var isWatching: Bool { state.withLock { !$0.subscribers.isEmpty } }

    /// When the earliest hold of a watched showing runs out, as last read: the watcher
    /// wakes then, since a hold that runs out writes nothing.
    public var nextExpiry: Timestamp? {
        state.withLock { $0.showings.values.compactMap(\.nextExpiry).min() }
    }

    /// Starts a live seat map: the seat map now and the log's cursor, from one snapshot.
    /// - Throws: `.limitExceeded` (`maxSubscriptions`) past the limit, `.notFound` for an
    ///   unknown showing, `.invalidInput` for a bad user id; the store's errors.
    public func subscribe(showingId: String, userId: String? = nil) throws -> SeatMapSubscription {
        if let userId { try Validation.userId(userId) }
        return try state.withLock { state in
            guard state.subscribers.count < limit else {
                throw BoxOfficeError.limitExceeded(
                    name: "maxSubscriptions", limit: limit, value: state.subscribers.count + 1)
            }
            // Ask the feed before reading, so that a commit after the snapshot is a yes;
            // a yes now is kept for the subscriptions already there.
            let feed = try state.feed ?? cinema.store.changeFeed()
            state.feed = feed
            if try feed.committedSinceLastLook() { state.unreadCommits = true }
            let read = try cinema.snapshot { records, now in
                (
                    snapshot: try cinema.seatMapSnapshot(showingId: showingId, userId: userId, in: records, now: now),
                    cursor: try records.latestSeatEventId(),
                    logCursor: try records.latestSeatEventId(showingId: showingId),
                    nextExpiry: try records.nextHoldExpiry(showingId: showingId, after: now)
                )
            }
            state.subscriptionsMade += 1
            let id = "sub-\(state.subscriptionsMade)"
            state.subscribers.append(
                Subscriber(id: id, userId: userId, subscribedAt: read.snapshot, cursor: read.cursor))
            // A showing watched already keeps its older cursor and earlier expiry: its other
            // subscribers have not been told what lies between.
            var watched = state.showings[showingId] ?? WatchedShowing(logCursor: read.logCursor, nextExpiry: nil)
            watched.logCursor = min(watched.logCursor, read.logCursor)
            watched.nextExpiry = [watched.nextExpiry, read.nextExpiry].compactMap { $0 }.min()
            state.showings[showingId] = watched
            return SeatMapSubscription(id: id, cursor: read.cursor, snapshot: read.snapshot)
        }
    }

    /// Ends a subscription: its client is told nothing more.
    /// - Throws: `.notFound` (kind `subscription`) for one that does not exist here.
    public func unsubscribe(_ id: String) throws {
        try state.withLock { state in
            guard let index = state.subscribers.firstIndex(where: { $0.id.isIdentical(to: id) }) else {
                throw BoxOfficeError.notFound(kind: "subscription", id: id)
            }
            let showingId = state.subscribers.remove(at: index).showingId
            if !state.subscribers.contains(where: { $0.showingId == showingId }) {
                state.showings[showingId] = nil
            }
        }
    }

    /// What each client must be told now, in the order the subscriptions were made; what
    /// is returned counts as told. Without subscriptions it does nothing at all; with
    /// some, it asks the feed, and reads only when a commit or an expiry calls for it.
    /// - Throws: the store's errors; nothing counts as told then, and the next call reads
    ///   again.
    public func changes() throws -> [SeatMapChange] {
        try state.withLock { state in
            guard !state.subscribers.isEmpty, let feed = state.feed else { return [] }
            if try feed.committedSinceLastLook() { state.unreadCommits = true }
            let clockNow = cinema.clock.now()
            let expiring = Set(state.showings.filter { $0.value.nextExpiry.map { $0 <= clockNow } ?? false }.keys)
            guard state.unreadCommits || !expiring.isEmpty else { return [] }
            let toRead = state.unreadCommits ? state.showings : state.showings.filter { expiring.contains($0.key) }
            let reads = try cinema.snapshot { records, now in
                var reads: [String: ShowingRead] = [:]
                for (showingId, watched) in toRead {
                    reads[showingId] = try Self.read(watched, of: showingId, in: records, now: now)
                }
                return reads
            }
            state.unreadCommits = false
            for (showingId, read) in reads {
                state.showings[showingId] = read.watched
            }
            var changes: [SeatMapChange] = []
            for index in state.subscribers.indices {
                let showingId = state.subscribers[index].showingId
                guard let read = reads[showingId], let claims = read.claims else { continue }
                if let change = state.subscribers[index].tell(claims: claims, logCursor: read.watched.logCursor) {
                    changes.append(change)
                }
            }
            return changes
        }
    }

    /// A watched showing as one snapshot found it.
    private struct ShowingRead: Sendable {
        var watched: WatchedShowing
        /// Its claims now; nil when neither its log moved nor a hold of it ran out.
        var claims: [String: LiveClaim]?
    }

    /// One watched showing as it stands: its log cursor and next expiry, and its claims
    /// when its log moved or a hold of it ran out.
    private static func read(
        _ watched: WatchedShowing, of showingId: String, in records: any CinemaRecords, now: Timestamp
    ) throws -> ShowingRead {
        let latest = try records.latestSeatEventId(showingId: showingId)
        let expired = watched.nextExpiry.map { $0 <= now } ?? false
        let claims =
            latest > watched.logCursor || expired
            ? try records.liveClaims(showingId: showingId, now: now, seatIds: nil) : nil
        let updated = WatchedShowing(
            logCursor: max(watched.logCursor, latest),
            nextExpiry: try records.nextHoldExpiry(showingId: showingId, after: now))
        return ShowingRead(watched: updated, claims: claims)
    }
}
