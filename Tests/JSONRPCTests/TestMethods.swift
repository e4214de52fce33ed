import Foundation
import JSONRPC

/// Records which handlers ran, so that a test can tell a notification that ran
/// unanswered from one that never ran.
final class CallJournal: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var calls: [String] = []

    func record(_ call: String) { lock.withLock { calls.append(call) } }

    var entries: [String] { lock.withLock { calls } }
}

/// `subtract {minuend, subtrahend}`: the JSON-RPC specification's example, by name.
enum Subtract: RPCMethod {
    static let method = "subtract"

    struct Params: StrictDecodable, Sendable {
        var minuend: Int
        var subtrahend: Int
        enum CodingKeys: String, CodingKey, CaseIterable { case minuend, subtrahend }
    }

    typealias Result = Int
}

/// `sum {values}`: the specification's other example, by name.
enum Sum: RPCMethod {
    static let method = "sum"

    struct Params: StrictDecodable, Sendable {
        var values: [Int]
        enum CodingKeys: String, CodingKey, CaseIterable { case values }
    }

    typealias Result = Int
}

/// `order.place {customer, items:[{name, quantity}], note?}`: a nested strict object,
/// for paths such as `items[1].name`.
enum PlaceOrder: RPCMethod {
    static let method = "order.place"

    struct Item: StrictDecodable, Sendable {
        var name: String
        var quantity: Int
        enum CodingKeys: String, CodingKey, CaseIterable { case name, quantity }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            quantity = try container.decode(Int.self, forKey: .quantity)
            guard quantity >= 1 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .quantity, in: container, debugDescription: "must be at least 1")
            }
        }
    }

    struct Params: StrictDecodable, Sendable {
        var customer: String
        var items: [Strict<Item>]
        var note: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case customer, items, note }
    }

    struct Result: Encodable, Sendable {
        var customer: String
        var count: Int
    }
}

/// `record {note?}`: remembers that it ran; answers `true`.
enum Record: RPCMethod {
    static let method = "record"

    struct Params: StrictDecodable, Sendable {
        var note: String?
        enum CodingKeys: String, CodingKey, CaseIterable { case note }
    }

    typealias Result = Bool
}

/// `ping`: takes no params at all; answers `"pong"`.
enum Ping: RPCMethod {
    static let method = "ping"
    typealias Params = EmptyParams
    typealias Result = String
}

/// A domain error that only the registry's `translateError` knows how to answer.
struct SeatTaken: Error {
    var seat: String
}

/// An error nobody maps: it must become -32603.
struct Explosion: Error {}

/// `fail {kind}`: throws the kind of error named.
enum Fail: RPCMethod {
    static let method = "fail"

    struct Params: StrictDecodable, Sendable {
        /// `response`, `domain` or `internal`.
        var kind: String
        enum CodingKeys: String, CodingKey, CaseIterable { case kind }
    }

    typealias Result = Bool

    static let responseError = ResponseError(
        code: ErrorCode(rawValue: -32050), message: "Teapot", data: ["reason": "TEAPOT", "short": true])
}

/// `picky {code}`: params whose own validation throws a non-decoding error, which the
/// registry hands to `translateError`.
enum Picky: RPCMethod {
    static let method = "picky"

    struct Params: StrictDecodable, Sendable {
        var code: String
        enum CodingKeys: String, CodingKey, CaseIterable { case code }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decode(String.self, forKey: .code)
            if code == "taken" { throw SeatTaken(seat: "A1") }
            if code == "boom" { throw Explosion() }
        }
    }

    typealias Result = String
}

/// `raw`: a result that brings its own bytes.
enum Raw: RPCMethod {
    static let method = "raw"

    struct Params: StrictDecodable, Sendable {
        var broken: Bool?
        enum CodingKeys: String, CodingKey, CaseIterable { case broken }
    }

    struct Result: PreEncodedResult {
        var broken: Bool
        /// Key order and spacing that `JSONEncoder` would never produce, to prove the
        /// bytes go out untouched.
        static let bytes = Array(#"{"zeta":1, "alpha":[true,null],"text":"a/b"}"#.utf8)

        func jsonBytes() throws -> [UInt8] {
            if broken { throw Explosion() }
            return Self.bytes
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode("encoded by JSONEncoder, which it must not be")
        }
    }
}

/// `unencodable`: a result whose encoding fails.
enum Unencodable: RPCMethod {
    static let method = "unencodable"
    typealias Params = EmptyParams

    struct Result: Encodable, Sendable {
        func encode(to encoder: any Encoder) throws {
            throw EncodingError.invalidValue(
                Double.nan, EncodingError.Context(codingPath: [], debugDescription: "not a number"))
        }
    }
}

enum TestMethods {
    /// The translation of `SeatTaken`; anything else is left to the server (-32603).
    static func translate(_ error: any Error) -> ResponseError? {
        guard let taken = error as? SeatTaken else { return nil }
        return ResponseError(
            code: ErrorCode(rawValue: -32002), message: "Seat taken",
            data: ["reason": "SEATS_UNAVAILABLE", "seat": .string(taken.seat)])
    }

    static func registry(journal: CallJournal) -> MethodRegistry<NoContext> {
        var registry = MethodRegistry<NoContext>(translateError: translate)
        registry.register(Subtract.self) { params in
            journal.record("subtract \(params.minuend) \(params.subtrahend)")
            return params.minuend - params.subtrahend
        }
        registry.register(Sum.self) { params in
            journal.record("sum")
            return params.values.reduce(0, +)
        }
        registry.register(PlaceOrder.self) { params in
            journal.record("order.place")
            return PlaceOrder.Result(customer: params.customer, count: params.items.map(\.value.quantity).reduce(0, +))
        }
        registry.register(Record.self) { params in
            journal.record("record \(params.note ?? "-")")
            return true
        }
        registry.register(Ping.self) { _ in "pong" }
        registry.register(Fail.self) { params in
            journal.record("fail \(params.kind)")
            switch params.kind {
            case "response": throw Fail.responseError
            case "domain": throw SeatTaken(seat: "B7")
            default: throw Explosion()
            }
        }
        registry.register(Picky.self) { params in params.code }
        registry.register(Raw.self) { params in Raw.Result(broken: params.broken ?? false) }
        registry.register(Unencodable.self) { _ in Unencodable.Result() }
        registry.register(relay)
        return registry
    }
}

extension TestMethods {
    /// `call {name, arguments}`: a relay, as MCP's `tools/call`, that calls `order_place`
    /// (`order.place`) and the others by their name with `_` for `.`, and answers with
    /// how the call went.
    static let relay = Relay(
        method: "call", nameKey: "name", paramsKey: "arguments",
        target: { name in name == "nothing" ? nil : name.replacingOccurrences(of: "_", with: ".") },
        unknown: { name in ResponseError(code: .invalidParams, message: "Unknown call: \(name)") },
        answer: { call in
            switch call.outcome {
            case .success(let value):
                let bytes = try JSONEncoder().encode(value)
                return RelayAnswer(
                    method: call.method, result: try JSONDecoder().decode(JSONValue.self, from: bytes), error: nil)
            case .failure(let error):
                return RelayAnswer(method: call.method, result: nil, error: error)
            }
        })

    /// What the test relay answers with.
    struct RelayAnswer: Encodable, Sendable {
        var method: String
        var result: JSONValue?
        var error: ResponseError?
    }
}
