import Foundation
import Logging

/// A JSON-RPC 2.0 server over lines: decodes each line, runs the calls in order, each in
/// the context its `CallUnits` give, and answers with one line per line that needs an
/// answer.
public struct Server<Context>: Sendable {
    /// The methods the server answers.
    public let registry: MethodRegistry<Context>
    /// The transport's limits.
    public let limits: Limits
    /// The contexts calls run in, and which calls share one.
    public let units: any CallUnits<Context>
    let logger: Logger

    /// A server for `registry` within `limits`, its calls run by `units`: calls of
    /// methods that join groups and are already waiting in the input run together, in one
    /// context, when `units` allow groups.
    public init(
        registry: MethodRegistry<Context>, limits: Limits = Limits(), units: some CallUnits<Context>,
        logger: Logger = Logger(label: "jsonrpc")
    ) {
        self.registry = registry
        self.limits = limits
        self.units = units
        self.logger = logger
    }

    /// One input unit, checked and decoded, its calls prepared but not yet run.
    enum Decoded {
        /// Nothing to run: the answer (nil for none) is known already.
        case answered([UInt8]?)
        /// One message.
        case single(IncomingMessage<Context>)
        /// A batch of messages, answered together in brackets.
        case batch([IncomingMessage<Context>])
    }

    /// Answers one input unit, on its own: the response line, or nil when nothing is to be
    /// written (a notification, or a batch of notifications only).
    public func respond(to input: FramedLine) -> [UInt8]? {
        var brokenRequest = false
        let unit = decode(input, afterBrokenRequest: &brokenRequest)
        var line: [UInt8]?
        units.alone { context in line = run(unit, in: context) }
        return line
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
                ResponseLine.error(
                    id: .null, .limitExceeded(name: "maxLineBytes", limit: limits.maxLineBytes, value: length)))
        case .malformed(let reason):
            logger.notice("input that frames no message: \(reason)")
            return .answered(ResponseLine.error(id: .null, .parseError(reason: reason)))
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
            return .answered(ResponseLine.error(id: .null, .parseError(reason: reason)))
        }
        let decoder = JSONDecoder()
        decoder.userInfo[DecodingContext<Context>.key] = DecodingContext(
            registry: registry, maxBatchEntries: limits.maxBatchEntries, findings: findings)
        let incoming: IncomingLine<Context>
        do {
            incoming = try decoder.decode(IncomingLine<Context>.self, from: Data(bytes))
        } catch {
            logger.debug("parse error: \(error)")
            return .answered(
                ResponseLine.error(id: .null, .parseError(reason: "a number or string that cannot be read")))
        }
        switch incoming.content {
        case .single(let message): return .single(message)
        case .rejectedBatch(let error): return .answered(ResponseLine.error(id: .null, error))
        case .batch(let messages): return .batch(messages)
        }
    }

    /// Whether a decoded unit is one call of a method that joins groups.
    func joinsGroups(_ unit: Decoded) -> Bool {
        guard case .single(let message) = unit, case .call(_, let method, _) = message.kind else { return false }
        return registry.entries[method]?.joinsGroups ?? false
    }

    /// Runs a decoded unit in `context` and answers it.
    func run(_ unit: Decoded, in context: Context) -> [UInt8]? {
        switch unit {
        case .answered(let line):
            return line
        case .single(let message):
            return answer(message, in: context)
        case .batch(let messages):
            let answers = messages.compactMap { answer($0, in: context) }
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

    /// Runs one message in `context` and returns its response, or nil for a notification.
    private func answer(_ message: IncomingMessage<Context>, in context: Context) -> [UInt8]? {
        switch message.kind {
        case .failure(let id, let error, let answer):
            logger.debug("request \(id ?? .null) refused: \(Self.describe(error))")
            return answer ? ResponseLine.error(id: id ?? .null, error) : nil
        case .call(let id, let method, let call):
            let started = ContinuousClock.now
            // `notification` in the log for a call without an id: it is run but never answered.
            let who = id.map { "\(method) \($0)" } ?? "\(method) notification"
            do {
                let result = try call.run(ResponseLine.resultEncoder, in: context)
                logger.debug("\(who) ok, \(result.count) bytes in \(Self.micros(since: started)) us")
                guard let id else { return nil }
                return ResponseLine.success(id: id, result: result)
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
                return ResponseLine.error(id: id, response ?? .internalError)
            }
        }
    }

    /// An error as a log line says it: its own words where it has them (a domain error, a
    /// database's message: `CustomStringConvertible`), its type and value only where it
    /// has none.
    static func words(for error: any Error) -> String {
        String(reflecting: error)
    }

    /// `-32602 Invalid params {"path":"seats[1]",…}`: an error as one log line.
    private static func describe(_ error: ResponseError) -> String {
        let data = error.data.map { " " + String(decoding: ResponseLine.fragment($0), as: UTF8.self) } ?? ""
        return "\(error.code.rawValue) \(error.message)\(data)"
    }

    private static func micros(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
    }
}

extension Server where Context == NoContext {
    /// A server for a registry whose handlers need no context: every call runs alone.
    public init(
        registry: MethodRegistry<NoContext>, limits: Limits = Limits(), logger: Logger = Logger(label: "jsonrpc")
    ) {
        self.init(registry: registry, limits: limits, units: SoloCalls(), logger: logger)
    }
}
