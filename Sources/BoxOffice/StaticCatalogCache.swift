import GRDB
import Synchronization

/// The seats of one screen, in layout order, as read once from the database.
struct ScreenSeats: Sendable {
    struct Row: Sendable {
        var label: String
        var seats: [ScreenSeat]
        var x: [Int]
    }

    var id: String
    var name: String
    var rows: [Row]
    var count: Int { rows.reduce(0) { $0 + $1.seats.count } }
}

/// What never changes once written: screens with their seats, and showings with their
/// prices (there is no method that edits either). Read from disk once per process and
/// kept, so that a seat map costs one query for the live claims and nothing more.
final class StaticCatalogCache: Sendable {
    private let screens = Mutex<[String: ScreenSeats]>([:])
    private let showings = Mutex<[String: Showing]>([:])
    private let seatsOfShowings = Mutex<[String: ShowingSeats]>([:])

    /// The screen's seats, read on first use.
    func screen(_ db: Database, id: String) throws -> ScreenSeats {
        if let cached = screens.withLock({ $0[id] }) { return cached }
        guard let name = try db.cachedValue(String.self, sql: "SELECT name FROM screen WHERE id = ?", arguments: [id])
        else {
            throw BoxOfficeError.notFound(kind: "screen", id: id)
        }
        var rows: [ScreenSeats.Row] = []
        let cursor = try db.cachedCursor(
            sql:
                "SELECT id, label, rowLabel, rowIndex, number, x, type FROM seat WHERE screenId = ? ORDER BY rowIndex, x",
            arguments: [id])
        while let row = try cursor.next() {
            let rowIndex: Int = row["rowIndex"]
            let seat = ScreenSeat(
                id: row["id"], label: row["label"], type: SeatType(rawValue: row["type"]) ?? .regular,
                rowIndex: rowIndex, number: row["number"])
            if rows.count == rowIndex {
                rows.append(ScreenSeats.Row(label: row["rowLabel"], seats: [], x: []))
            }
            rows[rows.count - 1].seats.append(seat)
            rows[rows.count - 1].x.append(row["x"])
        }
        let screen = ScreenSeats(id: id, name: name, rows: rows)
        screens.withLock { $0[id] = screen }
        return screen
    }

    /// The seats of the showing's screen with the showing's prices, built on first use.
    func seats(_ db: Database, of showing: Showing) throws -> ShowingSeats {
        if let cached = seatsOfShowings.withLock({ $0[showing.id] }) { return cached }
        let screen = try self.screen(db, id: showing.screenId)
        var rows: [ShowingSeats.Row] = []
        var seats: [SeatView] = []
        seats.reserveCapacity(screen.count)
        for row in screen.rows {
            let start = seats.count
            for (seat, x) in zip(row.seats, row.x) {
                seats.append(
                    SeatView(
                        id: seat.id, label: seat.label, row: row.label, number: seat.number, x: x, type: seat.type,
                        status: .available,
                        price: Money(amount: showing.prices[seat.type] ?? 0, currency: showing.currency), mine: nil))
            }
            rows.append(ShowingSeats.Row(label: row.label, seats: start..<seats.count))
        }
        let built = ShowingSeats(
            showingId: showing.id, screen: NamedRef(id: screen.id, name: screen.name), rows: rows, seats: seats)
        return seatsOfShowings.withLock { cache in
            if let first = cache[showing.id] { return first }
            cache[showing.id] = built
            return built
        }
    }

    /// The showing with its prices, read on first use; `status` is set from `now`.
    func showing(_ db: Database, id: String, now: Timestamp) throws -> Showing {
        if var cached = showings.withLock({ $0[id] }) {
            cached.status = now < cached.salesCloseAt ? .open : .closed
            return cached
        }
        let showing = try Cinema.showing(db, id: id, now: now)
        showings.withLock { $0[id] = showing }
        return showing
    }
}
