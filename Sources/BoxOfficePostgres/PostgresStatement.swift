import BoxOffice
import Logging
import NIOCore
import PostgresNIO

/// The text of one of the store's statements, as a type of its own: the driver prepares
/// it once per connection under the type's name (`PostgresPreparedStatement`), and each
/// later run sends only its name and values (Bind, Execute), never its text again.
///
/// The driver prepares it with the parameter types of its first run's values (`bytea`,
/// `bigint`, `text`, `boolean` or arrays of them); a value bound as NULL leaves its type
/// to the server, so the type of a parameter that may be NULL must follow from the text
/// (the column it is stored in or compared with, or a cast such as `$2::bytea`).
protocol StatementText: SendableMetatype {
    /// The SQL.
    static var sql: String { get }
}

extension StatementText {
    /// The name it is prepared under: its type's.
    static var name: String { String(describing: Self.self) }
}

/// What a statement answered: its rows, and its command tag when it was sent as text.
struct StatementAnswer: Sendable {
    var rows: [PostgresRow]
    var command: String
}

/// A statement and the values bound to its `$1`, `$2`, …
struct Statement {
    /// Its SQL, for messages.
    let sql: String
    /// The name it is prepared under; nil for one sent as text (see `init(unprepared:)`).
    let name: String?
    var bindings = PostgresBindings()
    private let prepared: (@Sendable (PostgresConnection, PostgresBindings) async throws -> StatementAnswer)?

    /// A statement prepared once per connection. Its answer has its rows; its command tag
    /// only when it is sent as text (the driver's prepared statements answer rows alone).
    init<Text: StatementText>(_ text: Text.Type) {
        sql = Text.sql
        name = Text.name
        prepared = { connection, bindings in
            var rows: [PostgresRow] = []
            for try await row in try await connection.execute(
                PreparedQuery<Text>(bindings: bindings), logger: PostgresSession.driverLogger)
            {
                rows.append(row)
            }
            return StatementAnswer(rows: rows, command: "")
        }
    }

    /// A statement sent as text each time (parsed and planned anew): for what runs once
    /// in a process's life, such as the migrations' DDL and the checks when opening, whose
    /// text may be made at run time.
    init(unprepared sql: String) {
        self.sql = sql
        name = nil
        prepared = nil
    }

    /// The same statement, its values bound alike, with `prefix` before its text, sent as
    /// text: to EXPLAIN it.
    func sentAsText(after prefix: String) -> Statement {
        var text = Statement(unprepared: prefix + sql)
        text.bindings = bindings
        return text
    }

    /// Starts running the statement on `connection`; the future completes with its answer.
    func start(on connection: PostgresConnection) -> EventLoopFuture<StatementAnswer> {
        guard let prepared else {
            return connection.query(
                PostgresQuery(unsafeSQL: sql, binds: bindings), logger: PostgresSession.driverLogger
            )
            .map { StatementAnswer(rows: $0.rows, command: $0.metadata.command) }
        }
        // The driver's prepared statements are run by its async API: a task on the
        // connection's own event loop (`EventLoopExecutor`) hands the statement to the
        // connection and awaits its rows without blocking; the calling thread waits for
        // the future. The cooperative pool is not needed, so a caller on one of its
        // threads (a test) cannot starve it.
        let promise = connection.eventLoop.makePromise(of: StatementAnswer.self)
        let bindings = bindings
        Task(executorPreference: EventLoopExecutor(connection.eventLoop)) {
            do {
                promise.succeed(try await prepared(connection, bindings))
            } catch {
                promise.fail(error)
            }
        }
        return promise.futureResult
    }

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

/// A `StatementText` as the driver's prepared statement.
private struct PreparedQuery<Text: StatementText>: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static var name: String { Text.name }
    static var sql: String { Text.sql }
    let bindings: PostgresBindings
    func makeBindings() -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

/// The store's statements, each a type named for what it does: one namespace, so that no
/// two share a name (the name a connection prepares it under).
enum SQL {}
