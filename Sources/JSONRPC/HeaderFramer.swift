/// Cuts a byte stream framed as the LSP base protocol into message bodies: each message is
/// a header section (`Content-Length: N`, optionally `Content-Type: …`, each line ending in
/// `\r\n`), a blank line, then exactly N bytes of body.
///
/// Like `LineFramer` it never holds more than `maxBodyBytes` of one message: a body over
/// the limit is counted and skipped (its length is known, so the next message is found
/// exactly). A header section that cannot be read is reported once, as `.malformed`, and
/// the framer then skips bytes until the next `Content-Length:` (in any letter case),
/// where it starts again: one bad frame costs that frame only.
public struct HeaderFramer: Sendable {
    /// The most bytes one body may have.
    public let maxBodyBytes: Int
    /// The most bytes a header section may have; LSP clients send two short lines.
    public static let maxHeaderBytes = 8 * 1024

    private enum State: Sendable {
        /// Reading header lines; `buffer` holds the current line.
        case header
        /// Reading a body of `length` bytes into `buffer`.
        case body(length: Int)
        /// Dropping the rest of an oversized body.
        case skipping(remaining: Int)
        /// Dropping bytes until `Content-Length:`; `buffer` holds how much of it matched.
        case resynchronising
    }

    private var state = State.header
    private var buffer: [UInt8] = []
    /// The Content-Length of the header section being read.
    private var contentLength: Int?
    /// Header bytes of the current section, lines already read included.
    private var headerBytes = 0
    private var sawHeaderLine = false

    static let contentLengthName = Array("content-length:".utf8)

    /// A framer for bodies of at most `maxBodyBytes`.
    public init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Takes the next chunk of input and returns the messages it completes, in order.
    public mutating func feed(_ chunk: some Collection<UInt8>) -> [FramedLine] {
        var units: [FramedLine] = []
        var index = chunk.startIndex
        while index != chunk.endIndex {
            switch state {
            case .body(let length):
                let wanted = length - buffer.count
                let end = chunk.index(index, offsetBy: wanted, limitedBy: chunk.endIndex) ?? chunk.endIndex
                buffer.append(contentsOf: chunk[index..<end])
                index = end
                if buffer.count == length {
                    units.append(.line(buffer))
                    startHeader()
                }
            case .skipping(let remaining):
                let end = chunk.index(index, offsetBy: remaining, limitedBy: chunk.endIndex) ?? chunk.endIndex
                let left = remaining - chunk.distance(from: index, to: end)
                index = end
                if left == 0 { startHeader() } else { state = .skipping(remaining: left) }
            case .header:
                if let unit = readHeader(chunk[index]) { units.append(unit) }
                index = chunk.index(after: index)
            case .resynchronising:
                resynchronise(chunk[index])
                index = chunk.index(after: index)
            }
        }
        return units
    }

    /// Ends the input: a message cut short by the end is reported.
    public mutating func finish() -> [FramedLine] {
        defer { startHeader() }
        switch state {
        case .body(let length):
            return [.malformed(reason: "the input ended \(buffer.count) bytes into a body of \(length) bytes")]
        case .header where sawHeaderLine || !buffer.allSatisfy(Self.isBlank):
            return [.malformed(reason: "the input ended inside a header section")]
        default:
            return []
        }
    }

    private mutating func startHeader() {
        state = .header
        buffer.removeAll(keepingCapacity: buffer.count <= 64 * 1024)
        contentLength = nil
        headerBytes = 0
        sawHeaderLine = false
    }

    /// One byte of a header section; answers a unit when the byte ends the section badly
    /// or announces an oversized body.
    private mutating func readHeader(_ byte: UInt8) -> FramedLine? {
        headerBytes += 1
        guard byte == UInt8(ascii: "\n") else {
            buffer.append(byte)
            if headerBytes > Self.maxHeaderBytes {
                return fail("a header section longer than \(Self.maxHeaderBytes) bytes", rescanning: [])
            }
            return nil
        }
        var line = buffer
        buffer.removeAll(keepingCapacity: true)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if line.isEmpty {
            // Blank lines before a message are tolerated; after its headers, one ends them.
            guard sawHeaderLine else {
                headerBytes = 0
                return nil
            }
            return endHeader()
        }
        return readHeaderLine(line)
    }

    private mutating func readHeaderLine(_ line: [UInt8]) -> FramedLine? {
        let shown = Self.quoted(line)
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
            return fail("\(shown) is not a header line (Name: value)", rescanning: line)
        }
        let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingSpaces
        if !sawHeaderLine && name != "content-length" && name != "content-type" {
            return fail("a message must start with Content-Length, not \(shown)", rescanning: line)
        }
        sawHeaderLine = true
        guard name == "content-length" else { return nil }
        guard !value.isEmpty, value.count <= 18, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let length = Int(value)
        else {
            return fail(
                "Content-Length must be a number of bytes, got \(Self.quoted(Array(value.utf8)))", rescanning: [])
        }
        if let seen = contentLength, seen != length {
            return fail("two Content-Length headers, \(seen) and \(length)", rescanning: [])
        }
        contentLength = length
        return nil
    }

    private mutating func endHeader() -> FramedLine? {
        guard let length = contentLength else {
            return fail("a header section without Content-Length", rescanning: [])
        }
        buffer.removeAll(keepingCapacity: true)
        if length > maxBodyBytes {
            state = .skipping(remaining: length)
            return .oversized(length: length)
        }
        if length == 0 {
            startHeader()
            return .line([])
        }
        state = .body(length: length)
        return nil
    }

    /// Reports a bad header section and looks for the next `Content-Length:`, first in
    /// `rescanning` after its first byte (a stray byte before a real header, say).
    private mutating func fail(_ reason: String, rescanning: [UInt8]) -> FramedLine {
        state = .resynchronising
        buffer.removeAll(keepingCapacity: true)
        // The rescanned line was whole: its line end comes after it.
        for byte in rescanning.dropFirst() + (rescanning.isEmpty ? [] : [UInt8(ascii: "\n")]) {
            if case .resynchronising = state { resynchronise(byte) } else { _ = readHeader(byte) }
        }
        return .malformed(reason: "bad header: \(reason); skipped to the next Content-Length")
    }

    private mutating func resynchronise(_ byte: UInt8) {
        let name = Self.contentLengthName
        let lower = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
        if lower == name[buffer.count] {
            buffer.append(byte)
        } else {
            buffer.removeAll(keepingCapacity: true)
            if lower == name[0] { buffer.append(byte) }
        }
        if buffer.count == name.count {
            let matched = buffer
            startHeader()
            headerBytes = matched.count
            buffer = matched
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    /// The bytes as a short quoted text for a message.
    private static func quoted(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(60), as: UTF8.self)
        return "\"\(text)\(bytes.count > 60 ? "…" : "")\""
    }
}

extension String {
    /// The text without spaces and tabs at either end.
    fileprivate var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
