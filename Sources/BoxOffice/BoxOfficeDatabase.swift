import GRDB

/// How hard a commit works to survive a power cut.
public enum Durability: String, Sendable, CaseIterable {
    /// `synchronous=FULL`: a commit is on disk when it returns (the default).
    case full
    /// `synchronous=NORMAL`: in WAL mode a commit survives a crash of the process but
    /// may be lost with power; faster where fsync is slow.
    case normal

    func apply(to db: Database) throws {
        try db.execute(sql: self == .full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
    }
}

/// The one handle on boxoffice's SQLite database, opened once per process.
///
/// On a file it is a `DatabasePool` in WAL mode, so that readers never wait for the
/// writer and several boxoffice processes can share the file; in memory (for tests) a
/// `DatabaseQueue`. Foreign keys are on, the busy timeout is 5 s, and the schema is
/// migrated on open.
public struct BoxOfficeDatabase: Sendable {
    /// Where reads and writes go.
    public let writer: any DatabaseWriter
    /// The file's path, or `":memory:"`.
    public let path: String

    /// How long a connection waits for another process's lock before `SQLITE_BUSY`.
    public static let busyTimeoutSeconds = 5.0

    /// Opens (creating if needed) the database at `path` and migrates it.
    /// - Throws: `DatabaseError` when the file cannot be opened or migrated.
    public static func open(path: String, durability: Durability = .full) throws -> BoxOfficeDatabase {
        let pool = try DatabasePool(path: path, configuration: configuration())
        // GRDB sets `synchronous = NORMAL` on the pool's writer when it turns WAL on, after
        // every `prepareDatabase` hook has run: only a setting made on the finished writer
        // holds. Readers never commit, so the writer is the one connection that matters.
        try pool.writeWithoutTransaction { db in try durability.apply(to: db) }
        let database = BoxOfficeDatabase(writer: pool, path: path)
        // Reading first means a process can start while another holds the write lock,
        // as long as the schema is already current.
        if try !pool.read(Schema.migrator.hasCompletedMigrations) {
            try Schema.migrator.migrate(pool)
        }
        return database
    }

    /// A fresh, migrated database in memory, for tests.
    /// - Throws: `DatabaseError` if the migrations fail.
    public static func inMemory() throws -> BoxOfficeDatabase {
        let queue = try DatabaseQueue(configuration: configuration())
        let database = BoxOfficeDatabase(writer: queue, path: ":memory:")
        try Schema.migrator.migrate(queue)
        return database
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeoutSeconds)
        return configuration
    }

    /// The `synchronous` setting of the connection that commits, read back from it:
    /// 2 is FULL, 1 NORMAL.
    /// - Throws: `DatabaseError` if the database cannot be read.
    public func writerSynchronous() throws -> Int {
        try writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Facts about the open database, for `server.info`.
    public struct Info: Sendable, Equatable {
        /// The file's path, or `":memory:"`.
        public var path: String
        /// How many named migrations have been applied.
        public var schemaVersion: Int
        /// The SQLite library's version, such as `3.40.1`.
        public var sqliteVersion: String
        /// `wal` on a file, `memory` in memory.
        public var journalMode: String
        /// How commits reach the disk, as read back from the connection that commits:
        /// `full` (`synchronous=FULL`) or `normal`.
        public var durability: String
    }

    /// Reads the facts of `Info`.
    /// - Throws: `DatabaseError` if the database cannot be read.
    public func info() throws -> Info {
        let synchronous = try writerSynchronous()
        return try writer.read { db in
            Info(
                path: path,
                schemaVersion: try Schema.migrator.appliedIdentifiers(db).count,
                sqliteVersion: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "",
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                durability: synchronous >= 2 ? "full" : "normal")
        }
    }
}
