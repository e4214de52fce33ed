/// The PostgreSQL schema, as named migrations of its own, recorded in the table
/// `boxoffice_migration`. A migration that has landed is never edited: a change to the
/// schema is a new migration appended to the list.
///
/// It is the logical schema of the SQLite store's `v3-lean`: integer keys inside and UUIDs
/// only at the edge (`uuid bytea`, see `PostgresID`), one claims table under one partial
/// unique index on live claims, statuses as small integers named in lookup tables, times
/// as seconds since 1970 and money in minor units (both `bigint`). So the first migration
/// carries the logical version 3, and `server.info` reports the same `schemaVersion` on
/// both engines while their schemas agree.
enum PostgresSchema {
    /// A migration: its name, the logical schema version it reaches, its statements.
    struct Migration {
        var name: String
        var version: Int
        var statements: [String]
    }

    /// The table that records which migrations ran; its presence marks a boxoffice database.
    static let migrationTable = "boxoffice_migration"

    /// Every migration, in order.
    static let migrations = [Migration(name: "v3-lean", version: 3, statements: v3Lean)]

    /// The schema version once every migration this build knows has run.
    static var currentVersion: Int { migrations.last?.version ?? 0 }

    static let seatTypes = "'regular', 'premium', 'vip', 'wheelchair', 'companion'"
}
