import BoxOffice
import BoxOfficeSQLite
import Foundation
import GRDB
import Testing

extension Timestamp {
    /// A timestamp a test spells out; a typo fails the test instead of crashing it.
    public static func at(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Timestamp {
        try #require(Timestamp(rfc3339: text), sourceLocation: sourceLocation)
    }
}

/// The id the `n`th call of a `CountingIdentifiers` gives.
public func countedID(_ n: Int) -> String {
    let digits = String(n)
    return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits
}

/// A cinema on its own SQLite database in memory, with a clock standing at
/// 2030-01-01T00:00:00Z (or `now`) and counted ids.
public struct TestCinema: Sendable {
    /// The cinema.
    public let cinema: Cinema
    /// Its clock, which only moves when a test moves it.
    public let clock: ManualClock
    /// Its store, for tests that look at the rows themselves.
    public let store: SQLiteStore

    /// A fresh cinema.
    /// - Throws: when the database cannot be made.
    public init(now: String = "2030-01-01T00:00:00Z") throws {
        clock = ManualClock(start: try Timestamp.at(now))
        store = try SQLiteStore.inMemory()
        cinema = Cinema(store: store, clock: clock, ids: CountingIdentifiers())
    }

    /// How many rows `table` holds.
    /// - Throws: when the table cannot be read.
    public func count(_ table: String) throws -> Int {
        try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }

    /// Rows of every table a booking call writes, to show that a call wrote nothing.
    /// - Throws: when a table cannot be read.
    public func bookingRowCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in ["booking", "claim", "seatEvent", "idempotencyKey"] {
            counts[table] = try count(table)
        }
        return counts
    }
}

/// The `BoxOfficeError` that `body` threw; nil, recording a test failure, when it threw
/// none or another error.
public func boxOfficeError(_ body: () throws -> Any, sourceLocation: SourceLocation = #_sourceLocation)
    -> BoxOfficeError?
{
    do {
        let value = try body()
        Issue.record("expected a BoxOfficeError, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as BoxOfficeError {
        return error
    } catch {
        Issue.record("expected a BoxOfficeError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The small catalog the lifecycle tests share, on either engine: one movie, one theater
/// with one screen (row A regular, B premium, C a wheelchair space, its companion seat, an
/// aisle and two regular seats), and one showing of it on 2030-01-02 at 20:00 UTC.
public enum LifecycleCatalog {
    /// When the showing's sales close.
    public static let salesCloseAt = Timestamp(rfc3339: "2030-01-02T19:30:00Z")!

    /// Creates the catalog in `cinema`; answers its showing.
    /// - Throws: what the cinema throws.
    public static func install(into cinema: Cinema) throws -> Showing {
        let movie = try cinema.createMovie(NewMovie(title: "Lifecycle", durationMinutes: 100, rating: "PG"))
        let theater = try cinema.createTheater(
            NewTheater(
                name: "Odeon", city: "Paris",
                screens: [NewScreen(name: "One", layout: ["A: RRRR", "B: PPPP", "C: WC.RR"])]))
        return try cinema.createShowing(
            NewShowing(
                movieId: movie.id, screenId: theater.screens[0].id,
                startsAt: Timestamp(rfc3339: "2030-01-02T20:00:00Z")!, salesCloseAt: salesCloseAt,
                currency: "EUR", prices: ["regular": 1000, "premium": 1500, "wheelchair": 500, "companion": 500]))
    }
}
