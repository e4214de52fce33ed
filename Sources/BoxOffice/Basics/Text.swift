/// How the domain measures and compares the text that clients send. Swift's `String`
/// counts grapheme clusters and compares by canonical equivalence (`"é"` equals `"e\u{301}"`),
/// while JSON Schema's `maxLength` counts code points and the database compares bytes: so
/// lengths here count code points and identities compare code point by code point, and
/// what is checked is exactly what is stored.
extension String {
    /// The length as JSON Schema's `maxLength` counts it: Unicode code points.
    var codePointCount: Int { unicodeScalars.count }

    /// Whether the two strings are the same code points, as the database compares them
    /// (not merely canonically equivalent, as `==` on `String` has it).
    func isIdentical(to other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }

    /// The string without leading and trailing white space code points.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
