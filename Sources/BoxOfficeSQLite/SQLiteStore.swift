import BoxOffice
import Foundation
import GRDB

/// The box office's records in one SQLite file, through GRDB: the embedded store,
/// opened once per process.
///
/// On a file it is a `DatabasePool` in WAL mode, so that readers never wait for the
/// writer and several boxoffice processes can share the file; in memory (for tests) a
/// `DatabaseQueue`. Foreign keys are on, the busy timeout is 5 s, and the schema is
/// migrated on open.
public struct SQLiteStore: CinemaStore {
    /// Where reads and writes go.
    public let writer: any DatabaseWriter
    /// The file's path, or `":memory:"`.
    public let path: String
    /// The write transactions this process committed, for the change feed.
    let commits = CommitCount()
    /// Seat ids by key, read once.
    let seatIDs = SeatIDs()

    /// How long a connection waits for another process's lock before `SQLITE_BUSY`.
    public static let busyTimeoutSeconds = 5.0

    /// Opens (creating if needed) the database at `path` and migrates it.
    /// - Throws: `DatabaseOpeningError` saying in one line what is wrong with the path:
    ///   a missing or read-only directory, a read-only file, a file that is no SQLite
    ///   database or another program's, a schema newer than this build knows.
    public static func open(path: String, durability: Durability = .full) throws -> SQLiteStore {
        try DatabaseOpeningError.checkFileSystem(path: path, readOnly: false)
        let existed = FileManager.default.fileExists(atPath: path)
        return try explainingFailures(path: path, existed: existed) {
            let pool = try DatabasePool(path: path, configuration: configuration())
            // GRDB sets `synchronous = NORMAL` on the pool's writer when it turns WAL on, after
            // every `prepareDatabase` hook has run: only a setting made on the finished writer
            // holds. Readers never commit, so the writer is the one connection that matters.
            // The schema is read on it too, outside any transaction, so that no reader
            // connection is opened at start, and a process can start while another holds the
            // write lock, as long as the schema is already current.
            let current = try pool.writeWithoutTransaction { db in
                try durability.apply(to: db)
                try keepTemporaryTablesInMemory(db)
                try checkSchema(db, path: path)
                return try Schema.migrator.hasCompletedMigrations(db)
            }
            if !current { try Schema.migrator.migrate(pool) }
            return SQLiteStore(writer: pool, path: path)
        }
    }

    /// Opens the database at `path` for reading only: nothing is created, migrated or
    /// written, so a read-only file or directory is fine.
    /// - Throws: `DatabaseOpeningError` for a missing or unreadable file, a file that is
    ///   no boxoffice database, or a schema this build does not know.
    public static func openReadOnly(path: String) throws -> SQLiteStore {
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
            return SQLiteStore(writer: queue, path: path)
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
    public static func inMemory() throws -> SQLiteStore {
        let queue = try DatabaseQueue(configuration: configuration())
        try queue.writeWithoutTransaction { db in try keepTemporaryTablesInMemory(db) }
        let database = SQLiteStore(writer: queue, path: ":memory:")
        try Schema.migrator.migrate(queue)
        return database
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeoutSeconds)
        // Lists of ids bound as JSON reach the `uuid` columns through `storedId(value)`.
        configuration.prepareDatabase { db in db.add(function: StoredID.function) }
        return configuration
    }

    /// The savepoints of a group of requests keep their undo journals in memory, not in
    /// temporary files; set on the finished writer, where no later setting undoes it.
    private static func keepTemporaryTablesInMemory(_ db: Database) throws {
        try db.execute(sql: "PRAGMA temp_store = MEMORY")
    }

    /// The `temp_store` setting of the connection that commits, read back from it: 2 is
    /// MEMORY.
    /// - Throws: `DatabaseError` if the database cannot be read.
    public func writerTempStore() throws -> Int {
        try writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") ?? -1 }
    }

