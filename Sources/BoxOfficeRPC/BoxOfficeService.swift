import BoxOffice
import JSONRPC
import Logging

/// A method of the box office: an `RPCMethod` with the handler that answers it.
protocol CinemaMethod: RPCMethod, SendableMetatype {
    /// Whether the method exists only in `--deterministic` mode.
    static var onlyWhenDeterministic: Bool { get }
    /// Answers one call.
    /// - Throws: `BoxOfficeError`s and `ResponseError`s, which the registry maps to the
    ///   contract's errors.
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result
    /// How the method shows itself to MCP hosts as a tool; nil for a method that makes
    /// no sense as one (`rpc.discover`, a subscription).
    static var tool: ToolFace? { get }
    /// Whether calls of it that arrive together may share one commit: only a method
    /// whose every write goes through one `Cinema.transaction`.
    static var joinsGroups: Bool { get }
}

extension CinemaMethod {
    static var onlyWhenDeterministic: Bool { false }
    static var tool: ToolFace? { nil }
    static var joinsGroups: Bool { false }
}

/// What handlers answer from: the cinema, and the things of this process that only a
/// few methods need.
struct ServiceContext: Sendable {
    let cinema: Cinema
    /// The standing clock of a `--deterministic` process; nil otherwise.
    let manualClock: ManualClock?
    /// Seat map bytes prepared per showing.
    let seatMapEncoding = SeatMapEncoding()
    /// The last seat map answers, reused while nothing changed.
    let seatMapAnswers = SeatMapAnswers()
    /// This process's live seat maps.
    let liveSeatMaps: LiveSeatMaps
    /// The seat map resources MCP clients subscribed to, among the live seat maps.
    let resourceSubscriptions = ResourceSubscriptions()
}

/// A box office ready to serve: its methods, and the notifications its live seat maps
/// send, which the server's output writes after answers and between requests.
public struct ServedBoxOffice: Sendable {
    /// Every method, wired to the cinema.
    public let registry: MethodRegistry
    /// `seatmap.changed`, for `ServerOutput`.
    public let notifications: any NotificationSource
    /// Group commit: bookings and seat changes that arrive together share one commit; nil
    /// when the store does not group commits.
    public let grouping: (any CallGrouping)?
}

/// Group commit for the box office: the calls of a group run in one write transaction of
/// the cinema (`Cinema.group`), each in a savepoint of its own.
struct CinemaGrouping: CallGrouping {
    let cinema: Cinema
    /// Small enough that the write lock is never held for long by one group, so other
    /// processes' busy timeouts are not starved; big enough to share most of a commit.
    let maxGroupSize = 64

    func together(_ body: () -> Void) throws {
        try cinema.group { body() }
    }
}

/// The boxoffice JSON-RPC service: every method of the contract, wired to a `Cinema`.
public enum BoxOfficeService {
    /// This build's version.
    public static let version = "0.1.0"
    /// The contract's protocol version.
    public static let protocolVersion = "1"

    /// Every method, in one list: adding a method means a type for it and a line here.
    static let methods: [any CinemaMethod.Type] = [
        ServerInfo.self, Discover.self, AdvanceClock.self,
        CreateMovie.self, ListMovies.self, CreateTheater.self, ListTheaters.self, CreateShowing.self,
        ListShowings.self,
        GetSeatMap.self, GetAvailability.self, CheckAvailability.self, FindBestSeats.self, BlockSeats.self,
        UnblockSeats.self, SubscribeSeatMap.self, UnsubscribeSeatMap.self,
        HoldSeats.self, ConfirmBooking.self, CreateBooking.self, ExtendHold.self, CancelBooking.self,
        GetBooking.self, ListBookings.self,
    ]

    /// The registry of every method. With a `manualClock` (the `--deterministic` mode),
    /// the methods that exist only then are registered too.
    public static func registry(cinema: Cinema, manualClock: ManualClock? = nil) -> MethodRegistry {
        serving(cinema: cinema, manualClock: manualClock).registry
    }

    /// The registry of every method and the notifications of its live seat maps, which
    /// look for changes every `watchInterval` when a watcher runs.
    public static func serving(
        cinema: Cinema, manualClock: ManualClock? = nil, watchInterval: Duration = .milliseconds(100),
        logger: Logger = Logger(label: "boxoffice")
    ) -> ServedBoxOffice {
        let live = LiveSeatMaps(cinema: cinema)
        let service = ServiceContext(cinema: cinema, manualClock: manualClock, liveSeatMaps: live)
        var registry = MethodRegistry(translateError: ErrorMapping.responseError(for:))
        for method in methods {
            if manualClock != nil || !method.onlyWhenDeterministic {
                register(method, in: &registry, service: service)
            } else {
                registry.markUnavailable(
                    method.method, because: "it exists only when boxoffice serve runs with --deterministic")
            }
        }
        registry.markUnavailable(
            SeatMapChanged.method,
            because: "it is the notification the server sends after seatmap.subscribe; clients never call it")
        MCPFace.register(in: &registry, service: service)
        return ServedBoxOffice(
            registry: registry,
            notifications: SeatMapNotifications(
                live: live, resources: service.resourceSubscriptions, interval: watchInterval, logger: logger),
            grouping: cinema.store.groupsCommits ? CinemaGrouping(cinema: cinema) : nil)
    }

    private static func register<M: CinemaMethod>(
        _ method: M.Type, in registry: inout MethodRegistry, service: ServiceContext
    ) {
        registry.register(method, joinsGroups: M.joinsGroups) { params in try M.handle(params, in: service) }
    }
}
