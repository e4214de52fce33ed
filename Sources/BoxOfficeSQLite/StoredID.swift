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

    /// The 16 bytes of a lowercase UUID, nil for anything else. Runs for every id a
    /// statement binds, so it reads the UTF-8 in place.
    static func bytes(_ id: String) -> Data? {
        var id = id
        return id.withUTF8 { text -> Data? in
            guard text.count == 36 else { return nil }
            var data = Data(count: 16)
            let isUUID = data.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Bool in
                var index = 0
                var byte = 0
                while index < 36 {
                    if index == 8 || index == 13 || index == 18 || index == 23 {
                        guard text[index] == UInt8(ascii: "-") else { return false }
                        index += 1
                        continue
                    }
                    guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return false }
                    out[byte] = high << 4 | low
                    byte += 1
                    index += 2
                }
                return true
            }
            return isUUID ? data : nil
        }
    }

    /// The value of a lowercase hex digit.
    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character &- UInt8(ascii: "a") &+ 10
        default: nil
        }
    }

    /// The lowercase UUID of 16 bytes; any other blob as lowercase hex.
    static func text(_ data: Data) -> String {
        data.withUnsafeBytes { bytes in
            let dashes = bytes.count == 16
            return String(unsafeUninitializedCapacity: bytes.count * 2 + (dashes ? 4 : 0)) { buffer in
                var out = 0
                for index in 0..<bytes.count {
                    if dashes && (index == 4 || index == 6 || index == 8 || index == 10) {
                        buffer[out] = UInt8(ascii: "-")
                        out += 1
                    }
                    buffer[out] = hexDigit(bytes[index] >> 4)
                    buffer[out + 1] = hexDigit(bytes[index] & 15)
                    out += 2
                }
                return out
            }
        }
    }

    /// The lowercase hex digit of a value below 16.
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "a") &+ value &- 10
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
