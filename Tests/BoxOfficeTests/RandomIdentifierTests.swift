import BoxOffice
import Foundation
import Testing

/// Random ids drawn from the process's seeded generator: well-formed version 4 UUIDs in
/// lowercase, and booking numbers from the readable alphabet, none drawn twice.
struct RandomIdentifierTests {
    @Test func idsAreLowercaseVersionFourUUIDsAndNeverRepeat() throws {
        let ids = RandomIdentifiers()
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = ids.newID()
            #expect(id.count == 36 && id == id.lowercased(), "\(id)")
            let parsed = try #require(UUID(uuidString: id), "\(id)")
            #expect(parsed.uuidString.lowercased() == id)
            let characters = Array(id)
            #expect(characters[14] == "4", "version: \(id)")
            #expect("89ab".contains(characters[19]), "variant: \(id)")
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
        #expect(RandomIdentifiers().newID() != RandomIdentifiers().newID(), "each source has its own seed")
    }

    @Test func bookingNumbersUseTheReadableAlphabet() {
        let ids = RandomIdentifiers()
        let numbers = (0..<2_000).map { _ in ids.newBookingNumber() }
        for number in numbers {
            #expect(number.hasPrefix("BX-") && number.count == 9, "\(number)")
            #expect(number.dropFirst(3).allSatisfy { "34679ACDEFGHJKMNPQRTUVWXY".contains($0) }, "\(number)")
        }
        #expect(Set(numbers).count > 1_990)
    }
}
