import Foundation
import Logging

/// Where response lines go. The executable writes them to the protocol's stdout; tests
/// collect them in memory.
public protocol FrameSink: Sendable {
    /// Writes one response line, without the line ending, and makes it visible to the
    /// reader. Returns false when the reader went away; the serve loop then stops.
    func write(line: [UInt8]) -> Bool
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

/// A JSON-RPC 2.0 server over lines: decodes each line, runs the calls in order, and
/// answers with one line per line that needs an answer.
public struct Server: Sendable {
    /// The methods the server answers.
    public let registry: MethodRegistry
    /// The transport's limits.
    public let limits: Limits
    private let logger: Logger

    /// A server for `registry` within `limits`.
    public init(registry: MethodRegistry, limits: Limits = Limits(), logger: Logger = Logger(label: "jsonrpc")) {
        self.registry = registry
        self.limits = limits
        self.logger = logger
    }

    /// Answers one input unit: the response line, or nil when nothing is to be written
    /// (a notification, or a batch of notifications only).
    public func respond(to input: FramedLine) -> [UInt8]? {
        switch input {
        case .line(let bytes): return respond(toLine: bytes)
        case .oversized(let length):
            // The line was never read whole, so its id is unknown: the answer goes to null.
            logger.notice("line of \(length) bytes is over the limit")
            return errorResponse(
                id: .null, .limitExceeded(name: "maxLineBytes", limit: limits.maxLineBytes, value: length))
        case .malformed(let reason):
            logger.notice("input that frames no message: \(reason)")
            return errorResponse(id: .null, .parseError(reason: reason))
        }
    }

    private func respond(toLine bytes: [UInt8]) -> [UInt8]? {
        let findings: JSONSyntax.Findings
        do {
            findings = try JSONSyntax.check(bytes, maxBatchEntries: limits.maxBatchEntries)
        } catch {
            logger.debug("parse error: \(error.reason)")
            return errorResponse(id: .null, .parseError(reason: error.reason))
        }
        let decoder = JSONDecoder()
        decoder.userInfo[DecodingContext.key] = DecodingContext(
            registry: registry, maxBatchEntries: limits.maxBatchEntries, findings: findings)
        let incoming: IncomingLine
        do {
            incoming = try decoder.decode(IncomingLine.self, from: Data(bytes))
        } catch {
            logger.debug("parse error: \(error)")
            return errorResponse(id: .null, .parseError(reason: "a number or string that cannot be read"))
        }
        switch incoming.content {
        case .single(let message):
            return answer(message)
        case .rejectedBatch(let error):
            return errorResponse(id: .null, error)
        case .batch(let messages):
            let answers = messages.compactMap(answer)
            guard !answers.isEmpty else { return nil }
            var line: [UInt8] = [UInt8(ascii: "[")]
            for (index, answer) in answers.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                line.append(contentsOf: answer)
            }
            line.append(UInt8(ascii: "]"))
            return line
        }
    }

    /// Runs one message and returns its response, or nil for a notification.
    private func answer(_ message: IncomingMessage) -> [UInt8]? {
        switch message.kind {
        case .failure(let id, let error, let answer):
            logger.debug("request \(id ?? .null) refused: \(Self.describe(error))")
            return answer ? errorResponse(id: id ?? .null, error) : nil
        case .call(let id, let method, let call):
            let started = ContinuousClock.now
            // `notification` in the log for a call without an id: it is run but never answered.
            let who = id.map { "\(method) \($0)" } ?? "\(method) notification"
            do {
                let result = try call.run(Self.resultEncoder)
                logger.debug("\(who) ok, \(result.count) bytes in \(Self.micros(since: started)) us")
                guard let id else { return nil }
                return successResponse(id: id, result: result)
            } catch {
                let response = error as? ResponseError ?? registry.translateError(error)
                if response == nil || response?.code == .internalError {
                    logger.error("\(who) failed: \(String(reflecting: error))")
                } else if let response {
                    logger.debug(
                        "\(who) answered \(Self.describe(response)) in \(Self.micros(since: started)) us"
                    )
                }
                guard let id else { return nil }
                return errorResponse(id: id, response ?? .internalError)
            }
        }
    }

    /// `-32602 Invalid params {"path":"seats[1]",…}`: an error as one log line.
    private static func describe(_ error: ResponseError) -> String {
        let data = error.data.map { " " + String(decoding: encodeFragment($0), as: UTF8.self) } ?? ""
        return "\(error.code.rawValue) \(error.message)\(data)"
    }

    private static func micros(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
    }

    private func successResponse(id: RequestID, result: [UInt8]) -> [UInt8] {
        var line = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
        line.append(contentsOf: id.jsonText.utf8)
        line.append(contentsOf: #","result":"#.utf8)
        line.append(contentsOf: result)
        line.append(UInt8(ascii: "}"))
        return line
    }

    private func errorResponse(id: RequestID, _ error: ResponseError) -> [UInt8] {
        var line = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
        line.append(contentsOf: id.jsonText.utf8)
        line.append(contentsOf: #","error":"#.utf8)
        line.append(contentsOf: Self.encodeFragment(error))
        line.append(UInt8(ascii: "}"))
        return line
    }

    private static func encodeFragment(_ value: some Encodable) -> [UInt8] {
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

    /// Answers every unit `source` gives, in order, writing each answer to `sink` as
    /// soon as it is ready. Returns when the source ends or the reader goes away.
    public func serve(_ source: some LineSource, to sink: some FrameSink) {
        serve(source, to: ServerOutput(sink: sink))
    }

    /// Answers every unit `source` gives, in order, through `output`: each answer as soon
    /// as it is ready, followed by the notifications due then. Returns when the source
    /// ends or the reader goes away.
    public func serve(_ source: some LineSource, to output: ServerOutput) {
        while let unit = source.next() {
            if !output.answer({ respond(to: unit) }) {
                logger.notice("output closed; stopping")
                return
            }
        }
    }
}

/// Where input units come from, one at a time, in arrival order.
public protocol LineSource {
    /// The next unit, waiting for it if need be; nil when the input has ended.
    func next() -> FramedLine?
}
