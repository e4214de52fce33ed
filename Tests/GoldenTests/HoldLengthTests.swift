import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// A hold lasts at least what it was asked for, on the real clock, however late in a
/// second it is made: its `expiresAt` is its creation rounded up to the second plus the
/// ttl, so it may last up to a second more, never less.
///
/// Each hold is sent at a chosen fraction of a second. Every seat check whose answer came
/// back before `sent + ttl` was made by the server before the hold could have run out, so
/// it must say `held`; after `expiresAt` (and the checks' own latency) it must say
/// `available`.
@Suite
struct HoldLengthTests {
    /// The fractions of a second the holds are made at: early, middle and late ones.
    static let fractions: [Double] = [0.05, 0.3, 0.55, 0.8, 0.97]

    @Test(arguments: Engine.all)
    func aHoldLastsItsTtlWhateverTheFractionOfASecond(on engine: Engine) throws {
        let database = try TestDatabase(engine, named: "hold-length.sqlite")
        let demo = try BookingDemoDatabase(database)
        let server = try LiveProcess.bookingServer(demo)
        let showing = JSONValue.string(demo.showingId)
        // PostgreSQL's clock is the server's, measured from this host to within a
        // round trip: a few milliseconds of leeway for that measurement.
        let leeway = engine == .postgresql ? 0.02 : 0
        var id: Int64 = 0
        func call(_ method: String, _ params: JSONValue) throws -> JSONValue {
            id += 1
            return try server.call(method, params, id: .integer(id))
        }

        for (index, fraction) in Self.fractions.enumerated() {
            let ttl: Int64 = index % 2 == 0 ? 1 : 2
            let seat = JSONValue.string("G\(index + 3)")
            Self.sleepUntil(fraction: fraction)
            let sent = Date()
            let hold = try call(
                "booking.hold",
                ["showingId": showing, "userId": "ana", "seats": [seat], "ttlSeconds": .integer(ttl)])
            let made = try #require(hold["result"]["createdAt"].date, "\(hold)")
            let expires = try #require(hold["result"]["expiresAt"].date, "\(hold)")
            #expect(expires.timeIntervalSince(made) >= Double(ttl), "at \(fraction) s: \(hold)")
            #expect(
                expires.timeIntervalSince(sent) >= Double(ttl) - leeway,
                "sent at \(sent.timeIntervalSince1970), \(hold)")

            // Check the seat until it is free again, judging each answer by when it came.
            var answers = 0
            while true {
                let check = try call("availability.check", ["showingId": showing, "seats": [seat]])
                let received = Date()
                let status = try #require(check["result"]["seats"][0]["status"].string, "\(check)")
                answers += 1
                if received.timeIntervalSince(sent) < Double(ttl) - leeway {
                    #expect(status == "held", "\(received.timeIntervalSince(sent)) s after the hold was sent")
                }
                if status == "available" {
                    #expect(
                        received >= expires.addingTimeInterval(-leeway),
                        "free at \(received.timeIntervalSince1970), before expiresAt \(expires)")
                    break
                }
                #expect(status == "held", "\(check)")
                try #require(
                    received.timeIntervalSince(expires) < 5, "still \(status) 5 s after expiresAt: \(check)")
                Thread.sleep(forTimeInterval: 0.02)
            }
            #expect(answers > 1)
        }
        server.closeInput()
        _ = try server.readToEnd(timeout: 30)
        #expect(try server.waitForExit(timeout: 30) == .exit(0), "stderr:\n\(server.standardError)")
    }

    /// Sleeps until the wall clock's fraction of a second is `fraction`.
    static func sleepUntil(fraction: Double) {
        let now = Date().timeIntervalSince1970
        var wait = fraction - (now - now.rounded(.down))
        if wait < 0.01 { wait += 1 }
        Thread.sleep(forTimeInterval: wait)
    }
}
