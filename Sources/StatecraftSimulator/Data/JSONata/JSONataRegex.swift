/// A regular expression in JSONata's (JavaScript's) syntax, run by a backtracking machine with an
/// explicit stack and a step budget, so neither a long subject nor a pattern that backtracks
/// catastrophically (`/(a+)+$/`) can exhaust the native stack or run unbounded.
///
/// Supported: alternation, groups (capturing, `(?:)`, named `(?<name>)`), lookahead `(?=)` `(?!)`,
/// greedy and lazy quantifiers `* + ? {n} {n,} {n,m}`, classes with ranges and the escapes
/// `\d \D \w \W \s \S`, `.`, anchors `^ $ \b \B`, back-references `\1`…, character escapes, and the
/// flags `i` and `m`. Matching works on UTF-16 code units, as JavaScript does, so positions agree.
final class JSONataRegex {
    let pattern: String
    let flags: String
    let ignoreCase: Bool
    let multiline: Bool
    fileprivate let program: [Instruction]
    /// Capturing groups (group 0, the whole match, excluded).
    let groupCount: Int
    fileprivate let registerCount: Int

    /// The most instructions a pattern may compile to (counted repetitions expand).
    static let maximumProgram = 20_000

    init(pattern: String, flags: String) throws(JSONataError) {
        self.pattern = pattern
        self.flags = flags
        ignoreCase = flags.contains("i")
        multiline = flags.contains("m")
        var parser = RegexParser(Array(pattern.utf16), ignoreCase: ignoreCase)
        let tree = try parser.parseAll()
        var compiler = RegexCompiler(ignoreCase: ignoreCase)
        try compiler.emit(tree)
        compiler.program.append(.match)
        program = compiler.program
        groupCount = parser.groupCount
        registerCount = compiler.registers
    }

    /// A match: the whole match's range and each group's (nil when it did not take part), in UTF-16 offsets.
    struct Match {
        var range: Range<Int>
        var groups: [Range<Int>?]
    }

    /// The first match at or after `start`.
    /// - Parameter steps: the budget, decremented by the work done.
    /// - Throws: `U1001` when the budget runs out.
    func firstMatch(in text: [UInt16], from start: Int, steps: inout Int) throws(JSONataError) -> Match? {
        var position = start
        while position <= text.count {
            if let m = try run(0, text, at: position, steps: &steps) { return m }
            position += 1
        }
        return nil
    }

    /// Every non-overlapping match, as JavaScript's global matching finds them.
    ///
    /// As in JSONata, the search for the next match starts where the previous one ended, and a
    /// later match of the empty string is an error (`D1004`) rather than an endless loop.
    func allMatches(in text: [UInt16], steps: inout Int, limit: Int = .max) throws(JSONataError) -> [Match] {
        var out: [Match] = []
        guard limit > 0, var m = try firstMatch(in: text, from: 0, steps: &steps) else { return out }
        while true {
            out.append(m)
            if out.count >= limit || m.range.upperBound >= text.count { break }
            guard let next = try firstMatch(in: text, from: m.range.upperBound, steps: &steps) else { break }
            if next.range.isEmpty {
                throw JSONataError("D1004", "Regular expression matches zero length string")
            }
            m = next
        }
        return out
    }

    private enum Backtrack {
        case branch(pc: Int, position: Int)
        case slot(Int, Int)
        case register(Int, Int)
        case barrier
    }

    private func run(_ entry: Int, _ text: [UInt16], at start: Int, steps: inout Int) throws(JSONataError) -> Match? {
        var slots = [Int](repeating: -1, count: (groupCount + 1) * 2)
        var registers = [Int](repeating: -1, count: registerCount)
        guard let end = try execute(entry, text, start, &slots, &registers, steps: &steps) else { return nil }
        var groups: [Range<Int>?] = []
        for g in 1...max(1, groupCount) where g <= groupCount {
            let a = slots[2 * g], b = slots[2 * g + 1]
            groups.append(a >= 0 && b >= a ? a..<b : nil)
        }
        return Match(range: start..<end, groups: groups)
    }

