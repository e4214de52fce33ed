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
    /// Takes back the id and booking number just drawn for a booking the store refused,
    /// so that a refusal uses up nothing: a counting source counts them again.
    func giveBack(id: String, bookingNumber: String)
}

extension IdentifierSource {
    /// Random ids are never missed: nothing to take back.
    public func giveBack(id: String, bookingNumber: String) {}
}

/// Random UUIDs and random booking numbers, for real use.
///
/// They come from a generator of this process seeded once from the system's random
/// source (`getrandom`), so that drawing one opens no file and makes no system call:
/// 256 bits of seed make two processes drawing the same ids as unlikely as two
/// `UUID()`s colliding.
public struct RandomIdentifiers: IdentifierSource {
    /// Letters and digits that cannot be mistaken for one another when read aloud or
    /// copied by hand: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
    static let bookingAlphabet = Array("34679ACDEFGHJKMNPQRTUVWXY".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    private let shared = SharedGenerator()

    /// The random source.
    public init() {}

    /// A random (version 4) UUID in lowercase.
    public func newID() -> String {
        var (high, low) = shared.generator.withLock { ($0.next(), $0.next()) }
        // Version 4 in the 13th hex digit, variant 10 in the 17th.
        high = (high & ~0xF000) | 0x4000
        low = (low & ~(0xC000 << 48)) | (0x8000 << 48)
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for (word, start) in [(high, 0), (low, 16)] {
                for nibble in 0..<16 {
                    let digit = start + nibble
                    if digit == 8 || digit == 12 || digit == 16 || digit == 20 {
                        buffer[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    buffer[position] = Self.hexDigits[Int((word >> UInt64(60 - nibble * 4)) & 0xF)]
                    position += 1
                }
            }
            return position
        }
    }

    /// `BX-` and six random characters: about 244 million numbers.
    public func newBookingNumber() -> String {
        let alphabet = Self.bookingAlphabet
        let characters = shared.generator.withLock { generator in
            (0..<6).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        }
        return "BX-" + String(decoding: characters, as: UTF8.self)
    }
}

/// One generator shared by the copies of a `RandomIdentifiers`.
final class SharedGenerator: Sendable {
    let generator = Mutex(SeededGenerator())
}

/// xoshiro256**, seeded from the system's random source.
struct SeededGenerator: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    init() {
        var system = SystemRandomNumberGenerator()
        state = (system.next(), system.next(), system.next(), system.next())
        if state == (0, 0, 0, 0) { state.0 = 1 }
    }

    mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
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
        return Self.id(next)
    }

    /// Counts the last id and booking number again when they are the ones given back.
    public func giveBack(id: String, bookingNumber: String) {
        counters.withLock { counters in
            if id == Self.id(counters.ids) { counters.ids -= 1 }
            if bookingNumber == Self.bookingNumber(counters.bookings) { counters.bookings -= 1 }
        }
    }

    private static func id(_ count: Int) -> String {
        let digits = String(count)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    private static func bookingNumber(_ count: Int) -> String {
        let digits = String(count)
        return "BX-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The next counted booking number.
    public func newBookingNumber() -> String {
        let next = counters.withLock { counters in
            counters.bookings += 1
            return counters.bookings
        }
        return Self.bookingNumber(next)
    }
}
