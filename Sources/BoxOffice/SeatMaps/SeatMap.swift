/// A showing's seats row by row, each with its status now: what a seat picker draws.
public struct SeatMap: Sendable, Equatable, Encodable {
    /// The showing.
    public var showing: Showing
    /// The screen it is on.
    public var screen: NamedRef
    /// The rows, front row first.
    public var rows: [SeatMapRow]
    /// How many seats have each status.
    public var counts: SeatCounts
}

/// One row of a seat map.
public struct SeatMapRow: Sendable, Equatable, Encodable {
    /// The row's label, such as `A`.
    public var label: String
    /// Its seats, left to right.
    public var seats: [Seat]
}

/// One seat of a showing, with its price and its status now.
public struct Seat: Sendable, Equatable, Encodable {
    /// The seat's id.
    public var id: String
    /// Row label and number, such as `A5`.
    public var label: String
    /// The row label.
    public var row: String
    /// The number in the row, from 1.
    public var number: Int
    /// The cell column in the layout, from 0: gaps between seats are aisles.
    public var x: Int
    /// The seat's type.
    public var type: SeatType
    /// `available`, `held`, `booked` or `blocked`.
    public var status: SeatStatus
    /// What the seat costs at this showing.
    public var price: Money
    /// Present only when a user was named: whether that user holds or booked the seat.
    public var mine: Bool?
}

/// How many seats have each status.
public struct SeatCounts: Sendable, Equatable, Encodable {
    /// Seats free to hold or book.
    public var available = 0
    /// Seats in holds that have not expired.
    public var held = 0
    /// Seats in confirmed bookings.
    public var booked = 0
    /// Seats the house took out of sale.
    public var blocked = 0

    /// Counts one more seat of `status`.
    mutating func add(_ status: SeatStatus) {
        switch status {
        case .available: available += 1
        case .held: held += 1
        case .booked: booked += 1
        case .blocked: blocked += 1
        }
    }
}

/// A showing's seat counts, overall and per seat type, with prices.
public struct Availability: Sendable, Equatable, Encodable {
    /// The showing.
    public var showingId: String
    /// How many seats the screen has.
    public var capacity: Int
    /// Seats free to hold or book.
    public var available: Int
    /// Seats in holds that have not expired.
    public var held: Int
    /// Seats in confirmed bookings.
    public var booked: Int
    /// Seats the house took out of sale.
    public var blocked: Int
    /// Per seat type the screen has: its seats, how many are available, and the price.
    public var byType: [SeatType: TypeAvailability]
}

/// The seats of one type at a showing.
public struct TypeAvailability: Sendable, Equatable, Encodable {
    /// How many seats of this type the screen has.
    public var capacity: Int
    /// How many of them are free.
    public var available: Int
    /// What one of them costs at this showing.
    public var price: Money
}

/// The answer to "are these seats free?".
public struct SeatCheck: Sendable, Equatable, Encodable {
    /// True when every named seat is available.
    public var available: Bool
    /// Each named seat, in the order named, with its status.
    public var seats: [SeatState]
}

/// A seat map as a showing's static seats and their statuses at one moment.
public struct SeatMapSnapshot: Sendable {
    /// The showing, with its status at that moment.
    public var showing: Showing
    /// The seats' static part, shared by every snapshot of the showing.
    public var layout: ShowingSeats
    /// The status of each seat, at the same position as in `layout.seats`.
    public var statuses: [SeatStatus]
    /// Per seat, whether the named user holds or booked it; nil when no user was named.
    public var mine: [Bool]?
    /// How many seats have each status.
    public var counts: SeatCounts

    /// The seat map as one value.
    public var seatMap: SeatMap {
        SeatMap(
            showing: showing, screen: layout.screen,
            rows: layout.rows.map { row in
                SeatMapRow(
                    label: row.label,
                    seats: row.seats.map { index in
                        var seat = layout.seats[index]
                        seat.status = statuses[index]
                        seat.mine = mine?[index]
                        return seat
                    })
            },
            counts: counts)
    }
}
