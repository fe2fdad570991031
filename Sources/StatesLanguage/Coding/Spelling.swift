/// Suggestions for misspelled names ("did you mean ...?").
enum Spelling {
    /// The largest edit distance a suggestion may be from the word.
    static let maximumDistance = 3

    /// The closest candidate within a small edit distance (case-insensitive), if any.
    ///
    /// Linear in the total length of the word and the candidates: distances are computed only
    /// inside the band that a distance of at most ``maximumDistance`` can reach.
    static func suggestion<S: Sequence>(for word: String, among candidates: S) -> String? where S.Element == String {
        let lowered = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let threshold = max(1, min(maximumDistance, candidate.count / 3))
            // A length difference past the threshold rules the candidate out before any work.
            guard abs(candidate.unicodeScalars.count - lowered.count) <= threshold else { continue }
            let distance = editDistance(lowered, Array(candidate.lowercased().unicodeScalars), limit: threshold)
            if distance <= threshold, best.map({ distance < $0.1 }) ?? true {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// The Levenshtein distance of `a` and `b`, or `limit + 1` when it is larger than `limit`.
    ///
    /// Only cells within `limit` of the diagonal are computed: O((|a| + |b|) · limit).
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int = maximumDistance) -> Int {
        let over = limit + 1
        if abs(a.count - b.count) > limit { return over }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // previous[j] and current[j] hold row i's distances for columns j in i-limit...i+limit.
        var previous = [Int](repeating: over, count: b.count + 1)
        var current = previous
        for j in 0...min(b.count, limit) { previous[j] = j }
        for i in 1...a.count {
            let low = max(1, i - limit)
            let high = min(b.count, i + limit)
            current[low - 1] = low == 1 ? min(i, over) : over
            var rowBest = current[low - 1]
            if low <= high {
                for j in low...high {
                    let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                    let deletion = previous[j] + 1
                    let insertion = current[j - 1] + 1
                    let value = min(substitution, deletion, insertion, over)
                    current[j] = value
                    rowBest = min(rowBest, value)
                }
            }
            if high < b.count { current[high + 1] = over }
            if rowBest >= over { return over }
            swap(&previous, &current)
        }
        return min(previous[b.count], over)
    }
}
