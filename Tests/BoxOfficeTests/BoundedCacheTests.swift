import Testing

@testable import BoxOffice

/// The cache that keeps per-showing work bounded: at most its capacity, the entry used
/// longest ago goes first, and a kept value is never made again.
struct BoundedCacheTests {
    @Test func theEntryUsedLongestAgoGoesFirst() {
        let cache = BoundedCache<String, Int>(capacity: 3)
        var made: [String] = []
        func value(_ key: String) -> Int {
            cache.value(for: key) {
                made.append(key)
                return made.count
            }
        }
        #expect([value("a"), value("b"), value("c")] == [1, 2, 3])
        #expect(value("a") == 1, "kept, not made again")
        #expect(value("d") == 4, "b, used longest ago, makes room")
        #expect(cache.count == 3)
        #expect(cache.value(for: "b") == nil)
        #expect([cache.value(for: "a"), cache.value(for: "c"), cache.value(for: "d")] == [1, 3, 4])
        cache.set(9, for: "e")
        #expect(cache.value(for: "a") == nil, "a was used before c and d")
        #expect(cache.count == 3)
        #expect(made == ["a", "b", "c", "d"])
    }

    @Test func aFailedMakeKeepsNothing() {
        struct Failure: Error {}
        let cache = BoundedCache<Int, Int>(capacity: 2)
        #expect(throws: Failure.self) { try cache.value(for: 1) { throw Failure() } }
        #expect(cache.count == 0)
        #expect(cache.value(for: 1) { 7 } == 7)
    }
}
