import Synchronization

/// What never changes once written: screens with their seats, showings with their
/// prices, and each showing's seats as answered (there is no method that edits any of
/// them). Read from the store once per process and kept, so that a seat map costs one
/// read of the live claims and nothing more.
///
/// What a write transaction reads is kept in its own `Entries` until it commits, so that
/// a transaction that rolls back leaves nothing behind.
final class StaticCatalogCache: Sendable {
    /// Entries read but not yet published.
    struct Entries {
        var screens: [String: Screen] = [:]
        var showings: [String: ShowingRecord] = [:]
        var movies: [String: Movie] = [:]
        var theaterNames: [String: String] = [:]

        var isEmpty: Bool { screens.isEmpty && showings.isEmpty && movies.isEmpty && theaterNames.isEmpty }
    }

    private let shared = Mutex(Entries())
    /// How many showings' seats are kept: each is a few dozen KB, and a process that has
    /// served thousands of showings needs only those in use.
    static let showingSeatsCapacity = 128

    private let seatsOfShowings = BoundedCache<String, ShowingSeats>(capacity: showingSeatsCapacity)
    private let seatIndexes = Mutex<[String: SeatIndex]>([:])
    private let seatScores = Mutex<[String: SeatScores]>([:])

    /// Makes entries read in a committed transaction visible to everyone.
    func publish(_ entries: Entries) {
        guard !entries.isEmpty else { return }
        shared.withLock { cache in
            cache.screens.merge(entries.screens) { first, _ in first }
            cache.showings.merge(entries.showings) { first, _ in first }
            cache.movies.merge(entries.movies) { first, _ in first }
            cache.theaterNames.merge(entries.theaterNames) { first, _ in first }
        }
    }

    /// The movie, from the cache or read from `records` (no method edits a movie).
    /// - Throws: `BoxOfficeError.notFound` when there is no such movie.
    func movie(_ id: String, in records: any CinemaRecords, pending: inout Entries?) throws -> Movie {
        if let cached = shared.withLock({ $0.movies[id] }) ?? pending?.movies[id] { return cached }
        guard let movie = try records.movie(id: id) else { throw BoxOfficeError.notFound(kind: "movie", id: id) }
        if pending != nil { pending?.movies[id] = movie } else { shared.withLock { $0.movies[id] = movie } }
        return movie
    }

    /// The theater's name, from the cache or read from `records` with every other
    /// theater's (no method renames a theater).
    /// - Throws: `BoxOfficeError.notFound` when there is no such theater.
    func theaterName(_ id: String, in records: any CinemaRecords, pending: inout Entries?) throws -> String {
        if let cached = shared.withLock({ $0.theaterNames[id] }) ?? pending?.theaterNames[id] { return cached }
        var names: [String: String] = [:]
        for theater in try records.theaters() { names[theater.id] = theater.name }
        guard let name = names[id] else { throw BoxOfficeError.notFound(kind: "theater", id: id) }
        if pending != nil {
            pending?.theaterNames.merge(names) { first, _ in first }
        } else {
            shared.withLock { $0.theaterNames.merge(names) { first, _ in first } }
        }
        return name
    }

    /// The screen, from the cache or read from `records`.
    /// - Throws: `BoxOfficeError.notFound` when there is no such screen.
    func screen(_ id: String, in records: any CinemaRecords, pending: inout Entries?) throws -> Screen {
        if let cached = shared.withLock({ $0.screens[id] }) ?? pending?.screens[id] { return cached }
        guard let screen = try records.screen(id: id) else { throw BoxOfficeError.notFound(kind: "screen", id: id) }
        if pending != nil { pending?.screens[id] = screen } else { shared.withLock { $0.screens[id] = screen } }
        return screen
    }

    /// The showing, from the cache or read from `records`.
    /// - Throws: `BoxOfficeError.notFound` when there is no such showing.
    func showing(_ id: String, in records: any CinemaRecords, pending: inout Entries?) throws -> ShowingRecord {
        if let cached = shared.withLock({ $0.showings[id] }) ?? pending?.showings[id] { return cached }
        guard let showing = try records.showing(id: id) else {
            throw BoxOfficeError.notFound(kind: "showing", id: id)
        }
        if pending != nil { pending?.showings[id] = showing } else { shared.withLock { $0.showings[id] = showing } }
        return showing
    }

    /// The seats of the showing's screen as answered, with the showing's prices and every
    /// status `available`: built once per showing from a screen already read, and kept
    /// for the `showingSeatsCapacity` showings used last.
    func seats(of showing: ShowingRecord, screen: Screen) -> ShowingSeats {
        seatsOfShowings.value(for: showing.id) { ShowingSeats(showing: showing, screen: screen) }
    }

    /// The screen's seat scores for best available, worked out once per screen.
    /// - Throws: `.conflict` if the stored layout no longer parses (it did when the
    ///   screen was made, and layouts never change).
    func scores(of screen: Screen) throws -> SeatScores {
        if let cached = seatScores.withLock({ $0[screen.id] }) { return cached }
        guard let layout = try? ScreenLayout(rows: screen.layout) else {
            throw BoxOfficeError.conflict(detail: "the layout of screen \(screen.id) cannot be read", id: screen.id)
        }
        let scores = SeatScores(layout)
        seatScores.withLock { $0[screen.id] = scores }
        return scores
    }

    /// The screen's seats by id and label, built once per screen.
    func seatIndex(of screen: Screen) -> SeatIndex {
        if let cached = seatIndexes.withLock({ $0[screen.id] }) { return cached }
        let index = SeatIndex(screen)
        seatIndexes.withLock { $0[screen.id] = index }
        return index
    }
}

extension Cinema {
    /// The showing and its screen, read through the cache, in a read snapshot.
    func catalog(showingId: String, in records: any CinemaRecords) throws -> (ShowingRecord, Screen) {
        var none: StaticCatalogCache.Entries? = nil
        let showing = try cache.showing(showingId, in: records, pending: &none)
        return (showing, try cache.screen(showing.screenId, in: records, pending: &none))
    }

    /// The showing and its screen, read through the cache, in a write transaction.
    func catalog(showingId: String, in transaction: CinemaTransaction) throws -> (ShowingRecord, Screen) {
        var pending: StaticCatalogCache.Entries? = transaction.cacheEntries
        defer { transaction.cacheEntries = pending ?? transaction.cacheEntries }
        let showing = try cache.showing(showingId, in: transaction.records, pending: &pending)
        return (showing, try cache.screen(showing.screenId, in: transaction.records, pending: &pending))
    }

    /// The movie and the theater's name of a showing, read through the cache, in a write
    /// transaction: what a new booking's answer needs besides what it wrote.
    func movieAndTheater(of showing: ShowingRecord, in transaction: CinemaTransaction) throws -> (Movie, String) {
        var pending: StaticCatalogCache.Entries? = transaction.cacheEntries
        defer { transaction.cacheEntries = pending ?? transaction.cacheEntries }
        let movie = try cache.movie(showing.movieId, in: transaction.records, pending: &pending)
        return (movie, try cache.theaterName(showing.theaterId, in: transaction.records, pending: &pending))
    }

    /// A screen, read through the cache, in a write transaction.
    func screen(_ id: String, in transaction: CinemaTransaction) throws -> Screen {
        var pending: StaticCatalogCache.Entries? = transaction.cacheEntries
        defer { transaction.cacheEntries = pending ?? transaction.cacheEntries }
        return try cache.screen(id, in: transaction.records, pending: &pending)
    }
}
