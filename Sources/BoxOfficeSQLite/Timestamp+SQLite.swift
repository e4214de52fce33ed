import BoxOffice
import GRDB

/// Times are stored as INTEGER seconds since 1970, so that they sort and compare in SQL.
extension Timestamp: DatabaseValueConvertible {
    /// Integer seconds.
    public var databaseValue: DatabaseValue { secondsSince1970.databaseValue }

    /// Reads integer seconds.
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Timestamp? {
        Int64.fromDatabaseValue(dbValue).map(Timestamp.init(secondsSince1970:))
    }
}

/// Lists of ids as JSON arrays, to bind to `json_each(?)` in one statement instead of
/// building SQL with a variable number of placeholders.
func jsonArray(_ values: [String]) -> String {
    var text = "["
    for (index, value) in values.enumerated() {
        if index > 0 { text += "," }
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{00}"..."\u{1F}": text += String(format: "\\u%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
    return text + "]"
}
