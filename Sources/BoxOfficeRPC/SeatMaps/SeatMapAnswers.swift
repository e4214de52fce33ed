import BoxOffice
import JSONRPC

/// The last `seatmap.get` answer per showing and user, kept with the version it was read
/// at, so that asking again while nothing changed costs no read and no encoding.
final class SeatMapAnswers: Sendable {
    struct Key: Hashable {
        var showingId: String
        var userId: String?
    }

    struct Answer {
        var version: SeatMapVersion
        var snapshot: SeatMapSnapshot
        var bytes: [UInt8]
    }

    /// Enough for every showing a kiosk shows; past it, the answers used longest ago go.
    static let capacity = 256

    private let answers = BoundedCache<Key, Answer>(capacity: capacity)

    /// The seat map of a showing for a user: the kept answer while nothing changed, or a
    /// new one, encoded and kept.
    /// - Throws: as `Cinema.seatMapSnapshot`.
    func seatMap(showingId: String, userId: String?, in service: ServiceContext) throws -> EncodedSeatMap {
        let key = Key(showingId: showingId, userId: userId)
        let kept = answers.value(for: key)
        let (read, version) = try service.cinema.seatMapSnapshot(
            showingId: showingId, userId: userId, unlessUnchangedSince: kept?.version)
        guard let snapshot = read else {
            // Unchanged: `kept` is there, since only its version can make the read nil.
            return EncodedSeatMap(snapshot: kept!.snapshot, encoding: service.seatMapEncoding, bytes: kept!.bytes)
        }
        let bytes = try service.seatMapEncoding.encode(snapshot)
        if let version {
            answers.set(Answer(version: version, snapshot: snapshot, bytes: bytes), for: key)
        }
        return EncodedSeatMap(snapshot: snapshot, encoding: service.seatMapEncoding, bytes: bytes)
    }
}
