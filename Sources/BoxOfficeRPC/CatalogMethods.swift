import BoxOffice
import JSONRPC

/// `movies.create`: adds a movie to the catalog.
enum CreateMovie: RPCMethod {
    static let method = "movies.create"

    /// `{title, durationMinutes, rating?}`.
    struct Params: StrictDecodable, Sendable {
        var title: String
        var durationMinutes: Int
        var rating: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case title, durationMinutes, rating }
    }

    typealias Result = Movie
}

/// `movies.list`: every movie, by title.
enum ListMovies: RPCMethod {
    static let method = "movies.list"
    typealias Params = EmptyParams

    /// `{movies: [Movie]}`.
    struct Result: Encodable, Sendable {
        var movies: [Movie]
    }
}

/// `theaters.create`: adds a theater with its screens, each with a layout.
enum CreateTheater: RPCMethod {
    static let method = "theaters.create"

    /// `{name, city?, screens: [{name, layout: [String]}]}`.
    struct Params: StrictDecodable, Sendable {
        var name: String
        var city: String?
        var screens: [Screen]
        enum CodingKeys: String, CodingKey, CaseIterable { case name, city, screens }

        /// One screen: a name and layout rows such as `"A: RRRR..RRRR"`.
        struct Screen: Decodable, Sendable {
            var name: String
            var layout: [String]
            enum CodingKeys: String, CodingKey, CaseIterable { case name, layout }

            init(from decoder: any Decoder) throws {
                try decoder.rejectUnknownKeys(CodingKeys.self)
                let container = try decoder.container(keyedBy: CodingKeys.self)
                name = try container.decode(String.self, forKey: .name)
                layout = try container.decode([String].self, forKey: .layout)
            }
        }
    }

    typealias Result = Theater
}

/// `theaters.list`: every theater with its screens, by name.
enum ListTheaters: RPCMethod {
    static let method = "theaters.list"
    typealias Params = EmptyParams

    /// `{theaters: [Theater]}`.
    struct Result: Encodable, Sendable {
        var theaters: [Theater]
    }
}

/// `showings.create`: schedules a movie on a screen, with a price per seat type.
enum CreateShowing: RPCMethod {
    static let method = "showings.create"

    /// `{movieId, screenId, startsAt, salesCloseAt?, currency, prices: {type: amount}}`.
    struct Params: StrictDecodable, Sendable {
        var movieId: EntityID
        var screenId: EntityID
        var startsAt: Timestamp
        var salesCloseAt: Timestamp?
        var currency: String
        var prices: [String: Int64]
        enum CodingKeys: String, CodingKey, CaseIterable {
            case movieId, screenId, startsAt, salesCloseAt, currency, prices
        }
    }

    typealias Result = Showing
}

/// `showings.list`: showings by start time, with capacity and seats available now.
enum ListShowings: RPCMethod {
    static let method = "showings.list"

    /// `{movieId?, theaterId?, from?, to?, minAvailable?}`; `from` is inclusive, `to` exclusive.
    struct Params: StrictDecodable, Sendable {
        var movieId: EntityID?
        var theaterId: EntityID?
        var from: Timestamp?
        var to: Timestamp?
        var minAvailable: Int?
        enum CodingKeys: String, CodingKey, CaseIterable { case movieId, theaterId, from, to, minAvailable }
    }

    /// `{showings: [Showing + {capacity, available}]}`.
    struct Result: Encodable, Sendable {
        var showings: [ShowingSummary]
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
                    movieId: params.movieId.value, screenId: params.screenId.value, startsAt: params.startsAt,
                    salesCloseAt: params.salesCloseAt, currency: params.currency, prices: params.prices))
        }
        registry.register(ListShowings.self) { params in
            ListShowings.Result(
                showings: try cinema.showings(
                    matching: ShowingFilter(
                        movieId: params.movieId?.value, theaterId: params.theaterId?.value, from: params.from,
                        to: params.to,
                        minAvailable: params.minAvailable)))
        }
    }
}
