import BoxOffice
import Foundation
import Testing

@testable import BoxOfficeRPC

/// A booking's hand-written answer is the bytes `JSONEncoder` writes, with sorted keys
/// and unescaped slashes, whatever its strings hold.
struct BookingEncodingTests {
    static let awkward = [
        "plain", "", "quote \" and \\ backslash", "slash / and </script>", "tab\tnew\nline\rfeed\u{0C}back\u{08}",
        "controls \u{01}\u{1F}\u{7F}", "Lumière 東京 🎬", "\u{2028}\u{2029}", "null \u{00} inside",
    ]

    static func booking(_ text: String, rating: String?, expiresAt: Timestamp?, seats: Int) -> Booking {
        let at = Timestamp(rfc3339: "2030-01-01T00:00:00Z")!
        return Booking(
            id: "00000000-0000-4000-8000-000000000158", bookingNumber: "BX-\(text)", userId: text,
            status: expiresAt == nil ? .confirmed : .pending,
            showing: ShowingRef(id: "00000000-0000-4000-8000-000000000153", startsAt: at.adding(seconds: 86_400)),
            movie: Movie(id: "m", title: text, durationMinutes: 118, rating: rating),
            theater: NamedRef(id: "t", name: text), screen: NamedRef(id: "s", name: "Salle \(text)"),
            seats: (0..<seats).map {
                BookedSeat(
                    id: "seat-\($0)", label: "A\($0)", type: .premium,
                    price: Money(amount: Int64($0) * 1450, currency: "EUR"))
            }, total: Money(amount: Int64.max, currency: "EUR"), createdAt: at, updatedAt: at.adding(seconds: 5),
            expiresAt: expiresAt)
    }

    @Test(arguments: awkward)
    func handWrittenBytesAreJSONEncodersBytes(text: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expires = Timestamp(rfc3339: "2030-01-01T00:10:00Z")!
        for (rating, expiresAt, seats) in [(String?("PG-13"), Timestamp?(expires), 2), (nil, nil, 0), ("R", nil, 1)] {
            let booking = Self.booking(text, rating: rating, expiresAt: expiresAt, seats: seats)
            let expected = String(decoding: try encoder.encode(booking), as: UTF8.self)
            #expect(String(decoding: try booking.jsonBytes(), as: UTF8.self) == expected)
        }
    }
}
