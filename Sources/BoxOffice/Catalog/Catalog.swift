/// A film in the catalog.
public struct Movie: Sendable, Equatable, Codable {
    /// Lowercase UUID.
    public var id: String
    /// The title as shown to customers.
    public var title: String
    /// Running time, which with the start time fixes when a screen is free again.
    public var durationMinutes: Int
    /// An age rating such as `PG-13`, if known.
    public var rating: String?

    /// A value with every field given.
    public init(id: String, title: String, durationMinutes: Int, rating: String? = nil) {
        self.id = id
        self.title = title
        self.durationMinutes = durationMinutes
        self.rating = rating
    }
}

/// A cinema and its screens.
public struct Theater: Sendable, Equatable, Encodable {
    /// Lowercase UUID.
    public var id: String
    /// The theater's name.
    public var name: String
    /// Its city, if given.
    public var city: String?
    /// Its screens, in the order they were created.
    public var screens: [ScreenSummary]

    /// A value with every field given.
    public init(id: String, name: String, city: String? = nil, screens: [ScreenSummary]) {
        self.id = id
        self.name = name
        self.city = city
        self.screens = screens
    }
}

/// A screen (auditorium) as the catalog shows it.
public struct ScreenSummary: Sendable, Equatable, Encodable {
    /// Lowercase UUID.
    public var id: String
    /// The screen's name within its theater.
    public var name: String
    /// How many seats it has.
    public var capacity: Int
    /// How many seats of each type it has (types it lacks are left out).
    public var seatTypes: [SeatType: Int]

    /// A value with every field given.
    public init(id: String, name: String, capacity: Int, seatTypes: [SeatType: Int]) {
        self.id = id
        self.name = name
        self.capacity = capacity
        self.seatTypes = seatTypes
    }
}

/// Whether a showing still sells seats.
public enum ShowingStatus: String, Sendable, Codable {
    /// Before `salesCloseAt`.
    case open
    /// At or after `salesCloseAt`.
    case closed
}

/// One screening of a movie on a screen at a time, with its prices.
public struct Showing: Sendable, Equatable, Encodable {
    /// Lowercase UUID.
    public var id: String
    /// The movie shown.
    public var movieId: String
    /// The theater of the screen.
    public var theaterId: String
    /// The screen it is shown on.
    public var screenId: String
    /// When it starts.
    public var startsAt: Timestamp
    /// When holds and bookings stop being accepted.
    public var salesCloseAt: Timestamp
    /// The currency of its prices.
    public var currency: String
    /// Minor units per seat type, for every type the screen has.
    public var prices: [SeatType: Int64]
    /// `open` until `salesCloseAt`, `closed` from then on.
    public var status: ShowingStatus

    /// A value with every field given.
    public init(
        id: String, movieId: String, theaterId: String, screenId: String, startsAt: Timestamp, salesCloseAt: Timestamp,
        currency: String, prices: [SeatType: Int64], status: ShowingStatus
    ) {
        self.id = id
        self.movieId = movieId
        self.theaterId = theaterId
        self.screenId = screenId
        self.startsAt = startsAt
        self.salesCloseAt = salesCloseAt
        self.currency = currency
        self.prices = prices
        self.status = status
    }
}

/// A showing with its seat counts, as `showings.list` gives it.
public struct ShowingSummary: Sendable, Equatable, Encodable {
    /// The showing.
    public var showing: Showing
    /// How many seats the screen has.
    public var capacity: Int
    /// How many are neither held, booked nor blocked right now.
    public var available: Int
    /// The movie shown: its id and title.
    public var movie: MovieRef
    /// The theater: its id and name.
    public var theater: NamedRef
    /// The screen: its id and name.
    public var screen: NamedRef

    private enum CodingKeys: String, CodingKey { case capacity, available, movie, theater, screen }

    /// Encodes the showing's fields and the rest side by side, in one object, so that a
    /// client can show a list of showings from one call.
    public func encode(to encoder: any Encoder) throws {
        try showing.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(capacity, forKey: .capacity)
        try container.encode(available, forKey: .available)
        try container.encode(movie, forKey: .movie)
        try container.encode(theater, forKey: .theater)
        try container.encode(screen, forKey: .screen)
    }

