import Foundation

/// What the decoder needs to know while it reads a line.
struct DecodingContext: Sendable {
    var registry: MethodRegistry
    var maxBatchEntries: Int
    /// What the syntax check learned about the line.
    var findings = JSONSyntax.Findings()

    static let key = CodingUserInfoKey(rawValue: "jsonrpc.decodingContext")!
}

/// One line, decoded: a single message or a batch. Decoding it never throws once the
/// line is valid JSON; every problem with the content becomes an error response.
struct IncomingLine: Decodable {
    enum Content {
        case single(IncomingMessage)
        case batch([IncomingMessage])
        /// A batch, but not one to run: `[]`, or more entries than allowed.
        case rejectedBatch(ResponseError)
    }

    var content: Content

    init(from decoder: any Decoder) throws {
        let context = decoder.userInfo[DecodingContext.key] as! DecodingContext
        guard var array = try? decoder.unkeyedContainer() else {
            content = .single(IncomingMessage(from: decoder, context: context))
            return
        }
        let count = array.count ?? 0
        if count == 0 {
            content = .rejectedBatch(.invalidRequest(reason: "an empty batch holds no request"))
        } else if count > context.maxBatchEntries {
            content = .rejectedBatch(
                .limitExceeded(name: "maxBatchEntries", limit: context.maxBatchEntries, value: count))
        } else {
            var messages: [IncomingMessage] = []
            messages.reserveCapacity(count)
            while !array.isAtEnd {
                messages.append(try array.decode(IncomingMessage.self))
            }
            content = .batch(messages)
        }
    }
}

/// One entry of a line: a call to run, or an error to answer with.
struct IncomingMessage: Decodable {
    enum Kind {
        /// `id` is nil for a notification.
        case call(id: RequestID?, method: String, PreparedCall)
        /// `id` is nil when no valid id could be read, or for a notification.
        case failure(id: RequestID?, ResponseError, answer: Bool)
    }

    var kind: Kind

    init(from decoder: any Decoder) {
        let context = decoder.userInfo[DecodingContext.key] as! DecodingContext
        self.init(from: decoder, context: context)
    }

