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
}
