import JSONRPC

/// The shapes of strings that name things in params. A string of the wrong shape is
/// -32602 with its path, since it can name nothing; a well-formed one that names nothing
/// is the domain's NOT_FOUND. Each matches its pattern in `Schemas/openrpc.json`.
enum ParamShape {
    /// `00000000-0000-4000-8000-000000000153`: lowercase hex in groups of 8-4-4-4-12.
    static func isEntityID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 8, 13, 18, 23:
                guard byte == UInt8(ascii: "-") else { return false }
            default:
                guard (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) else { return false }
            }
        }
        return true
    }

    /// `A5`, `ab12`: 1 to 3 letters of any case, then a number from 1.
    static func isSeatLabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let letters = bytes.prefix { isLetter($0) }.count
        guard (1...3).contains(letters), letters < bytes.count, bytes[letters] != UInt8(ascii: "0") else {
            return false
        }
        return bytes[letters...].allSatisfy { (0x30...0x39).contains($0) }
    }

    /// `BX-7K3P9Q`, in any case.
    static func isBookingNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 9, bytes[0] | 0x20 == UInt8(ascii: "b"), bytes[1] | 0x20 == UInt8(ascii: "x"),
            bytes[2] == UInt8(ascii: "-")
        else { return false }
        return bytes[3...].allSatisfy { isLetter($0) || (0x30...0x39).contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// Exactly one of two optional params: neither is -32602 at `first`, both at `second`.
    static func exactlyOne<Key: CodingKey>(
        _ a: (some Any)?, _ b: (some Any)?, in container: KeyedDecodingContainer<Key>, first: Key, second: Key,
        neither: String, both: String
    ) throws {
        switch (a, b) {
        case (nil, nil):
            throw DecodingError.dataCorruptedError(forKey: first, in: container, debugDescription: neither)
        case (_?, _?):
            throw DecodingError.dataCorruptedError(forKey: second, in: container, debugDescription: both)
        default:
            return
        }
    }

    /// Decodes a string and throws -32602's decoding error, at the string's own path,
    /// unless `isValid` accepts it.
    static func decode(from decoder: any Decoder, _ isValid: (String) -> Bool, _ expected: String) throws -> String {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard isValid(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: expected)
        }
        return text
    }
}

/// An entity id in params: a lowercase UUID.
struct EntityID: Decodable, Sendable, Equatable {
    /// The id as sent.
    var value: String

    init(from decoder: any Decoder) throws {
        value = try ParamShape.decode(
            from: decoder, ParamShape.isEntityID,
            "must be a lowercase UUID such as 00000000-0000-4000-8000-000000000153")
    }
}

/// A seat named in params: its id, or its label in any case.
struct SeatRef: Decodable, Sendable, Equatable {
    /// The reference as sent.
    var value: String

    init(from decoder: any Decoder) throws {
        value = try ParamShape.decode(
            from: decoder, { ParamShape.isEntityID($0) || ParamShape.isSeatLabel($0) },
            "must be a seat's id (a lowercase UUID) or its label, such as D5")
    }
}

/// A booking number in params, in any case.
struct BookingNumberParam: Decodable, Sendable, Equatable {
    /// The number as sent.
    var value: String

    init(from decoder: any Decoder) throws {
        value = try ParamShape.decode(
            from: decoder, ParamShape.isBookingNumber, "must be a booking number such as BX-7K3P9Q")
    }
}
