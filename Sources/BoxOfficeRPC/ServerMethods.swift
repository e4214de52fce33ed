import BoxOffice
import JSONRPC

/// `server.info`: what this process is, which protocol it speaks, its clock and its database.
enum ServerInfo: ReadingMethod {
    static let method = "server.info"
    typealias Params = EmptyParams

    /// The answer to `server.info`.
    struct Result: Encodable, Sendable, Equatable {
        var name: String
        var version: String
        var `protocol`: String
        var now: Timestamp
        var database: DatabaseInfo
    }

    /// The database part of `server.info`: the same keys on every engine, and on SQLite
    /// also `sqliteVersion` (the same as `engineVersion`) and `journalMode`, which clients
    /// read before there was a second engine.
    struct DatabaseInfo: Encodable, Sendable, Equatable {
        var engine: String
        var engineVersion: String
        var path: String
        var schemaVersion: Int
        var sqliteVersion: String?
        var journalMode: String?
        var durability: String
    }

    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        let cinema = service.cinema
        let info = try cinema.store.info()
        return Result(
            name: "boxoffice", version: BoxOfficeService.version, protocol: BoxOfficeService.protocolVersion,
            now: cinema.clock.now(),
            database: DatabaseInfo(
                engine: info.engine, engineVersion: info.engineVersion, path: info.path,
                schemaVersion: info.schemaVersion, sqliteVersion: info.engine == "sqlite" ? info.engineVersion : nil,
                journalMode: info.engine == "sqlite" ? info.journalMode : nil, durability: info.durability))
    }
}

/// `debug.advanceClock`: moves the standing clock of a `--deterministic` run forward.
/// Registered only in that mode.
enum AdvanceClock: ReadingMethod {
    static let onlyWhenDeterministic = true
    static let method = "debug.advanceClock"

    /// How far to move the clock.
    struct Params: StrictDecodable, Sendable {
        /// Whole seconds, 0 to 315,360,000 (ten years).
        var seconds: Int64
        enum CodingKeys: String, CodingKey, CaseIterable { case seconds }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            seconds = try container.decode(Int64.self, forKey: .seconds)
            guard (0...315_360_000).contains(seconds) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .seconds, in: container,
                    debugDescription: "must be a whole number of seconds from 0 to 315360000; the clock never goes back"
                )
            }
        }
    }

    /// The clock's new time.
    struct Result: Encodable, Sendable, Equatable {
        var now: Timestamp
    }

    static func handle(_ params: Params, in service: ServiceContext) throws -> Result {
        guard let clock = service.manualClock else { throw ResponseError.methodNotFound }
        // Leave room for the longest hold, so that every time written stays a four-digit year.
        guard clock.now().adding(seconds: params.seconds + BookingLimits.maxHoldSeconds) <= Timestamp.latest else {
            throw ResponseError.invalidParams(path: "seconds", reason: "would move the clock past the year 9999")
        }
        return Result(now: clock.advance(seconds: params.seconds))
    }
}
