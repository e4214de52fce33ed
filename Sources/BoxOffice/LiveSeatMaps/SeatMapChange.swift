/// A new live seat map: the seat map as it stands, and where in the seat status log it
/// stands, both read in one snapshot.
public struct SeatMapSubscription: Sendable {
    /// The subscription's id, for `unsubscribe` and in every change it is told of.
    public var id: String
    /// The id of the newest line of the seat status log the seat map includes.
    public var cursor: Int64
    /// The seat map at the moment of subscribing.
    public var snapshot: SeatMapSnapshot
}

/// What a live seat map's client is told: the seats whose status (or `mine`) changed
/// since it was last told anything, each with its status now, and the counts now.
/// Bursts are coalesced: a seat appears once, with its latest status, and a seat that
/// changed and changed back since the last telling does not appear at all.
public struct SeatMapChange: Sendable, Equatable, Encodable {
    /// The subscription told.
    public var subscription: String
    /// Its showing.
    public var showingId: String
    /// The newest line of the seat status log this change includes. It never goes back;
    /// a hold running out writes no line, so the change it causes repeats the cursor.
    public var cursor: Int64
    /// The seats that changed, front row first, left to right.
    public var seats: [SeatState]
    /// How many seats of the showing have each status now.
    public var counts: SeatCounts
}

/// One subscription and what its client has been told: the status of every seat, so
/// that a change is what differs from that, whatever caused it.
struct Subscriber: Sendable {
    var id: String
    var showingId: String
    var userId: String?
    var layout: ShowingSeats
    /// The status of each seat as told, at its position in `layout.seats`.
    var statuses: [SeatStatus]
    /// Per seat, whether it is the user's, as told; nil when no user was named.
    var mine: [Bool]?
    var cursor: Int64

    init(id: String, userId: String?, subscribedAt snapshot: SeatMapSnapshot, cursor: Int64) {
        self.id = id
        self.showingId = snapshot.layout.showingId
        self.userId = userId
        self.layout = snapshot.layout
        self.statuses = snapshot.statuses
        self.mine = snapshot.mine
        self.cursor = cursor
    }

    /// Takes the showing's claims now as told, and answers what changed for the client;
    /// nil when nothing did (the cursor still moves on to `logCursor`).
    mutating func tell(claims: [String: LiveClaim], logCursor: Int64) -> SeatMapChange? {
        cursor = max(cursor, logCursor)
        var changed: [SeatState] = []
        for (index, seat) in layout.seats.enumerated() {
            let claim = claims[seat.id]
            let status = claim?.status ?? .available
            let isMine = userId.map { user in claim?.userId?.isIdentical(to: user) ?? false }
            guard status != statuses[index] || isMine != mine?[index] else { continue }
            statuses[index] = status
            if let isMine { mine?[index] = isMine }
            changed.append(SeatState(id: seat.id, label: seat.label, status: status, mine: isMine))
        }
        guard !changed.isEmpty else { return nil }
        var counts = SeatCounts()
        for status in statuses { counts.add(status) }
        return SeatMapChange(subscription: id, showingId: showingId, cursor: cursor, seats: changed, counts: counts)
    }
}
