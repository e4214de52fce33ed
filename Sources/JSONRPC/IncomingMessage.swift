import Foundation

/// What the decoder needs to know while it reads a line.
struct DecodingContext<Context>: Sendable {
    var registry: MethodRegistry<Context>
    var maxBatchEntries: Int
    /// What the syntax check learned about the line.
    var findings = JSONSyntax.Findings()

    static var key: CodingUserInfoKey { CodingUserInfoKey(rawValue: "jsonrpc.decodingContext")! }
}

/// One line, decoded: a single message or a batch. Decoding it never throws once the
/// line is valid JSON; every problem with the content becomes an error response.
struct IncomingLine<Context>: Decodable {
    enum Content {
        case single(IncomingMessage<Context>)
        case batch([IncomingMessage<Context>])
        /// A batch, but not one to run: `[]`, or more entries than allowed.
        case rejectedBatch(ResponseError)
    }

    var content: Content

    init(from decoder: any Decoder) throws {
        let context = decoder.userInfo[DecodingContext<Context>.key] as! DecodingContext<Context>
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
            var messages: [IncomingMessage<Context>] = []
            messages.reserveCapacity(count)
            while !array.isAtEnd {
                messages.append(try array.decode(IncomingMessage<Context>.self))
            }
            content = .batch(messages)
        }
    }
}

/// One entry of a line: a call to run, or an error to answer with.
struct IncomingMessage<Context>: Decodable {
    enum Kind {
        /// `id` is nil for a notification.
        case call(id: RequestID?, method: String, PreparedCall<Context>)
        /// `id` is nil when no valid id could be read, or for a notification.
        case failure(id: RequestID?, ResponseError, answer: Bool)
    }

    var kind: Kind

    init(from decoder: any Decoder) {
        let context = decoder.userInfo[DecodingContext<Context>.key] as! DecodingContext<Context>
        self.init(from: decoder, context: context)
    }

    init(from decoder: any Decoder, context: DecodingContext<Context>) {
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
            if (try? container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .params)) != nil,
                let members = try? decoder.container(keyedBy: AnyCodingKey.self)
            {
                source = .member(members, key: AnyCodingKey(stringValue: EnvelopeKey.params.rawValue))
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
        let prepared =
            if let relay = entry.relay {
                CallPreparation.prepare(relay: relay, source: source, context: context)
            } else {
                CallPreparation.prepare(entry, source: source, context: context)
            }
        switch prepared {
        case .success(let call): kind = .call(id: id, method: method, call)
        case .failure(let error): kind = .failure(id: id, error, answer: id != nil)
        }
    }
}
