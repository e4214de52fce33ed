import BoxOffice
import JSONRPC

/// `booking.hold`: holds seats for a user until the hold expires or is confirmed.
enum HoldSeats: RPCMethod {
    static let method = "booking.hold"

    /// `{showingId, userId, seats?, best?, ttlSeconds?, idempotencyKey?}`: exactly one of
    /// `seats` and `best`.
    struct Params: StrictDecodable, Sendable {
        var showingId: EntityID
        var userId: String
        var seats: [SeatRef]?
        var best: Strict<BestSeatsParams>?
        var ttlSeconds: Int64?
        var idempotencyKey: String?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case showingId, userId, seats, best, ttlSeconds, idempotencyKey
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            showingId = try container.decode(EntityID.self, forKey: .showingId)
            userId = try container.decode(String.self, forKey: .userId)
            seats = try container.decodeIfPresent([SeatRef].self, forKey: .seats)
            best = try container.decodeIfPresent(Strict<BestSeatsParams>.self, forKey: .best)
            ttlSeconds = try container.decodeIfPresent(Int64.self, forKey: .ttlSeconds)
            idempotencyKey = try container.decodeIfPresent(String.self, forKey: .idempotencyKey)
            try ParamShape.exactlyOne(
                seats, best, in: container, first: .seats, second: .best, neither: "name the seats to hold",
                both: "give seats or best, not both")
        }
    }

    typealias Result = Booking
}

/// `{count, types?, wheelchairSpaces?, preventSingles?}`: what `best` asks for.
struct BestSeatsParams: StrictDecodable, Sendable {
    var count: Int
    var types: [SeatType]?
    var wheelchairSpaces: Int?
    var preventSingles: Bool?
    enum CodingKeys: String, CodingKey, CaseIterable { case count, types, wheelchairSpaces, preventSingles }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        count = try container.decode(Int.self, forKey: .count)
        types = try container.decodeIfPresent([SeatTypeParam].self, forKey: .types)?.map(\.type)
        wheelchairSpaces = try container.decodeIfPresent(Int.self, forKey: .wheelchairSpaces)
        preventSingles = try container.decodeIfPresent(Bool.self, forKey: .preventSingles)
    }

    /// The request as the domain takes it.
    var request: BestAvailableRequest {
        BestAvailableRequest(
            count: count, types: types.map(Set.init), wheelchairSpaces: wheelchairSpaces,
            preventSingles: preventSingles ?? true)
    }
}

/// A seat type name, with an error that lists the five names when it is none of them.
struct SeatTypeParam: Decodable {
    var type: SeatType

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let type = SeatType(rawValue: try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "must be one of regular, premium, vip, wheelchair, companion")
        }
        self.type = type
    }
}

/// `{amount, currency}` in params (`MoneyInput` in the schema).
struct MoneyInput: StrictDecodable, Sendable {
    var amount: Int64
    var currency: String
    enum CodingKeys: String, CodingKey, CaseIterable { case amount, currency }

    /// The amount as the domain's money.
    var money: Money { Money(amount: amount, currency: currency) }
}

/// `booking.confirm`: turns a hold into a booking.
enum ConfirmBooking: RPCMethod {
    static let method = "booking.confirm"

    /// `{bookingId, userId, idempotencyKey?}`.
    struct Params: StrictDecodable, Sendable {
        var bookingId: EntityID
        var userId: String
        var idempotencyKey: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case bookingId, userId, idempotencyKey }
    }

    typealias Result = Booking
}

/// `booking.create`: books seats outright, without a hold first.
enum CreateBooking: RPCMethod {
    static let method = "booking.create"

    /// `{showingId, userId, seats, expectedTotal?, idempotencyKey?}`.
    struct Params: StrictDecodable, Sendable {
        var showingId: EntityID
        var userId: String
        var seats: [SeatRef]
        var expectedTotal: Strict<MoneyInput>?
        var idempotencyKey: String?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case showingId, userId, seats, expectedTotal, idempotencyKey
        }
    }

    typealias Result = Booking
}

/// `booking.extend`: moves a hold's expiry.
enum ExtendHold: RPCMethod {
    static let method = "booking.extend"

    /// `{bookingId, userId, ttlSeconds}`.
    struct Params: StrictDecodable, Sendable {
        var bookingId: EntityID
        var userId: String
        var ttlSeconds: Int64
        enum CodingKeys: String, CodingKey, CaseIterable { case bookingId, userId, ttlSeconds }
    }

    typealias Result = Booking
}

/// `booking.cancel`: cancels a booking, or some of its seats.
enum CancelBooking: RPCMethod {
    static let method = "booking.cancel"

