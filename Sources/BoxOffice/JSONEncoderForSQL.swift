import Foundation

/// Encodes lists of ids as JSON arrays, to bind them to `json_each(?)` in one statement
/// instead of building SQL with a variable number of placeholders.
enum JSONEncoderForSQL {
    static func encode(_ values: [String]) throws -> Data {
        try JSONEncoder().encode(values)
    }
}
