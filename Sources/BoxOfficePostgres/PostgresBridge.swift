import Dispatch
import NIOCore
import PostgresNIO
import Synchronization

/// The bridge from the driver's futures to boxoffice's synchronous store seam: the
/// calling thread (the serve loop's, or the live seat maps' watcher's; never one of the
/// driver's event-loop threads, which would wait for itself) waits on a semaphore until
/// the future completes.
extension PostgresSession {
    /// Waits for `future` on the calling thread, at most `answerTimeout`, or until
    /// `closing` (the connection's close) completes first.
    /// - Throws: what the future failed with; `PostgresFailure.unavailable` after the
    ///   deadline, once `onTimeout` has run, or when the connection closed unanswered.
    static func wait<T: Sendable>(
        for future: EventLoopFuture<T>, closing: EventLoopFuture<Void>? = nil, onTimeout: () -> Void
    ) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        future.whenComplete { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        // A connection that the server closed (a shutdown, a restart) can leave a query
        // written in the moment it closed unanswered: waiting for its answer would keep
        // the client waiting for the whole timeout.
        closing?.whenComplete { _ in done.signal() }
        let seconds = Double(answerTimeout.components.seconds)
        if done.wait(timeout: .now() + seconds) == .timedOut {
            onTimeout()
            throw PostgresFailure.unavailable(
                "the server did not answer in \(Int(seconds)) s", during: .statement)
        }
        guard let result = outcome.withLock({ $0 }) else {
            onTimeout()
            throw PostgresFailure.unavailable("the connection was closed", during: .statement)
        }
        return try result.get()
    }
}

extension PostgresConnection {
    /// Starts closing the connection without waiting for it; the connection stays alive
    /// until it is closed (the driver asserts that no connection ends open).
    func closeSoon() {
        let closing: EventLoopFuture<Void> = close()
        closing.whenComplete { _ in withExtendedLifetime(self) {} }
    }
}

/// Runs tasks on one event loop of the driver: the work of a statement (handing it to the
/// connection, taking its rows) happens on the thread that does the connection's I/O,
/// with no hop to the cooperative pool and back. The tasks only await, never block.
final class EventLoopExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
