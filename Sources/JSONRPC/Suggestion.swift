/// The name a person most likely meant: `showing_id` → `showingId`, `showing.list` →
/// `showings.list`. Case, `_`, `-` and `.` do not count; beyond that, the closest by
/// edit distance wins, if it is close enough to be a typo rather than another word.
public enum Suggestion {
    /// The known name nearest to `name`, or nil when none is near.
    public static func nearest(to name: String, among known: some Sequence<String>) -> String? {
        let wanted = folded(name)
        var best: (name: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(wanted, folded(candidate))
            if distance < (best?.distance ?? .max) || distance == best?.distance && candidate < best!.name {
                best = (candidate, distance)
            }
        }
        guard let best else { return nil }
        // A third of the name's length, at least one edit and at most three.
        let allowed = min(3, max(1, wanted.count / 3))
        return best.distance <= allowed ? best.name : nil
    }

    private static func folded(_ name: String) -> [Character] {
        Array(name.lowercased().filter { $0 != "_" && $0 != "-" && $0 != "." })
    }

    /// Levenshtein distance, with a swap of two neighbours counting as one edit.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
