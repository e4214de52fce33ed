import BoxOffice
import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// One connection to the server, used by one thread at a time, that comes back by itself:
/// a connection found closed (the server restarted, the network went) is replaced on the
/// next call, so boxoffice never needs a restart.
///
/// Every call blocks the calling thread until the driver answers, with a deadline, and is
/// never made on one of the driver's event-loop threads (boxoffice's threads are its own).
final class PostgresSession: @unchecked Sendable {
    // Unchecked: `connection` is only touched with `lock` held.
    let location: PostgresLocation
    private let settings: [(String, String)]
    private let lock = NSRecursiveLock()
    private var connection: PostgresConnection?
    private var connectionsMade = 0
    /// Whether the store finished opening: from then on a refused connection is an
    /// unavailable database, not a mistake in the URL.
    private var opened = false
    /// How many `withConnection` calls are running (nested on one thread).
    private var depth = 0
    /// The write transaction open on the connection, if any: a read asked for inside it
    /// reads through it (a second BEGIN would be ignored, and its COMMIT would end it).
    var openWrite: PostgresRecords?
    /// Quiet: the driver logs nothing a person needs, and never a password either way.
    static let driverLogger: Logger = {
        var logger = Logger(label: "boxoffice.postgres")
        logger.logLevel = .critical
        return logger
    }()

    /// How long an answer may take before the connection is given up: past the server's
    /// statement timeout, so that only a server that went silent reaches it.
    static let answerTimeout: Duration = .seconds(40)

    init(location: PostgresLocation, settings: [(String, String)]) {
        self.location = location
        self.settings = settings
    }

    /// Runs `body` with the connection, holding it for the calling thread: a transaction
    /// runs inside one such call. Connects first when there is no open connection.
    /// - Throws: `PostgresFailure.unavailable` when the server cannot be reached; what
    ///   `body` throws.
    func withConnection<T>(_ body: (PostgresLink) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let link = try currentLink()
        depth += 1
        defer { depth -= 1 }
        return try body(link)
    }

    /// As `withConnection`, but nil at once when another thread holds the connection or
    /// none is open: for work that can wait for a better moment.
    func withIdleConnection<T>(_ body: (PostgresLink) throws -> T) -> T? {
        guard lock.try() else { return nil }
        defer { lock.unlock() }
        guard depth == 0, let connection, !connection.isClosed else { return nil }
        return try? body(PostgresLink(connection: connection, session: self, fresh: false))
    }

    /// The open connection, or a new one.
    private func currentLink() throws -> PostgresLink {
        if let connection, !connection.isClosed {
            return PostgresLink(connection: connection, session: self, fresh: false)
        }
        connection = nil
        let made: PostgresConnection
        do {
            made = try Self.connect(location, settings: settings)
        } catch PostgresFailure.refused(let state, let message, _) where opened {
            // Once serving, any refusal to connect (the database gone or closed to
            // connections, too many clients) means the database cannot be reached now.
            throw PostgresFailure.unavailable("\(message) (\(state))", during: .begin)
        }
        connection = made
        connectionsMade += 1
        return PostgresLink(connection: made, session: self, fresh: true)
    }

    /// Marks the store open: connections refused from now on mean an unavailable database.
    func markOpened() {
        lock.lock()
        defer { lock.unlock() }
        opened = true
    }

    /// Closes the connection after a failure that may have left it unusable; the next call
    /// connects anew.
    func discard(_ broken: PostgresConnection) {
        lock.lock()
        defer { lock.unlock() }
        if connection === broken { connection = nil }
        broken.closeSoon()
    }

    /// Closes the connection.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        connection?.closeSoon()
        connection = nil
    }

    /// How many connections this session has opened: 1 until the server went away once.
    var connections: Int {
        lock.lock()
        defer { lock.unlock() }
        return connectionsMade
    }

    /// A new connection to `location`.
    /// - Throws: `PostgresFailure.unavailable` when it cannot be made, `.refused` when the
    ///   server said why not (no such database, a wrong password).
    static func connect(_ location: PostgresLocation, settings: [(String, String)]) throws -> PostgresConnection {
        let future = PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: location.configuration(settings: settings),
            id: 1, logger: driverLogger)
        do {
            return try wait(for: future, onTimeout: {})
        } catch let error as PostgresFailure {
            throw error
        } catch {
            throw PostgresFailure(connecting: error)
        }
    }

    /// Waits for `future` on the calling thread, at most `answerTimeout`, or until
    /// `closing` (the connection's close) completes first.
    /// - Throws: what the future failed with; `PostgresFailure.unavailable` after the
    ///   deadline, once `onTimeout` has run, or when the connection closed unanswered.
    static func wait<T: Sendable>(
        for future: EventLoopFuture<T>, closing: EventLoopFuture<Void>? = nil, onTimeout: () -> Void
    ) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        future.whenComplete { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        // A connection that the server closed (a shutdown, a restart) can leave a query
        // written in the moment it closed unanswered: waiting for its answer would keep
        // the client waiting for the whole timeout.
        closing?.whenComplete { _ in done.signal() }
        let seconds = Double(answerTimeout.components.seconds)
        if done.wait(timeout: .now() + seconds) == .timedOut {
            onTimeout()
            throw PostgresFailure.unavailable(
                "the server did not answer in \(Int(seconds)) s", during: .statement)
        }
        guard let result = outcome.withLock({ $0 }) else {
            onTimeout()
            throw PostgresFailure.unavailable("the connection was closed", during: .statement)
        }
        return try result.get()
    }
}

