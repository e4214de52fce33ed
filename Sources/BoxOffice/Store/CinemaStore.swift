/// Where the box office keeps its records, in the box office's own words: the reads and
/// writes its rules need, and nothing of how an engine does them. One implementation per
/// engine (`BoxOfficeSQLite`; a PostgreSQL one beside it), chosen by the executable.
///
/// The protocol is synchronous: boxoffice answers one request after another on one
/// thread, in arrival order, so a call may block that thread; an engine whose driver is
/// asynchronous waits for its futures there (never on one of its event-loop threads).
/// `docs/ARCHITECTURE.md` says why.
public protocol CinemaStore: Sendable {
    /// Runs `body` against one consistent snapshot of the records.
    /// - Throws: what `body` throws; `BoxOfficeError.busy` when the engine stayed locked
    ///   past its timeout.
    func read<T>(_ body: (any CinemaRecords) throws -> T) throws -> T

    /// Runs `body` in one write transaction: everything it changed is committed, and on
    /// disk as the store's durability says, when this returns; nothing is when it throws.
    /// - Throws: what `body` throws; `BoxOfficeError.busy` when the write lock could not
    ///   be had in time (nothing was written, so a retry is safe).
    func write<T>(_ body: (any CinemaRecordWriter) throws -> T) throws -> T

    /// A new watch on the store's commits, for live seat maps: its own baseline, and on
    /// an engine that needs one, its own connection, so it is made only once someone
    /// subscribes.
    /// - Throws: the engine's error if the watch cannot be set up.
    func changeFeed() throws -> any ChangeFeed

    /// What the store is and where, for `server.info`.
    /// - Throws: `BoxOfficeError.busy`, or the engine's error if it cannot be read.
    func info() throws -> StoreInfo

    /// Lets go of the database at a clean end of the process (the end of stdin, SIGTERM):
    /// on a SQLite file, the write-ahead log is first checkpointed into the file, so that
    /// the file alone holds every commit. Nothing should use the store after it.
    /// - Throws: the engine's error when it could not; nothing confirmed is lost then
    ///   (every commit is still in the log), so the caller only says so.
    func close() throws

    /// Whether write requests that arrive together should share one commit (group
    /// commit): true where a commit's flush costs far more than the work of a request.
    var groupsCommits: Bool { get }
}

extension CinemaStore {
    /// Stores group commits unless they say otherwise.
    public var groupsCommits: Bool { true }
}

/// What `server.info` tells about the store.
public struct StoreInfo: Sendable, Equatable {
    /// `sqlite` or `postgresql`.
    public var engine: String
    /// Where it is: a file path, or a URL without its password.
    public var path: String
    /// How many named migrations the schema has had.
    public var schemaVersion: Int
    /// The engine's version, such as `3.40.1`.
    public var engineVersion: String
    /// The journal mode (`wal` for a SQLite file), empty where the engine has none
    /// (PostgreSQL).
    public var journalMode: String
    /// `full` or `normal`, as read back from the connection that commits.
    public var durability: String

    /// The facts of a store.
    public init(
        engine: String, path: String, schemaVersion: Int, engineVersion: String, journalMode: String,
        durability: String
    ) {
        self.engine = engine
        self.path = path
        self.schemaVersion = schemaVersion
        self.engineVersion = engineVersion
        self.journalMode = journalMode
        self.durability = durability
    }
}
