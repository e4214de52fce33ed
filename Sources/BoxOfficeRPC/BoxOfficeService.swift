import BoxOffice
import JSONRPC
import Logging

/// A method of the box office: an `RPCMethod` that knows how it shows itself and how its
/// handler is registered. Every method is a `ReadingMethod` or a `WritingMethod`, so its
/// handler's signature says whether it writes.
protocol CinemaMethod: RPCMethod, SendableMetatype {
    /// Whether the method exists only in `--deterministic` mode.
    static var onlyWhenDeterministic: Bool { get }
    /// How the method shows itself to MCP hosts as a tool; nil for a method that makes
    /// no sense as one (`rpc.discover`, a subscription).
    static var tool: ToolFace? { get }
    /// Registers the handler in `registry`, answering from `service`.
    static func register(in registry: inout MethodRegistry<UnitOfWork>, service: ServiceContext)
}

extension CinemaMethod {
    static var onlyWhenDeterministic: Bool { false }
    static var tool: ToolFace? { nil }
}

/// A method that only reads, or answers from this process itself: its handler is given
/// the service and never a unit of work.
protocol ReadingMethod: CinemaMethod {
    /// Answers one call.
    /// - Throws: `BoxOfficeError`s and `ResponseError`s, which the registry maps to the
    ///   contract's errors.
    static func handle(_ params: Params, in service: ServiceContext) throws -> Result
}

extension ReadingMethod {
    static func register(in registry: inout MethodRegistry<UnitOfWork>, service: ServiceContext) {
        registry.register(self) { params in try handle(params, in: service) }
    }
}

/// A method that writes: its handler is given the call's unit of work and writes only
/// through it (`WriteContext.write`), so that calls of it waiting together share one
/// commit (group commit).
protocol WritingMethod: CinemaMethod {
    /// Answers one call, writing through `context`.
    /// - Throws: `BoxOfficeError`s and `ResponseError`s, which the registry maps to the
    ///   contract's errors.
    static func handle(_ params: Params, in context: WriteContext) throws -> Result
}

extension WritingMethod {
    static func register(in registry: inout MethodRegistry<UnitOfWork>, service: ServiceContext) {
        registry.register(self, joinsGroups: true) { params, unit in
            try handle(params, in: WriteContext(service: service, unit: unit))
        }
    }
}

/// What a writing handler answers from: the service, and the unit of work its writes go
/// to: a transaction of their own, or a savepoint of the one its group shares.
struct WriteContext {
    let service: ServiceContext
    let unit: UnitOfWork

    /// The box office.
    var cinema: Cinema { service.cinema }

    /// Runs `body` as the call's one write.
    /// - Throws: what `body` throws (nothing of it is written then); `BoxOfficeError.busy`.
    func write<T>(_ body: (CinemaTransaction) throws -> T) throws -> T {
        try unit.write(body)
    }
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

/// A box office ready to serve: its methods, the units of work their calls run in, and
/// the notifications its live seat maps send, which the server's output writes after
/// answers and between requests.
public struct ServedBoxOffice: Sendable {
    /// Every method, wired to the cinema.
    public let registry: MethodRegistry<UnitOfWork>
    /// `seatmap.changed`, for `ServerOutput`.
    public let notifications: any NotificationSource
    /// Group commit where the store groups commits (writes that arrive together share one
    /// commit); every call alone where it does not.
    public let units: CinemaUnits
}

/// The units of work of the box office's calls: one of its own for a call alone, and for
/// a group one write transaction of the cinema (`Cinema.group`), each call's writes in a
/// savepoint of it.
public struct CinemaUnits: CallUnits {
    /// The box office the calls write to.
    public let cinema: Cinema
    /// At most 64 calls a group where the store groups commits: small enough that the
    /// write lock is never held for long by one group, so other processes' busy timeouts
    /// are not starved; big enough to share most of a commit. 1 where it does not.
    public let maxGroupSize: Int

    /// The units of `cinema`'s calls, grouped as its store wants.
    public init(cinema: Cinema) {
        self.cinema = cinema
        maxGroupSize = cinema.store.groupsCommits ? 64 : 1
    }

    /// Runs one call in a unit of work of its own.
    public func alone(_ body: (UnitOfWork) -> Void) {
        body(.alone(cinema))
    }

    /// Runs the calls of a group in one write transaction.
    /// - Throws: the commit's failure; nothing of the group is written then.
    public func together(_ body: (UnitOfWork) -> Void) throws {
        try cinema.group { body($0) }
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
    public static func registry(cinema: Cinema, manualClock: ManualClock? = nil) -> MethodRegistry<UnitOfWork> {
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
        var registry = MethodRegistry<UnitOfWork>(translateError: ErrorMapping.responseError(for:))
        for method in methods {
            if manualClock != nil || !method.onlyWhenDeterministic {
                method.register(in: &registry, service: service)
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
            units: CinemaUnits(cinema: cinema))
    }
}
