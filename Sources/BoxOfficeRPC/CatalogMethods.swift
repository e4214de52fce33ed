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
        var screens: [Strict<Screen>]
        enum CodingKeys: String, CodingKey, CaseIterable { case name, city, screens }

        /// One screen: a name and layout rows such as `"A: RRRR..RRRR"`.
        struct Screen: StrictDecodable, Sendable {
            var name: String
            var layout: [String]
            enum CodingKeys: String, CodingKey, CaseIterable { case name, layout }
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

extension CreateMovie: WritingMethod {
    static func handle(_ params: Params, in context: WriteContext) throws -> Result {
        let movie = NewMovie(title: params.title, durationMinutes: params.durationMinutes, rating: params.rating)
        return try context.write { try context.cinema.createMovie(movie, in: $0) }
    }
}

extension ListMovies: ReadingMethod {
    static func handle(_ _: Params, in service: ServiceContext) throws -> Result {
        ListMovies.Result(movies: try service.cinema.movies())
    }
}

extension CreateTheater: WritingMethod {
    static func handle(_ params: Params, in context: WriteContext) throws -> Result {
        let theater = NewTheater(
            name: params.name, city: params.city,
            screens: params.screens.map { NewScreen(name: $0.value.name, layout: $0.value.layout) })
        return try context.write { try context.cinema.createTheater(theater, in: $0) }
    }
}

extension ListTheaters: ReadingMethod {
    static func handle(_ _: Params, in service: ServiceContext) throws -> Result {
        ListTheaters.Result(theaters: try service.cinema.theaters())
    }
}

extension CreateShowing: WritingMethod {
    static func handle(_ params: Params, in context: WriteContext) throws -> Result {
        let showing = NewShowing(
            movieId: params.movieId.value, screenId: params.screenId.value, startsAt: params.startsAt,
            salesCloseAt: params.salesCloseAt, currency: params.currency, prices: params.prices)
        return try context.write { try context.cinema.createShowing(showing, in: $0) }
    }
}

extension ListShowings: ReadingMethod {
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        ListShowings.Result(
            showings: try service.cinema.showings(
                matching: ShowingFilter(
                    movieId: params.movieId?.value, theaterId: params.theaterId?.value, from: params.from,
                    to: params.to,
                    minAvailable: params.minAvailable)))
    }
}
