import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the process ended, once it has; set by the reaper thread.
final class EndingBox: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var ending: LiveProcess.Ending?

    func set(_ value: LiveProcess.Ending) {
        condition.lock()
        ending = value
        condition.broadcast()
        condition.unlock()
    }

    func wait(timeout: TimeInterval) -> LiveProcess.Ending? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while ending == nil && condition.wait(until: deadline) {}
        return ending
    }
}

public struct LiveProcessError: Error, CustomStringConvertible {
    public var description: String
    /// An error that says what went wrong.
    public init(_ description: String) { self.description = description }
}
