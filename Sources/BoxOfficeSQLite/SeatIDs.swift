import GRDB
import Synchronization

/// The id of every seat by its integer key, kept by the store once read: the live claims
/// of a showing name their seats by key, and looking each up in `seat` (and turning its 16
/// bytes into text) was most of the cost of reading a showing's claims.
///
/// A seat's key and id never change once committed (seats are never updated or deleted),
/// so an entry is right for good. Only committed seats may enter: a write transaction that
/// inserted seats (`WriteScope.insertedSeats`) reads their ids without keeping them, since
/// a rollback could give their keys to other seats.
final class SeatIDs: Sendable {
    private let kept = Mutex<[Int64: String]>([:])

    /// The ids of `keys`, in order; a key not kept yet is read with the rest of its
    /// screen's seats, and kept unless `keep` is false.
    func ids(of keys: [Int64], in db: Database, keep: Bool) throws -> [String] {
        var found = kept.withLock { kept in keys.map { kept[$0] } }
        guard let missing = keys.indices.first(where: { found[$0] == nil }) else { return found.map { $0! } }
        var read: [Int64: String] = [:]
        let rows = try db.cachedCursor(
            sql: "SELECT id, uuid FROM seat WHERE screen = (SELECT screen FROM seat WHERE id = ?)",
            arguments: [keys[missing]])
        while let row = try rows.next() { read[row[0]] = row.id(1) }
        for index in keys.indices where found[index] == nil {
            if let id = read[keys[index]] {
                found[index] = id
            } else {
                // A key of another screen than the first one missing: read on its own.
                found[index] =
                    try db.cachedRow(sql: "SELECT uuid FROM seat WHERE id = ?", arguments: [keys[index]])
                    .map { $0.id(0) } ?? ""
                if keep { read[keys[index]] = found[index] }
            }
        }
        if keep { kept.withLock { kept in kept.merge(read) { old, _ in old } } }
        return found.map { $0! }
    }
}

/// What one write transaction (a group's, savepoints included) did that reads in it must
/// know of.
final class WriteScope {
    /// Whether it inserted seats: their keys are not for `SeatIDs` to keep.
    var insertedSeats = false
}
