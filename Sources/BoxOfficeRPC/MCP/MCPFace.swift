import BoxOffice
import Foundation
import JSONRPC

/// A method of the MCP face: an `RPCMethod` answered from the same service as the
/// contract's methods, in the same registry and the same serve loop.
protocol MCPMethod: RPCMethod, SendableMetatype {
    /// Answers one call.
    /// - Throws: `ResponseError`s, and `BoxOfficeError`s that the registry maps.
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result
}

/// The Model Context Protocol face of the box office (contract section 9): the
/// lifecycle, the tools (the contract's methods, generated from the OpenRPC document)
/// and seat maps as resources. Registered beside the contract's methods but never
/// offered to a JSON-RPC client that does not ask for it by name.
///
/// Seat map resources can be read and subscribed to: a subscription is a live seat map
/// whose changes go out as `notifications/resources/updated`.
enum MCPFace {
    /// The protocol versions this face speaks, oldest first.
    static let protocolVersions = ["2025-06-18", "2025-11-25"]

    static let methods: [any MCPMethod.Type] = [
        Initialize.self, Initialized.self, Ping.self, ListTools.self, ListResources.self,
        ListResourceTemplates.self, ReadResource.self, SubscribeResource.self, UnsubscribeResource.self,
    ]

    /// Registers every MCP method and the `tools/call` relay, unlisted.
    static func register(in registry: inout MethodRegistry<UnitOfWork>, service: ServiceContext) {
        for method in methods {
            register(method, in: &registry, service: service)
        }
        registry.register(ToolCall.relay(catalog: { .shared }, service: service))
        registry.markUnlisted("tools/call")
    }

    private static func register<M: MCPMethod>(
        _ method: M.Type, in registry: inout MethodRegistry<UnitOfWork>, service: ServiceContext
    ) {
        registry.register(method) { params in try M.handle(params, in: service) }
        registry.markUnlisted(M.method)
    }
}

/// Params of an MCP request that takes nothing but may carry `_meta`: any object fits.
struct MCPEmptyParams: StrictDecodable, Sendable {
    enum CodingKeys: String, CodingKey, CaseIterable { case _meta }
    static var ignoresUnknownKeys: Bool { true }

    init(from decoder: any Decoder) throws {}
}

/// An empty MCP result (`{}`).
struct MCPEmptyResult: Encodable, Sendable, Equatable {}

/// `initialize`: agrees on a protocol version (the client's when this face speaks it,
/// else the newest it speaks) and says what the server offers.
enum Initialize: MCPMethod {
    static let method = "initialize"

    /// `{protocolVersion, capabilities, clientInfo}`; what the client offers is not needed.
    struct Params: StrictDecodable, Sendable {
        var protocolVersion: String
        enum CodingKeys: String, CodingKey, CaseIterable { case protocolVersion, capabilities, clientInfo, _meta }
        static var ignoresUnknownKeys: Bool { true }

        init(from decoder: any Decoder) throws {
            protocolVersion = try decoder.container(keyedBy: CodingKeys.self).decode(
                String.self, forKey: .protocolVersion)
        }
    }

    /// MCP's `InitializeResult`.
    struct Result: Encodable, Sendable, Equatable {
        var protocolVersion: String
        var capabilities: JSONValue = [
            "tools": ["listChanged": false],
            "resources": ["subscribe": true, "listChanged": false],
        ]
        var serverInfo: JSONValue = [
            "name": "boxoffice", "title": "boxoffice, a cinema box office",
            "version": .string(BoxOfficeService.version),
        ]
        var instructions = Self.instructions

        static let instructions =
            "A cinema box office: showings of movies in theaters, their seats, and bookings. To sell seats: find a"
            + " showing with showings_list, look at its seats with seatmap_get (or let seats_bestAvailable choose"
            + " for a group), hold them for the customer with booking_hold, and once the customer agrees, confirm"
            + " with booking_confirm before the hold expires. Use one userId per customer throughout: only it can"
            + " see or change that customer's bookings. Money is in minor units (1450 EUR is 14.50 EUR). Seat maps"
            + " are also resources: boxoffice://showings/{id}/seatmap."
    }

    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        let version =
            MCPFace.protocolVersions.contains(params.protocolVersion)
            ? params.protocolVersion : MCPFace.protocolVersions.last!
        return Result(protocolVersion: version)
    }
}

/// `notifications/initialized`: the client is ready. Nothing to do; as the notification
/// it is, it gets no answer.
enum Initialized: MCPMethod {
    static let method = "notifications/initialized"
    typealias Params = MCPEmptyParams
    typealias Result = MCPEmptyResult

    static func handle(_ params: Params, in service: ServiceContext) throws -> Result { Result() }
}

/// `ping`: answers `{}` at once.
enum Ping: MCPMethod {
    static let method = "ping"
    typealias Params = MCPEmptyParams
    typealias Result = MCPEmptyResult

    static func handle(_ params: Params, in service: ServiceContext) throws -> Result { Result() }
}

/// `tools/list`: every tool, in one page.
enum ListTools: MCPMethod {
    static let method = "tools/list"

    /// `{cursor?}`: there is only one page, so no cursor fits.
    struct Params: StrictDecodable, Sendable {
        var cursor: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case cursor, _meta }
        static var ignoresUnknownKeys: Bool { true }

        init(from decoder: any Decoder) throws {
            cursor = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .cursor)
        }
    }

    /// MCP's `ListToolsResult`, made once.
    struct Result: PreEncodedResult {
        static let bytes = ToolCatalog.shared.listResult
        func jsonBytes() throws -> [UInt8] { Self.bytes }
        func encode(to encoder: any Encoder) throws {
            try JSONDecoder().decode(JSONValue.self, from: Data(Self.bytes)).encode(to: encoder)
        }
    }

    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        if params.cursor != nil {
            throw ResponseError.invalidParams(path: "cursor", reason: "unknown cursor: tools/list answers in one page")
        }
        return Result()
    }
}
