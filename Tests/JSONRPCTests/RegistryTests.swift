import JSONRPC
import Testing

/// One name, one method: registering a name twice is a programming error, caught at start.
struct RegistryTests {
    @Test func registeringANameTwiceTraps() async {
        await #expect(processExitsWith: .failure) {
            var registry = MethodRegistry<NoContext>()
            registry.register(Ping.self) { _ in "pong" }
            registry.register(Ping.self) { _ in "pong again" }
        }
    }

    @Test func everyNameOnceIsFine() {
        var registry = MethodRegistry<NoContext>()
        registry.register(Ping.self) { _ in "pong" }
        registry.register(Sum.self) { params in params.values.reduce(0, +) }
        #expect(registry.methodNames == ["ping", "sum"])
    }
}
