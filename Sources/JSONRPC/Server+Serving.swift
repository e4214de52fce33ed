/// Where input units come from, in arrival order.
public protocol LineSource {
    /// The units already read and framed, at most `limit` of them, waiting for the first
    /// if none is; none when the input has ended. A source that cannot tell what is
    /// ready gives one at a time.
    func next(atMost limit: Int) -> [FramedLine]
}

extension Server {
    /// Answers every unit `source` gives, in order, writing each answer to `sink` as
    /// soon as it is ready. Returns when the source ends or the reader goes away.
    public func serve(_ source: some LineSource, to sink: some FrameSink) {
        serve(source, to: ServerOutput(sink: sink))
    }

    /// Answers every unit `source` gives, in order, through `output`: each answer as soon
    /// as it is ready, followed by the notifications due then. Returns when the source
    /// ends or the reader goes away.
    ///
    /// Calls that join groups and were waiting together in the input (never waiting for
    /// more) run as one group when `units` allow it, and their answers are written
    /// together, in order, once the group is kept. Anything else ends the group and runs
    /// after it, alone, so a read sees every write before it.
    public func serve(_ source: some LineSource, to output: ServerOutput) {
        var brokenRequest = false
        let most = max(1, units.maxGroupSize)
        while true {
            let ready = source.next(atMost: most)
            if ready.isEmpty { return }
            var group: [Decoded] = []
            for input in ready {
                let unit = decode(input, afterBrokenRequest: &brokenRequest)
                if most > 1, joinsGroups(unit) {
                    group.append(unit)
                    continue
                }
                guard write(group, to: output), write([unit], to: output) else { return }
                group = []
            }
            guard write(group, to: output) else { return }
        }
    }

    /// Runs `units` (none, one on its own, or a group) and writes their answers; false
    /// once the output is closed.
    private func write(_ decoded: [Decoded], to output: ServerOutput) -> Bool {
        let open: Bool
        switch decoded.count {
        case 0:
            return true
        case 1:
            let unit = decoded[0]
            open = output.answer {
                var line: [UInt8]?
                units.alone { context in line = run(unit, in: context) }
                return line
            }
        default:
            open = output.answer(lines: { runTogether(decoded) })
        }
        if !open { logger.notice("output closed; stopping") }
        return open
    }

    /// Runs the calls of a group in one context; their answers in order, or, when the
    /// group could not be kept, the error for every one of them.
    private func runTogether(_ group: [Decoded]) -> [[UInt8]] {
        var answers: [[UInt8]] = []
        answers.reserveCapacity(group.count)
        do {
            try units.together { context in
                for unit in group {
                    if let line = run(unit, in: context) { answers.append(line) }
                }
            }
            logger.debug("\(group.count) calls kept together")
            return answers
        } catch {
            let response = error as? ResponseError ?? registry.translateError(error) ?? .internalError
            logger.error("\(group.count) calls run together could not be kept: \(Self.words(for: error))")
            return group.compactMap { unit in
                guard case .single(let message) = unit, case .call(let id?, _, _) = message.kind else { return nil }
                return ResponseLine.error(id: id, response)
            }
        }
    }
}
