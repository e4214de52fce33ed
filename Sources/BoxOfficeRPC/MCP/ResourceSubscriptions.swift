import BoxOffice
import JSONRPC
import Synchronization

/// The seat map resources an MCP client subscribed to. Each is a live seat map of this
/// process (so it counts toward the 100 subscriptions), and its changes go out as
/// `notifications/resources/updated` naming the resource, instead of `seatmap.changed`:
/// MCP tells a client that a resource changed, and the client reads it again.
final class ResourceSubscriptions: Sendable {
    private struct State: Sendable {
        /// Resource URI to live seat map subscription.
        var subscriptionByURI: [String: String] = [:]
        /// Live seat map subscription to resource URI.
        var uriBySubscription: [String: String] = [:]
    }

    private let state = Mutex(State())

    /// The resource a live seat map subscription stands for; nil for a `seatmap.subscribe`.
    func uri(ofSubscription id: String) -> String? {
        state.withLock { $0.uriBySubscription[id] }
    }

    /// Subscribes to `uri` unless it is subscribed already: subscribing twice is one
    /// subscription, as one `resources/unsubscribe` ends it.
    /// - Throws: what `subscribe` throws.
    func subscribe(_ uri: String, with subscribe: () throws -> String) throws {
        try state.withLock { state in
            guard state.subscriptionByURI[uri] == nil else { return }
            let id = try subscribe()
            state.subscriptionByURI[uri] = id
            state.uriBySubscription[id] = uri
        }
    }

    /// Forgets `uri` and answers the live seat map subscription it had; nil when it had none.
    func unsubscribe(_ uri: String) -> String? {
        state.withLock { state in
            guard let id = state.subscriptionByURI.removeValue(forKey: uri) else { return nil }
            state.uriBySubscription[id] = nil
            return id
        }
    }
}

/// `notifications/resources/updated`: the notification that tells an MCP client a seat map
/// it subscribed to changed; it reads the resource again to see how.
enum ResourceUpdated {
    static let method = "notifications/resources/updated"

    /// `{uri}`.
    struct Params: Encodable, Sendable {
        var uri: String
    }
}

/// `resources/subscribe`: from now on, a `notifications/resources/updated` whenever seats
/// of the showing change, whichever process changed them or a hold ran out.
enum SubscribeResource: MCPMethod {
    static let method = "resources/subscribe"
    typealias Params = ReadResource.Params
    typealias Result = MCPEmptyResult

    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        let showingId = try ReadResource.showingId(of: params.uri)
        do {
            try service.resourceSubscriptions.subscribe(params.uri) {
                try service.liveSeatMaps.subscribe(showingId: showingId).id
            }
        } catch BoxOfficeError.notFound {
            throw ReadResource.notFound(
                params.uri, "no showing \(showingId); resources/list lists upcoming showings' seat maps")
        }
        return Result()
    }
}

/// `resources/unsubscribe`: no more updates for the resource. A resource not subscribed
/// to is answered `{}` too: either way, no update for it follows.
enum UnsubscribeResource: MCPMethod {
    static let method = "resources/unsubscribe"
    typealias Params = ReadResource.Params
    typealias Result = MCPEmptyResult

    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        _ = try ReadResource.showingId(of: params.uri)
        if let id = service.resourceSubscriptions.unsubscribe(params.uri) {
            try service.liveSeatMaps.unsubscribe(id)
        }
        return Result()
    }
}
