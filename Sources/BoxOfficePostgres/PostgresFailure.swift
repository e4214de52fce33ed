import BoxOffice
import PostgresNIO

/// What went wrong talking to the server, sorted by what the store does about it.
enum PostgresFailure: Error, CustomStringConvertible {
    /// Where in a transaction a failure came.
    enum Step: Sendable {
        /// Starting it: nothing was written.
        case begin
        /// A statement inside it: it is rolled back, nothing was written.
        case statement
        /// Its COMMIT: the outcome is not known when the connection went.
        case commit
    }

    /// The server cannot be reached, or the connection went while waiting for it.
    case unavailable(String, during: Step)
    /// The server refused a statement: its SQLSTATE, message and constraint, if any.
    case refused(sqlState: String, message: String, constraint: String?)

    /// A driver error, sorted.
    init(_ error: any Error, during step: Step) {
        guard let error = error as? PSQLError else {
            self = .unavailable("\(error)", during: step)
            return
        }
        if error.code == .server, let info = error.serverInfo, let state = info[.sqlState] {
            // The server shutting down (57P01-57P03) or a connection exception (08…).
            if state.hasPrefix("57P") || state.hasPrefix("08") {
                self = .unavailable(info[.message] ?? state, during: step)
            } else {
                self = .refused(sqlState: state, message: info[.message] ?? "", constraint: info[.constraintName])
            }
            return
        }
        self = .unavailable(Self.describe(error), during: step)
    }

    /// A failure to connect, sorted: the server's own refusals keep their SQLSTATE.
    init(connecting error: any Error) {
        if let error = error as? PSQLError, error.code == .server, let info = error.serverInfo,
            let state = info[.sqlState], !state.hasPrefix("57P")
        {
            self = .refused(sqlState: state, message: info[.message] ?? "", constraint: nil)
            return
        }
        self = .unavailable(Self.describe(error), during: .begin)
    }

    /// The same failure, at another step of its transaction.
    func during(_ step: Step) -> PostgresFailure {
        if case .unavailable(let reason, _) = self { return .unavailable(reason, during: step) }
        return self
    }

    /// The SQLSTATE of a refusal.
    var sqlState: String? {
        if case .refused(let state, _, _) = self { return state }
        return nil
    }

    /// Whether re-running the whole transaction may succeed: a serialization failure or a
    /// deadlock (the server rolled it back), or a booking number drawn twice at once.
    var isTransient: Bool {
        switch self {
        case .refused("40001", _, _), .refused("40P01", _, _): true
        case .refused("23505", _, let constraint):
            constraint == "booking_bookingnumber_key" || constraint == "booking_uuid_key"
        default: false
        }
    }

    /// The box office's error for it, if it has one: a lock or statement that waited too
    /// long is `busy` (nothing was written), an unreachable server `databaseUnavailable`.
    var domainError: BoxOfficeError? {
        switch self {
        case .unavailable(_, let step):
            return .databaseUnavailable(commitUnknown: step == .commit)
        case .refused(let state, _, _):
            // 55P03 lock_not_available (lock_timeout), 57014 query_canceled
            // (statement_timeout), 53300 too many connections.
            return ["55P03", "57014", "53300"].contains(state) ? .busy : nil
        }
    }

    var description: String {
        switch self {
        case .unavailable(let reason, _): "the PostgreSQL server cannot be reached: \(reason)"
        case .refused(let state, let message, _): "PostgreSQL refused a statement (\(state)): \(message)"
        }
    }

    /// Words for a driver error that is no refusal by the server: the connection's fate.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let underlying = error.underlying {
            let text = "\(underlying)"
            if text.contains("connection reset") || text.contains("Connection refused")
                || text.contains("connectionRefused") || text.contains("ECONNREFUSED")
            {
                return "the server refused the connection"
            }
            return text
        }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return "the connection was closed"
        case .connectionError:
            return "the connection failed"
        default:
            return "\(error.code)"
        }
    }
}
