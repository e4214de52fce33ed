import BoxOffice
import PostgresNIO

/// Brings a database up to this build's schema, in one transaction under an advisory
/// lock: processes that start together take turns, and the later ones find the work done.
enum PostgresMigrator {
    /// The lock's key (`pg_advisory_xact_lock(0, key)`): "box" in ASCII.
    static let lockKey: Int64 = 0x626f78

    /// Migrates the database `link` is connected to.
    /// - Throws: `PostgresOpeningError` for a database of another program or one a newer
    ///   build migrated; `PostgresFailure` when the server refuses or goes away.
    static func migrate(_ link: PostgresLink, shown: String) throws {
        if try isCurrent(link) { return }
        try link.run(Statement(unprepared: "BEGIN"), during: .begin)
        do {
            try link.run(Statement(unprepared: "SET LOCAL lock_timeout = '60s'"))
            try link.run(Statement(unprepared: "SELECT pg_advisory_xact_lock(0, $1::integer)").int(lockKey))
            let tables = try link.rows(
                Statement(
                    unprepared: """
                        SELECT table_name::text FROM information_schema.tables
                        WHERE table_schema = current_schema() ORDER BY table_name
                        """)
            ).map { try $0.text(0) }
            if !tables.isEmpty && !tables.contains(PostgresSchema.migrationTable) {
                throw PostgresOpeningError(
                    location: shown,
                    cause: "it is a PostgreSQL database of another program (tables "
                        + "\(tables.prefix(3).joined(separator: ", "))), not a boxoffice database; "
                        + "give boxoffice a database of its own")
            }
            try link.run(
                Statement(
                    unprepared: """
                        CREATE TABLE IF NOT EXISTS \(PostgresSchema.migrationTable) (
                            name text PRIMARY KEY,
                            version integer NOT NULL,
                            appliedAt timestamptz NOT NULL DEFAULT now()
                        )
                        """))
            let applied = Set(
                try link.rows(Statement(unprepared: "SELECT name FROM \(PostgresSchema.migrationTable)")).map {
                    try $0.text(0)
                })
            let known = Set(PostgresSchema.migrations.map(\.name))
            let unknown = applied.subtracting(known).sorted()
            if !unknown.isEmpty {
                throw PostgresOpeningError(
                    location: shown,
                    cause: "its schema is newer than this build of boxoffice knows (migration "
                        + "\(unknown.joined(separator: ", "))); use a newer boxoffice")
            }
            for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                for statement in migration.statements { try link.run(Statement(unprepared: statement)) }
                try link.run(
                    Statement(
                        unprepared: "INSERT INTO \(PostgresSchema.migrationTable) (name, version) VALUES ($1, $2)"
                    )
                    .text(migration.name).int(Int64(migration.version)))
            }
            try link.run(Statement(unprepared: "COMMIT"), during: .commit)
        } catch {
            link.rollBack(after: error)
            throw error
        }
    }

    /// Whether every migration this build knows has run already (and no other), read
    /// without taking the lock: the common case of a process starting on a ready database.
    private static func isCurrent(_ link: PostgresLink) throws -> Bool {
        let table = Statement(unprepared: "SELECT to_regclass($1) IS NOT NULL").text(PostgresSchema.migrationTable)
        let exists = try link.row(table)?.bool(0) ?? false
        guard exists else { return false }
        let applied = Set(
            try link.rows(Statement(unprepared: "SELECT name FROM \(PostgresSchema.migrationTable)")).map {
                try $0.text(0)
            })
        return applied == Set(PostgresSchema.migrations.map(\.name))
    }
}
