/// SQL for tests that read the SQLite file straight, through GRDB or another client
/// (python3's sqlite3): the lean schema keeps each UUID as 16 bytes in a `uuid` column.
public enum StoredSQL {
    /// An expression that reads `column` (a `uuid` column) as the id the API speaks: the
    /// lowercase UUID of 16 bytes, or the text kept for an id that is no UUID.
    public static func uuid(_ column: String) -> String {
        let hex = "hex(\(column))"
        return """
            (CASE typeof(\(column)) WHEN 'blob' THEN lower(substr(\(hex), 1, 8) || '-' || substr(\(hex), 9, 4) || '-' \
            || substr(\(hex), 13, 4) || '-' || substr(\(hex), 17, 4) || '-' || substr(\(hex), 21)) ELSE \(column) END)
            """
    }
}
