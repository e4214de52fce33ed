import Foundation
import Logging

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

/// A JSON-RPC 2.0 server over lines: decodes each line, runs the calls in order, and
/// answers with one line per line that needs an answer.
public struct Server: Sendable {
    /// The methods the server answers.
    public let registry: MethodRegistry
    /// The transport's limits.
    public let limits: Limits
    /// How calls that arrive together share one unit of work; nil runs each on its own.
    public let grouping: (any CallGrouping)?
    private let logger: Logger

    /// A server for `registry` within `limits`; with `grouping`, calls of methods that
    /// join groups and are already waiting in the input run as one unit of work.
    public init(
        registry: MethodRegistry, limits: Limits = Limits(), grouping: (any CallGrouping)? = nil,
        logger: Logger = Logger(label: "jsonrpc")
    ) {
        self.registry = registry
        self.limits = limits
        self.grouping = grouping
        self.logger = logger
    }

    /// One input unit, checked and decoded, its calls prepared but not yet run.
    enum Decoded {
        /// Nothing to run: the answer (nil for none) is known already.
        case answered([UInt8]?)
        /// One message.
        case single(IncomingMessage)
        /// A batch of messages, answered together in brackets.
        case batch([IncomingMessage])
    }

    /// Answers one input unit: the response line, or nil when nothing is to be written
    /// (a notification, or a batch of notifications only).
    public func respond(to input: FramedLine) -> [UInt8]? {
        var brokenRequest = false
        return run(decode(input, afterBrokenRequest: &brokenRequest))
    }

    /// Checks and decodes one input unit without running anything. `brokenRequest` says
    /// whether the lines before it began a JSON value that they did not end (a request
    /// pretty-printed over several lines); a line that is not JSON then gets an error
    /// saying so, and a line that is JSON ends it.
    func decode(_ input: FramedLine, afterBrokenRequest brokenRequest: inout Bool) -> Decoded {
        switch input {
        case .line(let bytes): return decode(line: bytes, afterBrokenRequest: &brokenRequest)
        case .oversized(let length):
            // The line was never read whole, so its id is unknown: the answer goes to null.
            logger.notice("line of \(length) bytes is over the limit")
            return .answered(
                errorResponse(
                    id: .null, .limitExceeded(name: "maxLineBytes", limit: limits.maxLineBytes, value: length))
            )
        case .malformed(let reason):
            logger.notice("input that frames no message: \(reason)")
            return .answered(errorResponse(id: .null, .parseError(reason: reason)))
        }
    }

    private func decode(line bytes: [UInt8], afterBrokenRequest brokenRequest: inout Bool) -> Decoded {
        let findings: JSONSyntax.Findings
        do {
            findings = try JSONSyntax.check(bytes, maxBatchEntries: limits.maxBatchEntries)
            brokenRequest = false
        } catch {
            logger.debug("parse error: \(error.reason)")
            let reason =
                brokenRequest && !error.endsEarly
                ? "this line seems to be part of a request broken over several lines (\(error.reason));"
                    + " each request goes on one line (newline-delimited JSON), or in Content-Length frames"
                : error.reason
            if error.endsEarly { brokenRequest = true }
            return .answered(errorResponse(id: .null, .parseError(reason: reason)))
        }
        let decoder = JSONDecoder()
        decoder.userInfo[DecodingContext.key] = DecodingContext(
            registry: registry, maxBatchEntries: limits.maxBatchEntries, findings: findings)
        let incoming: IncomingLine
        do {
            incoming = try decoder.decode(IncomingLine.self, from: Data(bytes))
        } catch {
            logger.debug("parse error: \(error)")
            return .answered(errorResponse(id: .null, .parseError(reason: "a number or string that cannot be read")))
        }
        switch incoming.content {
        case .single(let message): return .single(message)
        case .rejectedBatch(let error): return .answered(errorResponse(id: .null, error))
        case .batch(let messages): return .batch(messages)
        }
    }

    /// Whether a decoded unit is one call of a method that joins groups.
    private func joinsGroups(_ unit: Decoded) -> Bool {
        guard case .single(let message) = unit, case .call(_, let method, _) = message.kind else { return false }
        return registry.entries[method]?.joinsGroups ?? false
    }

    /// Runs a decoded unit and answers it.
    private func run(_ unit: Decoded) -> [UInt8]? {
        switch unit {
        case .answered(let line):
            return line
        case .single(let message):
            return answer(message)
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
                    logger.error("\(who) failed: \(Self.words(for: error))")
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

    /// An error as a log line says it: its own words where it has them (a domain error, a
    /// database's message), its type and value only where it has none.
    static func words(for error: any Error) -> String {
        (error as? any CustomStringConvertible)?.description ?? String(reflecting: error)
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
    ///
    /// With `grouping`, a call that joins groups takes with it the calls that joins groups
    /// already waiting behind it (never waiting for more): they run as one unit of work,
    /// and their answers are written together, in order, once it is kept. Anything else
    /// ends the group and runs after it, so a read sees every write before it.
    public func serve(_ source: some LineSource, to output: ServerOutput) {
        var carried: Decoded?
        var brokenRequest = false
        while let unit = carried ?? source.next().map({ decode($0, afterBrokenRequest: &brokenRequest) }) {
            carried = nil
            var group = [unit]
            if let grouping, joinsGroups(unit) {
                while group.count < grouping.maxGroupSize, let waiting = source.nextIfReady() {
                    let decoded = decode(waiting, afterBrokenRequest: &brokenRequest)
                    guard joinsGroups(decoded) else {
                        carried = decoded
                        break
                    }
                    group.append(decoded)
                }
            }
            let open =
                if let grouping, group.count > 1 {
                    output.answer(lines: { runTogether(group, in: grouping) })
                } else {
                    output.answer({ run(unit) })
                }
            if !open {
                logger.notice("output closed; stopping")
                return
            }
        }
    }

    /// Runs the calls of a group as one unit of work; their answers in order, or, when
    /// the unit could not be kept, the error for every one of them.
    private func runTogether(_ group: [Decoded], in grouping: any CallGrouping) -> [[UInt8]] {
        var answers: [[UInt8]] = []
        answers.reserveCapacity(group.count)
        do {
            try grouping.together {
                for unit in group {
                    if let line = run(unit) { answers.append(line) }
                }
            }
            logger.debug("\(group.count) calls kept together")
            return answers
        } catch {
            let response = error as? ResponseError ?? registry.translateError(error) ?? .internalError
            logger.error("\(group.count) calls run together could not be kept: \(Self.words(for: error))")
            return group.compactMap { unit in
                guard case .single(let message) = unit, case .call(let id?, _, _) = message.kind else { return nil }
                return errorResponse(id: id, response)
            }
        }
    }
}

/// Where input units come from, one at a time, in arrival order.
public protocol LineSource {
    /// The next unit, waiting for it if need be; nil when the input has ended.
    func next() -> FramedLine?

    /// The next unit if one is already read and framed, without waiting; nil otherwise
    /// (which says nothing about whether the input has ended).
    func nextIfReady() -> FramedLine?
}

extension LineSource {
    /// Never ready: a source that cannot tell runs every call on its own.
    public func nextIfReady() -> FramedLine? { nil }
}
