import BoxOffice
import BoxOfficeRPC
import BoxOfficeTesting
import Foundation
import JSONRPC

/// A client that talks to the real method registry in this process: it sends request
/// lines to a `Server` and reads the answers as JSON values. No sleeps, no processes.
struct InProcessClient {
    let cinema: Cinema
    let clock: ManualClock
    let server: Server<UnitOfWork>
    private var nextID: Int64 = 0

    /// A server over a fresh in-memory database, with counted ids and a standing clock.
    init(now: String = "2030-01-01T00:00:00Z") throws {
        let test = try TestCinema(now: now)
        clock = test.clock
        cinema = test.cinema
        let served = BoxOfficeService.serving(cinema: cinema, manualClock: clock)
        server = Server(registry: served.registry, units: served.units, logger: CapturedLog().logger())
    }

    /// Calls `method` and returns the whole response object.
    mutating func call(_ method: String, _ params: JSONValue = [:]) throws -> [String: JSONValue] {
        nextID += 1
        let request: JSONValue = [
            "jsonrpc": "2.0", "id": .integer(nextID), "method": .string(method), "params": params,
        ]
        let line = Array(try JSONEncoder().encode(request))
        guard let answer = server.respond(to: .line(line)) else { throw ClientError("no answer to \(method)") }
        guard case .object(let response) = try JSONDecoder().decode(JSONValue.self, from: Data(answer)) else {
            throw ClientError("the answer is not an object")
        }
        return response
    }

    /// Calls `method` and returns its result, throwing when the answer is an error.
    mutating func result(_ method: String, _ params: JSONValue = [:]) throws -> JSONValue {
        let response = try call(method, params)
        guard let result = response["result"] else { throw ClientError("\(method) failed: \(response)") }
        return result
    }
}

struct ClientError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
