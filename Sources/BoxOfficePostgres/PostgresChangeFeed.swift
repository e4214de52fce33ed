import BoxOffice
import PostgresNIO
import Synchronization

/// Live seat maps' watch on a PostgreSQL database, on a connection of its own that
/// `LISTEN`s on `channel`: every transaction that appends seat status lines notifies it,
/// and the server delivers the notification when (and only if) that transaction commits.
///
/// A notification travels on its own, so one may still be on its way when a client that
/// read the committing process's answer asks this one. To keep a "no" true (seat maps
/// are reused on a no), a look with no notification and no commit of this store's own
/// compares `pg_current_snapshot()` with the previous look's: any transaction that wrote
/// and ended since then moves it (it was running then, or had not started). So the feed
/// answers yes without a round trip while notifications come, and exactly otherwise. A
/// listening connection that was lost is made again, and the look after answers yes.
final class PostgresChangeFeed: ChangeFeed {
    /// The channel seat status lines are announced on.
    static let channel = "boxoffice_seat_events"

    private let location: PostgresLocation
    private let settings: [(String, String)]
    private let ownCommits: CommitCount
    private let notified: NotificationFlag
    private let state = Mutex(State())

    private struct State {
        var connection: PostgresConnection?
        /// What the previous look saw; nil before the first, or after a yes that skipped
        /// the snapshot.
        var snapshot: String?
        var commits = 0
        var looked = false
    }

    init(location: PostgresLocation, settings: [(String, String)], ownCommits: CommitCount) {
        self.location = location
        self.settings = settings
        self.ownCommits = ownCommits
        self.notified = NotificationFlag()
    }

    deinit {
        state.withLock { state in state.connection?.closeSoon() }
    }

    func committedSinceLastLook() throws -> Bool {
        // The state is read and written under the mutex; the network is waited for
        // without it (a second look meanwhile compares with what the first one stored).
        let connection: PostgresConnection? = state.withLock { state in
            // The count first: a commit that lands after it is seen by the next look.
            let commits = ownCommits.value
            let moved = !state.looked || commits != state.commits
            state.commits = commits
            state.looked = true
            if moved { state.snapshot = nil }
            return moved || state.connection?.isClosed != false ? nil : state.connection
        }
        guard let connection else {
            try listenIfNeeded()
            notified.lower()
            return true
        }
        if notified.take() {
            state.withLock { $0.snapshot = nil }
            return true
        }
        let snapshot: String
        do {
            let answer = try PostgresSession.wait(for: Statement(SQL.CurrentSnapshot.self).start(on: connection)) {
                connection.closeSoon()
            }
            snapshot = try answer.rows.first?.makeRandomAccess().text(0) ?? ""
        } catch {
            state.withLock { state in
                if state.connection === connection { state.connection = nil }
            }
            connection.closeSoon()
            throw PostgresFailure(error, during: .statement).domainError ?? error
        }
        return state.withLock { state in
            defer { state.snapshot = snapshot }
            return state.snapshot != snapshot
        }
    }

    /// Makes the listening connection when there is none (or it was lost), outside the
    /// mutex; a connection another look made meanwhile is kept and this one closed.
    private func listenIfNeeded() throws {
        guard state.withLock({ $0.connection?.isClosed != false }) else { return }
        let made = try listen()
        let spare: PostgresConnection? = state.withLock { state in
            guard state.connection?.isClosed != false else { return made }
            state.connection = made
            return nil
        }
        spare?.closeSoon()
    }

    /// Whether a notification came since the last look (it is taken by the next look).
    var hasNotification: Bool { notified.isRaised }

    /// A new connection listening on `channel`.
    private func listen() throws -> PostgresConnection {
        do {
            let connection = try PostgresSession.connect(location, settings: settings)
            let flag = notified
            connection.addListener(channel: Self.channel) { _, _ in flag.raise() }
            _ = try PostgresSession.wait(
                for: Statement(unprepared: "LISTEN \(Self.channel)").start(on: connection)
            ) { connection.closeSoon() }
            return connection
        } catch let failure as PostgresFailure {
            throw failure.domainError ?? failure
        } catch {
            throw PostgresFailure(error, during: .statement).domainError ?? error
        }
    }
}

/// Raised by the driver's thread when a notification arrives; taken by a look.
final class NotificationFlag: Sendable {
    private let raised = Atomic(false)

    func raise() { raised.store(true, ordering: .releasing) }

    /// Whether it is raised, leaving it so.
    var isRaised: Bool { raised.load(ordering: .acquiring) }

    /// Whether it was raised since the last take; lowers it.
    func take() -> Bool { raised.exchange(false, ordering: .acquiringAndReleasing) }

    /// Lowers it: a look that answers yes anyway has seen what it stood for.
    func lower() { raised.store(false, ordering: .releasing) }
}

/// How many write transactions this store committed: what its own connection knows it
/// wrote, which a feed counts as a change without asking the server.
final class CommitCount: Sendable {
    private let count = Mutex(0)

    /// The commits so far.
    var value: Int { count.withLock { $0 } }

    /// Counts one more commit.
    func increment() { count.withLock { $0 += 1 } }
}

extension SQL {
    enum CurrentSnapshot: StatementText { static let sql = "SELECT pg_current_snapshot()::text" }
}
