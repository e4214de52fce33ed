import BoxOffice
import BoxOfficeRPC
import BoxOfficeSQLite
import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// What the serve loop logs of an error is words, never a Swift value.
struct ErrorLogTests {
    /// A store whose server went away: every read and write says so.
    final class GoneStore: CinemaStore {
        let base: SQLiteStore
        init(base: SQLiteStore) { self.base = base }
        func read<T>(_ body: (any CinemaRecords) throws -> T) throws -> T {
            throw BoxOfficeError.databaseUnavailable(commitUnknown: false)
        }
        func write<T>(_ body: (any CinemaRecordWriter) throws -> T) throws -> T {
            throw BoxOfficeError.databaseUnavailable(commitUnknown: true)
        }
        func changeFeed() throws -> any ChangeFeed { try base.changeFeed() }
        func info() throws -> StoreInfo { try base.info() }
        func close() throws { try base.close() }
    }

    @Test func aDatabaseThatWentAwayIsLoggedInWords() throws {
        let cinema = Cinema(store: GoneStore(base: try SQLiteStore.inMemory()), ids: CountingIdentifiers())
        let served = BoxOfficeService.serving(cinema: cinema)
        let log = CapturedLog()
        let server = Server(registry: served.registry, units: served.units, logger: log.logger())
        let lines = [
            #"{"jsonrpc":"2.0","id":1,"method":"movies.list"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"movies.create","params":{"title":"T","durationMinutes":90}}"#,
        ]
        for line in lines {
            let answer = try JSONValue.parse(bytes: try #require(server.respond(to: .line(Array(line.utf8)))))
            #expect(answer["error"]["data"]["reason"] == "DATABASE_UNAVAILABLE", "\(answer)")
        }
        #expect(
            log.messages(at: .error) == [
                "movies.list 1 failed: the database server cannot be reached; nothing was written",
                "movies.create 2 failed: the database server went away while a write was committing:"
                    + " it may or may not have landed",
            ])
    }
}