    /// A value with every field given.
    public init(
        showing: Showing, capacity: Int, available: Int, movie: MovieRef, theater: NamedRef, screen: NamedRef
    ) {
        self.showing = showing
        self.capacity = capacity
        self.available = available
        self.movie = movie
        self.theater = theater
        self.screen = screen
    }
}

/// A movie named in a list: its id and title.
public struct MovieRef: Sendable, Equatable, Codable {
    /// Lowercase UUID.
    public var id: String
    /// As shown to customers.
    public var title: String

    /// A movie's id and title.
    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}

/// What `createMovie` needs.
public struct NewMovie: Sendable, Equatable {
    /// The title; leading and trailing spaces are trimmed.
    public var title: String
    /// Running time in minutes, 1 to 1440.
    public var durationMinutes: Int
    /// An age rating such as `PG-13`, 1 to 16 characters, if any.
    public var rating: String?

    /// A movie to create.
    public init(title: String, durationMinutes: Int, rating: String? = nil) {
        self.title = title
        self.durationMinutes = durationMinutes
        self.rating = rating
    }
}

/// What `createTheater` needs.
public struct NewTheater: Sendable, Equatable {
    /// The theater's name; trimmed.
    public var name: String
    /// Its city, if any; trimmed.
    public var city: String?
    /// Its screens, 1 to 50, in the order they are listed.
    public var screens: [NewScreen]

    /// A theater to create, with its screens.
    public init(name: String, city: String? = nil, screens: [NewScreen]) {
        self.name = name
        self.city = city
        self.screens = screens
    }
}

/// A screen of a `NewTheater`: a name and layout rows in the contract's format.
public struct NewScreen: Sendable, Equatable {
    /// The screen's name, unique within its theater.
    public var name: String
    /// Layout rows, front row first, such as `"A: RRRR..RRRR"`.
    public var layout: [String]

    /// A screen to create.
    public init(name: String, layout: [String]) {
        self.name = name
        self.layout = layout
    }
}

/// What `createShowing` needs. Price keys are seat type names, checked on creation.
public struct NewShowing: Sendable, Equatable {
    /// The movie to show.
    public var movieId: String
    /// The screen to show it on.
    public var screenId: String
    /// When it starts.
    public var startsAt: Timestamp
    /// When sales close; `startsAt` when nil.
    public var salesCloseAt: Timestamp?
    /// The ISO 4217 code of the prices, such as `EUR`.
    public var currency: String
    /// Minor units per seat type name; every type the screen has needs one.
    public var prices: [String: Int64]

    /// A showing to create; sales close at `startsAt` unless `salesCloseAt` says otherwise.
    public init(
        movieId: String, screenId: String, startsAt: Timestamp, salesCloseAt: Timestamp? = nil, currency: String,
        prices: [String: Int64]
    ) {
        self.movieId = movieId
        self.screenId = screenId
        self.startsAt = startsAt
        self.salesCloseAt = salesCloseAt
        self.currency = currency
        self.prices = prices
    }
}

/// Which showings `showings(matching:)` returns; every criterion given must hold.
public struct ShowingFilter: Sendable, Equatable {
    /// Only showings of this movie.
    public var movieId: String?
    /// Only showings in this theater.
    public var theaterId: String?
    /// Showings starting at or after this time.
    public var from: Timestamp?
    /// Showings starting before this time.
    public var to: Timestamp?
    /// Showings with at least this many seats available.
    public var minAvailable: Int?

    /// A filter; every criterion left nil matches all showings.
    public init(
        movieId: String? = nil, theaterId: String? = nil, from: Timestamp? = nil, to: Timestamp? = nil,
        minAvailable: Int? = nil
    ) {
        self.movieId = movieId
        self.theaterId = theaterId
        self.from = from
        self.to = to
        self.minAvailable = minAvailable
    }
}
