import BoxOffice
import JSONRPC

/// `server.info`: what this process is, which protocol it speaks, its clock and its database.
public enum ServerInfo: RPCMethod {
    public static let method = "server.info"
    public typealias Params = EmptyParams

    /// The answer to `server.info`.
    public struct Result: Encodable, Sendable, Equatable {
        public var name: String
        public var version: String
        public var `protocol`: String
        public var now: Timestamp
        public var database: DatabaseInfo
    }

    /// The database part of `server.info`.
    public struct DatabaseInfo: Encodable, Sendable, Equatable {
        public var path: String
        public var schemaVersion: Int
        public var sqliteVersion: String
        public var journalMode: String
    }

    static func handle(_ cinema: Cinema) throws -> Result {
        let info = try cinema.database.info()
        return Result(
            name: "boxoffice", version: BoxOfficeService.version, protocol: BoxOfficeService.protocolVersion,
            now: cinema.clock.now(),
            database: DatabaseInfo(
                path: info.path, schemaVersion: info.schemaVersion, sqliteVersion: info.sqliteVersion,
                journalMode: info.journalMode))
    }
}

/// `debug.advanceClock`: moves the standing clock of a `--deterministic` run forward.
/// Registered only in that mode.
public enum AdvanceClock: RPCMethod {
    public static let method = "debug.advanceClock"

    /// How far to move the clock.
    public struct Params: StrictDecodable, Sendable {
        /// Whole seconds, 0 to 315,360,000 (ten years).
        public var seconds: Int64
        public enum CodingKeys: String, CodingKey, CaseIterable { case seconds }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            seconds = try container.decode(Int64.self, forKey: .seconds)
            guard (0...315_360_000).contains(seconds) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .seconds, in: container,
                    debugDescription: "must be a whole number of seconds from 0 to 315360000; the clock never goes back")
            }
        }
    }

    /// The clock's new time.
    public struct Result: Encodable, Sendable, Equatable {
        public var now: Timestamp
    }

    static func handle(_ params: Params, clock: ManualClock) throws -> Result {
        // Leave room for the longest hold, so that every time written stays a four-digit year.
        guard clock.now().adding(seconds: params.seconds + BookingLimits.maxHoldSeconds) <= Timestamp.latest else {
            throw ResponseError.invalidParams(path: "seconds", reason: "would move the clock past the year 9999")
        }
        return Result(now: clock.advance(seconds: params.seconds))
    }
}
