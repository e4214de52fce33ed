import BoxOffice
import JSONRPC

/// The boxoffice JSON-RPC service: every method of the contract, wired to a `Cinema`.
public enum BoxOfficeService {
    /// This build's version.
    public static let version = "0.1.0"
    /// The contract's protocol version.
    public static let protocolVersion = "1"

    /// The registry of every method. With a `manualClock` (the `--deterministic` mode),
    /// `debug.advanceClock` is registered too, and moves that clock.
    public static func registry(cinema: Cinema, manualClock: ManualClock? = nil) -> MethodRegistry {
        var registry = MethodRegistry(translateError: ErrorMapping.responseError(for:))
        registry.register(ServerInfo.self) { _ in try ServerInfo.handle(cinema) }
        registry.register(Discover.self) { _ in Discover.Result(listsDebugMethods: manualClock != nil) }
        registerCatalog(&registry, cinema: cinema)
        registerBooking(&registry, cinema: cinema)
        registerSeats(&registry, cinema: cinema)
        if let manualClock {
            registry.register(AdvanceClock.self) { params in try AdvanceClock.handle(params, clock: manualClock) }
        }
        return registry
    }
}
