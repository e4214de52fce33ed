import BoxOffice
import NIOCore
import PostgresNIO

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
