import Foundation
import Testing

@testable import BoxOffice

/// A fresh, empty directory, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("boxoffice-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

extension Timestamp {
    /// A timestamp a test spells out; a typo fails the test instead of crashing it.
    static func at(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Timestamp {
        try #require(Timestamp(rfc3339: text), sourceLocation: sourceLocation)
    }
}

/// The id the `n`th call of a `CountingIdentifiers` gives.
func countedID(_ n: Int) -> String {
    let digits = String(n)
    return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits
}

/// A cinema on its own in-memory database, with a clock standing at 2030-01-01T00:00:00Z
/// and counted ids.
struct TestCinema {
    let cinema: Cinema
    let clock: ManualClock

    init(now: String = "2030-01-01T00:00:00Z") throws {
        clock = ManualClock(start: try Timestamp.at(now))
        cinema = Cinema(database: try BoxOfficeDatabase.inMemory(), clock: clock, ids: CountingIdentifiers())
    }
}

/// Runs `body` and returns the `BoxOfficeError` it threw, or nil when it threw none.
func boxOfficeError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> BoxOfficeError? {
    do {
        try body()
        return nil
    } catch let error as BoxOfficeError {
        return error
    } catch {
        Issue.record("expected a BoxOfficeError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
