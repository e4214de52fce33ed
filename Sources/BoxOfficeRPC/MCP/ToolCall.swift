import BoxOffice
import Foundation
import JSONRPC

/// MCP's `CallToolResult`: content blocks of text, the result as `structuredContent`, and
/// `isError`. Encoded by hand so that the result's bytes go in as they are.
struct ToolCallResult: PreEncodedResult {
    /// The text blocks, in order.
    var texts: [String]
    /// The result as JSON bytes (an object), or nil for a refusal.
    var structured: [UInt8]?
    /// Whether the call was refused.
    var isError: Bool

    /// `{"content":[{"text":…,"type":"text"}…],"isError":…,"structuredContent":…}`, keys sorted.
    func jsonBytes() throws -> [UInt8] {
        var out = Array(#"{"content":["#.utf8)
        for (index, text) in texts.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += Array(#"{"text":"#.utf8)
            out += try Self.encoder.encode(text)
            out += Array(#","type":"text"}"#.utf8)
        }
        out += Array(#"],"isError":\#(isError)"#.utf8)
        if let structured {
            out += Array(#","structuredContent":"#.utf8)
            out += structured
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The same value, for an encoder other than the server's.
    /// - Throws: `DecodingError` if `structured` is not JSON (it always is).
    func encode(to encoder: any Encoder) throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(try jsonBytes()))
        try value.encode(to: encoder)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// `tools/call`: the relay that runs a tool's method and answers with a `CallToolResult`.
enum ToolCall {
    /// The relay, with the tools `catalog` gives, answering from `service`. The catalog is
    /// asked for on the first `tools/call` only, so a plain JSON-RPC client never pays for
    /// building it.
    static func relay(catalog: @escaping @Sendable () -> ToolCatalog, service: ServiceContext) -> Relay {
        Relay(
            method: "tools/call", nameKey: "name", paramsKey: "arguments",
            target: { catalog().method(forTool: $0) },
            unknown: { name in
                let nearest = Suggestion.nearest(
                    to: name, among: catalog().entries.map { ToolCatalog.toolName($0.method) })
                let reason = "no tool is named \(name)" + (nearest.map { " (did you mean \($0)?)" } ?? "")
                return ResponseError(
                    code: .invalidParams, message: "Unknown tool: \(reason.dropFirst(17)); tools/list lists the tools",
                    data: ["path": "name", "reason": .string(reason)])
            },
            answer: { call in try answer(call, service: service) })
    }

    static func answer(_ call: RelayedCall, service: ServiceContext) throws -> ToolCallResult {
        switch call.outcome {
        case .success(let value):
            let bytes =
                if let preEncoded = value as? any PreEncodedResult {
                    try preEncoded.jsonBytes()
                } else {
                    Array(try ToolCallResult.encoder.encode(value))
                }
            var texts = [String(decoding: bytes, as: UTF8.self)]
            if let seatMap = value as? EncodedSeatMap {
                texts.append(try service.cinema.drawing(of: seatMap.snapshot.seatMap).text)
            }
            return ToolCallResult(texts: texts, structured: bytes, isError: false)
        case .failure(let error):
            let details = String(decoding: try ToolCallResult.encoder.encode(error), as: UTF8.self)
            return ToolCallResult(texts: [ToolRefusal.text(for: error), details], structured: nil, isError: true)
        }
    }
}

/// What a refused tool call tells an assistant: what happened and what to do, in the
/// tools' names rather than the methods'.
enum ToolRefusal {
    /// The sentence for `error`: the contract's own message, its method names turned into
    /// tool names; for seats that are taken, which ones and how to find others.
    static func text(for error: ResponseError) -> String {
        if error.code == .seatsUnavailable, case .object(let data)? = error.data,
            case .array(let seats)? = data["seats"], !seats.isEmpty
        {
            let members = seats.compactMap { seat -> [String: JSONValue]? in
                if case .object(let members) = seat { members } else { nil }
            }
            let described = members.compactMap { seat -> String? in
                guard case .string(let label)? = seat["label"], case .string(let status)? = seat["status"] else {
                    return nil
                }
                return seat["mine"] == .bool(true)
                    ? "\(label) (already \(status) by this user)" : "\(label) (\(status))"
            }
            let mine = members.allSatisfy { $0["mine"] == .bool(true) }
            return "Seats unavailable: \(described.joined(separator: ", ")). Nothing was held or booked. "
                + (mine
                    ? "This user already has them: booking_list shows their bookings."
                    : "Choose other seats: seats_bestAvailable suggests the best free seats for the group, and "
                        + "seatmap_get shows every seat's status.")
        }
        var message = error.message
        if error.code == .invalidParams {
            message =
                message.replacingOccurrences(of: "Invalid params:", with: "Invalid arguments:")
                + ". Correct the arguments (the tool's inputSchema says what fits) and call it again."
        }
        return toolNames(in: message)
    }

    /// `message` with every contract method that is a tool named as the tool.
    static func toolNames(in message: String) -> String {
        var text = message
        for entry in ToolCatalog.shared.entries.sorted(by: { $0.method.count > $1.method.count }) {
            text = text.replacingOccurrences(of: entry.method, with: ToolCatalog.toolName(entry.method))
        }
        return text
    }
}