/// The connection of a session, lent for one call of `withConnection`.
struct PostgresLink {
    let connection: PostgresConnection
    let session: PostgresSession
    /// Whether it was opened for this call (a failure on an older one may only mean that
    /// the server restarted since it was last used).
    let fresh: Bool

    /// Runs one statement and answers its rows.
    /// - Throws: `PostgresFailure`: the server's refusal with its SQLSTATE, or
    ///   `.unavailable` when the connection is gone (it is discarded then).
    @discardableResult
    func run(_ statement: Statement, during step: PostgresFailure.Step = .statement) throws -> PostgresQueryResult {
        let future = connection.query(statement.query, logger: PostgresSession.driverLogger)
        do {
            return try PostgresSession.wait(for: future, closing: connection.closeFuture) {
                session.discard(connection)
            }
        } catch let error as PostgresFailure {
            throw error.during(step)
        } catch {
            let failure = PostgresFailure(error, during: step)
            if case .unavailable = failure { session.discard(connection) }
            throw failure
        }
    }

    /// The rows of one statement, each ready to be read by column position.
    func rows(_ statement: Statement) throws -> [PostgresRandomAccessRow] {
        try run(statement).rows.map { $0.makeRandomAccess() }
    }

    /// The first row of one statement, if any.
    func row(_ statement: Statement) throws -> PostgresRandomAccessRow? {
        try run(statement).rows.first?.makeRandomAccess()
    }
}

/// A statement and the values bound to its `$1`, `$2`, …
struct Statement {
    var sql: String
    var bindings = PostgresBindings()

    init(_ sql: String) { self.sql = sql }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }

    /// Binds an id (see `PostgresID`); NULL for nil.
    func id(_ value: String?) -> Statement { binding(value.map(PostgresID.buffer)) }

    /// Binds a list of ids as a `bytea[]`.
    func ids(_ values: [String]) -> Statement { binding(values.map(PostgresID.buffer)) }

    /// Binds a list of ids that may be missing as a `bytea[]`, an empty `bytea` for each
    /// missing one (`NULLIF(value, ''::bytea)` reads it back as NULL).
    func optionalIDs(_ values: [String?]) -> Statement {
        binding(values.map { $0.map(PostgresID.buffer) ?? ByteBuffer() })
    }

    /// Binds an integer; NULL for nil.
    func int(_ value: Int64?) -> Statement { binding(value) }

    /// Binds a list of integers as a `bigint[]`.
    func ints(_ values: [Int64]) -> Statement { binding(values) }

    /// Binds a moment as its seconds since 1970; NULL for nil.
    func time(_ value: Timestamp?) -> Statement { int(value?.secondsSince1970) }

    /// Binds a text; NULL for nil.
    func text(_ value: String?) -> Statement { binding(value) }

    /// Binds a list of texts as a `text[]`.
    func texts(_ values: [String]) -> Statement { binding(values) }

    /// Binds a truth value.
    func bool(_ value: Bool) -> Statement { binding(value) }

    /// This statement with `value` bound to its next `$n`; NULL for nil.
    private func binding<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> Statement {
        var next = self
        next.bindings.append(value)
        return next
    }
}

extension PostgresRandomAccessRow {
    /// The integer in column `index`.
    func int(_ index: Int) throws -> Int64 { try self[index].decode(Int64.self) }
    /// The integer in column `index`, nil for NULL.
    func optionalInt(_ index: Int) throws -> Int64? { try self[index].decode(Int64?.self) }
    /// The text in column `index`.
    func text(_ index: Int) throws -> String { try self[index].decode(String.self) }
    /// The text in column `index`, nil for NULL.
    func optionalText(_ index: Int) throws -> String? { try self[index].decode(String?.self) }
    /// The truth value in column `index`.
    func bool(_ index: Int) throws -> Bool { try self[index].decode(Bool.self) }
    /// The id in column `index`, a `uuid` column's bytes.
    func id(_ index: Int) throws -> String { PostgresID.text(try self[index].decode(ByteBuffer.self)) }
    /// The id in column `index`, nil for NULL.
    func optionalID(_ index: Int) throws -> String? {
        try self[index].decode(ByteBuffer?.self).map(PostgresID.text)
    }
    /// The moment in column `index`, seconds since 1970.
    func time(_ index: Int) throws -> Timestamp { Timestamp(secondsSince1970: try int(index)) }
    /// The moment in column `index`, nil for NULL.
    func optionalTime(_ index: Int) throws -> Timestamp? {
        try optionalInt(index).map(Timestamp.init(secondsSince1970:))
    }
}

extension PostgresConnection {
    /// Starts closing the connection without waiting for it; the connection stays alive
    /// until it is closed (the driver asserts that no connection ends open).
    func closeSoon() {
        let closing: EventLoopFuture<Void> = close()
        closing.whenComplete { _ in withExtendedLifetime(self) {} }
    }
}
