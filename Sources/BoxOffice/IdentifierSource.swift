import Foundation
import Synchronization

/// Where new entity ids and booking numbers come from. Injected, so that golden tests
/// get counted, predictable ones.
public protocol IdentifierSource: Sendable {
    /// A new lowercase UUID string.
    func newID() -> String
    /// A new booking number such as `BX-7K3P9Q`: short, readable, and (with the unique
    /// index behind it) unique.
    func newBookingNumber() -> String
}

/// Random UUIDs and random booking numbers, for real use.
public struct RandomIdentifiers: IdentifierSource {
    /// Letters and digits that cannot be mistaken for one another when read aloud or
    /// copied by hand: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
    static let bookingAlphabet = Array("34679ACDEFGHJKMNPQRTUVWXY")

    /// The random source.
    public init() {}

    /// A random (version 4) UUID in lowercase.
    public func newID() -> String { UUID().uuidString.lowercased() }

    /// `BX-` and six random characters: about 244 million numbers.
    public func newBookingNumber() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<6).map { _ in Self.bookingAlphabet.randomElement(using: &generator)! }
        return "BX-" + String(characters)
    }
}

/// Counted ids (`00000000-0000-4000-8000-000000000001`, …) and booking numbers
/// (`BX-000001`, …): the same run gives the same ids every time.
public final class CountingIdentifiers: IdentifierSource {
    private let counters: Mutex<(ids: Int, bookings: Int)>

    /// Counting starts after `ids` and `bookings`: at 1 by default.
    public init(after ids: Int = 0, bookingsAfter bookings: Int = 0) {
        counters = Mutex((ids: ids, bookings: bookings))
    }

    /// Counting that goes on from the largest counted id and booking number already in
    /// `store`, so that a deterministic run restarted on the same file never hands out an
    /// id twice.
    /// - Throws: `BoxOfficeError.busy`, or the store's error if it cannot be read.
    public static func resuming(after store: any CinemaStore) throws -> CountingIdentifiers {
        let highest = try store.read { try $0.highestCountedIdentifiers() }
        return CountingIdentifiers(after: highest.ids, bookingsAfter: highest.bookingNumbers)
    }

    /// The next counted UUID.
    public func newID() -> String {
        let next = counters.withLock { counters in
            counters.ids += 1
            return counters.ids
        }
        let digits = String(next)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// The next counted booking number.
    public func newBookingNumber() -> String {
        let next = counters.withLock { counters in
            counters.bookings += 1
            return counters.bookings
        }
        let digits = String(next)
        return "BX-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
