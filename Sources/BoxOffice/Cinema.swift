/// The box office itself: the catalog, seat maps and bookings of one database, read
/// and changed under one clock and one source of ids.
///
/// Every method that changes anything runs as one write transaction, so a business
/// rule holds even with several processes on one database file.
public struct Cinema: Sendable {
    /// The database all state lives in.
    public let database: BoxOfficeDatabase
    /// Where "now" comes from.
    public let clock: any WallClock
    /// Where new ids and booking numbers come from.
    public let ids: any IdentifierSource
    /// Screens and showings read once and kept: neither changes after it is created.
    let cache = StaticCatalogCache()

    /// A box office over `database`.
    public init(
        database: BoxOfficeDatabase, clock: any WallClock = SystemClock(),
        ids: any IdentifierSource = RandomIdentifiers()
    ) {
        self.database = database
        self.clock = clock
        self.ids = ids
    }
}
