import BoxOffice
import JSONRPC

/// A booking's answer written by hand: the bytes `JSONEncoder` writes with sorted keys
/// and unescaped slashes (a test holds it to that), without its cost on the path every
/// booking takes.
extension Booking: PreEncodedResult {
    /// The booking as one JSON object, keys sorted, no line breaks.
    public func jsonBytes() throws -> [UInt8] {
        var out = JSONBytes(capacity: 640 + seats.count * 160)
        out.raw(#"{"bookingNumber":"#)
        out.string(bookingNumber)
        out.raw(#","createdAt":"#)
        out.string(createdAt.rfc3339)
        if let expiresAt {
            out.raw(#","expiresAt":"#)
            out.string(expiresAt.rfc3339)
        }
        out.raw(#","id":"#)
        out.string(id)
        out.raw(#","movie":{"durationMinutes":"#)
        out.integer(Int64(movie.durationMinutes))
        out.raw(#","id":"#)
        out.string(movie.id)
        if let rating = movie.rating {
            out.raw(#","rating":"#)
            out.string(rating)
        }
        out.raw(#","title":"#)
        out.string(movie.title)
        out.raw(#"},"screen":"#)
        out.named(screen)
        out.raw(#","seats":["#)
        for (index, seat) in seats.enumerated() {
            out.raw(index == 0 ? #"{"id":"# : #",{"id":"#)
            out.string(seat.id)
            out.raw(#","label":"#)
            out.string(seat.label)
            out.raw(#","price":"#)
            out.money(seat.price)
            out.raw(#","type":"#)
            out.string(seat.type.rawValue)
            out.raw("}")
        }
        out.raw(#"],"showing":{"id":"#)
        out.string(showing.id)
        out.raw(#","startsAt":"#)
        out.string(showing.startsAt.rfc3339)
        out.raw(#"},"status":"#)
        out.string(status.rawValue)
        out.raw(#","theater":"#)
        out.named(theater)
        out.raw(#","total":"#)
        out.money(total)
        out.raw(#","updatedAt":"#)
        out.string(updatedAt.rfc3339)
        out.raw(#","userId":"#)
        out.string(userId)
        out.raw("}")
        return out.bytes
    }
}

/// JSON written into a byte buffer, strings escaped as `JSONEncoder` escapes them with
/// `.withoutEscapingSlashes`: `"` and `\`, the short escapes `\b \f \n \r \t`, other
/// control characters as `\u00xx`, everything else as its UTF-8 bytes.
struct JSONBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Appends text that is JSON already.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends a string value, quoted and escaped.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends an integer in decimal.
    mutating func integer(_ value: Int64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Appends `{"amount":…,"currency":…}`.
    mutating func money(_ money: Money) {
        raw(#"{"amount":"#)
        integer(money.amount)
        raw(#","currency":"#)
        string(money.currency)
        raw("}")
    }

    /// Appends `{"id":…,"name":…}`.
    mutating func named(_ reference: NamedRef) {
        raw(#"{"id":"#)
        string(reference.id)
        raw(#","name":"#)
        string(reference.name)
        raw("}")
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
