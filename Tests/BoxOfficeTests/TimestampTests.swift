import BoxOfficeTesting
import Foundation
import Testing

@testable import BoxOffice

/// RFC 3339 UTC with whole seconds, and nothing else.
struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("1970-01-01T00:00:01Z", 1),
        ("1969-12-31T23:59:59Z", -1),
        ("2000-02-29T12:34:56Z", 951_827_696),
        ("2028-02-29T00:00:00Z", 1_835_395_200),
        ("2028-02-29T23:59:59Z", 1_835_481_599),
        ("2028-03-01T00:00:00Z", 1_835_481_600),
        ("2030-01-01T00:00:00Z", 1_893_456_000),
        ("2029-12-31T23:59:59Z", 1_893_455_999),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
        ("0000-01-01T00:00:00Z", -62_167_219_200),
    ])
    func roundTrip(text: String, seconds: Int64) throws {
        let parsed = try #require(Timestamp(rfc3339: text))
        #expect(parsed.secondsSince1970 == seconds)
        #expect(Timestamp(secondsSince1970: seconds).rfc3339 == text)
        #expect(parsed.description == text)
    }

    /// Any moment from year 0 to 9999 is written in twenty characters and read back.
    @Test func everyMomentOfFourDigitYearsRoundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let moment = Timestamp(
                secondsSince1970: Int64.random(in: -62_167_219_200...253_402_300_799, using: &generator))
            let text = moment.rfc3339
            #expect(text.utf8.count == 20, "\(text)")
            #expect(Timestamp(rfc3339: text) == moment, "\(text) for \(moment.secondsSince1970)")
        }
    }

    @Test func everySecondOfALeapDayRoundTrips() throws {
        let start = try #require(Timestamp(rfc3339: "2028-02-29T00:00:00Z"))
        for offset in stride(from: Int64(0), to: 86_400, by: 61) {
            let moment = start.adding(seconds: offset)
            #expect(moment.rfc3339.hasPrefix("2028-02-29T"))
            #expect(Timestamp(rfc3339: moment.rfc3339) == moment)
        }
        #expect(start.adding(seconds: 86_400).rfc3339 == "2028-03-01T00:00:00Z")
        #expect(start.adding(seconds: -1).rfc3339 == "2028-02-28T23:59:59Z")
    }

    @Test(arguments: [
        "2030-01-01T00:00:00.5Z",  // a fraction
        "2030-01-01T00:00:00.000Z",
        "2030-01-01T00:00:00+00:00",  // an offset instead of Z
        "2030-01-01T01:00:00+01:00",
        "2030-01-01T00:00:00",  // no zone at all
        "2030-01-01t00:00:00Z",  // lowercase t
        "2030-01-01T00:00:00z",  // lowercase z
        "2030-01-01 00:00:00Z",  // a space for T
        "2030-01-02 19:00",
        "2027-02-29T00:00:00Z",  // not a leap year
        "1900-02-29T00:00:00Z",  // a century that is not a leap year
        "2030-04-31T00:00:00Z",
        "2030-01-32T00:00:00Z",
        "2030-00-01T00:00:00Z",
        "2030-13-01T00:00:00Z",
        "2030-01-00T00:00:00Z",
        "2030-01-01T24:00:00Z",  // 24:00 is not a time of day here
        "2030-01-01T23:60:00Z",
        "2030-01-01T23:59:60Z",  // no leap seconds
        "2030-1-01T00:00:00Z",  // wrong lengths
        "2030-01-1T00:00:00Z",
        "2030-01-01T0:00:00Z",
        "12030-01-01T00:00:00Z",
        "2030-01-01T00:00:00ZZ",
        " 2030-01-01T00:00:00Z",
        "",
        "+030-01-01T00:00:00Z",  // signs are not digits
        "2030-+1-01T00:00:00Z",
        "2030/01/01T00:00:00Z",
        "2030-01-01T00-00-00Z",
        "２０３０-01-01T00:00:00Z",  // digits that are not ASCII
    ])
    func rejected(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func ordersAndMoves() throws {
        let a = try #require(Timestamp(rfc3339: "2030-01-01T19:00:00Z"))
        let b = try #require(Timestamp(rfc3339: "2030-01-01T19:00:01Z"))
        #expect(a < b)
        #expect(!(b < a))
        #expect(a.adding(seconds: 1) == b)
        #expect(b.adding(seconds: -1) == a)
    }

    @Test func codableUsesTheTextForm() throws {
        let moment = Timestamp(secondsSince1970: 1_893_456_000)
        let data = try JSONEncoder().encode([moment])
        #expect(String(decoding: data, as: UTF8.self) == #"["2030-01-01T00:00:00Z"]"#)
        #expect(try JSONDecoder().decode([Timestamp].self, from: data) == [moment])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Timestamp].self, from: Data(#"["2030-01-01T00:00:00.5Z"]"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Timestamp].self, from: Data("[1893456000]".utf8))
        }
    }
}
