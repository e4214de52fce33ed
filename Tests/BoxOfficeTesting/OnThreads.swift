import Foundation
import Synchronization

/// Runs `count` calls of `body` at once, each on a `Thread` of its own, as so many
/// processes would, and returns their results in order (or throws the first error).
///
/// Each call may block its thread on the database for as long as it likes: these are
/// not the cooperative pool's threads (on 2 cores it has two), so a call that waits for a
/// lock another call holds can never starve the others, and a driver that answers
/// through async code has a free thread to do it on.
/// - Throws: the error of the first call (by index) that threw.
public func onThreads<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) throws -> [T] {
    let results = Mutex<[Int: Result<T, any Error>]>([:])
    let done = DispatchGroup()
    for index in 0..<count {
        done.enter()
        let thread = Thread {
            let outcome = Result { try body(index) }
            results.withLock { $0[index] = outcome }
            done.leave()
        }
        thread.name = "test process \(index)"
        thread.start()
    }
    done.wait()
    let finished = results.withLock { $0 }
    return try (0..<count).map { index in try finished[index]!.get() }
}
