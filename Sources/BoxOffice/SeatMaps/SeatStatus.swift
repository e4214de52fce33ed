/// A seat and its status: what `availability.check` answers per seat, and each seat in
/// the way of a booking.
public struct SeatState: Sendable, Equatable, Encodable {
    /// The seat's id.
    public var id: String
    /// The seat's label, such as `A5`.
    public var label: String
    /// Why it could not be taken: `held`, `booked` or `blocked`.
    public var status: SeatStatus
    /// When a booking request stands in its own way: true for a seat the requesting user
    /// already holds or booked. Nil where no user asked.
    public var mine: Bool?

    /// A seat and its status.
    public init(id: String, label: String, status: SeatStatus, mine: Bool? = nil) {
        self.id = id
        self.label = label
        self.status = status
        self.mine = mine
    }
}

/// The status of one seat for one showing.
public enum SeatStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Free to hold or book.
    case available
    /// In a hold that has not expired.
    case held
    /// In a confirmed booking.
    case booked
    /// Taken out of sale by the house.
    case blocked
}
