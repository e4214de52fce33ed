/// One unit of input, cut from the byte stream at line ends (or, with `HeaderFramer`, by
/// Content-Length headers).
public enum FramedLine: Sendable, Equatable {
    /// A complete line without its `\n` (or `\r\n`), or a message body.
    case line([UInt8])
    /// A line or body longer than the limit; its bytes were discarded, `length` counts them.
    case oversized(length: Int)
    /// Input that frames no message (a bad header): `reason` says what was wrong.
    case malformed(reason: String)
}

/// Cuts a byte stream into lines of at most `maxLineBytes`, without ever holding more
/// than that much of one line: the rest of an oversized line is counted and dropped.
public struct LineFramer: Sendable {
    /// The most bytes one line may have, not counting its line ending.
    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    /// Bytes of the current line seen so far, when it is already over the limit.
    private var discarding: Int?
    /// Whether the last byte discarded was a `\r`, which belongs to the line ending.
    private var discardedCarriageReturn = false

    /// A framer for lines of at most `maxLineBytes`.
    public init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// Takes the next chunk of input and returns the lines it completes, in order.
    public mutating func feed(_ chunk: some BidirectionalCollection<UInt8>) -> [FramedLine] {
        var lines: [FramedLine] = []
        var start = chunk.startIndex
        while start != chunk.endIndex {
            let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline ?? chunk.endIndex
            let piece = chunk[start..<end]
            if let seen = discarding {
                discarding = seen + piece.count
                if let last = piece.last { discardedCarriageReturn = last == UInt8(ascii: "\r") }
            } else if buffer.count + piece.count > maxLineBytes + 1 {
                // One byte of slack for a `\r` that the line ending may still claim.
                discarding = buffer.count + piece.count
                discardedCarriageReturn = piece.last == UInt8(ascii: "\r")
                buffer.removeAll(keepingCapacity: false)
            } else {
                buffer.append(contentsOf: piece)
            }
            guard let newline else { break }
            lines.append(contentsOf: completeLine())
            start = chunk.index(after: newline)
        }
        return lines
    }

    /// Ends the input: a last line with no line ending still counts.
    public mutating func finish() -> [FramedLine] {
        if discarding == nil && buffer.isEmpty { return [] }
        return completeLine()
    }

    private mutating func completeLine() -> [FramedLine] {
        defer {
            buffer.removeAll(keepingCapacity: buffer.count <= 64 * 1024)
            discarding = nil
        }
        if let length = discarding { return [.oversized(length: discardedCarriageReturn ? length - 1 : length)] }
        if buffer.last == UInt8(ascii: "\r") { buffer.removeLast() }
        if buffer.count > maxLineBytes { return [.oversized(length: buffer.count)] }
        if buffer.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return [] }
        return [.line(buffer)]
    }
}
