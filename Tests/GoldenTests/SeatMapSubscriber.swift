import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

/// A client of a live `boxoffice serve` that subscribed to a seat map, as a kiosk is: it
/// keeps the seat map of the subscribe answer with every `seatmap.changed` applied, and
/// checks each notification on the way (no id, its subscription and showing, a cursor
/// that never goes back).
final class SeatMapSubscriber {
    let process: LiveProcess
    let showingId: String
    let subscription: String
    /// The subscribe answer's seat map, statuses as first answered.
    private let firstSeatMap: JSONValue
    /// Status and `mine` of each seat by label, with every notification applied.
    private(set) var statuses: [String: String] = [:]
    private(set) var mine: [String: Bool] = [:]
    private(set) var counts: JSONValue
    private(set) var cursor: Int64
    /// Every notification read, in order.
    private(set) var notifications: [JSONValue] = []
    private var nextId = 1000

    /// Subscribes through `process` to `showingId`, as `userId` when given.
    init(process: LiveProcess, showingId: String, userId: String? = nil) throws {
        self.process = process
        self.showingId = showingId
        var params: [String: JSONValue] = ["showingId": .string(showingId)]
        if let userId { params["userId"] = .string(userId) }
        let answer = try process.call("seatmap.subscribe", .object(params), id: "subscribe")
        guard let subscription = answer["result"]["subscription"].string,
            let cursor = answer["result"]["cursor"].integer
        else { throw BookingTestError("seatmap.subscribe failed: \(answer)") }
        self.subscription = subscription
        self.cursor = cursor
        firstSeatMap = answer["result"]["seatMap"]
        counts = firstSeatMap["counts"]
        for seat in firstSeatMap["rows"].array.flatMap({ $0["seats"].array }) {
            statuses[seat["label"].string ?? ""] = seat["status"].string
            mine[seat["label"].string ?? ""] = seat["mine"].bool
        }
    }

    /// The seat map as the client now sees it: the subscribe answer with every
    /// notification applied, in `seatmap.get`'s shape.
    var seatMap: JSONValue {
        var map = firstSeatMap.object
        map["counts"] = counts
        map["rows"] = .array(
            firstSeatMap["rows"].array.map { row in
                var object = row.object
                object["seats"] = .array(
                    row["seats"].array.map { seat in
                        var seat = seat.object
                        let label = seat["label"]?.string ?? ""
                        seat["status"] = statuses[label].map(JSONValue.string)
                        seat["mine"] = mine[label].map(JSONValue.bool)
                        return .object(seat)
                    } as [JSONValue])
                return .object(object)
            })
        return .object(map)
    }

    /// Reads notifications until `condition` holds; answers how long that took.
    /// - Throws: when it does not hold within `timeout` seconds, or a line is not a
    ///   notification of this subscription.
    @discardableResult
    func waitUntil(timeout: TimeInterval, _ what: String, _ condition: (SeatMapSubscriber) -> Bool) throws
        -> TimeInterval
    {
        let start = Date()
        while !condition(self) {
            let remaining = timeout - Date().timeIntervalSince(start)
            guard remaining > 0, let line = try? process.readLine(timeout: remaining) else {
                throw BookingTestError(
                    "\(what): not told within \(timeout) s; seats now \(statuses); stderr:\n\(process.standardError)")
            }
            try apply(try JSONValue.parse(line))
        }
        return Date().timeIntervalSince(start)
    }

    /// Calls `method` through the subscriber's process and answers the response; the
    /// notifications read before it are applied and returned too.
    func call(_ method: String, _ params: JSONValue) throws -> (answer: JSONValue, before: [JSONValue]) {
        nextId += 1
        let id = JSONValue.integer(Int64(nextId))
        try process.send(lines: [RequestLine.make(method, params, id: id)])
        var before: [JSONValue] = []
        while true {
            let value = try process.nextJSON(timeout: 30)
            if value["id"] == id { return (value, before) }
            try apply(value)
            before.append(value)
        }
    }

    /// Reads the answers to `count` requests sent before, applying the notifications
    /// between them.
    func answers(_ count: Int) throws -> [JSONValue] {
        var answers: [JSONValue] = []
        while answers.count < count {
            let value = try process.nextJSON(timeout: 30)
            if value.object["id"] == nil {
                try apply(value)
            } else {
                answers.append(value)
            }
        }
        return answers
    }

    private func apply(_ message: JSONValue) throws {
        guard message["method"].string == "seatmap.changed", message.object["id"] == nil,
            message["jsonrpc"].string == "2.0"
        else { throw BookingTestError("not a seatmap.changed notification: \(message)") }
        let params = message["params"]
        #expect(params["subscription"].string == subscription, "\(message)")
        #expect(params["showingId"].string == showingId, "\(message)")
        let cursor = params["cursor"].integer ?? -1
        #expect(cursor >= self.cursor, "the cursor went back: \(message)")
        self.cursor = cursor
        #expect(!params["seats"].array.isEmpty, "a notification with no seats: \(message)")
        for seat in params["seats"].array {
            let label = seat["label"].string ?? ""
            #expect(statuses[label] != nil, "a seat not in the seat map: \(seat)")
            statuses[label] = seat["status"].string
            mine[label] = seat["mine"].bool
        }
        counts = params["counts"]
        notifications.append(message)
    }
}
