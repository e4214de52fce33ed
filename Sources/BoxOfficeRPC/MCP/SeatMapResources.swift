import BoxOffice
import Foundation
import JSONRPC

/// Seat maps as MCP resources: `boxoffice://showings/{id}/seatmap`, read as the seat map's
/// JSON (what `seatmap.get` answers) and its drawing as plain text.
enum SeatMapResource {
    static let uriTemplate = "boxoffice://showings/{id}/seatmap"

    /// The URI of a showing's seat map.
    static func uri(showingId: String) -> String { "boxoffice://showings/\(showingId)/seatmap" }

    /// The showing a seat map URI names, or nil when `uri` is no seat map URI.
    static func showingId(in uri: String) -> String? {
        let prefix = "boxoffice://showings/"
        let suffix = "/seatmap"
        guard uri.hasPrefix(prefix), uri.hasSuffix(suffix), uri.count > prefix.count + suffix.count else { return nil }
        let id = String(uri.dropFirst(prefix.count).dropLast(suffix.count))
        return ParamShape.isEntityID(id) ? id : nil
    }
}

/// `resources/list`: the seat map of every upcoming showing, in one page.
enum ListResources: MCPMethod {
    static let method = "resources/list"
    typealias Params = ListTools.Params

    /// MCP's `ListResourcesResult`.
    struct Result: Encodable, Sendable, Equatable {
        var resources: [JSONValue]
    }

    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        if params.cursor != nil {
            throw ResponseError.invalidParams(
                path: "cursor", reason: "unknown cursor: resources/list answers in one page")
        }
        let showings = try service.cinema.showings(matching: ShowingFilter())
        return Result(
            resources: showings.map { summary in
                let showing = summary.showing
                return [
                    "uri": .string(SeatMapResource.uri(showingId: showing.id)),
                    "name": .string("showings/\(showing.id)/seatmap"),
                    "title": .string(
                        "Seat map: \(summary.movie.title) · \(summary.theater.name), \(summary.screen.name) · "
                            + showing.startsAt.rfc3339),
                    "description": .string(
                        "Every seat of this showing and its status when read; \(summary.available) of "
                            + "\(summary.capacity) were available when listed."),
                    "mimeType": "application/json",
                ]
            })
    }
}

/// `resources/templates/list`: the seat map URI of any showing.
enum ListResourceTemplates: MCPMethod {
    static let method = "resources/templates/list"
    typealias Params = ListTools.Params

    /// MCP's `ListResourceTemplatesResult`.
    struct Result: Encodable, Sendable, Equatable {
        var resourceTemplates: [JSONValue] = [
            [
                "uriTemplate": .string(SeatMapResource.uriTemplate), "name": "seatmap",
                "title": "Seat map of a showing",
                "description": .string(
                    "Every seat of a showing (id from showings_list), row by row, with its status when read: the"
                        + " JSON of seatmap_get, and a drawing of the room as plain text."),
                "mimeType": "application/json",
            ]
        ]
    }

    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        if params.cursor != nil {
            throw ResponseError.invalidParams(
                path: "cursor", reason: "unknown cursor: resources/templates/list answers in one page")
        }
        return Result()
    }
}

/// `resources/read`: a seat map as it is now.
enum ReadResource: MCPMethod {
    static let method = "resources/read"

    /// `{uri}`.
    struct Params: StrictDecodable, Sendable {
        var uri: String
        enum CodingKeys: String, CodingKey, CaseIterable { case uri, _meta }
        static var ignoresUnknownKeys: Bool { true }

        init(from decoder: any Decoder) throws {
            uri = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .uri)
        }
    }

    /// MCP's `ReadResourceResult`: the seat map as JSON, then drawn as text.
    struct Result: Encodable, Sendable, Equatable {
        var contents: [JSONValue]
    }

    /// MCP's "resource not found" (-32002 in MCP's own numbering, which is not the contract's).
    static func notFound(_ uri: String, _ detail: String) -> ResponseError {
        ResponseError(
            code: ErrorCode(rawValue: -32002), message: "Resource not found: \(uri) (\(detail))",
            data: ["uri": .string(uri)])
    }

    /// The showing a seat map URI names.
    /// - Throws: -32602 (path `uri`) for a URI that names no seat map.
    static func showingId(of uri: String) throws -> String {
        guard let showingId = SeatMapResource.showingId(in: uri) else {
            throw ResponseError.invalidParams(
                path: "uri", reason: "not a seat map: the form is \(SeatMapResource.uriTemplate), id a lowercase UUID")
        }
        return showingId
    }

    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        let showingId = try showingId(of: params.uri)
        let snapshot: SeatMapSnapshot
        do {
            snapshot = try service.cinema.seatMapSnapshot(showingId: showingId)
        } catch BoxOfficeError.notFound {
            throw notFound(params.uri, "no showing \(showingId); resources/list lists upcoming showings' seat maps")
        }
        let json = try service.seatMapEncoding.encode(snapshot)
        let drawing = try service.cinema.drawing(of: snapshot.seatMap).text
        return Result(contents: [
            [
                "uri": .string(params.uri), "mimeType": "application/json",
                "text": .string(String(decoding: json, as: UTF8.self)),
            ],
            ["uri": .string(params.uri), "mimeType": "text/plain", "text": .string(drawing)],
        ])
    }
}
