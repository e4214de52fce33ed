import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// A process that ends cleanly (its stdin ends, or SIGTERM) lets go of its SQLite file so
/// that the log is checkpointed into it: a copy of the `.sqlite` file alone, taken after
/// every process has exited, holds every booking. (A live database is copied with
/// `boxoffice backup`, or all three files.)
struct CleanExitTests {
    enum Ending: String, CaseIterable, Sendable {
        case endOfInput, sigterm
    }

    @Test(arguments: Ending.allCases)
    func aCopyOfTheFileAloneHoldsEveryBookingAfterACleanExit(ending: Ending) throws {
        let scratch = try ScratchDirectory()
        let demo = try BookingDemoDatabase(named: "kept.sqlite", in: scratch.url)
        let seatSets = [["A5", "A6"], ["B1"], ["C3", "C4", "C5"], ["G1"]]
        // Two processes at once, as kiosks share a file: each must let go cleanly.
        let kiosks = [try LiveProcess.bookingServer(demo), try LiveProcess.bookingServer(demo)]
        var made: [JSONValue] = []
        for (index, seats) in seatSets.enumerated() {
            let answer = try kiosks[index % 2].call(
                "booking.create",
                ["showingId": .string(demo.showingId), "userId": "ana", "seats": .array(seats.map(JSONValue.string))],
                id: .integer(Int64(index)))
            try #require(answer["result"]["status"].string == "confirmed", "\(answer)")
            made.append(answer["result"])
        }
        for kiosk in kiosks {
            switch ending {
            case .endOfInput: kiosk.closeInput()
            case .sigterm: kiosk.sendSignal(SIGTERM)
            }
        }
        for kiosk in kiosks {
            #expect(try kiosk.waitForExit(timeout: 30) == .exit(0), "stderr:\n\(kiosk.standardError)")
            #expect(kiosk.standardError.isEmpty, "\(kiosk.standardError)")
        }
        // Only the main file goes over.
        let elsewhere = try ScratchDirectory()
        let copy = elsewhere.path("copy.sqlite")
        try FileManager.default.copyItem(atPath: demo.location, toPath: copy)
        let reader = try LiveProcess.bookingServer(database: URL(fileURLWithPath: copy))
        for (index, booking) in made.enumerated() {
            let found = try reader.call(
                "booking.get", ["bookingId": booking["id"], "userId": "ana"], id: .integer(Int64(index)))
            #expect(found["result"] == booking, "\(found)")
        }
        reader.closeInput()
        #expect(try reader.waitForExit(timeout: 30) == .exit(0), "stderr:\n\(reader.standardError)")
    }
}
