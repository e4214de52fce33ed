import BoxOffice
import GRDB
import Testing

@testable import BoxOfficeSQLite

/// Live claims name their seats by key, and the store keeps each seat's id once read: only
/// ids of committed seats may be kept, or a rolled-back theater's seats would lend their
/// names to the next theater's seats, which get the same keys.
struct SeatIDsTests {
    static let now = Timestamp(secondsSince1970: 1_893_456_000)

    static func theater(_ tag: String) -> NewTheaterRecord {
        let id = { (n: Int) in "\(tag)-\(n)" }
        let seats = (1...3).map {
            Screen.Seat(id: id($0 + 2), label: "A\($0)", rowIndex: 0, number: $0, x: $0 - 1, type: .regular)
        }
        return NewTheaterRecord(
            theater: Theater(id: id(1), name: "T \(tag)", screens: []),
            screens: [
                Screen(
                    id: id(2), theaterId: id(1), name: "S", rows: [Screen.Row(label: "A", seats: seats)],
                    layout: ["A: RRR"])
            ])
    }

    static func showing(_ tag: String) -> ShowingRecord {
        ShowingRecord(
            id: "\(tag)-show", movieId: "movie", theaterId: "\(tag)-1", screenId: "\(tag)-2",
            startsAt: now.adding(seconds: 3600),
            endsAt: now.adding(seconds: 9000), salesCloseAt: now.adding(seconds: 3600), currency: "EUR",
            prices: [.regular: 100])
    }

    /// Writes a theater, a showing and a block on its second seat, and reads the claims.
    static func blockSecondSeat(_ tag: String, in records: any CinemaRecordWriter) throws -> [String: LiveClaim] {
        try records.insertTheater(theater(tag), at: now)
        try records.insertShowing(showing(tag), at: now)
        #expect(
            try records.insertBlocks(
                showingId: "\(tag)-show", screenId: "\(tag)-2", seatIds: ["\(tag)-4"], reason: nil, at: now) == .done)
        return try records.liveClaims(showingId: "\(tag)-show", now: now, seatIds: nil)
    }

    struct RolledBack: Error {}

    @Test func seatsOfARolledBackWriteLendNoNames() throws {
        let store = try SQLiteStore.inMemory()
        try store.write { records in
            try records.insertMovie(Movie(id: "movie", title: "M", durationMinutes: 90), at: Self.now)
        }
        #expect(throws: RolledBack.self) {
            try store.write { records in
                #expect(try Self.blockSecondSeat("gone", in: records).keys.sorted() == ["gone-4"])
                throw RolledBack()
            }
        }
        let claims = try store.write { records in try Self.blockSecondSeat("kept", in: records) }
        #expect(claims.keys.sorted() == ["kept-4"])
        #expect(
            try store.read { records in try records.liveClaims(showingId: "kept-show", now: Self.now, seatIds: nil) }
                .keys.sorted() == ["kept-4"])
        // And filtered by seat, through the ids the store kept.
        #expect(
            try store.read { records in
                try records.liveClaims(showingId: "kept-show", now: Self.now, seatIds: ["kept-3", "kept-4"])
            }.keys.sorted() == ["kept-4"])
    }
}
