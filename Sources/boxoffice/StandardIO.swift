import Dispatch
import Foundation
import JSONRPC

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The protocol's stdout: a private copy of fd 1 that only protocol messages reach, each
/// framed as the session's input is (lines until told otherwise).
///
/// Taking it points fd 1 at stderr, so a stray `print` anywhere in the process lands in
/// the log and can never corrupt the stream of responses.
final class ProtocolOutput: FrameSink, @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    /// Guarded by `lock`: set once by the reader when the input chose it, read by writers.
    private var chosenFraming = Framing.lines

    private init(fd: Int32) { self.fd = fd }

    /// How messages are framed from now on.
    var framing: Framing {
        get { lock.withLock { chosenFraming } }
        set { lock.withLock { chosenFraming = newValue } }
    }

    /// Duplicates stdout for the protocol and sends everything else written to fd 1 to stderr.
    static func takeStandardOutput() -> ProtocolOutput {
        fflush(nil)
        let fd = dup(STDOUT_FILENO)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        dup2(STDERR_FILENO, STDOUT_FILENO)
        #if os(Linux)
            // A 64 KiB pipe makes a large answer (a seat map of 400 seats is ~67 KB) wait
            // for the reader halfway; a bigger one lets it go in one write. Where the system
            // refuses (not a pipe, over its limit), the pipe stays as it was.
            // F_SETPIPE_SZ, which Glibc shows only to _GNU_SOURCE code.
            let setPipeSize: Int32 = 1031
            _ = fcntl(fd, setPipeSize, Int32(1 << 20))
        #endif
        // SIGPIPE would kill the process when the reader goes away; a failed write is
        // handled instead.
        signal(SIGPIPE, SIG_IGN)
        return ProtocolOutput(fd: fd)
    }

    /// Writes the message in the session's framing with as many `write(2)` calls as it takes.
    func write(line: [UInt8]) -> Bool {
        writeAll(framing.frame(line), to: fd)
    }

    /// Writes the messages of a group, each in the session's framing, with one buffer:
    /// as few `write(2)` calls as the pipe allows.
    func write(lines: [[UInt8]]) -> Bool {
        let framing = framing
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.count + 32 })
        for line in lines { bytes.append(contentsOf: framing.frame(line)) }
        return writeAll(bytes, to: fd)
    }
}

/// Stdin, read with a blocking `read(2)` loop on a thread of its own and cut into
/// messages (lines, or Content-Length frames). A bounded queue between the reader and the server keeps memory in check
/// when a client writes faster than it is answered.
final class StandardInput: LineSource, @unchecked Sendable {
    // Every stored var below is guarded by `condition`.
    private let condition = NSCondition()
    private var lines: [FramedLine] = []
    private var head = 0
    private var closed = false
    private let limits: Limits
    private let framing: Framing?
    private let framingChosen: @Sendable (Framing) -> Void
    private static let capacity = 64

    /// Stdin in `framing`, or in the one its first bytes choose when nil; `framingChosen`
    /// hears which, on the reader thread, before the first message is queued.
    init(limits: Limits, framing: Framing?, framingChosen: @escaping @Sendable (Framing) -> Void) {
        self.limits = limits
        self.framing = framing
        self.framingChosen = framingChosen
    }

    /// Starts the reader thread.
    func startReading() {
        let thread = Thread { [self] in readUntilEnd() }
        thread.name = "stdin"
        thread.start()
    }

    /// Ends the input: lines already read are still served, nothing more is read.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The lines read and framed so far, at most `limit`, waiting for the first; none
    /// once the input has ended and every line was taken.
    func next(atMost limit: Int) -> [FramedLine] {
        condition.lock()
        defer { condition.unlock() }
        while head == lines.count && !closed {
            condition.wait()
        }
        let end = min(lines.count, head + limit)
        guard head < end else { return [] }
        let taken = Array(lines[head..<end])
        head = end
        if head == lines.count {
            lines.removeAll(keepingCapacity: true)
            head = 0
        }
        condition.broadcast()
        return taken
    }

    /// Queues a line, waiting while the queue is full; false once the input is closed.
    private func enqueue(_ line: FramedLine) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while lines.count - head >= Self.capacity && !closed {
            condition.wait()
        }
        if closed { return false }
        lines.append(line)
        condition.broadcast()
        return true
    }

    private func readUntilEnd() {
        var framer = limits.makeInputFramer(framing: framing)
        var announced = framing != nil
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        reading: while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count > 0 {
                let units = framer.feed(buffer[0..<count])
                if !announced, let chosen = framer.framing {
                    announced = true
                    framingChosen(chosen)
                }
                for line in units where !enqueue(line) { return }
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break reading
            }
        }
        let units = framer.finish()
        if !announced, let chosen = framer.framing { framingChosen(chosen) }
        for line in units where !enqueue(line) { return }
        close()
    }
}

/// The write end of the pipe that the signal handler writes to. Set once, before the
/// handler is installed, and only read after that: by the handler, which may do no more
/// than `write(2)`.
nonisolated(unsafe) private var terminationPipe: Int32 = -1

/// SIGTERM and SIGINT end the input the way EOF does: what was read is answered, then
/// the process exits 0.
///
/// The handler is installed with `sigaction` before any request is read, so no signal
/// can fall into a gap between "ignored" and "handled"; it writes a byte to a pipe, and a
/// thread waiting on the pipe does the rest outside signal context.
final class TerminationSignals {
    init(onSignal: @escaping @Sendable () -> Void) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { fatalError("cannot create the signal pipe: errno \(errno)") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        terminationPipe = fds[1]
        let reader = fds[0]
        let thread = Thread {
            var byte: UInt8 = 0
            while read(reader, &byte, 1) < 0 && errno == EINTR {}
            onSignal()
        }
        thread.name = "signals"
        thread.start()

        var action = sigaction()
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { _ in
                var byte: UInt8 = 1
                _ = write(terminationPipe, &byte, 1)
            }
        #else
            action.__sigaction_u.__sa_handler = { _ in
                var byte: UInt8 = 1
                _ = write(terminationPipe, &byte, 1)
            }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for number in [SIGTERM, SIGINT] {
            sigaction(number, &action, nil)
        }
    }
}

/// Lines for people on stderr: notes on what a command did, apart from the log.
enum StandardError {
    /// Writes `text` and a line end to stderr.
    static func line(_ text: String) {
        _ = writeAll(Array((text + "\n").utf8), to: STDERR_FILENO)
    }
}

/// Writes all of `bytes` to `fd`, with as many `write(2)` calls as it takes; false when
/// the reader went away or the write failed.
func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }
}