    /// The `synchronous` setting of the connection that commits, read back from it:
    /// 2 is FULL, 1 NORMAL.
    /// - Throws: `DatabaseError` if the database cannot be read.
    public func writerSynchronous() throws -> Int {
        try writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Runs `body` against one snapshot of the file.
    /// - Throws: what `body` throws; `BoxOfficeError.busy` past the busy timeout.
    public func read<T>(_ body: (any CinemaRecords) throws -> T) throws -> T {
        try mappingBusy { try writer.read { db in try body(SQLiteRecords(db: db, seatIDs: seatIDs, scope: nil)) } }
    }

    /// Runs `body` in one write transaction; GRDB commits when it returns and rolls back
    /// when it throws.
    /// - Throws: what `body` throws; `BoxOfficeError.busy` past the busy timeout.
    public func write<T>(_ body: (any CinemaRecordWriter) throws -> T) throws -> T {
        let result = try mappingBusy {
            try writer.writeWithoutTransaction { db in
                // BEGIN and COMMIT prepared once per connection, not parsed anew for every
                // transaction as GRDB's `write` does.
                try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
                do {
                    let result = try body(SQLiteRecords(db: db, seatIDs: seatIDs, scope: WriteScope()))
                    try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
                    return result
                } catch {
                    // A failed COMMIT (or statement) may leave the transaction open, or
                    // SQLite may have rolled it back already.
                    if db.isInsideTransaction { try db.cachedStatement(sql: "ROLLBACK TRANSACTION").execute() }
                    throw error
                }
            }
        }
        commits.increment()
        return result
    }

    /// A watch on the file's commits with a connection of its own (in memory, where there
    /// is only one connection, the store's own, with the commits it counts).
    /// - Throws: `DatabaseError` if the connection cannot be opened.
    public func changeFeed() throws -> any ChangeFeed {
        guard path != ":memory:" else { return SQLiteChangeFeed(connection: writer, ownCommits: commits) }
        var configuration = Self.configuration()
        configuration.readonly = true
        configuration.label = "change feed"
        let connection = try mappingBusy { try DatabaseQueue(path: path, configuration: configuration) }
        return SQLiteChangeFeed(connection: connection, ownCommits: commits)
    }

    /// Checkpoints the write-ahead log into the file, without waiting for other
    /// processes (a reader of theirs on an older snapshot keeps what it still reads in the
    /// log; the rest goes into the file), then closes this process's connections.
    ///
    /// Passive, and the log is left as it is: emptying it (TRUNCATE) would cost a flush
    /// at exit, and the next process to open the file would write to it at once (GRDB
    /// makes sure a pool's log is never empty), so every spawn paid twice.
    /// - Throws: `DatabaseError` when the log could not be checkpointed or a connection
    ///   not closed; every commit is still in the log then, and the next process to open
    ///   the file reads it from there.
    public func close() throws {
        guard let pool = writer as? DatabasePool else { return }
        try pool.writeWithoutTransaction { db in
            // SQLITE_BUSY here means another process is checkpointing the same log right
            // now, which carries these commits into the file as well.
            do {
                _ = try db.checkpoint(.passive)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {}
        }
        try pool.close()
    }

    /// A database that stayed locked past the busy timeout is the domain's `busy`.
    private func mappingBusy<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        {
            throw BoxOfficeError.busy
        }
    }

    /// Facts about the open database, for `server.info`.
    /// - Throws: `BoxOfficeError.busy`, or `DatabaseError` if the database cannot be read.
    public func info() throws -> StoreInfo {
        // Read back from the connection that commits: its settings are the ones that count.
        try mappingBusy {
            try writer.writeWithoutTransaction { db in
                StoreInfo(
                    engine: "sqlite", path: path,
                    schemaVersion: try Schema.migrator.appliedIdentifiers(db).count,
                    engineVersion: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "",
                    journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                    durability: (try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? 0) >= 2 ? "full" : "normal")
            }
        }
    }
}

extension Durability {
    /// Sets `synchronous` on the connection that commits.
    func apply(to db: Database) throws {
        try db.execute(sql: self == .full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
    }
}
