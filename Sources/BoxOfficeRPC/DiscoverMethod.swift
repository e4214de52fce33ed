import Foundation
import JSONRPC

/// `rpc.discover`: the OpenRPC document that describes every method of this API, with its
/// params, results and errors (`Schemas/openrpc.json`, embedded by `Schemas/embed.sh`).
enum Discover: ReadingMethod {
    static let method = "rpc.discover"
    typealias Params = EmptyParams

    /// The document, answered with its embedded bytes as they are: it is the same on every
    /// call, so it never goes through `JSONEncoder`.
    struct Result: PreEncodedResult, Equatable {
        /// Whether the `debug.` methods are listed: only where they exist.
        var listsDebugMethods: Bool

        /// The document of a process that has the `debug.` methods (`--deterministic`) or not.
        init(listsDebugMethods: Bool) { self.listsDebugMethods = listsDebugMethods }

        /// The minified document: one line of UTF-8 JSON.
        func jsonBytes() throws -> [UInt8] {
            listsDebugMethods ? OpenRPCDocument.bytes : OpenRPCDocument.bytesWithoutDebugMethods
        }

        /// Encodes the document as the JSON value it is, for an encoder other than the server's.
        /// - Throws: `EncodingError` from `encoder`; the embedded text always decodes.
        func encode(to encoder: any Encoder) throws {
            let document = try JSONDecoder().decode(JSONValue.self, from: Data(try jsonBytes()))
            try document.encode(to: encoder)
        }
    }
}

extension Discover {
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        Result(listsDebugMethods: service.manualClock != nil)
    }
}
