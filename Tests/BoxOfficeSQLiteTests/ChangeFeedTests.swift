import BoxOffice
import BoxOfficeSQLite
import BoxOfficeTesting
import GRDB
import Testing

/// The change feed says yes after any commit, by another connection or by the store's
/// own writer, and no when nothing was committed: live seat maps read the log only then.
struct ChangeFeedTests {
    @Test func aCommitOfAnotherProcessOrOfThisOneMovesTheFeed() throws {
        let directory = try ScratchDirectory()
        let path = directory.path("feed.sqlite")
        let here = try SQLiteStore.open(path: path)
        let there = try SQLiteStore.open(path: path)
        let feed = try here.changeFeed()

        #expect(try feed.committedSinceLastLook(), "the first look has nothing to compare with")
        #expect(try !feed.committedSinceLastLook())
        try there.write { records in try records.insertMovie(Self.movie("m1"), at: Self.now) }
        #expect(try feed.committedSinceLastLook(), "another connection committed")
        #expect(try !feed.committedSinceLastLook())
        try here.write { records in try records.insertMovie(Self.movie("m2"), at: Self.now) }
        #expect(try feed.committedSinceLastLook(), "this store's own writer committed")
        #expect(try !feed.committedSinceLastLook())
        _ = try? there.write { records in
            try records.insertMovie(Self.movie("m3"), at: Self.now)
            throw CancelledWrite()
        }
        #expect(try !feed.committedSinceLastLook(), "a rollback commits nothing")
    }

    @Test func inMemoryTheStoreCountsItsOwnCommits() throws {
        let store = try SQLiteStore.inMemory()
        let feed = try store.changeFeed()
        _ = try feed.committedSinceLastLook()
        #expect(try !feed.committedSinceLastLook())
        try store.write { records in try records.insertMovie(Self.movie("m1"), at: Self.now) }
        #expect(try feed.committedSinceLastLook())
        _ = try store.read { records in try records.movies() }
        #expect(try !feed.committedSinceLastLook(), "a read commits nothing")
    }

    @Test func theLogCursorAndTheNextExpiryAreReadFromTheRecords() throws {
        let test = try TestCinema()
        #expect(try test.store.read { try $0.latestSeatEventId() } == 0)
        #expect(try test.store.read { try $0.nextHoldExpiry(showingId: "none", after: Self.now) } == nil)
    }

    struct CancelledWrite: Error {}

    static let now = Timestamp(secondsSince1970: 1_893_456_000)

    static func movie(_ id: String) -> Movie { Movie(id: id, title: "Feed \(id)", durationMinutes: 90, rating: nil) }
}