    /// Runs the program from `entry`; returns the end position of a match.
    private func execute(_ entry: Int, _ text: [UInt16], _ start: Int, _ slots: inout [Int], _ registers: inout [Int],
                         steps: inout Int) throws(JSONataError) -> Int? {
        var stack: [Backtrack] = []
        var pc = entry
        var position = start
        func isWord(_ i: Int) -> Bool {
            guard i >= 0, i < text.count else { return false }
            return RegexClass.isWord(text[i])
        }
        while true {
            steps -= 1
            if steps < 0 {
                throw JSONataError("U1001", "The regular expression /\(pattern)/ needs too many steps on this string (it backtracks catastrophically)")
            }
            var fail = false
            switch program[pc] {
            case .match:
                return position
            case .char(let c):
                if position < text.count, text[position] == c { position += 1; pc += 1 } else { fail = true }
            case .charFolded(let c):
                if position < text.count, RegexClass.fold(text[position]) == c { position += 1; pc += 1 } else { fail = true }
            case .any:
                if position < text.count, !RegexClass.isLineTerminator(text[position]) { position += 1; pc += 1 } else { fail = true }
            case .set(let set):
                if position < text.count, set.contains(text[position], ignoreCase: ignoreCase) { position += 1; pc += 1 } else { fail = true }
            case .split(let a, let b):
                stack.append(.branch(pc: b, position: position))
                pc = a
            case .jump(let a):
                pc = a
            case .save(let slot):
                stack.append(.slot(slot, slots[slot]))
                slots[slot] = position
                pc += 1
            case .lineStart:
                if position == 0 || (multiline && RegexClass.isLineTerminator(text[position - 1])) { pc += 1 } else { fail = true }
            case .lineEnd:
                if position == text.count || (multiline && RegexClass.isLineTerminator(text[position])) { pc += 1 } else { fail = true }
            case .wordBoundary(let expected):
                if (isWord(position - 1) != isWord(position)) == expected { pc += 1 } else { fail = true }
            case .backReference(let group):
                let a = group * 2 < slots.count ? slots[group * 2] : -1, b = group * 2 + 1 < slots.count ? slots[group * 2 + 1] : -1
                if a < 0 || b < a { pc += 1; break }
                let length = b - a
                if position + length <= text.count,
                   (0..<length).allSatisfy({ ignoreCase ? RegexClass.fold(text[a + $0]) == RegexClass.fold(text[position + $0]) : text[a + $0] == text[position + $0] }) {
                    position += length
                    pc += 1
                } else {
                    fail = true
                }
            case .mark(let r):
                stack.append(.register(r, registers[r]))
                registers[r] = position
                pc += 1
            case .progress(let r):
                if registers[r] == position { fail = true } else { pc += 1 }
            case .lookahead(let body, let negated, let next):
                var innerSlots = slots
                var innerRegisters = registers
                let found = try execute(body, text, position, &innerSlots, &innerRegisters, steps: &steps) != nil
                if found != negated {
                    if found {
                        for i in slots.indices where slots[i] != innerSlots[i] {
                            stack.append(.slot(i, slots[i]))
                            slots[i] = innerSlots[i]
                        }
                    }
                    pc = next
                } else {
                    fail = true
                }
            }
            if fail {
                var resumed = false
                while let entry = stack.popLast() {
                    switch entry {
                    case .branch(let p, let q):
                        pc = p
                        position = q
                        resumed = true
                    case .slot(let s, let v): slots[s] = v
                    case .register(let r, let v): registers[r] = v
                    case .barrier: break
                    }
                    if resumed { break }
                }
                if !resumed { return nil }
            }
        }
    }
}

// MARK: - Instructions

fileprivate enum Instruction {
    case char(UInt16)
    case charFolded(UInt16)
    case any
    case set(RegexClass)
    case split(Int, Int)
    case jump(Int)
    case save(Int)
    case lineStart
    case lineEnd
    case wordBoundary(Bool)
    case backReference(Int)
    case mark(Int)
    case progress(Int)
    /// Runs the body at `body` (ending in `.match`) as an assertion, then continues at `next`.
    case lookahead(body: Int, negated: Bool, next: Int)
    case match
}

