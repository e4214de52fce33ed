import Synchronization

/// A thread-safe dictionary that keeps at most `capacity` entries: past it, the entry
/// used longest ago goes. For what a long-running process builds per showing (its seats
/// as answered, their prepared bytes), so that memory follows the showings in use, not
/// every showing the process has ever served.
public final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var uses: UInt64 = 0
    }

    /// The most entries kept.
    public let capacity: Int
    private let state = Mutex(State())

    /// An empty cache that keeps at most `capacity` (at least 1) entries.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many entries are kept now.
    public var count: Int { state.withLock { $0.entries.count } }

    /// The value kept for `key`, which counts as a use; nil when none is.
    public func value(for key: Key) -> Value? {
        state.withLock { state in
            guard state.entries[key] != nil else { return nil }
            state.uses += 1
            state.entries[key]!.lastUse = state.uses
            return state.entries[key]!.value
        }
    }

    /// The value kept for `key`, or `make()`'s, kept from then on. `make` runs outside
    /// the lock; when two threads make the same key at once, the first one kept wins and
    /// both get it.
    /// - Throws: what `make` throws; nothing is kept then.
    public func value(for key: Key, orMake make: () throws -> Value) rethrows -> Value {
        if let kept = value(for: key) { return kept }
        let made = try make()
        return state.withLock { state in
            state.uses += 1
            if let first = state.entries[key] {
                state.entries[key]!.lastUse = state.uses
                return first.value
            }
            if state.entries.count >= capacity,
                let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key
            {
                state.entries[oldest] = nil
            }
            state.entries[key] = Entry(value: made, lastUse: state.uses)
            return made
        }
    }

    /// Keeps `value` for `key`, in place of any kept before.
    public func set(_ value: Value, for key: Key) {
        state.withLock { state in
            state.uses += 1
            if state.entries[key] == nil, state.entries.count >= capacity,
                let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key
            {
                state.entries[oldest] = nil
            }
            state.entries[key] = Entry(value: value, lastUse: state.uses)
        }
    }
}
