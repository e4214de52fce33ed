import Foundation

/// A fresh, empty directory for one test, removed when the test lets go of it.
public final class ScratchDirectory: Sendable {
    /// Where it is.
    public let url: URL

    /// Makes the directory under the system's temporary directory.
    /// - Throws: when it cannot be created.
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("boxoffice-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
