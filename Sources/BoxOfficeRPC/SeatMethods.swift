import BoxOffice
import JSONRPC

/// `seatmap.get`: every seat of a showing, row by row, with its status now.
public enum GetSeatMap: RPCMethod {
    public static let method = "seatmap.get"

    /// `{showingId, userId?}`: with a user, every seat says whether it is `mine`.
    public struct Params: StrictDecodable, Sendable {
        public var showingId: String
        public var userId: String?
        public enum CodingKeys: String, CodingKey, CaseIterable { case showingId, userId }
    }

    public typealias Result = SeatMap
}

/// `availability.get`: a showing's seat counts, overall and per seat type.
public enum GetAvailability: RPCMethod {
    public static let method = "availability.get"

    /// `{showingId}`.
    public struct Params: StrictDecodable, Sendable {
        public var showingId: String
        public enum CodingKeys: String, CodingKey, CaseIterable { case showingId }
    }

    public typealias Result = Availability
}

/// `availability.check`: the status of the named seats, and whether all are free.
public enum CheckAvailability: RPCMethod {
    public static let method = "availability.check"

    /// `{showingId, seats: [ref]}`.
    public struct Params: StrictDecodable, Sendable {
        public var showingId: String
        public var seats: [String]
        public enum CodingKeys: String, CodingKey, CaseIterable { case showingId, seats }
    }

    public typealias Result = SeatCheck
}

/// `seats.block`: takes seats of a showing out of sale.
public enum BlockSeats: RPCMethod {
    public static let method = "seats.block"

    /// `{showingId, seats: [ref], reason?}`.
    public struct Params: StrictDecodable, Sendable {
        public var showingId: String
        public var seats: [String]
        public var reason: String?
        public enum CodingKeys: String, CodingKey, CaseIterable { case showingId, seats, reason }
    }

    /// `{seats: [Seat]}`: the named seats as they are now.
    public struct Result: Encodable, Sendable {
        public var seats: [SeatView]
    }
}

/// `seats.unblock`: puts blocked seats back on sale.
public enum UnblockSeats: RPCMethod {
    public static let method = "seats.unblock"
    public typealias Params = BlockSeats.Params
    public typealias Result = BlockSeats.Result
}

extension BoxOfficeService {
    static func registerSeats(_ registry: inout MethodRegistry, cinema: Cinema) {
        registry.register(GetSeatMap.self) { params in
            try cinema.seatMap(showingId: params.showingId, userId: params.userId)
        }
        registry.register(GetAvailability.self) { params in try cinema.availability(showingId: params.showingId) }
        registry.register(CheckAvailability.self) { params in
            try cinema.checkSeats(showingId: params.showingId, seats: params.seats)
        }
        registry.register(BlockSeats.self) { params in
            BlockSeats.Result(
                seats: try cinema.blockSeats(showingId: params.showingId, seats: params.seats, reason: params.reason))
        }
        registry.register(UnblockSeats.self) { params in
            BlockSeats.Result(
                seats: try cinema.unblockSeats(showingId: params.showingId, seats: params.seats, reason: params.reason))
        }
    }
}
