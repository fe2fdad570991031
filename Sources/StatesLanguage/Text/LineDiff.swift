/// A line diff in unified format (`---`/`+++` headers, `@@` hunks with 3 lines of context), used by
/// the catalog's check mode and by StatecraftTesting's golden histories.
package enum LineDiff {
    /// Above this many cells the middle of the files is shown as one removed block and one added
    /// block instead of being aligned line by line (the alignment table grows with the product of the
    /// two line counts).
    package static let alignmentLimit = 4_000_000

    /// The lines of a text; a final line break ends the last line rather than starting an empty one.
    package static func lines(of text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    package static func unified(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = lines(of: old), b = lines(of: new)
        enum Line { case same(String), removed(String), added(String) }
        var lines: [(Line, Int, Int)] = []  // with the old and new line numbers (1-based) it stands at
        // Common lines at both ends need no alignment.
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        for k in 0..<prefix { lines.append((.same(a[k]), k + 1, k + 1)) }
        let middleA = Array(a[prefix..<(a.count - suffix)]), middleB = Array(b[prefix..<(b.count - suffix)])
        if middleA.count * middleB.count <= alignmentLimit {
            // Longest common subsequence table, from the ends.
            var lcs = [[Int]](repeating: [Int](repeating: 0, count: middleB.count + 1), count: middleA.count + 1)
            for i in stride(from: middleA.count - 1, through: 0, by: -1) {
                for j in stride(from: middleB.count - 1, through: 0, by: -1) {
                    lcs[i][j] = middleA[i] == middleB[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < middleA.count || j < middleB.count {
                if i < middleA.count, j < middleB.count, middleA[i] == middleB[j] {
                    lines.append((.same(middleA[i]), prefix + i + 1, prefix + j + 1)); i += 1; j += 1
                } else if i < middleA.count, j == middleB.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                    lines.append((.removed(middleA[i]), prefix + i + 1, prefix + j + 1)); i += 1
                } else {
                    lines.append((.added(middleB[j]), prefix + i + 1, prefix + j + 1)); j += 1
                }
            }
        } else {
            for (k, line) in middleA.enumerated() { lines.append((.removed(line), prefix + k + 1, prefix + 1)) }
            for (k, line) in middleB.enumerated() { lines.append((.added(line), prefix + middleA.count + 1, prefix + k + 1)) }
        }
        for k in 0..<suffix {
            lines.append((.same(a[a.count - suffix + k]), a.count - suffix + k + 1, b.count - suffix + k + 1))
        }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var index = 0
        while index < lines.count {
            guard let firstChange = lines[index...].firstIndex(where: { if case .same = $0.0 { false } else { true } }) else { break }
            let start = max(index, firstChange - context)
            var end = firstChange
            // Extend the hunk while changes are closer than twice the context.
            var k = firstChange
            while k < lines.count {
                if case .same = lines[k].0 {
                    let nextChange = lines[k...].firstIndex { if case .same = $0.0 { false } else { true } }
                    if let next = nextChange, next - k <= 2 * context { k = next; continue }
                    end = min(lines.count, k + context)
                    break
                }
                k += 1
                end = k
            }
            let hunk = lines[start..<end]
            let oldCount = hunk.filter { if case .added = $0.0 { false } else { true } }.count
            let newCount = hunk.filter { if case .removed = $0.0 { false } else { true } }.count
            // An empty side is written as line 0 (`-0,0`), as unified diffs do.
            let oldStart = oldCount == 0 ? 0 : hunk.first?.1 ?? 0
            let newStart = newCount == 0 ? 0 : hunk.first?.2 ?? 0
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for (line, _, _) in hunk {
                switch line {
                case .same(let s): out += " \(s)\n"
                case .removed(let s): out += "-\(s)\n"
                case .added(let s): out += "+\(s)\n"
                }
            }
            index = end
        }
        return out
    }
}
