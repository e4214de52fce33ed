/// The box office itself: the catalog, seat maps and bookings of one store, read and
/// changed under one clock and one source of ids.
///
/// Every method that changes anything runs as one write transaction of the store, so a
/// business rule holds even with several processes on one database. Each also exists in
/// a form that runs inside a transaction the caller already holds (`in: transaction`),
/// so that several requests can share one commit.
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

    /// Runs `body` in one write transaction with the clock read once. What it read into
    /// the catalog cache becomes visible to other requests only once the transaction has
    /// committed.
    /// - Throws: what `body` throws (nothing is written then); `BoxOfficeError.busy`.
    ///
    /// Inside `group` on the same thread, `body` joins the group's transaction instead, in
    /// a savepoint of its own: when it throws, only what it wrote is undone.
    public func transaction<T>(_ body: (CinemaTransaction) throws -> T) throws -> T {
        if let group = OpenGroup.current, group.cache === cache {
            let transaction = group.transaction
            transaction.read(clock)
            return try transaction.savepoint { try body(transaction) }
        }
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

    /// Runs `body` as one write transaction that every `transaction` of this cinema
    /// started on this thread inside it joins, each in a savepoint of its own: group
    /// commit, several requests kept by one commit. Reads inside it see the group's writes.
    /// What the group read into the catalog cache is published only once it has committed.
    /// - Throws: what `body` throws, or the commit's failure (`BoxOfficeError.busy` when
    ///   the store stayed locked): nothing of the group is written then.
    ///
    /// On a store that does not group commits (`CinemaStore.groupsCommits`), each request
    /// commits on its own and `body` runs outside any transaction.
    public func group<T>(_ body: () throws -> T) throws -> T {
        guard store.groupsCommits else { return try body() }
        precondition(OpenGroup.current?.cache !== cache, "a group of this cinema is already open on this thread")
        let reading = clock.reading()
        var committed: CinemaTransaction?
        let result = try store.write { records in
            let transaction = CinemaTransaction(records: records, reading: reading)
            committed = transaction
            return try OpenGroup.$current.withValue(OpenGroup(cache: cache, transaction: transaction)) {
                try body()
            }
        }
        if let committed { cache.publish(committed.cacheEntries) }
        return result
    }

    /// Runs `body` against one consistent snapshot, with the clock read once; inside a
    /// group, against the group's transaction, which sees the group's writes.
    func snapshot<T>(_ body: (any CinemaRecords, Timestamp) throws -> T) throws -> T {
        let now = clock.now()
        if let group = OpenGroup.current, group.cache === cache {
            return try body(group.transaction.records, now)
        }
        return try store.read { records in try body(records, now) }
    }
}

/// The group transaction open on this thread, if any, and the cinema it belongs to (by
/// its cache, which each `Cinema` has its own of). Bound with a task-local value, so it
/// is seen only by the thread (or task) that opened it.
final class OpenGroup: @unchecked Sendable {
    // Unchecked: the transaction is used only on the thread that bound it, while bound.
    let cache: StaticCatalogCache
    let transaction: CinemaTransaction

    init(cache: StaticCatalogCache, transaction: CinemaTransaction) {
        self.cache = cache
        self.transaction = transaction
    }

    @TaskLocal static var current: OpenGroup?
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
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        let entries = cacheEntries
        do {
            return try records.savepoint(body)
        } catch {
            cacheEntries = entries
            throw error
        }
    }
}
