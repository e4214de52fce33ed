/// The part of a showing's seat map that never changes: every seat with its row,
/// number, x, type and price. Built once per showing per process and shared by every
/// snapshot of it, so that an encoder can keep its bytes prepared.
public final class ShowingSeats: Sendable {
    /// A row: its label and where its seats stand in `seats`.
    public struct Row: Sendable, Equatable {
        /// The row's label, such as `A`.
        public let label: String
        /// The positions of the row's seats in `seats`, left to right.
        public let seats: Range<Int>
    }

    /// The showing these seats are priced for.
    public let showingId: String
    /// The screen they are on.
    public let screen: NamedRef
    /// The rows, front row first.
    public let rows: [Row]
    /// Every seat, front row first, left to right, with status `available` and no `mine`:
    /// the status of a seat now is in a snapshot, at the same position.
    public let seats: [Seat]
    /// Where each seat id stands in `seats`.
    let positions: [String: Int]

    /// The seats of `screen`, priced for `showing`.
    init(showing: ShowingRecord, screen: Screen) {
        var rows: [Row] = []
        var seats: [Seat] = []
        seats.reserveCapacity(screen.capacity)
        for row in screen.rows {
            let start = seats.count
            for seat in row.seats {
                seats.append(
                    Seat(
                        id: seat.id, label: seat.label, row: row.label, number: seat.number, x: seat.x,
                        type: seat.type, status: .available,
                        price: Money(amount: showing.prices[seat.type] ?? 0, currency: showing.currency), mine: nil))
            }
            rows.append(Row(label: row.label, seats: start..<seats.count))
        }
        self.showingId = showing.id
        self.screen = NamedRef(id: screen.id, name: screen.name)
        self.rows = rows
        self.seats = seats
        positions = Dictionary(uniqueKeysWithValues: seats.enumerated().map { ($1.id, $0) })
    }
}
