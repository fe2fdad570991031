/// Suggestions for misspelled names ("did you mean ...?").
package enum Spelling {
    /// The largest edit distance a suggestion may be from the word.
    static let maximumDistance = 3

    /// A name prepared for repeated comparisons: lower-cased scalars and the distance it tolerates.
    struct Candidate {
        let name: String
        let scalars: [Unicode.Scalar]
        let threshold: Int

        init(_ name: String) {
            self.name = name
            self.scalars = Array(name.lowercased().unicodeScalars)
            self.threshold = max(1, min(Spelling.maximumDistance, name.count / 3))
        }
    }

    /// The closest candidate within a small edit distance (case-insensitive), if any.
    ///
    /// Linear in the total length of the word and the candidates: distances are computed only
    /// inside the band that a distance of at most ``maximumDistance`` can reach.
    package static func suggestion<S: Sequence>(for word: String, among candidates: S) -> String? where S.Element == String {
        suggestion(for: word, among: candidates.lazy.map(Candidate.init))
    }

    /// The closest of prepared candidates; a candidate whose length is out of reach costs nothing more.
    static func suggestion<S: Sequence>(for word: String, among candidates: S) -> String? where S.Element == Candidate {

        let lowered = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            guard abs(candidate.scalars.count - lowered.count) <= candidate.threshold else { continue }
            let distance = editDistance(lowered, candidate.scalars, limit: candidate.threshold)
            if distance <= candidate.threshold, best.map({ distance < $0.1 }) ?? true {
                best = (candidate.name, distance)
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
