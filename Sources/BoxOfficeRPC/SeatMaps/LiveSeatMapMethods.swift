import BoxOffice
import Foundation
import JSONRPC

/// `seatmap.subscribe`: the seat map now, and from then on a `seatmap.changed`
/// notification whenever seats of the showing change.
enum SubscribeSeatMap: RPCMethod {
    static let method = "seatmap.subscribe"

    /// `{showingId, userId?}`, as `seatmap.get` takes them.
    typealias Params = GetSeatMap.Params

    /// `{subscription, cursor, seatMap}`, the seat map exactly as `seatmap.get` answers.
    struct Result: PreEncodedResult {
        var subscription: SeatMapSubscription
        var encoding: SeatMapEncoding

        /// Keys sorted, the seat map through its prepared bytes.
        func jsonBytes() throws -> [UInt8] {
            var out = Array(#"{"cursor":\#(subscription.cursor),"seatMap":"#.utf8)
            out += try encoding.encode(subscription.snapshot)
            out += Array(#","subscription":"#.utf8)
            out += try JSONEncoder().encode(subscription.id)
            out.append(UInt8(ascii: "}"))
            return out
        }

        /// The plain way, for an encoder other than the server's.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(subscription.id, forKey: .subscription)
            try container.encode(subscription.cursor, forKey: .cursor)
            try container.encode(subscription.snapshot.seatMap, forKey: .seatMap)
        }

        enum CodingKeys: String, CodingKey { case subscription, cursor, seatMap }
    }
}

/// `seatmap.unsubscribe`: ends a subscription; no notification for it follows the answer.
enum UnsubscribeSeatMap: RPCMethod {
    static let method = "seatmap.unsubscribe"

    /// `{subscription}`.
    struct Params: StrictDecodable, Sendable {
        var subscription: String
        enum CodingKeys: String, CodingKey, CaseIterable { case subscription }
    }

    /// `{subscription, unsubscribed: true}`.
    struct Result: Encodable, Sendable, Equatable {
        var subscription: String
        var unsubscribed: Bool
    }
}

/// `seatmap.changed`: the notification the server sends a subscriber, never a method a
/// client calls. Its params are the seats that changed, with their status now.
enum SeatMapChanged {
    static let method = "seatmap.changed"
    typealias Params = SeatMapChange
}

extension SubscribeSeatMap: ReadingMethod {
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        Result(
            subscription: try service.liveSeatMaps.subscribe(
                showingId: params.showingId.value, userId: params.userId),
            encoding: service.seatMapEncoding)
    }
}

extension UnsubscribeSeatMap: ReadingMethod {
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        try service.liveSeatMaps.unsubscribe(params.subscription)
        return Result(subscription: params.subscription, unsubscribed: true)
    }
}
