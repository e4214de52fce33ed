/// Strings: escapes, surrogate pairs and UTF-8, checked byte by byte.
extension JSONSyntax.Scanner {
    mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// A string: no raw control characters, valid escapes with paired surrogates, and
    /// well-formed UTF-8 (no overlong forms, no encoded surrogates, nothing past U+10FFFF).
    mutating func string() -> Bool {
        position += 1
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return true
            case UInt8(ascii: "\\"):
                // On a bad escape the scan stops at its backslash, which the problem names.
                let escapeStart = position
                position += 1
                guard let escaped = current else { return false }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    continue
                case UInt8(ascii: "u"):
                    guard let unit = hex4(), !(0xDC00...0xDFFF).contains(unit) else {
                        position = escapeStart
                        return false
                    }
                    if unit == 0 { findings.hasNULEscape = true }
                    if (0xD800...0xDBFF).contains(unit) {
                        guard expect("\\u"), let low = hex4(), (0xDC00...0xDFFF).contains(low) else {
                            position = escapeStart
                            return false
                        }
                    }
                default:
                    position = escapeStart
                    return false
                }
            case 0x00..<0x20:
                return false
            case 0x20..<0x80:
                position += 1
            default:
                guard utf8Sequence() else { return false }
            }
        }
        return false
    }

    mutating func utf8Sequence() -> Bool {
        let lead = bytes[position]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: return false
        }
        guard position + length <= bytes.count else { return false }
        let second = bytes[position + 1]
        guard second >= low, second <= high else { return false }
        for index in 2..<max(2, length) where bytes[position + index] & 0xC0 != 0x80 { return false }
        position += length
        return true
    }
}