    init(from decoder: any Decoder, context: DecodingContext) {
        guard let container = try? decoder.container(keyedBy: EnvelopeKey.self) else {
            kind = .failure(id: nil, .invalidRequest(reason: "a request must be a JSON object"), answer: true)
            return
        }
        // A malformed id (an object, a boolean) makes the whole entry invalid, and the
        // answer goes to `null` because the real id cannot be echoed.
        let id: RequestID?
        if container.contains(.id) {
            // A number id is echoed as the exact text that was sent, whatever Foundation
            // makes of it (2^64 + 1 is no Int64, and 1e400 no Double).
            let envelope = decoder.codingPath.last?.intValue ?? -1
            if let text = context.findings.numericIds[envelope] {
                id = .number(text)
            } else if let decoded = try? container.decode(RequestID.self, forKey: .id) {
                id = decoded
            } else {
                kind = .failure(
                    id: nil, .invalidRequest(reason: #""id" must be a string, a number or null"#), answer: true)
                return
            }
        } else {
            id = nil
        }
        guard (try? container.decode(String.self, forKey: .jsonrpc)) == "2.0" else {
            kind = .failure(id: id ?? .null, .invalidRequest(reason: #""jsonrpc" must be "2.0""#), answer: true)
            return
        }
        guard let method = try? container.decode(String.self, forKey: .method) else {
            kind = .failure(id: id ?? .null, .invalidRequest(reason: #""method" must be a string"#), answer: true)
            return
        }
        // params, when present, must be structured (an object or an array): anything
        // else makes this no valid Request object, whatever the method.
        var source = ParamsSource.absent
        var positional = false
        if container.contains(.params), (try? container.decodeNil(forKey: .params)) != true {
            if (try? container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .params)) != nil {
                source = .member(container)
            } else if (try? container.nestedUnkeyedContainer(forKey: .params)) != nil {
                positional = true
            } else {
                kind = .failure(
                    id: id ?? .null, .invalidRequest(reason: #""params" must be an object (params by name)"#),
                    answer: true)
                return
            }
        }
        guard let entry = context.registry.entries[method] else {
            kind = .failure(id: id, context.registry.notFound(method), answer: id != nil)
            return
        }
        if positional {
            kind = .failure(
                id: id, .invalidParams(path: "", reason: "params must be an object: parameters are passed by name"),
                answer: id != nil)
            return
        }
        if context.findings.hasNULEscape, case .member = source,
            let path = Self.firstNULString(in: container)
        {
            kind = .failure(
                id: id, .invalidParams(path: path, reason: "must not contain the character U+0000 (NUL)"),
                answer: id != nil)
            return
        }
        do {
            kind = .call(id: id, method: method, try entry.prepare(source))
        } catch {
            let dropping = if case .member = source { decoder.codingPath.count + 1 } else { 0 }
            let failure =
                Self.unrepresentableNumber(error, in: container, source: source)
                ?? ParamsErrorDescription.invalidParams(for: error, dropping: dropping)
                ?? context.registry.translateError(error)
                ?? .invalidParams(
                    path: "",
                    reason: Self.isParserError(error)
                        ? "a number in params is out of range" : String(describing: error))
            kind = .failure(id: id, failure, answer: id != nil)
        }
    }

    /// The path of the first string in params (object keys included; array order, keys
    /// sorted) that holds U+0000. Stores cut strings short at it, so it is refused
    /// anywhere in params, with its path. Only called when the line has a `\u0000` escape.
    private static func firstNULString(in container: KeyedDecodingContainer<EnvelopeKey>) -> String? {
        guard let tree = try? container.decode(JSONValue.self, forKey: .params) else { return nil }
        return firstNUL(in: tree, path: "")
    }

    private static func firstNUL(in value: JSONValue, path: String) -> String? {
        switch value {
        case .string(let text):
            return text.unicodeScalars.contains("\u{0}") ? path : nil
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let found = firstNUL(in: element, path: path + "[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for key in members.keys.sorted() {
                let keyPath = path.isEmpty ? key : path + "." + key
                if key.unicodeScalars.contains("\u{0}") { return keyPath }
                if let found = firstNUL(in: members[key]!, path: keyPath) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// Foundation reports a number that does not fit the integer it is decoded into
    /// (`155.5`, `1e30`) as corrupted data with no coding path. Only then, the params
    /// are read once more as a plain tree to name the first such number, so that the
    /// client still learns which field is wrong.
    private static func unrepresentableNumber(
        _ error: any Error, in container: KeyedDecodingContainer<EnvelopeKey>, source: ParamsSource
    ) -> ResponseError? {
        guard isParserError(error), case .member = source,
            let tree = try? container.decode(JSONValue.self, forKey: .params),
            let path = firstNonInteger(in: tree, path: "")
        else { return nil }
        return .invalidParams(path: path.path, reason: path.reason)
    }

    /// Whether Foundation's parser, not a `Decodable` type, refused a value. Lines have
    /// passed `JSONSyntax` already, so what is left for it to refuse are numbers that no
    /// Swift number can hold.
    private static func isParserError(_ error: any Error) -> Bool {
        switch error {
        case DecodingError.dataCorrupted(let context):
            return context.underlyingError.map { !($0 is DecodingError) } ?? false
        case is DecodingError, is UnknownKeyError, is ResponseError:
            return false
        default:
            return String(reflecting: type(of: error)).contains("JSONError")
        }
    }

    /// The first number in params that no integer field can hold, and why: a fraction is
    /// no integer; a whole number past 64 bits is one, but out of range.
    private static func firstNonInteger(in value: JSONValue, path: String) -> (path: String, reason: String)? {
        switch value {
        case .double(let number):
            guard number.rounded() == number, number.isFinite else { return (path, "expected an integer") }
            return number > 0
                ? (path, "out of range: at most \(Int64.max)") : (path, "out of range: at least \(Int64.min)")
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let found = firstNonInteger(in: element, path: path + "[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for key in members.keys.sorted() {
                if let found = firstNonInteger(in: members[key]!, path: path.isEmpty ? key : path + "." + key) {
                    return found
                }
            }
            return nil
        default:
            return nil
        }
    }
}
