/// Finds the candidate closest to a misspelt word, for "did you mean …?" hints.
///
/// Uses the optimal-string-alignment distance (insertions, deletions, substitutions and
/// swaps of neighbours), compared case-insensitively. A candidate is offered only when it
/// is close enough to be a plausible typo: never a list of every valid value.
package enum Suggestions {
    /// The nearest candidate, or `nil` when none is plausibly meant.
    package static func nearest<S: Sequence>(to word: String, in candidates: S) -> String?
    where S.Element == String {
        nearest(to: word, in: Candidates(candidates))
    }

    /// Candidates folded once, for lists asked again and again (the catalog's names, a form's keys): `check`
    /// suggests for every unknown partner or credential key it meets.
    package struct Candidates: Sendable {
        let names: [String]
        let folded: [[Unicode.Scalar]]

        package init<S: Sequence>(_ names: S) where S.Element == String {
            self.names = Array(names)
            self.folded = self.names.map(Suggestions.fold)
        }
    }

    /// The nearest of prepared candidates, or `nil` when none is plausibly meant.
    package static func nearest(to word: String, in candidates: Candidates) -> String? {
        let target = fold(word)
        guard !target.isEmpty else { return nil }
        var best: (index: Int, distance: Int)?
        for (index, other) in candidates.folded.enumerated() {
            var limit = max(1, min(3, max(target.count, other.count) / 3))
            // Only a strictly nearer candidate can replace the best so far.
            if let best { limit = min(limit, best.distance - 1) }
            guard limit >= 0, abs(other.count - target.count) <= limit else { continue }
            let distance = editDistance(target, other, limit: limit)
            guard distance <= limit else { continue }
            best = (index, distance)
            if distance == 0 { break }
        }
        return best.map { candidates.names[$0.index] }
    }

    static func fold(_ text: String) -> [Unicode.Scalar] {
        Array(text.lowercased().unicodeScalars)
    }

    /// Optimal string alignment distance between two sequences of scalars; any value above `limit` is returned as
    /// `limit + 1` as soon as every alignment is past it.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int = .max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows -> Int in
            guard let base = rows.baseAddress else { return limit == .max ? max(a.count, b.count) : limit + 1 }
            var previousPrevious = base
            var previous = base + width
            var current = base + 2 * width
            for j in 0..<width {
                previousPrevious[j] = 0
                previous[j] = j
            }
            for i in 1...a.count {
                current[0] = i
                var rowMinimum = i
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        value = min(value, previousPrevious[j - 2] + 1)
                    }
                    current[j] = value
                    rowMinimum = min(rowMinimum, value)
                }
                // A transposition reads two rows back, so stop only when both rows are past the limit.
                if limit != .max, rowMinimum > limit, i > 1, (0..<width).allSatisfy({ previous[$0] > limit }) { return limit + 1 }
                (previousPrevious, previous, current) = (previous, current, previousPrevious)
            }
            return previous[b.count]
        }
    }
}
