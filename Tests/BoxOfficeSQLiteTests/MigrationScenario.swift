import BoxOffice
import BoxOfficeTesting
import Foundation
import Testing

/// What a v2 database holds in `Tests/Migration/v2-cinema.sql`, and every read of the API
/// over it: the migration test compares what these reads answer after the migration with
/// what the v2 code answered (`Tests/Migration/v2-cinema-answers.txt`).
///
/// The scenario runs on the demo catalog with counted ids and a manual clock, so that it
/// writes the same rows every time: holds that are pending, confirmed, expired in place and
/// expired by a later hold; a booking partly cancelled and one wholly cancelled; blocks, one
/// lifted; idempotency keys of the three kinds; and so the seat status log of all of it.
enum MigrationScenario {
    static let start = "2030-01-01T00:00:00Z"
    /// When every read is made: after the short holds ran out, before the long ones do.
    static let readAt = "2030-01-01T00:30:00Z"

    /// Writes the scenario's bookings and blocks; the catalog is the demo's.
    static func write(into cinema: Cinema, clock: ManualClock) throws {
        _ = try DemoCatalog.install(into: cinema)
        let showings = try cinema.showings(matching: ShowingFilter()).map(\.showing.id)
        let first = showings[1]
        let second = showings[0]
        let ana = try cinema.hold(
            HoldRequest(showingId: first, userId: "ana", seats: ["D5", "D6"], idempotencyKey: "ana-hold"))
        _ = clock.advance(seconds: 5)
        _ = try cinema.confirm(bookingId: ana.id, userId: "ana", idempotencyKey: "ana-confirm")
        _ = try cinema.hold(HoldRequest(showingId: first, userId: "bo", seats: ["D7"], ttlSeconds: 60))
        _ = try cinema.hold(HoldRequest(showingId: second, userId: "bo", seats: ["A1", "A2"], ttlSeconds: 60))
        _ = clock.advance(seconds: 30)
        let cy = try cinema.createBooking(
            BookingRequest(showingId: first, userId: "cy", seats: ["E1", "E2", "E3"], idempotencyKey: "cy-book"))
        _ = clock.advance(seconds: 60)
        _ = try cinema.cancel(bookingId: cy.id, userId: "cy", seats: ["E2"])
        let dee = try cinema.createBooking(BookingRequest(showingId: first, userId: "dee", seats: ["F1"]))
        _ = try cinema.cancel(bookingId: dee.id, userId: "dee")
        _ = try cinema.blockSeats(showingId: first, seats: ["G1", "G2"], reason: "broken")
        _ = clock.advance(seconds: 10)
        _ = try cinema.unblockSeats(showingId: first, seats: ["G2"], reason: "mended")
        // bo's hold on D7 ran out; this one reclaims it (it is stored as expired) and
        // takes the seat.
        _ = try cinema.hold(HoldRequest(showingId: first, userId: "eve", seats: ["D7", "D8"], ttlSeconds: 7200))
        _ = try cinema.createBooking(BookingRequest(showingId: second, userId: "ana", seats: ["B1"]))
        _ = try cinema.hold(
            HoldRequest(showingId: second, userId: "cy", seats: [], best: BestAvailableRequest(count: 2)))
        _ = try cinema.blockSeats(showingId: second, seats: ["C1"])
        // Runs out before the reads with nothing written after it: stored as pending.
        _ = try cinema.hold(HoldRequest(showingId: showings[2], userId: "dee", seats: ["A1"], ttlSeconds: 60))
    }

    /// Every read, in order, each as a name and its answer in sorted-keys JSON; then the
    /// replays of the idempotency keys, which must answer what the first calls did.
    static func reads(of cinema: Cinema, store: any CinemaStore) throws -> [(String, String)] {
        var answers: [(String, String)] = []
        func record(_ name: String, _ value: some Encodable) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            answers.append((name, String(decoding: try encoder.encode(value), as: UTF8.self)))
        }
        try record("movies", cinema.movies())
        try record("theaters", cinema.theaters())
        let showings = try cinema.showings(matching: ShowingFilter())
        try record("showings", showings)
        for summary in showings {
            let id = summary.showing.id
            try record("showing \(id)", cinema.showing(id: id))
            try record("seatmap \(id)", cinema.seatMap(showingId: id))
            for user in users { try record("seatmap \(id) \(user)", cinema.seatMap(showingId: id, userId: user)) }
            try record("availability \(id)", cinema.availability(showingId: id))
            let labels = try cinema.seatMap(showingId: id).rows.flatMap { $0.seats.map(\.label) }
            for (part, chunk) in stride(from: 0, to: labels.count, by: 40).enumerated() {
                let seats = Array(labels[chunk..<min(chunk + 40, labels.count)])
                try record("check \(id) \(part)", cinema.checkSeats(showingId: id, seats: seats))
            }
            try record("best \(id)", cinema.bestAvailable(showingId: id, request: BestAvailableRequest(count: 3)))
            let readTime = try Timestamp.at(readAt)
            let cursor = try store.read { records in
                [String(try records.latestSeatEventId(showingId: id))]
                    + [try records.nextHoldExpiry(showingId: id, after: readTime).map(\.rfc3339) ?? "none"]
            }
            try record("log \(id)", cursor)
        }
        try record("log", store.read { records in try records.latestSeatEventId() })
        for user in users {
            for status in [nil] + BookingStatus.allCases.map(Optional.some) {
                let page = try cinema.bookings(userId: user, status: status)
                try record("bookings \(user) \(status?.rawValue ?? "all")", page.bookings)
                for booking in page.bookings {
                    try record("booking \(booking.id)", cinema.booking(.id(booking.id), userId: user))
                    try record(
                        "booking \(booking.bookingNumber)",
                        cinema.booking(.number(booking.bookingNumber.lowercased()), userId: user))
                    try record(
                        "bookings \(user) showing \(booking.showing.id)",
                        cinema.bookings(userId: user, showingId: booking.showing.id).bookings)
                }
            }
            var cursor: String? = nil
            var pages = 0
            repeat {
                let page = try cinema.bookings(userId: user, limit: 1, cursor: cursor)
                try record("bookings \(user) page \(pages)", page.bookings)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil
        }
        let next = try store.read { records in try records.highestCountedIdentifiers() }
        try record("counted", [next.ids, next.bookingNumbers])
        let showing = showings[1].showing.id
        try record(
            "replay hold",
            cinema.hold(
                HoldRequest(showingId: showing, userId: "ana", seats: ["D5", "D6"], idempotencyKey: "ana-hold")))
        let ana = try cinema.bookings(userId: "ana", showingId: showing).bookings[0].id
        try record("replay confirm", cinema.confirm(bookingId: ana, userId: "ana", idempotencyKey: "ana-confirm"))
        try record(
            "replay create",
            cinema.createBooking(
                BookingRequest(showingId: showing, userId: "cy", seats: ["E1", "E2", "E3"], idempotencyKey: "cy-book")))
        return answers
    }

    static let users = ["ana", "bo", "cy", "dee", "eve"]

    /// The answers as the fixture file keeps them: a name line, then the answer's line.
    static func text(_ answers: [(String, String)]) -> String {
        answers.map { "\($0.0)\n\($0.1)\n" }.joined()
    }

    /// Where the fixture files are.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Migration")
}
