import Foundation
import GRDB

/// The ids the box office speaks (lowercase UUIDs) as the lean schema keeps them: once per
/// row, in its `uuid` column, as 16 bytes instead of 36 characters; rows point at each
/// other by integer keys. A string that is no lowercase UUID (tests use such ids) is kept
/// as its text, so every id reads back exactly as it was given.
///
/// The 16 bytes sort as the lowercase text does, so `ORDER BY uuid` is the order of ids.
enum StoredID {
    /// What the `uuid` column holds for `id`.
    static func value(_ id: String) -> DatabaseValue {
        bytes(id).map { $0.databaseValue } ?? id.databaseValue
    }

    /// The id a `uuid` column's value stands for; empty for NULL.
    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .blob(let data): text(data)
        case .string(let string): string
        default: ""
        }
    }

    /// The 16 bytes of a lowercase UUID, nil for anything else.
    static func bytes(_ id: String) -> Data? {
        let utf8 = id.utf8
        guard utf8.count == 36 else { return nil }
        var bytes = Data(count: 16)
        var high: UInt8? = nil
        var index = 0
        for (offset, character) in utf8.enumerated() {
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                guard character == UInt8(ascii: "-") else { return nil }
                continue
            }
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            default: return nil
            }
            if let first = high {
                bytes[index] = first << 4 | nibble
                index += 1
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }

    /// The lowercase UUID of 16 bytes; any other blob as lowercase hex.
    static func text(_ data: Data) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        guard data.count == 16 else {
            return String(decoding: data.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
        }
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var out = 0
            for (index, byte) in data.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    buffer[out] = UInt8(ascii: "-")
                    out += 1
                }
                buffer[out] = digits[Int(byte >> 4)]
                buffer[out + 1] = digits[Int(byte & 15)]
                out += 2
            }
            return out
        }
    }

    /// `storedId(text)` in SQL: what the `uuid` column holds for an id. The migration
    /// carries ids over with it, and lists of ids bound as JSON go through it.
    static let function = DatabaseFunction("storedId", argumentCount: 1, pure: true) { arguments in
        guard case .string(let id) = arguments[0].storage else { return arguments[0] }
        return value(id)
    }
}

extension Row {
    /// The id in column `index`, which holds a `uuid` column's value.
    func id(_ index: Int) -> String {
        StoredID.text(self[index] as DatabaseValue)
    }

    /// The id in the column named `column`, which holds a `uuid` column's value.
    func id(_ column: String) -> String {
        StoredID.text(self[column] as DatabaseValue)
    }

    /// The id in the column named `column`, nil for NULL.
    func optionalID(_ column: String) -> String? {
        let value = self[column] as DatabaseValue
        return value.isNull ? nil : StoredID.text(value)
    }
}
