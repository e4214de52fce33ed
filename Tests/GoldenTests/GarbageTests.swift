import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// Garbage at 3 a.m.: thousands of mutated requests from a seeded generator. The process
/// must never crash or hang, must write nothing but well-formed JSON-RPC responses, and
/// must still answer a good request at the end.
struct GarbageTests {
    static let seeds: [String] = [
        #"{"jsonrpc":"2.0","id":1,"method":"server.info"}"#,
        #"{"jsonrpc":"2.0","id":"a","method":"showings.list","params":{"minAvailable":2,"from":"2030-01-01T00:00:00Z"}}"#,
        #"{"jsonrpc":"2.0","id":2,"method":"booking.hold","params":{"showingId":"00000000-0000-4000-8000-000000000153","userId":"u","seats":["A3","A4"],"ttlSeconds":60}}"#,
        #"{"jsonrpc":"2.0","id":3,"method":"booking.create","params":{"showingId":"00000000-0000-4000-8000-000000000155","userId":"v","seats":["B1"],"expectedTotal":{"amount":1150,"currency":"EUR"},"idempotencyKey":"k"}}"#,
        #"{"jsonrpc":"2.0","id":4,"method":"seatmap.get","params":{"showingId":"00000000-0000-4000-8000-000000000155","userId":"v"}}"#,
        #"{"jsonrpc":"2.0","id":5,"method":"theaters.create","params":{"name":"X","screens":[{"name":"1","layout":["A: RR..WC"]}]}}"#,
        #"[{"jsonrpc":"2.0","id":6,"method":"availability.get","params":{"showingId":"00000000-0000-4000-8000-000000000153"}},{"jsonrpc":"2.0","method":"server.info"}]"#,
        #"{"jsonrpc":"2.0","id":7,"method":"booking.cancel","params":{"bookingId":"00000000-0000-4000-8000-000000000158","userId":"u","seats":["A3"]}}"#,
    ]

    static let fragments: [String] = [
        "null", "true", "[]", "{}", "\"\"", "-0", "1e400", "99999999999999999999", "\"\\ud800\"", "\"\\u0000\"",
        "[[[[[[[[[[", "}}}}", "\"A1\"", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        "\"\u{1F37F}\"", "\u{0}", ",", ":", "\"params\"", "\"id\"", "-", "1.5",
    ]

    static func mutate(_ line: String, _ random: inout SplitMix64) -> [UInt8] {
        var bytes = Array(line.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &random)))
            case 2: bytes.insert(contentsOf: Array(fragments.randomElement(using: &random)!.utf8), at: at)
            case 3: bytes = Array(bytes[..<at])
            case 4: bytes.insert(contentsOf: bytes[at...].prefix(20), at: at)
            default:
                let other = Array(seeds.randomElement(using: &random)!.utf8)
                bytes = Array(bytes[..<at]) + other[Int.random(in: 0..<other.count, using: &random)...]
            }
        }
        // A line break inside would just make two lines of garbage; keep it one.
        return bytes.map { $0 == UInt8(ascii: "\n") ? UInt8(ascii: " ") : $0 }
    }

    @Test(arguments: Engine.all, [UInt64(1), 2, 3])
    func garbageNeverBreaksTheServer(on engine: Engine, seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var input: [UInt8] = []
        for _ in 0..<1500 {
            input += Self.mutate(Self.seeds.randomElement(using: &random)!, &random) + [UInt8(ascii: "\n")]
        }
        input +=
            Array(#"{"jsonrpc":"2.0","id":"last","method":"debug.advanceClock","params":{"seconds":0}}"#.utf8) + [10]

        let database = try TestDatabase(engine, named: "garbage.sqlite")
        let outcome = try BoxOfficeBinary.run(
            ["serve", "--db", database.location, "--deterministic", "--demo"], input: Data(input),
            in: database.scratch.url)
        #expect(
            outcome.status == 0 && outcome.reason == .exit,
            "seed \(seed): exit \(outcome.status); \(outcome.stderr.suffix(2000))")

        let lines = outcome.lines
        for line in lines {
            let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
            let responses: [JSONValue] = if case .array(let entries)? = value { entries } else { [value ?? .null] }
            #expect(!responses.isEmpty, "seed \(seed): an empty batch answer: \(line)")
            for response in responses {
                guard case .object(let members) = response else {
                    Issue.record("seed \(seed): not a response object: \(line.prefix(300))")
                    continue
                }
                #expect(members["jsonrpc"] == "2.0", "seed \(seed): \(line.prefix(300))")
                #expect((members["result"] == nil) != (members["error"] == nil), "seed \(seed): \(line.prefix(300))")
                #expect(members.keys.contains("id"), "seed \(seed): \(line.prefix(300))")
                if case .object(let error)? = members["error"] {
                    #expect(error["message"].map { if case .string = $0 { true } else { false } } == true)
                    #expect(
                        error["code"] != nil && error["code"] != .integer(-32603),
                        "seed \(seed): internal error for \(line.prefix(300))")
                }
            }
        }
        #expect(lines.last == #"{"jsonrpc":"2.0","id":"last","result":{"now":"2030-01-01T00:00:00Z"}}"#, "seed \(seed)")
    }
}