/// A character class: ranges of code units, possibly negated.
struct RegexClass {
    var ranges: [ClosedRange<UInt16>] = []
    var negated = false

    func contains(_ c: UInt16, ignoreCase: Bool) -> Bool {
        var found = ranges.contains { $0.contains(c) }
        if !found && ignoreCase {
            let lower = RegexClass.fold(c)
            let upper = RegexClass.upper(c)
            found = ranges.contains { $0.contains(lower) || $0.contains(upper) }
        }
        return found != negated
    }

    static let digits: [ClosedRange<UInt16>] = [0x30...0x39]
    static let word: [ClosedRange<UInt16>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
    static let space: [ClosedRange<UInt16>] = [0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
                                               0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF]

    static func isWord(_ c: UInt16) -> Bool { word.contains { $0.contains(c) } }
    static func isLineTerminator(_ c: UInt16) -> Bool { c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029 }

    static func fold(_ c: UInt16) -> UInt16 {
        if c >= 0x41 && c <= 0x5A { return c + 32 }
        if c < 0x80 { return c }
        guard let scalar = Unicode.Scalar(c) else { return c }
        let lower = scalar.properties.lowercaseMapping.utf16
        return lower.count == 1 ? lower.first ?? c : c
    }

    static func upper(_ c: UInt16) -> UInt16 {
        if c >= 0x61 && c <= 0x7A { return c - 32 }
        if c < 0x80 { return c }
        guard let scalar = Unicode.Scalar(c) else { return c }
        let up = scalar.properties.uppercaseMapping.utf16
        return up.count == 1 ? up.first ?? c : c
    }
}

// MARK: - Parsing

fileprivate indirect enum RegexNode {
    case empty
    case char(UInt16)
    case any
    case set(RegexClass)
    case sequence([RegexNode])
    case alternation([RegexNode])
    case group(RegexNode, index: Int?)
    case lookahead(RegexNode, negated: Bool)
    case repeated(RegexNode, min: Int, max: Int?, greedy: Bool)
    case lineStart
    case lineEnd
    case wordBoundary(Bool)
    case backReference(Int)
}

fileprivate struct RegexParser {
    let text: [UInt16]
    let ignoreCase: Bool
    var index = 0
    var groupCount = 0
    var depth = 0

    init(_ text: [UInt16], ignoreCase: Bool) {
        self.text = text
        self.ignoreCase = ignoreCase
    }

    func error(_ message: String) -> JSONataError {
        JSONataError("S0302", "Invalid regular expression: \(message)")
    }

    var peek: UInt16? { index < text.count ? text[index] : nil }

    mutating func parseAll() throws(JSONataError) -> RegexNode {
        let node = try alternation()
        if index < text.count { throw error("unmatched ')'") }
        return node
    }

    mutating func alternation() throws(JSONataError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > 100 { throw error("the pattern nests too deeply") }
        var branches = [try sequence()]
        while peek == 0x7C { // |
            index += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func sequence() throws(JSONataError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != 0x7C, c != 0x29 {
            var atom = try self.atom()
            atom = try quantifier(atom)
            items.append(atom)
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    mutating func quantifier(_ atom: RegexNode) throws(JSONataError) -> RegexNode {
        guard let c = peek else { return atom }
        var minimum = 0
        var maximum: Int? = nil
        switch c {
        case 0x2A: minimum = 0; maximum = nil; index += 1 // *
        case 0x2B: minimum = 1; maximum = nil; index += 1 // +
        case 0x3F: minimum = 0; maximum = 1; index += 1 // ?
        case 0x7B: // {
            let save = index
            index += 1
            guard let a = number() else { index = save; return atom }
            minimum = a
            maximum = a
            if peek == 0x2C {
                index += 1
                maximum = number()
            }
            guard peek == 0x7D else { index = save; return atom }
            index += 1
            if let m = maximum, m < minimum { throw error("numbers out of order in {} quantifier") }
            if minimum > 1000 || (maximum ?? 0) > 1000 { throw error("a repetition count is too large") }
        default:
            return atom
        }
        switch atom {
        case .lineStart, .lineEnd, .wordBoundary: throw error("nothing to repeat")
        default: break
        }
        var greedy = true
        if peek == 0x3F { greedy = false; index += 1 }
        if case .empty = atom { return atom }
        return .repeated(atom, min: minimum, max: maximum, greedy: greedy)
    }

    mutating func number() -> Int? {
        var value: Int? = nil
        while let c = peek, c >= 0x30, c <= 0x39 {
            value = min((value ?? 0) * 10 + Int(c - 0x30), 100_000)
            index += 1
        }
        return value
    }

    mutating func atom() throws(JSONataError) -> RegexNode {
        guard let c = peek else { return .empty }
        index += 1
        switch c {
        case 0x5E: return .lineStart // ^
        case 0x24: return .lineEnd // $
        case 0x2E: return .any // .
        case 0x28: // (
            var capture: Int? = nil
            var look: Bool? = nil
            if peek == 0x3F { // ?
                index += 1
                switch peek {
                case 0x3A: index += 1 // (?:
                case 0x3D: index += 1; look = false // (?=
                case 0x21: index += 1; look = true // (?!
                case 0x3C: // (?<name>
                    index += 1
                    if peek == 0x3D || peek == 0x21 { throw error("lookbehind is not supported") }
                    while let n = peek, n != 0x3E { index += 1 }
                    guard peek == 0x3E else { throw error("unterminated group name") }
                    index += 1
                    groupCount += 1
                    capture = groupCount
                default: throw error("invalid group")
                }
            } else {
                groupCount += 1
                capture = groupCount
            }
            let inner = try alternation()
            guard peek == 0x29 else { throw error("unterminated group") }
            index += 1
            if let negated = look { return .lookahead(inner, negated: negated) }
            return .group(inner, index: capture)
        case 0x5B: return .set(try characterClass())
        case 0x5C: return try escape(inClass: false)
        case 0x2A, 0x2B, 0x3F: throw error("nothing to repeat")
        case 0x29: throw error("unmatched ')'")
        default: return .char(c)
        }
    }

    mutating func escape(inClass: Bool) throws(JSONataError) -> RegexNode {
        guard let c = peek else { throw error("\\ at end of pattern") }
        index += 1
        switch c {
        case 0x64: return .set(RegexClass(ranges: RegexClass.digits)) // d
        case 0x44: return .set(RegexClass(ranges: RegexClass.digits, negated: true))
        case 0x77: return .set(RegexClass(ranges: RegexClass.word)) // w
        case 0x57: return .set(RegexClass(ranges: RegexClass.word, negated: true))
        case 0x73: return .set(RegexClass(ranges: RegexClass.space)) // s
        case 0x53: return .set(RegexClass(ranges: RegexClass.space, negated: true))
        case 0x62: return inClass ? .char(0x08) : .wordBoundary(true) // b
        case 0x42: return .wordBoundary(false)
        case 0x6E: return .char(0x0A)
        case 0x72: return .char(0x0D)
        case 0x74: return .char(0x09)
        case 0x66: return .char(0x0C)
        case 0x76: return .char(0x0B)
        case 0x30: return .char(0)
        case 0x78: // xHH
            guard let v = hex(2) else { return .char(c) }
            return .char(v)
        case 0x75: // uHHHH
            guard let v = hex(4) else { return .char(c) }
            return .char(v)
        case 0x31...0x39:
            if inClass { return .char(c) }
            var n = Int(c - 0x30)
            while let d = peek, d >= 0x30, d <= 0x39, n * 10 + Int(d - 0x30) <= groupCountUpperBound {
                n = n * 10 + Int(d - 0x30)
                index += 1
            }
            return .backReference(n)
        default: return .char(c)
        }
    }

    /// The number of capturing groups in the whole pattern (back-references may point forward).
    var groupCountUpperBound: Int {
        var count = 0
        var i = 0
        while i < text.count {
            if text[i] == 0x5C { i += 2; continue }
            if text[i] == 0x28, i + 1 >= text.count || text[i + 1] != 0x3F { count += 1 }
            i += 1
        }
        return count
    }

    mutating func hex(_ digits: Int) -> UInt16? {
        guard index + digits <= text.count else { return nil }
        var value: UInt16 = 0
        for i in 0..<digits {
            let c = text[index + i]
            let d: UInt16
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: return nil
            }
            value = value * 16 + d
        }
        index += digits
        return value
    }

    mutating func characterClass() throws(JSONataError) -> RegexClass {
        var set = RegexClass()
        if peek == 0x5E { set.negated = true; index += 1 }
        var first = true
        while let c = peek, c != 0x5D || (first && false) {
            first = false
            index += 1
            var low: UInt16
            if c == 0x5C {
                switch try escape(inClass: true) {
                case .char(let v): low = v
                case .set(let s):
                    if s.negated {
                        // A negated escape inside a class: add the complement ranges.
                        var start: UInt16 = 0
                        for r in s.ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                            if r.lowerBound > start { set.ranges.append(start...(r.lowerBound - 1)) }
                            start = r.upperBound == UInt16.max ? UInt16.max : r.upperBound + 1
                        }
                        set.ranges.append(start...UInt16.max)
                    } else {
                        set.ranges += s.ranges
                    }
                    continue
                default: low = c
                }
            } else {
                low = c
            }
            if peek == 0x2D, index + 1 < text.count, text[index + 1] != 0x5D {
                index += 1
                guard let d = peek else { break }
                index += 1
                var high = d
                if d == 0x5C {
                    if case .char(let v) = try escape(inClass: true) { high = v } else { throw error("invalid character class range") }
                }
                if high < low { throw error("range out of order in character class") }
                set.ranges.append(low...high)
            } else {
                set.ranges.append(low...low)
            }
        }
        guard peek == 0x5D else { throw error("unterminated character class") }
        index += 1
        return set
    }
}

// MARK: - Compiling

fileprivate struct RegexCompiler {
    let ignoreCase: Bool
    var program: [Instruction] = []
    var registers = 0

    init(ignoreCase: Bool) { self.ignoreCase = ignoreCase }

    mutating func check() throws(JSONataError) {
        if program.count > JSONataRegex.maximumProgram {
            throw JSONataError("S0302", "Invalid regular expression: the pattern is too large once its repetitions are expanded")
        }
    }

    mutating func emit(_ node: RegexNode) throws(JSONataError) {
        try check()
        switch node {
        case .empty: break
        case .char(let c): program.append(ignoreCase ? .charFolded(RegexClass.fold(c)) : .char(c))
        case .any: program.append(.any)
        case .set(let s): program.append(.set(s))
        case .sequence(let items): for item in items { try emit(item) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (i, branch) in branches.enumerated() {
                if i < branches.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    try emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for j in jumps { program[j] = .jump(program.count) }
        case .group(let inner, let index):
            if let index { program.append(.save(index * 2)) }
            try emit(inner)
            if let index { program.append(.save(index * 2 + 1)) }
        case .lookahead(let inner, let negated):
            let at = program.count
            program.append(.match) // placeholder
            let body = program.count
            try emit(inner)
            program.append(.match)
            program[at] = .lookahead(body: body, negated: negated, next: program.count)
        case .lineStart: program.append(.lineStart)
        case .lineEnd: program.append(.lineEnd)
        case .wordBoundary(let b): program.append(.wordBoundary(b))
        case .backReference(let n): program.append(.backReference(n))
        case .repeated(let inner, let minimum, let maximum, let greedy):
            for _ in 0..<minimum { try emit(inner) }
            if let maximum {
                // Optional copies: x? x? ... nested so each needs the previous.
                var exits: [Int] = []
                for _ in minimum..<maximum {
                    let split = program.count
                    program.append(.split(-1, -1))
                    exits.append(split)
                    try emit(inner)
                }
                for s in exits { program[s] = greedy ? .split(s + 1, program.count) : .split(program.count, s + 1) }
            } else {
                // Loop with a progress check so an empty iteration cannot repeat forever.
                let register = registers
                registers += 1
                let top = program.count
                program.append(.split(-1, -1))
                program.append(.mark(register))
                try emit(inner)
                program.append(.progress(register))
                program.append(.jump(top))
                let exit = program.count
                program[top] = greedy ? .split(top + 1, exit) : .split(exit, top + 1)
            }
        }
    }
}
