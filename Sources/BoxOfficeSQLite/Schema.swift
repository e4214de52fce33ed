import GRDB

/// The database schema, as named migrations. A migration that has landed is never
/// edited: a change to the schema is a new migration appended to the list.
enum Schema {
    static let seatTypes = "'regular', 'premium', 'vip', 'wheelchair', 'companion'"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-cinema", migrate: v1)
        migrator.registerMigration("v2-seatEvent-byShowing", migrate: v2)
        // GRDB runs it in one transaction with foreign keys off, and checks every foreign
        // key before it commits.
        migrator.registerMigration("v3-lean", migrate: v3)
        return migrator
    }
}
