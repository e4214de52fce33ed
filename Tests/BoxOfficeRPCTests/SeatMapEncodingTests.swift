import BoxOffice
import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

@testable import BoxOfficeRPC

/// The seat map's prepared bytes must be exactly what `JSONEncoder` writes, keys sorted,
/// for every status, with and without `mine`, whatever the names hold.
struct SeatMapEncodingTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    @Test func preparedBytesEqualJSONEncoderBytes() throws {
        var client = try InProcessClient()
        let movie = try client.result("movies.create", ["title": "Bytes", "durationMinutes": 90])
        let theater = try client.result(
            "theaters.create",
            [
                "name": "Odéon",
                "screens": [
                    [
                        "name": "Salle \"Étoile\" ☆ 1/2 \\ tab\tend",
                        "layout": ["A: WC..RRRR", "B: PPPPPPPP", "AA: VV....VV"],
                    ]
                ],
            ])
        let screenId = theater["screens"].array[0]["id"]
        var showings: [JSONValue] = []
        for (start, regular) in [("2030-01-02T18:00:00Z", 1150), ("2030-01-02T21:00:00Z", 990)] {
            let showing = try client.result(
                "showings.create",
                [
                    "movieId": movie["id"], "screenId": screenId, "startsAt": .string(start), "currency": "EUR",
                    "prices": [
                        "regular": .integer(Int64(regular)), "premium": 1450, "vip": 2200, "wheelchair": 0,
                        "companion": 500,
                    ],
                ])
            showings.append(showing["id"])
        }
        let first = showings[0]
        _ = try client.result("booking.create", ["showingId": first, "userId": "ann", "seats": ["A1", "A2"]])
        _ = try client.result("booking.hold", ["showingId": first, "userId": "bob", "seats": ["B3", "B4"]])
        _ = try client.result("seats.block", ["showingId": first, "seats": ["AA1"], "reason": "broken"])

        let encoding = SeatMapEncoding()
        for showing in showings {
            for userId in [nil, "ann", "bob", "nobody"] as [String?] {
                let snapshot = try client.cinema.seatMapSnapshot(showingId: showing.string!, userId: userId)
                let prepared = try encoding.encode(snapshot)
                let plain = Array(try Self.encoder.encode(snapshot.seatMap))
                #expect(
                    prepared == plain,
                    "user \(userId ?? "none"):\nprepared \(String(decoding: prepared, as: UTF8.self))\nplain    \(String(decoding: plain, as: UTF8.self))"
                )
            }
        }
        // The statuses really differ in what was compared.
        let statuses = try client.cinema.seatMapSnapshot(showingId: first.string!).statuses
        #expect(Set(statuses) == Set<SeatStatus>([.available, .held, .booked, .blocked]))

        // And what a client receives is the same value.
        let answer = try client.result("seatmap.get", ["showingId": first, "userId": "bob"])
        let plain = try JSONDecoder().decode(
            JSONValue.self,
            from: Self.encoder.encode(try client.cinema.seatMap(showingId: first.string!, userId: "bob")))
        #expect(answer == plain)
    }
}
