import BoxOffice
import BoxOfficeTesting
import JSONRPC
import Testing

/// On a 2,000-seat screen with seats in every status, `availability.get` must agree
/// with `seatmap.get` seat for seat, overall and per type, as clients receive them.
struct SeatMapConsistencyTests {
    /// 40 rows of 50 seats with two aisles: regular at the front, premium in the middle,
    /// vip at the back, wheelchair spaces with companion seats at the ends of row A.
    static let layout: [String] = (0..<40).map { index in
        let label =
            index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : "A" + String(UnicodeScalar(UInt8(65 + index - 26)))
        let type: Character = index < 15 ? "R" : index < 32 ? "P" : "V"
        var cells =
            String(repeating: type, count: 10) + "." + String(repeating: type, count: 30) + "."
            + String(repeating: type, count: 10)
        if index == 0 { cells = "WC" + cells.dropFirst(2).dropLast(2) + "CW" }
        return "\(label): \(cells)"
    }

    @Test func availabilityAgreesWithSeatMapOnTwoThousandSeats() throws {
        var client = try InProcessClient()
        let movie = try client.result("movies.create", ["title": "Long Night", "durationMinutes": 180])
        let theater = try client.result(
            "theaters.create",
            ["name": "Arena", "screens": [["name": "Hall", "layout": .array(Self.layout.map { .string($0) })]]])
        let screen = theater["screens"][0]
        #expect(screen["capacity"].integer == 2000)
        let showing = try client.result(
            "showings.create",
            [
                "movieId": movie["id"], "screenId": screen["id"], "startsAt": "2030-01-05T20:00:00Z",
                "currency": "EUR",
                "prices": ["regular": 900, "premium": 1300, "vip": 2500, "wheelchair": 700, "companion": 700],
            ])
        let showingId = showing["id"]

        // Seats in every status: bookings, holds, blocks, and a hold that expires.
        func seats(_ row: String, _ numbers: ClosedRange<Int>) -> JSONValue {
            .array(numbers.map { .string("\(row)\($0)") })
        }
        _ = try client.result("booking.create", ["showingId": showingId, "userId": "u1", "seats": seats("A", 1...4)])
        _ = try client.result("booking.create", ["showingId": showingId, "userId": "u2", "seats": seats("Q", 10...40)])
        _ = try client.result("booking.hold", ["showingId": showingId, "userId": "u3", "seats": seats("AN", 1...50)])
        _ = try client.result(
            "booking.hold", ["showingId": showingId, "userId": "u4", "seats": seats("C", 1...20), "ttlSeconds": 60])
        _ = try client.result("seats.block", ["showingId": showingId, "seats": seats("Z", 5...9), "reason": "repairs"])
        _ = try client.result(
            "booking.hold", ["showingId": showingId, "userId": "u5", "seats": seats("B", 1...3), "ttlSeconds": 3600])
        client.clock.advance(seconds: 61)  // u4's hold of C1–C20 has expired; nobody has written that down yet

        let map = try client.result("seatmap.get", ["showingId": showingId, "userId": "u5"])
        let availability = try client.result("availability.get", ["showingId": showingId])

        var counts: [String: Int64] = [:]
        var byType: [String: (capacity: Int64, available: Int64)] = [:]
        var mine = 0
        var total = 0
        for row in map["rows"].array {
            for seat in row["seats"].array {
                let status = seat["status"].string!
                let type = seat["type"].string!
                counts[status, default: 0] += 1
                byType[type, default: (0, 0)].capacity += 1
                if status == "available" { byType[type, default: (0, 0)].available += 1 }
                if seat["mine"] == .bool(true) { mine += 1 }
                total += 1
            }
        }
        #expect(total == 2000)
        #expect(mine == 3)
        // The expected statuses, from the story above.
        #expect(counts == ["booked": 35, "held": 53, "blocked": 5, "available": 1907])
        for status in ["available", "held", "booked", "blocked"] {
            #expect(availability[status].integer == counts[status], "\(status)")
            #expect(map["counts"][status].integer == counts[status], "\(status)")
        }
        #expect(availability["capacity"].integer == 2000)
        #expect(Set(availability["byType"].object.keys) == Set(byType.keys))
        for (type, expected) in byType {
            let entry = availability["byType"][type]
            #expect(entry["capacity"].integer == expected.capacity, "\(type)")
            #expect(entry["available"].integer == expected.available, "\(type)")
        }
        #expect(availability["byType"]["vip"]["price"] == ["amount": 2500, "currency": "EUR"])
        #expect(byType["wheelchair"]?.capacity == 2)
        #expect(byType["companion"]?.capacity == 2)
    }
}
