import PostgresNIO

/// The connection of a session, lent for one call of `withConnection`.
struct PostgresLink {
    let connection: PostgresConnection
    let session: PostgresSession
    /// Whether it was opened for this call (a failure on an older one may only mean that
    /// the server restarted since it was last used).
    let fresh: Bool

    /// Runs one statement: one round trip (two the first time a prepared statement runs on
    /// this connection: Parse and Describe, then Bind and Execute).
    /// - Throws: `PostgresFailure`: the server's refusal with its SQLSTATE, or
    ///   `.unavailable` when the connection is gone (it is discarded then).
    @discardableResult
    func run(_ statement: Statement, during step: PostgresFailure.Step = .statement) throws -> StatementAnswer {
        let future = statement.start(on: connection)
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

    /// Rolls back the open transaction after `error`, unless the connection is gone (the
    /// server rolls back then).
    func rollBack(after error: any Error) {
        if case .unavailable? = error as? PostgresFailure { return }
        _ = try? run(Statement(SQL.RollBack.self))
    }
}
