import Testing

@testable import BoxOffice

/// A small seeded generator (SplitMix64), so that a failing case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Best available on random small screens, checked against brute force: every placement
/// side by side in a run is enumerated and scored from the definitions, apart from the
/// code under test.
struct BestAvailablePropertyTests {
    /// One seat as brute force sees it.
    struct Seat {
        var row: Int
        var x: Int
        var type: SeatType
        var taken: Bool
    }

    /// A random screen of up to 6 rows of up to 12 cells, with gaps and every seat type,
    /// drawn as `DrawnScreen` reads it (lowercase: taken).
    static func randomScreen(_ random: inout SplitMix64) -> [String] {
        let rows = Int.random(in: 1...6, using: &random)
        let takenChance = Double.random(in: 0...0.8, using: &random)
        let labels = Array("ABCDEF")
        return (0..<rows).map { row in
            let width = Int.random(in: 1...12, using: &random)
            var cells = (0..<width).map { _ -> Character in
                switch Int.random(in: 0..<100, using: &random) {
                case 0..<15: "."
                case 15..<62: "R"
                case 62..<75: "P"
                case 75..<82: "V"
                case 82..<91: "W"
                default: "C"
                }
            }
            if !cells.contains(where: { $0 != "." }) { cells[Int.random(in: 0..<width, using: &random)] = "R" }
            let drawn = cells.map { cell in
                cell != "." && Double.random(in: 0..<1, using: &random) < takenChance
                    ? Character(cell.lowercased()) : cell
            }
            return "\(labels[row]): \(String(drawn))"
        }
    }

    static func randomRequest(_ random: inout SplitMix64) -> BestAvailableRequest {
        let count = Int.random(in: 1...8, using: &random)
        var types: Set<SeatType>?
        if Bool.random(using: &random) {
            types = Set(SeatType.allCases.filter { _ in Int.random(in: 0..<3, using: &random) > 0 })
        }
        let spaces =
            Int.random(in: 0..<4, using: &random) == 0 ? Int.random(in: 1...min(count, 3), using: &random) : nil
        return BestAvailableRequest(
            count: count, types: types, wheelchairSpaces: spaces,
            preventSingles: Int.random(in: 0..<4, using: &random) > 0)
    }

    @Test func randomScreensAgreeWithBruteForce() throws {
        var random = SplitMix64(state: 20_301_130)
        var outcomes: [String: Int] = [:]
        for _ in 0..<4000 {
            let rows = Self.randomScreen(&random)
            let request = Self.randomRequest(&random)
            let screen = try DrawnScreen(rows)
            let oracle = BruteForce(screen: screen, request: request)
            let first = Result { () throws(BestAvailableError) in
                try screen.scores.bestAvailable(request, taken: screen.taken)
            }
            let second = Result { () throws(BestAvailableError) in
                try screen.scores.bestAvailable(request, taken: screen.taken)
            }
            #expect(first == second, "not deterministic: \(rows) \(request)")
            switch first {
            case .failure(let refusal):
                #expect(refusal == oracle.expectedRefusal, "\(rows) \(request)")
                outcomes["refused", default: 0] += 1
            case .success(let choice):
                #expect(oracle.expectedRefusal == nil, "\(rows) \(request): \(choice)")
                let problems = oracle.problems(with: choice)
                #expect(problems.isEmpty, "\(rows) \(request): \(choice): \(problems)")
                let kind =
                    (request.wheelchairSpaces == nil ? "" : "wheelchair ") + (choice.together ? "together" : "split")
                outcomes[kind, default: 0] += 1
                if choice.singlesLeft > 0 { outcomes["strands", default: 0] += 1 }
            }
        }
        // The cases reach every branch, not only the easy one.
        for outcome in ["refused", "together", "split", "strands", "wheelchair together", "wheelchair split"] {
            #expect(outcomes[outcome, default: 0] > 100, "too few \(outcome) cases: \(outcomes)")
        }
    }
}
