import Foundation

/// The bytes of a response line: `{"jsonrpc":"2.0","id":…,"result":…}` or `…"error":…}`,
/// the id as the exact text that was sent, the result as its handler's bytes.
enum ResponseLine {
    static func success(id: RequestID, result: [UInt8]) -> [UInt8] {
        var line = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
        line.append(contentsOf: id.jsonText.utf8)
        line.append(contentsOf: #","result":"#.utf8)
        line.append(contentsOf: result)
        line.append(UInt8(ascii: "}"))
        return line
    }

    static func error(id: RequestID, _ error: ResponseError) -> [UInt8] {
        var line = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
        line.append(contentsOf: id.jsonText.utf8)
        line.append(contentsOf: #","error":"#.utf8)
        line.append(contentsOf: fragment(error))
        line.append(UInt8(ascii: "}"))
        return line
    }

    static func fragment(_ value: some Encodable) -> [UInt8] {
        // Ids and errors are plain values; encoding them cannot fail.
        (try? Array(resultEncoder.encode(value))) ?? Array("null".utf8)
    }

    /// Compact, keys sorted (the same answer is the same bytes every time), no escaped
    /// slashes, never a line break (JSON escapes them inside strings).
    static let resultEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
