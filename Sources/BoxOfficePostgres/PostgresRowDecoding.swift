import BoxOffice
import NIOCore
import PostgresNIO

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
