import Foundation
import JSONRPC

/// The MCP tools, generated from the OpenRPC document that `rpc.discover` serves, so that
/// they can never drift from it: each method that has a `ToolFace` becomes a tool named
/// with `_` for `.` (`booking_hold`), whose `inputSchema` is its params as one object
/// schema and whose `outputSchema` is its result schema, every `$ref` inlined.
struct ToolCatalog: Sendable {
    /// One tool: its method and its MCP `Tool` object.
    struct Entry: Sendable {
        /// The contract method, such as `booking.hold`.
        var method: String
        /// The `Tool` object `tools/list` answers with.
        var tool: JSONValue
    }

    /// The tools, in the order of `BoxOfficeService.methods`.
    let entries: [Entry]
    private let methodsByName: [String: String]

    /// The tools of the embedded document, built on first use (the first MCP request that
    /// needs them: Swift's static lets are lazy), never at start. A method with a face but
    /// no description in the document, or a result that is no object, is a programming
    /// error and traps then; a test builds it, so a build that would trap fails the suite.
    static let shared = ToolCatalog(document: OpenRPCDocument.bytes, methods: BoxOfficeService.methods)

    /// The tools of `document` (OpenRPC JSON) for the methods of `methods` that have a face.
    init(document: [UInt8], methods: [any CinemaMethod.Type]) {
        guard case .object(let root)? = try? JSONDecoder().decode(JSONValue.self, from: Data(document)),
            case .array(let described)? = root["methods"],
            case .object(let components)? = root["components"], case .object(let schemas)? = components["schemas"]
        else { preconditionFailure("the OpenRPC document has no methods or no components.schemas") }
        var byMethod: [String: [String: JSONValue]] = [:]
        for case .object(let method) in described {
            if case .string(let name)? = method["name"] { byMethod[name] = method }
        }
        let inliner = SchemaInliner(schemas: schemas)
        var entries: [Entry] = []
        for method in methods where !method.onlyWhenDeterministic {
            guard let face = method.tool else { continue }
            guard let description = byMethod[method.method] else {
                preconditionFailure("\(method.method) has a tool face but no description in the OpenRPC document")
            }
            entries.append(
                Entry(
                    method: method.method,
                    tool: Self.tool(
                        name: Self.toolName(method.method), face: face, described: description, inliner: inliner)))
        }
        self.entries = entries
        methodsByName = Dictionary(uniqueKeysWithValues: entries.map { (Self.toolName($0.method), $0.method) })
    }

    /// `booking_hold` for `booking.hold`.
    static func toolName(_ method: String) -> String { method.replacingOccurrences(of: ".", with: "_") }

    /// The method a tool name stands for, or nil when it names no tool.
    func method(forTool name: String) -> String? { methodsByName[name] }

    /// The `tools/list` result, encoded once.
    var listResult: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let value: JSONValue = ["tools": .array(entries.map(\.tool))]
        return (try? Array(encoder.encode(value))) ?? Array(#"{"tools":[]}"#.utf8)
    }

    private static func tool(
        name: String, face: ToolFace, described: [String: JSONValue], inliner: SchemaInliner
    ) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        var required: [JSONValue] = []
        if case .array(let params)? = described["params"] {
            for case .object(let param) in params {
                guard case .string(let name)? = param["name"], let schema = param["schema"] else { continue }
                var property = inliner.inline(schema)
                if case .object(var members) = property, members["description"] == nil,
                    let description = param["description"]
                {
                    members["description"] = description
                    property = .object(members)
                }
                properties[name] = property
                if param["required"] == .bool(true) { required.append(.string(name)) }
            }
        }
        var input: [String: JSONValue] = [
            "type": "object", "properties": .object(properties), "additionalProperties": false,
        ]
        if !required.isEmpty { input["required"] = .array(required) }
        guard case .object(let result)? = described["result"], let resultSchema = result["schema"],
            case .object(let output) = inliner.inline(resultSchema), output["type"] == "object"
        else { preconditionFailure("the result of \(name) is not an object schema, as MCP's outputSchema must be") }
        return [
            "name": .string(name), "title": .string(face.title), "description": .string(face.description),
            "inputSchema": .object(input), "outputSchema": .object(output), "annotations": face.annotations,
        ]
    }
}

/// Replaces every `$ref` into `#/components/schemas/` with the schema it names (its own
/// `description`, when the `$ref` has one beside it, kept), so that a tool's schemas stand
/// alone: MCP hosts read them without the document around them.
struct SchemaInliner: Sendable {
    /// The document's `components.schemas`.
    let schemas: [String: JSONValue]
    private static let prefix = "#/components/schemas/"

    /// `schema` with every reference replaced; a reference that names nothing, or a
    /// schema that refers to itself, is a programming error of the document and traps.
    func inline(_ schema: JSONValue, through path: [String] = []) -> JSONValue {
        switch schema {
        case .array(let items):
            return .array(items.map { inline($0, through: path) })
        case .object(var members):
            if case .string(let reference)? = members["$ref"] {
                let name = String(reference.dropFirst(Self.prefix.count))
                guard reference.hasPrefix(Self.prefix), let target = schemas[name], !path.contains(name) else {
                    preconditionFailure("the OpenRPC document's \(reference) cannot be inlined (via \(path))")
                }
                members["$ref"] = nil
                guard case .object(var resolved) = inline(target, through: path + [name]) else { return target }
                for (key, value) in members { resolved[key] = inline(value, through: path) }
                return .object(resolved)
            }
            return .object(members.mapValues { inline($0, through: path) })
        default:
            return schema
        }
    }
}
