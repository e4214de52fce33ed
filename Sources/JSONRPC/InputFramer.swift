/// How messages are delimited on the wire, in both directions.
public enum Framing: String, Sendable, CaseIterable {
    /// One JSON value per line, ending in `\n` (a `\r\n` ending is accepted on input).
    case lines
    /// The LSP base protocol: `Content-Length: N\r\n\r\n` and N bytes of body.
    case headers

    /// `message` (one JSON value, no line breaks) as it goes on the wire in this framing.
    public func frame(_ message: [UInt8]) -> [UInt8] {
        switch self {
        case .lines:
            var frame = message
            frame.append(UInt8(ascii: "\n"))
            return frame
        case .headers:
            var frame = Array("Content-Length: \(message.count)\r\n\r\n".utf8)
            frame.append(contentsOf: message)
            return frame
        }
    }
}

/// Cuts input into messages in the framing of the session: the one given, or, when none
/// is (`--framing auto`), the one the first bytes choose. Input that starts with
/// `Content-Length:` (in any letter case, after any blank lines) is headers for the whole
/// session; anything else is lines.
public struct InputFramer: Sendable {
    /// The session's framing; nil while the input has shown too little to tell.
    public private(set) var framing: Framing?
    private var lines: LineFramer
    private var headers: HeaderFramer
    /// Input seen before the framing was known.
    private var pending: [UInt8] = []

    /// A framer for `framing`, or for the framing the input chooses when it is nil, with
    /// messages of at most `maxMessageBytes` (a line, or a body).
    public init(framing: Framing?, maxMessageBytes: Int) {
        self.framing = framing
        lines = LineFramer(maxLineBytes: maxMessageBytes)
        headers = HeaderFramer(maxBodyBytes: maxMessageBytes)
    }

    /// Takes the next chunk of input and returns the messages it completes, in order.
    public mutating func feed(_ chunk: some BidirectionalCollection<UInt8>) -> [FramedLine] {
        switch framing {
        case .lines: return lines.feed(chunk)
        case .headers: return headers.feed(chunk)
        case nil:
            pending.append(contentsOf: chunk)
            guard let chosen = Self.choose(pending, limit: lines.maxLineBytes) else { return [] }
            framing = chosen
            defer { pending = [] }
            return feed(pending)
        }
    }

    /// Ends the input. Input too short to choose by is lines.
    public mutating func finish() -> [FramedLine] {
        if framing == nil {
            framing = .lines
            let units = lines.feed(pending)
            pending = []
            return units + lines.finish()
        }
        return framing == .headers ? headers.finish() : lines.finish()
    }

    /// The framing `input` starts in, or nil when it could still be either.
    static func choose(_ input: [UInt8], limit: Int) -> Framing? {
        let name = HeaderFramer.contentLengthName
        guard let start = input.firstIndex(where: { !(0x20 == $0 || 0x09 == $0 || 0x0D == $0 || 0x0A == $0) }) else {
            return input.count > limit ? .lines : nil
        }
        for (offset, byte) in input[start...].prefix(name.count).enumerated() {
            let lower = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
            if lower != name[offset] { return .lines }
        }
        return input.count - start >= name.count ? .headers : nil
    }
}
