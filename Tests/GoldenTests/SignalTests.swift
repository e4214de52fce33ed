import BoxOfficeTesting
import Foundation
import JSONRPC
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The transport of section 1 of the contract, through the real binary: line limits,
/// bytes that are not UTF-8, line endings, end of input, SIGTERM and a reader that goes
/// away. No sleeps: a test knows the server is ready once it has answered a request.
/// SIGTERM and SIGPIPE: the process answers what it read and exits 0, or goes quietly.
struct SignalTests {
    @Test(arguments: Engine.all)
    func sigtermToAnIdleServerExitsZero(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        let process = try ProcessTests.start(on: database)
        #expect(process.send(ProcessTests.pingRequest(id: 1)))
        try ProcessTests.expectAnswer(process, ProcessTests.pingAnswer(id: 1))
        // Ready and idle, stdin still open.
        // Not .uncaughtSignal(SIGTERM): the signal ends the input, and the process exits.
        #expect(try ProcessTests.terminate(process) == .exit(0), "stderr:\n\(process.standardError)")
        #expect(try process.readToEnd() == [])
    }

    /// The input is in the pipe before the server starts, so its first read takes every
    /// line. The first line, a batch of 900 calls, keeps the server busy while the others
    /// wait in its queue, and each of those takes it a little while too. SIGTERM then
    /// arrives with lines read but not yet answered: they are still answered, and only
    /// then does the process exit 0.
    @Test(arguments: Engine.all)
    func sigtermWhileLinesAreQueuedStillAnswersWhatWasRead(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        func batch(_ ids: ClosedRange<Int>) -> String {
            "[" + ids.map { ProcessTests.infoRequest(id: $0) }.joined(separator: ",") + "]\n"
        }
        let queued = (2...10).map { batch($0 * 100...$0 * 100 + 24) }
        let process = try LiveProcess(
            ["serve", "--db", database.location, "--deterministic"], stderrIn: database.scratch.url,
            waitingInput: Array((batch(1...900) + queued.joined()).utf8))
        let first = try #require(try process.readLine(), "stderr:\n\(process.standardError)")
        // At once, while the server is still busy with the lines after the first.
        // stdin stays open: only the signal ends the input.
        #expect(try ProcessTests.terminate(process) == .exit(0), "stderr:\n\(process.standardError)")
        guard case .array(let answers) = try ProcessTests.parse(first) else {
            Issue.record("the batch was not answered with an array: \(first.prefix(300))")
            return
        }
        #expect(answers.count == 900)
        let rest = try process.readToEnd()
        #expect(rest.count == 9, "stderr:\n\(process.standardError)")
        for (index, line) in rest.enumerated() {
            let ids = (index + 2) * 100...(index + 2) * 100 + 24
            let expected = JSONValue.array(
                ids.map { ProcessTests.infoAnswer(id: .integer(Int64($0)), database: database) })
            #expect(
                JSONComparison.matches(expected: expected, actual: try ProcessTests.parse(line)), "line \(index + 2)")
        }
    }

    /// Lines still arriving when SIGTERM comes: whatever was answered came in order and
    /// whole, and the process exits 0.
    @Test(arguments: Engine.all)
    func sigtermWhileLinesArriveAnswersInOrder(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        let process = try ProcessTests.start(on: database)
        let count = 300
        let requests = (1...count).map { ProcessTests.pingRequest(id: $0) + "\n" }.joined()
        #expect(process.write(Array(requests.utf8)))
        try ProcessTests.expectAnswer(process, ProcessTests.pingAnswer(id: 1))
        #expect(try ProcessTests.terminate(process) == .exit(0), "stderr:\n\(process.standardError)")
        let rest = try process.readToEnd()
        #expect(rest.count < count)
        for (index, line) in rest.enumerated() {
            #expect(try ProcessTests.parse(line) == ProcessTests.pingAnswer(id: .integer(Int64(index + 2))))
        }
    }

    /// The client closes its end of stdout and then still writes: the next answer meets a
    /// closed pipe, and the process must end by itself, not be killed by SIGPIPE.
    @Test(arguments: Engine.all)
    func aReaderThatGoesAwayDoesNotKillTheProcessWithSIGPIPE(on engine: Engine) throws {
        let database = try TestDatabase(engine)
        let process = try ProcessTests.start(on: database)
        #expect(process.send(ProcessTests.pingRequest(id: 1)))
        try ProcessTests.expectAnswer(process, ProcessTests.pingAnswer(id: 1))
        process.closeOutput()
        process.send(ProcessTests.pingRequest(id: 2))
        process.send(ProcessTests.infoRequest(id: 3))
        process.closeInput()
        // Not .uncaughtSignal(SIGPIPE): the serve loop stops when its reader is gone, and
        // the command returns normally.
        #expect(try process.waitForExit() == .exit(0), "stderr:\n\(process.standardError)")
    }
}
