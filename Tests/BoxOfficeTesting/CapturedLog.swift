import Logging
import Synchronization

/// A log that keeps its lines in memory instead of printing them, so that a test that
/// makes the server log an error can check the line, and a passing run prints none.
public final class CapturedLog: Sendable {
    /// One line: its level and its message.
    public struct Entry: Sendable, Equatable {
        /// How severe.
        public var level: Logger.Level
        /// What it says.
        public var message: String
    }

    private let entries = Mutex<[Entry]>([])

    /// An empty log.
    public init() {}

    /// A logger that writes here, at every level from `level` up.
    public func logger(label: String = "test", level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { _ in Handler(log: self) }
        logger.logLevel = level
        return logger
    }

    /// Every line so far.
    public var lines: [Entry] { entries.withLock { $0 } }

    /// The messages logged at `level`.
    public func messages(at level: Logger.Level) -> [String] {
        lines.filter { $0.level == level }.map(\.message)
    }

    fileprivate func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.append(Entry(level: event.level, message: event.message.description))
        }
    }
}
