import BoxOffice
import BoxOfficeTesting
import Testing

@testable import BoxOfficeRPC

/// One registration list: every method once, and the registry serves exactly it
/// (registering a name twice traps at start, in `MethodRegistry.register`).
struct MethodListTests {
    @Test func everyMethodIsListedOnce() throws {
        let names = BoxOfficeService.methods.map { $0.method }
        #expect(Set(names).count == names.count, "a method is listed twice: \(names.sorted())")
        let test = try TestCinema()
        let deterministic = BoxOfficeService.registry(cinema: test.cinema, manualClock: test.clock)
        #expect(deterministic.methodNames == names.sorted())
        let production = BoxOfficeService.registry(cinema: test.cinema)
        #expect(production.methodNames == names.filter { !$0.hasPrefix("debug.") }.sorted())
    }
}
