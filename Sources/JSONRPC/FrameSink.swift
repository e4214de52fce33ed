/// Where response lines go. The executable writes them to the protocol's stdout; tests
/// collect them in memory.
public protocol FrameSink: Sendable {
    /// Writes one response line, without the line ending, and makes it visible to the
    /// reader. Returns false when the reader went away; the serve loop then stops.
    func write(line: [UInt8]) -> Bool

    /// Writes several lines, in order, as `write(line:)` would one after another; a sink
    /// may write them with one system call. Returns false when the reader went away.
    func write(lines: [[UInt8]]) -> Bool
}

extension FrameSink {
    /// Writes each line with `write(line:)`, stopping at the first that fails.
    public func write(lines: [[UInt8]]) -> Bool {
        for line in lines where !write(line: line) { return false }
        return true
    }
}

/// The limits of section 1 of the contract that the transport enforces.
public struct Limits: Sendable, Equatable {
    /// The longest line, in bytes, not counting its line ending.
    public var maxLineBytes: Int
    /// The most entries one batch may hold.
    public var maxBatchEntries: Int

    /// The defaults: lines of 1 MiB, batches of 1,000.
    public init(maxLineBytes: Int = 1 << 20, maxBatchEntries: Int = 1000) {
        self.maxLineBytes = maxLineBytes
        self.maxBatchEntries = maxBatchEntries
    }

    /// A framer that cuts input at these limits.
    public func makeFramer() -> LineFramer { LineFramer(maxLineBytes: maxLineBytes) }

    /// A framer for `framing` (nil: the one the input starts in) at these limits: a body
    /// of Content-Length framing has the limit of a line.
    public func makeInputFramer(framing: Framing?) -> InputFramer {
        InputFramer(framing: framing, maxMessageBytes: maxLineBytes)
    }
}
