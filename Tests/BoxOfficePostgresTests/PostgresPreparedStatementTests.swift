import BoxOffice
import BoxOfficeTesting
import Foundation
import Testing

@testable import BoxOfficePostgres

/// Statements are prepared once per connection, and a booking is one statement: read
/// where it happens, in the server's own view of the session (`pg_prepared_statements`,
/// through the store's own connection) and in the log of a cluster that logs every
/// statement it runs.
@Suite(.serialized)
struct PostgresPreparedStatementTests {
    /// A screen of 11 rows of 10 regular seats, one showing of it.
    static func install(into cinema: Cinema) throws -> Showing {
        let movie = try cinema.createMovie(NewMovie(title: "Prepared", durationMinutes: 90, rating: nil))
        let theater = try cinema.createTheater(
            NewTheater(
                name: "Hall", city: nil,
                screens: [
                    NewScreen(
                        name: "Big",
                        layout: "ABCDEFGHIJK".map { "\($0): " + String(repeating: "R", count: 10) })
                ]))
        return try cinema.createShowing(
            NewShowing(
                movieId: movie.id, screenId: theater.screens[0].id,
                startsAt: Timestamp(rfc3339: "2030-01-02T20:00:00Z")!,
                salesCloseAt: Timestamp(rfc3339: "2030-01-02T19:30:00Z")!, currency: "EUR",
                prices: ["regular": 900]))
    }

    @Test(.enabled(if: PostgresTestServer.available))
    func aHundredBookingsArePreparedOnceAndRunAsOneStatementEach() throws {
        let cluster = try PostgresCluster(settings: ["log_statement=all"])
        defer { cluster.destroy() }
        let url = try PostgresTestServer.createDatabase(on: cluster.url)
        let store = try PostgresStore.open(url: url)
        let cinema = Cinema(
            store: store, clock: ManualClock(start: try .at("2030-01-01T00:00:00Z")), ids: CountingIdentifiers())
        let showing = try Self.install(into: cinema)
        // The first booking reads the catalog into the cache; the hundred after it are
        // what is counted.
        _ = try cinema.createBooking(BookingRequest(showingId: showing.id, userId: "warm", seats: ["K10"]))
        let before = cluster.log.count
        let seats = "ABCDEFGHIJ".flatMap { row in (1...10).map { "\(row)\($0)" } }
        for (index, seat) in seats.enumerated() {
            let booking = try cinema.createBooking(
                BookingRequest(showingId: showing.id, userId: "user-\(index)", seats: [seat]))
            #expect(booking.status == .confirmed)
        }
        // And one refused: a seat taken is the same statement, refused whole.
        #expect(throws: BoxOfficeError.self) {
            try cinema.createBooking(BookingRequest(showingId: showing.id, userId: "late", seats: ["A1"]))
        }
        let log = String(cluster.log.dropFirst(before))
        let logged = log.split(separator: "\n").filter { $0.contains("LOG:  ") }
        let executions = logged.filter { $0.contains("LOG:  execute PlaceBooking: ") }
        #expect(executions.count == 101, "\(logged.prefix(20))")
        // The refusal then reads who holds the seat, on its own: nothing else ran.
        let others = logged.filter { !$0.contains("LOG:  execute PlaceBooking: ") }
        let kinds = others.map { line in
            let message = line.split(separator: "LOG:  ", maxSplits: 1).last ?? ""
            return String(message.prefix { $0 != ":" })
        }
        #expect(kinds == ["execute LiveClaimsOfSeats"], "\(others)")
        #expect(!log.contains("execute <unnamed>"), "\(logged.prefix(20))")

        // The session prepared each statement once, under its name, and ran the booking's
        // 102 times: the warm-up, the hundred and the refusal.
        let prepared = try store.read { records in
            try (records as! PostgresRecords).link.rows(
                Statement(
                    unprepared: """
                        SELECT name, (generic_plans + custom_plans)::text FROM pg_prepared_statements ORDER BY name
                        """)
            ).map { try $0.text(0) + " " + $0.text(1) }
        }
        #expect(prepared.first { $0.hasPrefix("PlaceBooking ") } == "PlaceBooking 102")
        #expect(
            prepared.map { String($0.prefix { $0 != " " }) } == [
                "Begin", "BeginSnapshot", "InsertMovie", "InsertScreens", "InsertShowing", "InsertTheater",
                "LiveClaimsOfSeats", "LockScreen", "Movie", "OverlappingShowing", "PlaceBooking", "ReleaseSavepoint",
                "Screen", "ScreenSummaries", "Seats", "SetSavepoint", "Showing", "ShowingPrices", "Theaters",
            ])
        // Every booking is in the database, with its seat's log line.
        #expect(try PostgresTestServer.psql(url, "SELECT count(*) FROM booking WHERE status = 1") == "101\n")
        #expect(try PostgresTestServer.psql(url, "SELECT count(*) FROM seatEvent WHERE cause = 'book'") == "101\n")
    }
}
