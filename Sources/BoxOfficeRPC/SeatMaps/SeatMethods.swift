import BoxOffice
import JSONRPC

/// `seatmap.get`: every seat of a showing, row by row, with its status now.
enum GetSeatMap: RPCMethod {
    static let method = "seatmap.get"

    /// `{showingId, userId?}`: with a user, every seat says whether it is `mine`.
    struct Params: StrictDecodable, Sendable {
        var showingId: EntityID
        var userId: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case showingId, userId }
    }

    typealias Result = EncodedSeatMap
}

/// `availability.get`: a showing's seat counts, overall and per seat type.
enum GetAvailability: RPCMethod {
    static let method = "availability.get"

    /// `{showingId}`.
    struct Params: StrictDecodable, Sendable {
        var showingId: EntityID
        enum CodingKeys: String, CodingKey, CaseIterable { case showingId }
    }

    typealias Result = Availability
}

/// `availability.check`: the status of the named seats, and whether all are free.
enum CheckAvailability: RPCMethod {
    static let method = "availability.check"

    /// `{showingId, seats: [ref]}`.
    struct Params: StrictDecodable, Sendable {
        var showingId: EntityID
        var seats: [SeatRef]
        enum CodingKeys: String, CodingKey, CaseIterable { case showingId, seats }
    }

    typealias Result = SeatCheck
}

/// `seats.bestAvailable`: the best seats of a showing for a group, as they stand now.
enum FindBestSeats: RPCMethod {
    static let method = "seats.bestAvailable"

    /// `{showingId, count, types?, wheelchairSpaces?, preventSingles?, userId?}`.
    struct Params: StrictDecodable, Sendable {
        var showingId: EntityID
        var count: Int
        var types: [SeatTypeParam]?
        var wheelchairSpaces: Int?
        var preventSingles: Bool?
        var userId: String?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case showingId, count, types, wheelchairSpaces, preventSingles, userId
        }
    }

    typealias Result = BestSeats
}

/// `seats.block`: takes seats of a showing out of sale.
enum BlockSeats: RPCMethod {
    static let method = "seats.block"

    /// `{showingId, seats: [ref], reason?}`.
    struct Params: StrictDecodable, Sendable {
        var showingId: EntityID
        var seats: [SeatRef]
        var reason: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case showingId, seats, reason }
    }

    /// `{seats: [Seat]}`: the named seats as they are now.
    struct Result: Encodable, Sendable {
        var seats: [Seat]
    }
}

/// `seats.unblock`: puts blocked seats back on sale.
enum UnblockSeats: RPCMethod {
    static let method = "seats.unblock"
    typealias Params = BlockSeats.Params
    typealias Result = BlockSeats.Result
}

extension GetSeatMap: ReadingMethod {
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        try service.seatMapAnswers.seatMap(showingId: params.showingId.value, userId: params.userId, in: service)
    }
}

extension GetAvailability: ReadingMethod {
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        try service.cinema.availability(showingId: params.showingId.value)
    }
}

extension CheckAvailability: ReadingMethod {
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        try service.cinema.checkSeats(showingId: params.showingId.value, seats: params.seats.map(\.value))
    }
}

extension BlockSeats: WritingMethod {
    static func handle(_ params: Params, in context: WriteContext) throws -> Result {
        BlockSeats.Result(
            seats: try context.write {
                try context.cinema.blockSeats(
                    showingId: params.showingId.value, seats: params.seats.map(\.value), reason: params.reason, in: $0)
            })
    }
}

extension UnblockSeats: WritingMethod {
    static func handle(_ params: Params, in context: WriteContext) throws -> Result {
        BlockSeats.Result(
            seats: try context.write {
                try context.cinema.unblockSeats(
                    showingId: params.showingId.value, seats: params.seats.map(\.value), reason: params.reason, in: $0)
            })
    }
}

extension FindBestSeats: ReadingMethod {
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        try service.cinema.bestAvailable(
            showingId: params.showingId.value,
            request: BestAvailableRequest(
                count: params.count, types: params.types.map { Set($0.map(\.type)) },
                wheelchairSpaces: params.wheelchairSpaces, preventSingles: params.preventSingles ?? true),
            userId: params.userId)
    }
}
