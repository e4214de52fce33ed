import Foundation

/// A message the server sends on its own, not as an answer: a JSON-RPC notification,
/// `{"jsonrpc":"2.0","method":…,"params":{…}}`, which the client never answers.
public struct ServerNotification: Sendable, Equatable {
    /// The method name on the wire, such as `"seatmap.changed"`.
    public var method: String
    /// The params object as JSON bytes, with no line break.
    public var params: [UInt8]

    /// A notification whose params are `params`, encoded as results are (keys sorted).
    /// - Throws: `EncodingError` if `params` cannot be encoded.
    public init(method: String, params: some Encodable) throws {
        self.method = method
        self.params = Array(try ResponseLine.resultEncoder.encode(params))
    }

    /// The notification as one output line, without its line ending.
    public var line: [UInt8] {
        var line = Array(#"{"jsonrpc":"2.0","method":"#.utf8)
        line.append(contentsOf: (try? ResponseLine.resultEncoder.encode(method)).map(Array.init) ?? Array(#""""#.utf8))
        line.append(contentsOf: #","params":"#.utf8)
        line.append(contentsOf: params)
        line.append(UInt8(ascii: "}"))
        return line
    }
}

/// Where a server's own notifications come from. The server asks it after every
/// request's answer (so that what a request caused follows its answer), and a
/// `NotificationWatcher` asks it whenever `nextLook` says so; never two at once.
public protocol NotificationSource: Sendable {
    /// The notifications due now, in the order to send them; once returned, they count as
    /// sent. A source whose client reads slowly is asked less often, so it should
    /// coalesce (latest state wins) rather than queue.
    func dueNotifications() -> [ServerNotification]

    /// How long from now until the source wants to be asked though no request came;
    /// zero or less for "now", nil while it watches nothing (then the watcher sleeps until
    /// a request has been answered).
    func nextLook() -> Duration?
}
