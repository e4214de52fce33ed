import NIOCore

/// The ids the box office speaks (lowercase UUIDs) as the PostgreSQL schema keeps them:
/// once per row, in a `uuid` column of type `bytea`, as 16 bytes; rows point at each other
/// by integer keys. A string that is no lowercase UUID (tests use such ids) is kept as its
/// UTF-8 bytes and a terminating zero byte (a second one when that makes 16 bytes), so
/// that every id reads back exactly as it was given and no text is ever taken for a UUID.
///
/// The 16 bytes sort as the lowercase text does, so `ORDER BY uuid` is the order of ids.
enum PostgresID {
    /// What the `uuid` column holds for `id`.
    static func buffer(_ id: String) -> ByteBuffer {
        var id = id
        return id.withUTF8 { text in
            if let bytes = uuidBytes(text) { return ByteBuffer(bytes: bytes) }
            var buffer = ByteBuffer()
            buffer.writeBytes(text)
            buffer.writeInteger(UInt8(0))
            if buffer.readableBytes == 16 { buffer.writeInteger(UInt8(0)) }
            return buffer
        }
    }

    /// The id a `uuid` column's bytes stand for.
    static func text(_ buffer: ByteBuffer) -> String {
        buffer.withUnsafeReadableBytes { bytes in
            guard bytes.count == 16 else {
                var end = bytes.count
                while end > 0 && bytes[end - 1] == 0 { end -= 1 }
                return String(decoding: bytes[0..<end], as: UTF8.self)
            }
            return String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = hexDigit(bytes[index] >> 4)
                    out[position + 1] = hexDigit(bytes[index] & 15)
                    position += 2
                }
                return position
            }
        }
    }

    /// The 16 bytes of a lowercase UUID, nil for anything else.
    private static func uuidBytes(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count == 36 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var index = 0
        while index < 36 {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard text[index] == UInt8(ascii: "-") else { return nil }
                index += 1
                continue
            }
            guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character &- UInt8(ascii: "a") &+ 10
        default: nil
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "a") &+ value &- 10
    }
}
