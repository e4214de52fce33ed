/// The box office itself: the catalog, seat maps and bookings of one store, read and
/// changed under one clock and one source of ids.
///
/// Every change runs in a write transaction that its caller names: `write` opens one of
/// its own, and a `UnitOfWork` (a request's, in the serve loop) opens one or joins the
/// transaction its group shares. So a business rule holds even with several processes on
/// one database, and a reader of a call sees, in the call, whose transaction it writes in.
public struct Cinema: Sendable {
    /// Where the records live.
    public let store: any CinemaStore
    /// Where "now" comes from.
    public let clock: any WallClock
    /// Where new ids and booking numbers come from.
    public let ids: any IdentifierSource
    /// Screens and showings read once and kept: neither changes after it is created.
    let cache = StaticCatalogCache()
    /// Generations of commits, for reusing a seat map while nothing changed.
    let generations = CommitGenerations()

    /// A box office over `store`.
    public init(
        store: any CinemaStore, clock: any WallClock = SystemClock(), ids: any IdentifierSource = RandomIdentifiers()
    ) {
        self.store = store
        self.clock = clock
        self.ids = ids
    }

    /// Runs `body` in one write transaction of its own, with the clock read once. What it
    /// read into the catalog cache becomes visible to other requests only once the
    /// transaction has committed.
    /// - Throws: what `body` throws (nothing is written then); `BoxOfficeError.busy`.
    public func write<T>(_ body: (CinemaTransaction) throws -> T) throws -> T {
        let reading = clock.reading()
        var committed: CinemaTransaction?
        let result = try store.write { records in
            let transaction = CinemaTransaction(records: records, reading: reading)
            committed = transaction
            return try body(transaction)
        }
        if let committed { cache.publish(committed.cacheEntries) }
        return result
    }

    /// Group commit: runs `body` with a unit of work whose every write is a savepoint of
    /// one write transaction, committed once `body` returns, so several requests are kept
    /// by one commit. What the group read into the catalog cache is published only once it
    /// has committed.
    /// - Throws: what `body` throws, or the commit's failure (`BoxOfficeError.busy` when
    ///   the store stayed locked): nothing of the group is written then.
    ///
    /// On a store that does not group commits (`CinemaStore.groupsCommits`), `body` gets a
    /// unit of work whose writes each commit on their own.
    public func group<T>(_ body: (UnitOfWork) throws -> T) throws -> T {
        guard store.groupsCommits else { return try body(.alone(self)) }
        return try write { transaction in try body(UnitOfWork(cinema: self, shared: transaction)) }
    }

    /// Runs `body` against one consistent snapshot, with the clock read once.
    func snapshot<T>(_ body: (any CinemaRecords, Timestamp) throws -> T) throws -> T {
        let now = clock.now()
        return try store.read { records in try body(records, now) }
    }
}

/// Where one request's writes go: a write transaction of their own, or a savepoint of the
/// transaction that a group of requests shares (`Cinema.group`). A request that writes is
/// handed one; one that only reads never is.
public struct UnitOfWork {
    /// The box office it writes to.
    public let cinema: Cinema
    /// The group's open transaction; nil when each write commits on its own.
    private let shared: CinemaTransaction?

    init(cinema: Cinema, shared: CinemaTransaction?) {
        self.cinema = cinema
        self.shared = shared
    }

    /// A unit of work whose every write is a transaction of its own.
    public static func alone(_ cinema: Cinema) -> UnitOfWork {
        UnitOfWork(cinema: cinema, shared: nil)
    }

    /// Whether writes join a group's transaction (and are kept only by its commit).
    public var isShared: Bool { shared != nil }

    /// Runs `body` as one write, with the clock read anew: in a transaction of its own, or
    /// in a savepoint of the group's, so that when it throws only what it wrote is undone
    /// and the rest of the group goes on.
    /// - Throws: what `body` throws (nothing of it is written then); `BoxOfficeError.busy`.
    public func write<T>(_ body: (CinemaTransaction) throws -> T) throws -> T {
        guard let shared else { return try cinema.write(body) }
        shared.read(cinema.clock)
        return try shared.savepoint { try body(shared) }
    }
}

/// One write transaction of the box office: the store's writes, the time it runs at,
/// and the catalog entries read in it, kept apart until it commits.
public final class CinemaTransaction {
    /// The store's writes in this transaction.
    let records: any CinemaRecordWriter
    /// The clock, read once for the whole transaction (in a group, once per request),
    /// rounded down to its second: when things happen.
    public internal(set) var now: Timestamp
    /// The same reading rounded up to a whole second: where deadlines counted from now
    /// start, so that a hold never lasts less than it was asked for.
    public internal(set) var roundedUp: Timestamp
    /// Screens and showings read in this transaction, published after the commit.
    var cacheEntries = StaticCatalogCache.Entries()

    init(records: any CinemaRecordWriter, reading: ClockReading) {
        self.records = records
        self.now = reading.now
        self.roundedUp = reading.roundedUp
    }

    /// Takes a new reading of `clock` for the next request of a group.
    func read(_ clock: any WallClock) {
        let reading = clock.reading()
        now = reading.now
        roundedUp = reading.roundedUp
    }

    /// Runs `body` so that, when it throws, everything it wrote is undone and the rest
    /// of the transaction goes on (one request of a group that commits together).
    /// - Throws: what `body` throws.
    func savepoint<T>(_ body: () throws -> T) throws -> T {
        let entries = cacheEntries
        do {
            return try records.savepoint(body)
        } catch {
            cacheEntries = entries
            throw error
        }
    }
}
