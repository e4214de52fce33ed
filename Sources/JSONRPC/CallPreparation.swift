import Foundation

/// Turns a method's params into a call ready to run, or into the error that answers it:
/// the checks every method's params pass (no U+0000 in any string, numbers a Swift
/// integer can hold), the decoding into the method's `Params`, and -32602 with the path
/// of what does not fit. A relay's carried call goes through the same checks, with paths
/// inside the params it carries.
enum CallPreparation {
    /// `entry`'s call with params from `source`, or the error to answer with.
    static func prepare<Context>(
        _ entry: MethodRegistry<Context>.Entry, source: ParamsSource, context: DecodingContext<Context>
    ) -> Result<PreparedCall<Context>, ResponseError> {
        if context.findings.hasNULEscape, case .member(let container, let key) = source,
            let path = firstNULString(in: container, key: key)
        {
            return .failure(.invalidParams(path: path, reason: "must not contain the character U+0000 (NUL)"))
        }
        do {
            return .success(try entry.prepare(source))
        } catch {
            var failure: ResponseError? = nil
            var dropping = 0
            if case .member(let container, let key) = source {
                failure = unrepresentableNumber(error, in: container, key: key)
                dropping = container.codingPath.count + 1
            }
            return .failure(
                failure
                    ?? ParamsErrorDescription.invalidParams(for: error, dropping: dropping)
                    ?? context.registry.translateError(error)
                    ?? .invalidParams(
                        path: "",
                        reason: isParserError(error) ? "a number in params is out of range" : String(describing: error))
            )
        }
    }

    /// The call a relay's params carry (`tools/call {name, arguments}`), wrapped in the
    /// relay's answer; or the error that answers the relay itself: params with no usable
    /// name, a name that names no method, carried params that are not an object. The
    /// carried call's own failures are the relay's to answer (`RelayedCall.outcome`).
    static func prepare<Context>(relay: Relay, source: ParamsSource, context: DecodingContext<Context>)
        -> Result<PreparedCall<Context>, ResponseError>
    {
        let nameKey = AnyCodingKey(stringValue: relay.nameKey)
        let paramsKey = AnyCodingKey(stringValue: relay.paramsKey)
        guard case .member(let envelope, let key) = source,
            let params = try? envelope.nestedContainer(keyedBy: AnyCodingKey.self, forKey: key),
            params.contains(nameKey)
        else {
            return .failure(.invalidParams(path: relay.nameKey, reason: "required field is missing"))
        }
        guard let name = try? params.decode(String.self, forKey: nameKey) else {
            return .failure(.invalidParams(path: relay.nameKey, reason: "expected a string"))
        }
        guard let method = relay.target(name), let entry = context.registry.entries[method], entry.relay == nil else {
            return .failure(relay.unknown(name))
        }
        var carried = ParamsSource.absent
        if params.contains(paramsKey), (try? params.decodeNil(forKey: paramsKey)) != true {
            guard (try? params.nestedContainer(keyedBy: AnyCodingKey.self, forKey: paramsKey)) != nil else {
                return .failure(.invalidParams(path: relay.paramsKey, reason: "expected an object"))
            }
            carried = .member(params, key: paramsKey)
        }
        let call = prepare(entry, source: carried, context: context)
        let translate = context.registry.translateError
        return .success(
            PreparedCall { unit in
                let outcome: Result<any Encodable & Sendable, ResponseError>
                switch call {
                case .failure(let error):
                    outcome = .failure(error)
                case .success(let call):
                    do {
                        outcome = .success(try call.result(unit))
                    } catch {
                        // An error no one maps is the server's fault: the relay itself fails,
                        // and the serve loop logs it as it logs any other.
                        guard let mapped = error as? ResponseError ?? translate(error) else { throw error }
                        outcome = .failure(mapped)
                    }
                }
                return try relay.answer(RelayedCall(name: name, method: method, outcome: outcome))
            })
    }

    /// The path of the first string in params (object keys included; array order, keys
    /// sorted) that holds U+0000. Stores cut strings short at it, so it is refused
    /// anywhere in params, with its path. Only called when the line has a `\u0000` escape.
    private static func firstNULString(in container: KeyedDecodingContainer<AnyCodingKey>, key: AnyCodingKey)
        -> String?
    {
        guard let tree = try? container.decode(JSONValue.self, forKey: key) else { return nil }
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
        _ error: any Error, in container: KeyedDecodingContainer<AnyCodingKey>, key: AnyCodingKey
    ) -> ResponseError? {
        guard isParserError(error),
            let tree = try? container.decode(JSONValue.self, forKey: key),
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
