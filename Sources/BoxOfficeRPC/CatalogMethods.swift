import BoxOffice
import JSONRPC

/// `movies.create`: adds a movie to the catalog.
public enum CreateMovie: RPCMethod {
    public static let method = "movies.create"

    /// `{title, durationMinutes, rating?}`.
    public struct Params: StrictDecodable, Sendable {
        public var title: String
        public var durationMinutes: Int
        public var rating: String?
        public enum CodingKeys: String, CodingKey, CaseIterable { case title, durationMinutes, rating }
    }

    public typealias Result = Movie
}

/// `movies.list`: every movie, by title.
public enum ListMovies: RPCMethod {
    public static let method = "movies.list"
    public typealias Params = EmptyParams

    /// `{movies: [Movie]}`.
    public struct Result: Encodable, Sendable {
        public var movies: [Movie]
    }
}

/// `theaters.create`: adds a theater with its screens, each with a layout.
public enum CreateTheater: RPCMethod {
    public static let method = "theaters.create"

    /// `{name, city?, screens: [{name, layout: [String]}]}`.
    public struct Params: StrictDecodable, Sendable {
        public var name: String
        public var city: String?
        public var screens: [Screen]
        public enum CodingKeys: String, CodingKey, CaseIterable { case name, city, screens }

        /// One screen: a name and layout rows such as `"A: RRRR..RRRR"`.
        public struct Screen: Decodable, Sendable {
            public var name: String
            public var layout: [String]
            enum CodingKeys: String, CodingKey, CaseIterable { case name, layout }

            public init(from decoder: any Decoder) throws {
                try decoder.rejectUnknownKeys(CodingKeys.self)
                let container = try decoder.container(keyedBy: CodingKeys.self)
                name = try container.decode(String.self, forKey: .name)
                layout = try container.decode([String].self, forKey: .layout)
            }
        }
    }

    public typealias Result = Theater
}

/// `theaters.list`: every theater with its screens, by name.
public enum ListTheaters: RPCMethod {
    public static let method = "theaters.list"
    public typealias Params = EmptyParams

    /// `{theaters: [Theater]}`.
    public struct Result: Encodable, Sendable {
        public var theaters: [Theater]
    }
}

/// `showings.create`: schedules a movie on a screen, with a price per seat type.
public enum CreateShowing: RPCMethod {
    public static let method = "showings.create"

    /// `{movieId, screenId, startsAt, salesCloseAt?, currency, prices: {type: amount}}`.
    public struct Params: StrictDecodable, Sendable {
        public var movieId: String
        public var screenId: String
        public var startsAt: Timestamp
        public var salesCloseAt: Timestamp?
        public var currency: String
        public var prices: [String: Int64]
        public enum CodingKeys: String, CodingKey, CaseIterable {
            case movieId, screenId, startsAt, salesCloseAt, currency, prices
        }
    }

    public typealias Result = Showing
}

/// `showings.list`: showings by start time, with capacity and seats available now.
public enum ListShowings: RPCMethod {
    public static let method = "showings.list"

    /// `{movieId?, theaterId?, from?, to?, minAvailable?}`; `from` is inclusive, `to` exclusive.
    public struct Params: StrictDecodable, Sendable {
        public var movieId: String?
        public var theaterId: String?
        public var from: Timestamp?
        public var to: Timestamp?
        public var minAvailable: Int?
        public enum CodingKeys: String, CodingKey, CaseIterable { case movieId, theaterId, from, to, minAvailable }
    }

    /// `{showings: [Showing + {capacity, available}]}`.
    public struct Result: Encodable, Sendable {
        public var showings: [ShowingSummary]
    }
}

extension BoxOfficeService {
    static func registerCatalog(_ registry: inout MethodRegistry, cinema: Cinema) {
        registry.register(CreateMovie.self) { params in
            try cinema.createMovie(
                NewMovie(title: params.title, durationMinutes: params.durationMinutes, rating: params.rating))
        }
        registry.register(ListMovies.self) { _ in ListMovies.Result(movies: try cinema.movies()) }
        registry.register(CreateTheater.self) { params in
            try cinema.createTheater(
                NewTheater(
                    name: params.name, city: params.city,
                    screens: params.screens.map { NewScreen(name: $0.name, layout: $0.layout) }))
        }
        registry.register(ListTheaters.self) { _ in ListTheaters.Result(theaters: try cinema.theaters()) }
        registry.register(CreateShowing.self) { params in
            try cinema.createShowing(
                NewShowing(
                    movieId: params.movieId, screenId: params.screenId, startsAt: params.startsAt,
                    salesCloseAt: params.salesCloseAt, currency: params.currency, prices: params.prices))
        }
        registry.register(ListShowings.self) { params in
            ListShowings.Result(
                showings: try cinema.showings(
                    matching: ShowingFilter(
                        movieId: params.movieId, theaterId: params.theaterId, from: params.from, to: params.to,
                        minAvailable: params.minAvailable)))
        }
    }
}
