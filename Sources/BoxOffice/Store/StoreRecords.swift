/// A screen as stored: its seats with their ids, row by row, front row first.
public struct Screen: Sendable, Equatable {
    /// One seat of the screen.
    public struct Seat: Sendable, Equatable {
        /// The seat's id.
        public var id: String
        /// Its label, such as `A5`.
        public var label: String
        /// The index of its row, from 0 at the front.
        public var rowIndex: Int
        /// Its number in the row, from 1.
        public var number: Int
        /// Its cell column, from 0.
        public var x: Int
        /// What kind of seat it is.
        public var type: SeatType

        /// A stored seat.
        public init(id: String, label: String, rowIndex: Int, number: Int, x: Int, type: SeatType) {
            self.id = id
            self.label = label
            self.rowIndex = rowIndex
            self.number = number
            self.x = x
            self.type = type
        }
    }

    /// One row: its label and its seats, left to right.
    public struct Row: Sendable, Equatable {
        /// The row's label, such as `A`.
        public var label: String
        /// The row's seats, left to right.
        public var seats: [Seat]

        /// A row of seats.
        public init(label: String, seats: [Seat]) {
            self.label = label
            self.seats = seats
        }
    }

    /// The screen's id.
    public var id: String
    /// The theater it is in.
    public var theaterId: String
    /// Its name within the theater.
    public var name: String
    /// Its rows, front first.
    public var rows: [Row]
    /// The layout rows it was made from (`"A: WC..RRRR"`), which also say how wide each
    /// row is, gaps included.
    public var layout: [String]

    /// A stored screen.
    public init(id: String, theaterId: String, name: String, rows: [Row], layout: [String]) {
        self.id = id
        self.theaterId = theaterId
        self.name = name
        self.rows = rows
        self.layout = layout
    }

    /// How many seats it has.
    public var capacity: Int { rows.reduce(0) { $0 + $1.seats.count } }
}

/// A showing as stored: a `Showing` without its status (which depends on the clock),
/// with the time its screen is free again.
public struct ShowingRecord: Sendable, Equatable {
    /// The showing's id.
    public var id: String
    /// The movie shown.
    public var movieId: String
    /// The theater of its screen.
    public var theaterId: String
    /// The screen it is on.
    public var screenId: String
    /// When it starts.
    public var startsAt: Timestamp
    /// When it ends: the start plus the movie's running time.
    public var endsAt: Timestamp
    /// When sales close.
    public var salesCloseAt: Timestamp
    /// The currency of its prices.
    public var currency: String
    /// A price per seat type its screen has, in minor units.
    public var prices: [SeatType: Int64]

    /// A stored showing.
    public init(
        id: String, movieId: String, theaterId: String, screenId: String, startsAt: Timestamp, endsAt: Timestamp,
        salesCloseAt: Timestamp, currency: String, prices: [SeatType: Int64]
    ) {
        self.id = id
        self.movieId = movieId
        self.theaterId = theaterId
        self.screenId = screenId
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.salesCloseAt = salesCloseAt
        self.currency = currency
        self.prices = prices
    }

    /// The showing as the API shows it at `now`: open until sales close.
    public func showing(at now: Timestamp) -> Showing {
        Showing(
            id: id, movieId: movieId, theaterId: theaterId, screenId: screenId, startsAt: startsAt,
            salesCloseAt: salesCloseAt, currency: currency, prices: prices,
            status: now < salesCloseAt ? .open : .closed)
    }
}

/// A new theater with its screens and their seats, ids drawn, ready to be stored.
public struct NewTheaterRecord: Sendable, Equatable {
    /// The theater as answered (its screens' summaries included).
    public var theater: Theater
    /// Each screen as stored, in the theater's order.
    public var screens: [Screen]

    /// A theater ready to be stored.
    public init(theater: Theater, screens: [Screen]) {
        self.theater = theater
        self.screens = screens
    }
}

/// What holds a seat of a showing right now.
public struct LiveClaim: Sendable, Equatable {
    /// `held`, `booked` or `blocked`.
    public var status: SeatStatus
    /// The user of the booking holding it; nil for a block.
    public var userId: String?

    /// A live claim.
    public init(status: SeatStatus, userId: String?) {
        self.status = status
        self.userId = userId
    }
}
