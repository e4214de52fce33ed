import GRDB

/// `v2-seatEvent-byShowing`.
extension Schema {
    /// Live seat maps ask "what changed for showing S since event N": an index on the
    /// showing and the event id makes that one search, whatever the log's length.
    static func v2(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX seatEvent_byShowing ON seatEvent(showingId, id)")
    }
}