    /// `{bookingId, userId, seats?}`.
    struct Params: StrictDecodable, Sendable {
        var bookingId: EntityID
        var userId: String
        var seats: [SeatRef]?
        enum CodingKeys: String, CodingKey, CaseIterable { case bookingId, userId, seats }
    }

    typealias Result = Booking
}

/// `booking.get`: one booking, by id or by booking number.
enum GetBooking: RPCMethod {
    static let method = "booking.get"

    /// `{bookingId? or bookingNumber?, userId}`: exactly one of the first two.
    struct Params: StrictDecodable, Sendable {
        var bookingId: EntityID?
        var bookingNumber: BookingNumberParam?
        var userId: String
        enum CodingKeys: String, CodingKey, CaseIterable { case bookingId, bookingNumber, userId }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            bookingId = try container.decodeIfPresent(EntityID.self, forKey: .bookingId)
            bookingNumber = try container.decodeIfPresent(BookingNumberParam.self, forKey: .bookingNumber)
            userId = try container.decode(String.self, forKey: .userId)
            try ParamShape.exactlyOne(
                bookingId, bookingNumber, in: container, first: .bookingId, second: .bookingNumber,
                neither: "give bookingId or bookingNumber", both: "give bookingId or bookingNumber, not both")
        }
    }

    typealias Result = Booking
}

/// `booking.list`: a user's bookings, newest first, a page at a time.
enum ListBookings: RPCMethod {
    static let method = "booking.list"

    /// `{userId, showingId?, status?, limit?, cursor?}`.
    struct Params: StrictDecodable, Sendable {
        var userId: String
        var showingId: EntityID?
        var status: BookingStatus?
        var limit: Int?
        var cursor: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case userId, showingId, status, limit, cursor }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            userId = try container.decode(String.self, forKey: .userId)
            showingId = try container.decodeIfPresent(EntityID.self, forKey: .showingId)
            if let name = try container.decodeIfPresent(String.self, forKey: .status) {
                guard let status = BookingStatus(rawValue: name) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .status, in: container,
                        debugDescription: "must be one of pending, confirmed, cancelled, expired")
                }
                self.status = status
            }
            limit = try container.decodeIfPresent(Int.self, forKey: .limit)
            cursor = try container.decodeIfPresent(String.self, forKey: .cursor)
        }
    }

    /// `{bookings: [Booking], nextCursor?}`.
    struct Result: Encodable, Sendable {
        var bookings: [Booking]
        var nextCursor: String?
    }
}

extension HoldSeats: WritingMethod {
    static func handle(_ params: Params, in context: WriteContext) throws -> Result {
        let request = HoldRequest(
            showingId: params.showingId.value, userId: params.userId, seats: params.seats?.map(\.value) ?? [],
            best: params.best?.value.request, ttlSeconds: params.ttlSeconds, idempotencyKey: params.idempotencyKey)
        return try context.write { try context.cinema.hold(request, in: $0) }
    }
}

extension ConfirmBooking: WritingMethod {
    static func handle(_ params: Params, in context: WriteContext) throws -> Result {
        try context.write {
            try context.cinema.confirm(
                bookingId: params.bookingId.value, userId: params.userId, idempotencyKey: params.idempotencyKey, in: $0)
        }
    }
}

extension CreateBooking: WritingMethod {
    static func handle(_ params: Params, in context: WriteContext) throws -> Result {
        let request = BookingRequest(
            showingId: params.showingId.value, userId: params.userId, seats: params.seats.map(\.value),
            expectedTotal: params.expectedTotal?.value.money, idempotencyKey: params.idempotencyKey)
        return try context.write { try context.cinema.createBooking(request, in: $0) }
    }
}

extension ExtendHold: WritingMethod {
    static func handle(_ params: Params, in context: WriteContext) throws -> Result {
        try context.write {
            try context.cinema.extend(
                bookingId: params.bookingId.value, userId: params.userId, ttlSeconds: params.ttlSeconds, in: $0)
        }
    }
}

extension CancelBooking: WritingMethod {
    static func handle(_ params: Params, in context: WriteContext) throws -> Result {
        try context.write {
            try context.cinema.cancel(
                bookingId: params.bookingId.value, userId: params.userId, seats: params.seats?.map(\.value), in: $0)
        }
    }
}

extension GetBooking: ReadingMethod {
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        // The params' decoding made sure exactly one of the two is there.
        let lookup: BookingLookup = params.bookingId.map { .id($0.value) } ?? .number(params.bookingNumber?.value ?? "")
        return try service.cinema.booking(lookup, userId: params.userId)
    }
}

extension ListBookings: ReadingMethod {
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        let page = try service.cinema.bookings(
            userId: params.userId, showingId: params.showingId?.value, status: params.status, limit: params.limit,
            cursor: params.cursor)
        return ListBookings.Result(bookings: page.bookings, nextCursor: page.nextCursor)
    }
}
