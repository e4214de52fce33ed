import Foundation
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
    /// - Throws: `DatabaseOpeningError` saying in one line what is wrong with the path:
    ///   a missing or read-only directory, a read-only file, a file that is no SQLite
    ///   database or another program's, a schema newer than this build knows.
    public static func open(path: String, durability: Durability = .full) throws -> BoxOfficeDatabase {
        try DatabaseOpeningError.checkFileSystem(path: path, readOnly: false)
        let existed = FileManager.default.fileExists(atPath: path)
        return try explainingFailures(path: path, existed: existed) {
            let pool = try DatabasePool(path: path, configuration: configuration())
            // GRDB sets `synchronous = NORMAL` on the pool's writer when it turns WAL on, after
            // every `prepareDatabase` hook has run: only a setting made on the finished writer
            // holds. Readers never commit, so the writer is the one connection that matters.
            try pool.writeWithoutTransaction { db in try durability.apply(to: db) }
            // Reading first means a process can start while another holds the write lock,
            // as long as the schema is already current.
            let current = try pool.read { db in
                try checkSchema(db, path: path)
                return try Schema.migrator.hasCompletedMigrations(db)
            }
            if !current { try Schema.migrator.migrate(pool) }
            return BoxOfficeDatabase(writer: pool, path: path)
        }
    }

    /// Opens the database at `path` for reading only: nothing is created, migrated or
    /// written, so a read-only file or directory is fine.
    /// - Throws: `DatabaseOpeningError` for a missing or unreadable file, a file that is
    ///   no boxoffice database, or a schema this build does not know.
    public static func openReadOnly(path: String) throws -> BoxOfficeDatabase {
        try DatabaseOpeningError.checkFileSystem(path: path, readOnly: true)
        return try explainingFailures(path: path, existed: true) {
            var configuration = configuration()
            configuration.readonly = true
            var queue: DatabaseQueue
            do {
                queue = try DatabaseQueue(path: path, configuration: configuration)
                try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
            } catch let error as DatabaseError
                where error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN
            {
                // A WAL database needs its -shm index, which SQLite cannot create in a
                // read-only directory. With no -wal file beside it, the last writer closed
                // cleanly and the file is whole: read it as immutable.
                guard !FileManager.default.fileExists(atPath: path + "-wal") else { throw error }
                queue = try DatabaseQueue(path: immutableURI(path), configuration: configuration)
            }
            try queue.read { db in
                try checkSchema(db, path: path)
                guard try Schema.migrator.hasCompletedMigrations(db) else {
                    throw DatabaseOpeningError(
                        verb: "open", path: path,
                        cause:
                            "its schema is older than this build's; `boxoffice serve --db \(path)` brings it up to date"
                    )
                }
            }
            return BoxOfficeDatabase(writer: queue, path: path)
        }
    }

    /// `file:PATH?immutable=1`: SQLite reads the file without any lock or index file.
    private static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) + "?immutable=1"
    }

    /// Refuses another program's SQLite file, and a boxoffice database that a newer build
    /// has migrated further than this one knows.
    private static func checkSchema(_ db: Database, path: String) throws {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if !tables.isEmpty && !tables.contains("grdb_migrations") {
            throw DatabaseOpeningError(
                verb: "open", path: path,
                cause:
                    "it is a SQLite database of another program (tables \(tables.sorted().prefix(3).joined(separator: ", "))), not a boxoffice database"
            )
        }
        if try Schema.migrator.hasBeenSuperseded(db) {
            let unknown = try Schema.migrator.appliedIdentifiers(db).subtracting(Schema.migrator.migrations).sorted()
            throw DatabaseOpeningError(
                verb: "open", path: path,
                cause:
                    "its schema is newer than this build of boxoffice knows (migration \(unknown.joined(separator: ", "))); use a newer boxoffice"
            )
        }
    }

    /// Runs `body`, turning SQLite's refusals into a `DatabaseOpeningError`.
    private static func explainingFailures<T>(path: String, existed: Bool, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseOpeningError {
            throw error
        } catch let error as DatabaseError {
            let verb = existed ? "open" : "create"
            switch error.resultCode {
            case .SQLITE_NOTADB:
                throw DatabaseOpeningError(verb: verb, path: path, cause: "the file is not a SQLite database")
            case .SQLITE_READONLY:
                throw DatabaseOpeningError(verb: verb, path: path, cause: "the file or its directory is read-only")
            case .SQLITE_CORRUPT:
                throw DatabaseOpeningError(verb: verb, path: path, cause: "the database file is damaged")
            default:
                throw DatabaseOpeningError(
                    verb: verb, path: path,
                    cause: "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")")
            }
        }
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
