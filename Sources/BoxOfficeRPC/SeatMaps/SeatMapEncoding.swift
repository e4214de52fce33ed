import BoxOffice
import Foundation
import JSONRPC
import Synchronization

/// Encodes seat maps with most of their bytes prepared ahead.
///
/// A seat's id, label, row, number, x, type and price never change for a showing; only
/// its status (and `mine`) do. So the bytes around those two are made once per showing,
/// by `JSONEncoder` itself, and a seat map is then a matter of copying them and splicing
/// in the statuses: the same bytes `JSONEncoder` would write (a test holds it to that),
/// several times faster.
final class SeatMapEncoding: Sendable {
    /// The prepared bytes of one showing's seats. With sorted keys a seat reads
    /// `{"id":…,"label":…,["mine":…,]"number":…,"price":…,"row":…,"status":"…","type":…,"x":…}`.
    private struct Prepared: Sendable {
        /// Up to and including the comma after `label`.
        var heads: [[UInt8]]
        /// From `"number"` up to the opening quote of the status.
        var middles: [[UInt8]]
        /// From the closing quote of the status to the end of the seat.
        var tails: [[UInt8]]
        /// `{"label":…,"seats":[` for each row.
        var rowOpenings: [[UInt8]]
        /// The `screen` object.
        var screen: [UInt8]
    }

    /// Prepared bytes are kept for this many showings, those used last.
    static let capacity = 128

    private let prepared = BoundedCache<String, Prepared>(capacity: capacity)

    /// The seat map of `snapshot` as one JSON object, keys sorted, no line breaks.
    /// - Throws: `EncodingError` if a static part cannot be encoded (it always can).
    func encode(_ snapshot: SeatMapSnapshot) throws -> [UInt8] {
        let parts = try self.parts(for: snapshot.layout)
        var out: [UInt8] = []
        out.reserveCapacity(snapshot.layout.seats.count * 200 + 1024)
        let counts = snapshot.counts
        out += Array(
            #"{"counts":{"available":\#(counts.available),"blocked":\#(counts.blocked),"booked":\#(counts.booked),"held":\#(counts.held)},"rows":["#
                .utf8)
        for (rowIndex, row) in snapshot.layout.rows.enumerated() {
            if rowIndex > 0 { out.append(UInt8(ascii: ",")) }
            out += parts.rowOpenings[rowIndex]
            for index in row.seats {
                if index > row.seats.lowerBound { out.append(UInt8(ascii: ",")) }
                out += parts.heads[index]
                if let mine = snapshot.mine {
                    out += mine[index] ? Self.mineTrue : Self.mineFalse
                }
                out += parts.middles[index]
                out += Self.statusBytes[snapshot.statuses[index]]!
                out += parts.tails[index]
            }
            out += Self.rowClosing
        }
        out += Array(#"],"screen":"#.utf8)
        out += parts.screen
        out += Array(#","showing":"#.utf8)
        out += try Self.encoder.encode(snapshot.showing)
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static let mineTrue = Array(#""mine":true,"#.utf8)
    private static let mineFalse = Array(#""mine":false,"#.utf8)
    private static let rowClosing = Array("]}".utf8)
    private static let statusBytes: [SeatStatus: [UInt8]] = Dictionary(
        uniqueKeysWithValues: SeatStatus.allCases.map { ($0, Array($0.rawValue.utf8)) })

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private func parts(for layout: ShowingSeats) throws -> Prepared {
        try prepared.value(for: layout.showingId) { try Self.prepare(layout) }
    }

    /// Cuts each seat's own `JSONEncoder` bytes around the status, so that escaping and
    /// number formatting are exactly Foundation's.
    private static func prepare(_ layout: ShowingSeats) throws -> Prepared {
        // Ids are UUIDs, labels letters and digits, types lowercase words: no seat field
        // can hold this marker.
        let marker = "@@status@@"
        var parts = Prepared(heads: [], middles: [], tails: [], rowOpenings: [], screen: [])
        for seat in layout.seats {
            let text = String(decoding: try encoder.encode(MarkedSeat(seat: seat, statusMarker: marker)), as: UTF8.self)
            guard let numberKey = text.range(of: #""number":"#),
                let status = text.range(of: "\"" + marker + "\"")
            else { throw EncodingError.invalidValue(seat, .init(codingPath: [], debugDescription: "seat bytes")) }
            parts.heads.append(Array(text[..<numberKey.lowerBound].utf8))
            parts.middles.append(Array(text[numberKey.lowerBound..<status.lowerBound].utf8) + [UInt8(ascii: "\"")])
            parts.tails.append([UInt8(ascii: "\"")] + Array(text[status.upperBound...].utf8))
        }
        for row in layout.rows {
            let label = String(decoding: try encoder.encode(row.label), as: UTF8.self)
            parts.rowOpenings.append(Array(#"{"label":\#(label),"seats":["#.utf8))
        }
        parts.screen = Array(try encoder.encode(layout.screen))
        return parts
    }

    /// A seat whose status is a marker string, to find where the status goes.
    private struct MarkedSeat: Encodable {
        var seat: Seat
        var statusMarker: String

        enum CodingKeys: String, CodingKey { case id, label, row, number, x, type, status, price }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(seat.id, forKey: .id)
            try container.encode(seat.label, forKey: .label)
            try container.encode(seat.row, forKey: .row)
            try container.encode(seat.number, forKey: .number)
            try container.encode(seat.x, forKey: .x)
            try container.encode(seat.type, forKey: .type)
            try container.encode(statusMarker, forKey: .status)
            try container.encode(seat.price, forKey: .price)
        }
    }
}

/// A seat map that encodes itself through `SeatMapEncoding`'s prepared bytes, or
/// answers bytes already made for the same seat map.
struct EncodedSeatMap: PreEncodedResult {
    var snapshot: SeatMapSnapshot
    var encoding: SeatMapEncoding
    /// The bytes, when they were made already.
    var bytes: [UInt8]?

    /// The seat map's bytes, as `JSONEncoder` with sorted keys would write them.
    func jsonBytes() throws -> [UInt8] { try bytes ?? encoding.encode(snapshot) }

    /// The plain way, for an encoder other than the server's.
    func encode(to encoder: any Encoder) throws { try snapshot.seatMap.encode(to: encoder) }
}
