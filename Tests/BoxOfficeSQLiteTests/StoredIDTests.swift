import Foundation
import GRDB
import Testing

@testable import BoxOfficeSQLite

/// Ids go into `uuid` columns as 16 bytes when they are lowercase UUIDs, as their text
/// otherwise, and read back exactly as they were given.
struct StoredIDTests {
    @Test(arguments: [
        "00000000-0000-4000-8000-000000000158", "f47ac10b-58cc-4372-a567-0e02b2c3d479",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
    ])
    func aLowercaseUUIDIsSixteenBytes(id: String) throws {
        let data = try #require(StoredID.bytes(id))
        #expect(data.count == 16)
        #expect(StoredID.value(id) == data.databaseValue)
        #expect(StoredID.text(StoredID.value(id)) == id)
    }

    @Test(arguments: [
        "F47AC10B-58CC-4372-A567-0E02B2C3D479", "booking-1", "", "f47ac10b-58cc-4372-a567-0e02b2c3d47",
        "f47ac10b-58cc-4372-a567-0e02b2c3d4799", "f47ac10b_58cc-4372-a567-0e02b2c3d479",
        "f47ac10b-58cc-4372-a567-0e02b2c3d47g", "f47ac10b-58cc-4372-a5670-e02b2c3d479",
    ])
    func anythingElseIsItsText(id: String) {
        #expect(StoredID.bytes(id) == nil)
        #expect(StoredID.value(id) == id.databaseValue)
        #expect(StoredID.text(StoredID.value(id)) == id)
    }

    /// `ORDER BY uuid` must be the order of the ids' text: pages of bookings rely on it.
    @Test func bytesSortAsTheTextDoes() throws {
        let ids = (0..<200).map { _ in UUID().uuidString.lowercased() } + ["00000000-0000-4000-8000-000000000009"]
        let sorted = try DatabaseQueue().write { db in
            try db.execute(sql: "CREATE TEMP TABLE ids (uuid BLOB)")
            for id in ids { try db.execute(sql: "INSERT INTO ids VALUES (?)", arguments: [StoredID.value(id)]) }
            return try DatabaseValue.fetchAll(db, sql: "SELECT uuid FROM ids ORDER BY uuid").map(StoredID.text)
        }
        #expect(sorted == ids.sorted())
    }

    @Test func theSQLFunctionStoresAsTheBindingDoes() throws {
        let queue = try DatabaseQueue()
        let values = try queue.inDatabase { db in
            db.add(function: StoredID.function)
            return try DatabaseValue.fetchAll(
                db, sql: "SELECT storedId(?) UNION ALL SELECT storedId(?) UNION ALL SELECT storedId(NULL)",
                arguments: ["00000000-0000-4000-8000-000000000158", "m1"])
        }
        #expect(
            values == [
                StoredID.value("00000000-0000-4000-8000-000000000158"), "m1".databaseValue, DatabaseValue.null,
            ])
    }
}
