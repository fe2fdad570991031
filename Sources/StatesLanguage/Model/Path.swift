/// A JSONPath (or ASL reference path) as written in a JSONPath-mode field such as `InputPath`,
/// `ResultPath`, `ItemsPath` or the value of a payload-template key ending in `.$`.
///
/// The grammar is the Jayway-style JSONPath that AWS Step Functions accepts: a root (`$` for the
/// state input, `$$` for the context object, `$name` for a workflow variable) followed by segments
/// (`.a`, `['a']`, `[0]`, `[*]`, `..a`, `[0:2]`, `[0,1]`, `[?(@.price < 10)]`, `.length()`).
/// The text is kept exactly as written so it can be encoded back unchanged.
public struct Path: Sendable, Hashable, CustomStringConvertible {
    /// What a path starts from.
    public enum Root: Sendable, Hashable {
        /// `$`: the state's input (or the effective input of the field).
        case input
        /// `$$`: the context object.
        case context
        /// `$name`: a workflow variable.
        case variable(String)
    }

    /// One step of a path after its root.
    public indirect enum Segment: Sendable, Hashable {
        /// `.a` or `['a']`.
        case member(String)
        /// `[0]` or `[-1]`.
        case index(Int)
        /// `.*` or `[*]`.
        case wildcard
        /// `[start:end:step]` with any part omitted.
        case slice(start: Int?, end: Int?, step: Int?)
        /// `[0,1]` or `['a','b']`.
        case union([UnionMember])
        /// `..` followed by the segment it applies to (`..a`, `..*`, `..[0]`).
        case recursive(Segment)
        /// `[?(...)]`.
        case filter(FilterExpression)
        /// A trailing function call such as `.length()`.
        case function(String)
    }

    /// One member of a union segment.
    public enum UnionMember: Sendable, Hashable {
        /// A quoted member name.
        case member(String)
        /// An array index.
        case index(Int)
    }

    /// The path exactly as written.
    public let text: String
    /// Where the path starts.
    public let root: Root
    /// The steps after the root, in order.
    public let segments: [Segment]
    /// Whether a member name of ``segments`` holds a backslash, read once here so that evaluating
    /// the path does not scan its names every time.
    package let hasBackslashInName: Bool

    /// The path text, as written.
    public var description: String { text }

    /// Parses a JSONPath.
    /// - Parameter text: the path, e.g. `$.orders[0].id`.
    /// - Throws: ``PathSyntaxError`` at the first problem.
    public init(parsing text: String) throws(PathSyntaxError) {
        if let simple = Path.simple(text) {
            self = simple
            return
        }
        var parser = PathParser(text)
        let parsed = try parser.parseWholePath()
        self.init(text: text, root: parsed.root, segments: parsed.segments)
    }

    /// The common case without the full parser: `$`, `$$` or `$name`, then `.name` steps where every
    /// name is ASCII letters, digits, `_` and `-` and does not start with a digit. Anything else
    /// returns `nil` and goes through the parser (which gives the same result for these forms).
    static func simple(_ text: String) -> Path? {
        var root: Root = .input
        var segments: [Segment] = []
        var current: [UInt8] = []
        var state = 0  // 0: start, 1: after '$', 2: in root variable name, 3: in member name, 4: after '$$'
        var variable: [UInt8] = []
        @inline(__always) func isStart(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }
        @inline(__always) func isPart(_ b: UInt8) -> Bool { isStart(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D }
        for b in text.utf8 {
            switch state {
            case 0:
                guard b == UInt8(ascii: "$") else { return nil }
                state = 1
            case 1:
                if b == UInt8(ascii: "$") { root = .context; state = 4 }
                else if b == UInt8(ascii: ".") { state = 3 }
                else if isStart(b) { variable.append(b); state = 2 }
                else { return nil }
            case 4:
                guard b == UInt8(ascii: ".") else { return nil }
                state = 3
            case 2:
                if b == UInt8(ascii: ".") {
                    root = .variable(String(decoding: variable, as: UTF8.self))
                    state = 3
                } else if isStart(b) || (b >= 0x30 && b <= 0x39) {
                    variable.append(b)
                } else {
                    return nil
                }
            default:  // 3: member name
                if b == UInt8(ascii: ".") {
                    guard !current.isEmpty else { return nil }
                    segments.append(.member(String(decoding: current, as: UTF8.self)))
                    current.removeAll(keepingCapacity: true)
                } else if current.isEmpty ? isStart(b) : isPart(b) {
                    current.append(b)
                } else {
                    return nil
                }
            }
        }
        switch state {
        case 1: break  // "$"
        case 4: break  // "$$"
        case 2: root = .variable(String(decoding: variable, as: UTF8.self))
        case 3:
            guard !current.isEmpty else { return nil }
            segments.append(.member(String(decoding: current, as: UTF8.self)))
        default: return nil
        }
        return Path(text: text, root: root, segments: segments)
    }

    /// Creates a path from parts already known to match `text`.
    init(text: String, root: Root, segments: [Segment]) {
        self.text = text
        self.root = root
        self.segments = segments
        hasBackslashInName = segments.contains { segment in
            if case .member(let name) = segment { return name.utf8.contains(UInt8(ascii: "\\")) }
            return false
        }
    }

    /// Parses a reference path: a root followed only by `.name`, `['name']` and `[index]` segments
    /// with non-negative indexes, as ASL requires for `ResultPath`.
    /// - Parameter text: the path.
    /// - Returns: the parsed path.
    /// - Throws: ``PathSyntaxError`` for a syntax problem or a segment a reference path cannot have.
    public static func parseReferencePath(_ text: String) throws(PathSyntaxError) -> Path {
        if let simple = Path.simple(text) { return simple }
        var parser = PathParser(text)
        let parsed = try parser.parseWholePath()
        for (segment, offset) in zip(parsed.segments, parsed.offsets) {
            if let what = segment.referencePathViolation {
                throw PathSyntaxError(message: "a reference path cannot contain \(what)", offset: offset)
            }
        }
        return Path(text: text, root: parsed.root, segments: parsed.segments)
    }

    /// Whether only `.member`, `['member']` and non-negative `[index]` segments are used.
    public var isReferencePath: Bool {
        segments.allSatisfy { $0.referencePathViolation == nil }
    }

    /// Whether the path selects at most one value (no wildcard, recursive descent, slice, union or filter).
    public var isDefinite: Bool {
        segments.allSatisfy { segment in
            switch segment {
            case .member, .index, .function: true
            case .wildcard, .slice, .union, .recursive, .filter: false
            }
        }
    }
}

extension Path.Segment {
    /// What makes this segment unfit for a reference path, phrased for a message; `nil` when it fits.
    var referencePathViolation: String? {
        switch self {
        case .member: nil
        case .index(let i): i < 0 ? "a negative index" : nil
        case .wildcard: "a wildcard"
        case .slice: "an array slice"
        case .union: "a union"
        case .recursive: "recursive descent ('..')"
        case .filter: "a filter expression"
        case .function: "a function call"
        }
    }
}

/// A filter expression inside `[?(...)]`.
public indirect enum FilterExpression: Sendable, Hashable {
    /// `?(@.isbn)`: the operand exists.
    case exists(FilterOperand)
    /// `?(@.price < 10)`.
    case comparison(FilterOperand, ComparisonOperator, FilterOperand)
    /// `a && b`.
    case and(FilterExpression, FilterExpression)
    /// `a || b`.
    case or(FilterExpression, FilterExpression)
    /// `!a`.
    case not(FilterExpression)

    /// A comparison operator of a filter.
    public enum ComparisonOperator: String, Sendable, Hashable {
        /// `==`
        case equal = "=="
        /// `!=`
        case notEqual = "!="
        /// `<`
        case less = "<"
        /// `<=`
        case lessOrEqual = "<="
        /// `>`
        case greater = ">"
        /// `>=`
        case greaterOrEqual = ">="
    }
}

/// One side of a filter comparison.
public enum FilterOperand: Sendable, Hashable {
    /// `@` followed by segments: relative to the element being filtered.
    case current([Path.Segment])
    /// A path from a root (`$.limit`, `$$.Execution.Id`, `$var`).
    case path(Path)
    /// A number, string, `true`, `false` or `null`.
    case literal(JSONValue)
}


// MARK: - Parser

/// The cursor of one path parse over Unicode scalars.
struct PathParser: ScalarCursor {
    /// The deepest nesting of parentheses, `!` and filters inside filters.
    static let maximumFilterDepth = 64

    let source: ScalarText
    let scalars: [Unicode.Scalar]
    var index = 0
    var depth = 0

    init(_ text: String) {
        source = ScalarText(text)
        scalars = source.scalars
    }

    /// The text of the scalars in `range`.
    func text(_ range: Range<Int>) -> String { source.string(range) }

    // MARK: Helpers


    func error(_ message: String, at offset: Int) -> PathSyntaxError {
        PathSyntaxError(message: message, offset: offset)
    }

    /// Describes the character at `offset` for messages.
    func describe(at offset: Int) -> String {
        guard offset < scalars.count else { return "the end of the path" }
        return PathParser.describe(scalars[offset])
    }

    static func describe(_ c: Unicode.Scalar) -> String {
        switch c {
        case " ": return "a space"
        case "\t": return "a tab"
        case "\n", "\r": return "a line break"
        default:
            if c.value < 0x20 || c.value == 0x7F || c.properties.isWhitespace {
                return "U+" + String(c.value, radix: 16, uppercase: true).leftPadded(to: 4)
            }
            return "'\(Character(c))'"
        }
    }

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r"
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value &- 0x30 < 10 }

    static func isASCIILetter(_ c: Unicode.Scalar) -> Bool { (c.value | 0x20) &- 0x61 < 26 }

    /// A character allowed in a dot-notation member name.
    static func isMemberNameCharacter(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 {
            return isASCIILetter(c) || isDigit(c) || c == "_" || c == "-" || c == "$"
        }
        return !c.properties.isWhitespace && c.properties.generalCategory != .control
    }

    /// Characters that may end a dot-notation member name (the next segment, or an operator in a filter).
    static func endsMemberName(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case ".", "[", "(", ")", "]", ",", "=", "!", "<", ">", "&", "|": return true
        default: return isWhitespace(c)
        }
    }

    static func isVariableStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || isASCIILetter(c) || (c.value >= 0x80 && c.properties.isAlphabetic)
    }

    static func isVariableCharacter(_ c: Unicode.Scalar) -> Bool {
        isVariableStart(c) || isDigit(c)
    }

    mutating func skipWhitespace() {
        while let c = peek(), PathParser.isWhitespace(c) { index += 1 }
    }

    mutating func expect(_ c: Unicode.Scalar, _ what: String) throws(PathSyntaxError) {
        guard peek() == c else {
            throw error("expected \(what) but found \(describe(at: index))", at: index)
        }
        index += 1
    }

    // MARK: Paths

    /// Parses the whole text as one path; nothing may follow it.
    mutating func parseWholePath() throws(PathSyntaxError) -> (root: Path.Root, segments: [Path.Segment], offsets: [Int]) {
        guard !scalars.isEmpty else { throw error("a path must not be empty; expected '$'", at: 0) }
        let (root, segments, offsets) = try parseRootedPath()
        if index < scalars.count {
            let c = scalars[index]
            if PathParser.isWhitespace(c) {
                throw error("unexpected \(describe(at: index)) in the path; use bracket notation like ['a b'] for names with spaces", at: index)
            }
            throw error("expected '.' or '[' but found \(describe(at: index))", at: index)
        }
        return (root, segments, offsets)
    }

    /// Parses a root and its segments, stopping at the first character that cannot continue the path.
    mutating func parseRootedPath() throws(PathSyntaxError) -> (root: Path.Root, segments: [Path.Segment], offsets: [Int]) {
        let root = try parseRoot()
        var segments: [Path.Segment] = []
        var offsets: [Int] = []
        try parseSegments(into: &segments, offsets: &offsets)
        return (root, segments, offsets)
    }

    mutating func parseRoot() throws(PathSyntaxError) -> Path.Root {
        guard peek() == "$" else {
            throw error("a path must start with '$' but found \(describe(at: index))", at: index)
        }
        index += 1
        if peek() == "$" {
            index += 1
            return .context
        }
        guard let first = peek(), PathParser.isVariableStart(first) else {
            if let c = peek(), PathParser.isDigit(c) {
                throw error("a variable name cannot start with a digit", at: index)
            }
            return .input
        }
        let start = index
        index += 1
        while let c = peek(), PathParser.isVariableCharacter(c) { index += 1 }
        if let c = peek(), c == "-" || c == "$" || (c.value >= 0x80 && PathParser.isMemberNameCharacter(c)) {
            throw error("\(describe(at: index)) is not allowed in a variable name", at: index)
        }
        return .variable(text(start..<index))
    }

    /// Parses `.x`, `..x` and `[...]` segments until something else comes.
    mutating func parseSegments(into segments: inout [Path.Segment], offsets: inout [Int]) throws(PathSyntaxError) {
        while let c = peek() {
            let start = index
            let segment: Path.Segment
            if c == "." {
                if peek(1) == "." {
                    index += 2
                    segment = .recursive(try parseAfterRecursiveDescent())
                } else {
                    index += 1
                    segment = try parseDotSegment()
                }
            } else if c == "[" {
                segment = try parseBracketSegment()
            } else {
                return
            }
            if case .function = segments.last {
                throw error("a function call must be the last segment of a path", at: start)
            }
            segments.append(segment)
            offsets.append(start)
        }
    }

    /// Reads a dot-notation member name; the cursor is on its first character.
    mutating func readMemberName() throws(PathSyntaxError) -> String? {
        let start = index
        while let c = peek(), PathParser.isMemberNameCharacter(c) { index += 1 }
        guard index > start else { return nil }
        if let c = peek(), !PathParser.endsMemberName(c) {
            throw error(
                "\(describe(at: index)) is not allowed in a member name after '.'; use bracket notation like ['name'] for names with special characters",
                at: index)
        }
        return text(start..<index)
    }

    /// After `.`: `*`, a member name or a function call.
    mutating func parseDotSegment() throws(PathSyntaxError) -> Path.Segment {
        if peek() == "*" {
            index += 1
            return .wildcard
        }
        guard let name = try readMemberName() else {
            throw error("expected a member name after '.' but found \(describe(at: index))", at: index)
        }
        guard peek() == "(" else { return .member(name) }
        index += 1
        guard peek() == ")" else {
            if peek() == nil {
                throw error("expected ')' to close the call of '\(name)' but found the end of the path", at: index)
            }
            throw error("path function '\(name)' cannot take arguments; expected ')'", at: index)
        }
        index += 1
        return .function(name)
    }

    /// After `..`: `*`, a member name or a bracket segment.
    mutating func parseAfterRecursiveDescent() throws(PathSyntaxError) -> Path.Segment {
        switch peek() {
        case "*":
            index += 1
            return .wildcard
        case "[":
            return try parseBracketSegment()
        default:
            guard let name = try readMemberName() else {
                throw error("expected a member name, '*' or '[' after '..' but found \(describe(at: index))", at: index)
            }
            if peek() == "(" {
                throw error("a function call cannot follow '..'", at: index)
            }
            return .member(name)
        }
    }

    /// Parses `[...]`; the cursor is on `[`.
    mutating func parseBracketSegment() throws(PathSyntaxError) -> Path.Segment {
        index += 1  // [
        skipWhitespace()
        guard let c = peek() else {
            throw error("expected a quoted name, an index, '*', a slice or a filter after '[' but found the end of the path", at: index)
        }
        switch c {
        case "'", "\"":
            return try parseBracketNames()
        case "*":
            index += 1
            skipWhitespace()
            try expect("]", "']' after '*'")
            return .wildcard
        case "?":
            index += 1
            skipWhitespace()
            guard peek() == "(" else {
                throw error("expected '(' after '?' in a filter like [?(@.price < 10)] but found \(describe(at: index))", at: index)
            }
            let filter = try withDepth { (p: inout PathParser) throws(PathSyntaxError) -> FilterExpression in
                p.index += 1  // (
                p.skipWhitespace()
                if p.peek() == ")" {
                    throw p.error("expected a filter expression inside '?()'", at: p.index)
                }
                let expression = try p.parseOr()
                p.skipWhitespace()
                try p.expect(")", "')' to close the filter")
                return expression
            }
            skipWhitespace()
            try expect("]", "']' after the filter")
            return .filter(filter)
        case "(":
            throw error("script expressions like [(@.length-1)] are not supported; use a negative index like [-1] or a slice", at: index)
        case "]":
            throw error("empty brackets; expected a quoted name, an index, '*', a slice or a filter", at: index)
        default:
            if PathParser.isDigit(c) || c == "-" || c == ":" {
                return try parseBracketNumbers()
            }
            throw error("expected a quoted name, an index, '*', a slice or a filter after '[' but found \(describe(at: index))", at: index)
        }
    }

    /// `['a']` or `['a', "b"]`; the cursor is on the first quote.
    mutating func parseBracketNames() throws(PathSyntaxError) -> Path.Segment {
        var names: [String] = []
        while true {
            guard let q = peek(), q == "'" || q == "\"" else {
                if let c = peek(), PathParser.isDigit(c) || c == "-" {
                    throw error("a union cannot mix member names and indexes", at: index)
                }
                throw error("expected a quoted member name but found \(describe(at: index))", at: index)
            }
            names.append(try parseQuotedString())
            skipWhitespace()
            if peek() == "," {
                index += 1
                skipWhitespace()
                continue
            }
            try expect("]", "',' or ']' after the member name")
            break
        }
        if names.count == 1, let only = names.first { return .member(only) }
        return .union(names.map { .member($0) })
    }

    /// An index, slice or index union; the cursor is on a digit, `-` or `:`.
    mutating func parseBracketNumbers() throws(PathSyntaxError) -> Path.Segment {
        let first = try parseOptionalInteger()
        skipWhitespace()
        if peek() == ":" {
            index += 1
            skipWhitespace()
            let end = try parseOptionalInteger()
            skipWhitespace()
            var step: Int?
            if peek() == ":" {
                index += 1
                skipWhitespace()
                let stepOffset = index
                step = try parseOptionalInteger()
                if step == 0 { throw error("a slice step must not be zero", at: stepOffset) }
                skipWhitespace()
            }
            try expect("]", "']' to close the slice")
            return .slice(start: first, end: end, step: step)
        }
        guard let first else {
            throw error("expected an index but found \(describe(at: index))", at: index)
        }
        if peek() == "," {
            var members: [Path.UnionMember] = [.index(first)]
            while peek() == "," {
                index += 1
                skipWhitespace()
                if let q = peek(), q == "'" || q == "\"" {
                    throw error("a union cannot mix member names and indexes", at: index)
                }
                guard let next = try parseOptionalInteger() else {
                    throw error("expected an index after ',' but found \(describe(at: index))", at: index)
                }
                members.append(.index(next))
                skipWhitespace()
            }
            try expect("]", "',' or ']' after the index")
            return .union(members)
        }
        try expect("]", "']' after the index")
        return .index(first)
    }

    /// Reads `-?[0-9]+` when present.
    mutating func parseOptionalInteger() throws(PathSyntaxError) -> Int? {
        let start = index
        var negative = false
        if peek() == "-" {
            negative = true
            index += 1
            guard let c = peek(), PathParser.isDigit(c) else {
                throw error("expected a digit after '-' but found \(describe(at: index))", at: index)
            }
        }
        guard let c = peek(), PathParser.isDigit(c) else { return nil }
        var value = 0
        var overflow = false
        while let d = peek(), PathParser.isDigit(d) {
            if !overflow {
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int(d.value - 0x30))
                overflow = o1 || o2
                value = sum
            }
            index += 1
        }
        if overflow {
            throw error("the index \(text(start..<index)) is too large", at: start)
        }
        return negative ? -value : value
    }

    /// A `'...'` or `"..."` string with `\'`, `\"` and `\\` escapes; the cursor is on the opening quote.
    mutating func parseQuotedString() throws(PathSyntaxError) -> String {
        let open = index
        guard let quote = peek() else { throw error("expected a quote", at: index) }
        index += 1
        var value = String.UnicodeScalarView()
        while true {
            guard let c = peek() else {
                throw error("unterminated string; expected a closing \(quote == "'" ? "\"'\"" : "'\"'")", at: open)
            }
            index += 1
            if c == quote { return String(value) }
            if c == "\\" {
                guard let escaped = peek() else {
                    throw error("unterminated string; expected a closing \(quote == "'" ? "\"'\"" : "'\"'")", at: open)
                }
                guard escaped == "'" || escaped == "\"" || escaped == "\\" else {
                    throw error("unsupported escape '\\\(Character(escaped))'; only \\', \\\" and \\\\ are allowed", at: index - 1)
                }
                index += 1
                value.append(escaped)
                continue
            }
            value.append(c)
        }
    }

    // MARK: Filters

    /// Runs `body` one nesting level deeper, failing past ``maximumFilterDepth``.
    mutating func withDepth<T>(_ body: (inout PathParser) throws(PathSyntaxError) -> T) throws(PathSyntaxError) -> T {
        depth += 1
        if depth > PathParser.maximumFilterDepth {
            throw error("the filter nests deeper than the limit of \(PathParser.maximumFilterDepth) levels", at: index)
        }
        let result = try body(&self)
        depth -= 1
        return result
    }

    mutating func parseOr() throws(PathSyntaxError) -> FilterExpression {
        var lhs = try parseAnd()
        while true {
            skipWhitespace()
            guard peek() == "|" else { return lhs }
            guard peek(1) == "|" else { throw error("expected '||' but found a single '|'", at: index) }
            index += 2
            lhs = .or(lhs, try parseAnd())
        }
    }

    mutating func parseAnd() throws(PathSyntaxError) -> FilterExpression {
        var lhs = try parseUnary()
        while true {
            skipWhitespace()
            guard peek() == "&" else { return lhs }
            guard peek(1) == "&" else { throw error("expected '&&' but found a single '&'", at: index) }
            index += 2
            lhs = .and(lhs, try parseUnary())
        }
    }

    mutating func parseUnary() throws(PathSyntaxError) -> FilterExpression {
        skipWhitespace()
        if peek() == "!", peek(1) != "=" {
            return try withDepth { (p: inout PathParser) throws(PathSyntaxError) -> FilterExpression in
                p.index += 1
                return .not(try p.parseUnary())
            }
        }
        if peek() == "(" {
            return try withDepth { (p: inout PathParser) throws(PathSyntaxError) -> FilterExpression in
                p.index += 1
                let inner = try p.parseOr()
                p.skipWhitespace()
                try p.expect(")", "')' to close '('")
                return inner
            }
        }
        let lhsStart = index
        let lhs = try parseOperand()
        skipWhitespace()
        if let op = try parseComparisonOperator() {
            skipWhitespace()
            let rhs = try parseOperand()
            return .comparison(lhs, op, rhs)
        }
        if case .literal = lhs {
            throw error("a literal on its own is not a condition; compare it with an operator such as '=='", at: lhsStart)
        }
        return .exists(lhs)
    }

    /// Reads a comparison operator when one comes; rejects operators AWS does not document.
    mutating func parseComparisonOperator() throws(PathSyntaxError) -> FilterExpression.ComparisonOperator? {
        guard let c = peek() else { return nil }
        let next = peek(1)
        switch c {
        case "=":
            if next == "=" { index += 2; return .equal }
            if next == "~" {
                throw error("the regular-expression operator '=~' is not supported; use ==, !=, <, <=, > or >=", at: index)
            }
            throw error("expected '==' but found a single '='", at: index)
        case "!":
            if next == "=" { index += 2; return .notEqual }
            return nil
        case "<":
            if next == "=" { index += 2; return .lessOrEqual }
            index += 1
            return .less
        case ">":
            if next == "=" { index += 2; return .greaterOrEqual }
            index += 1
            return .greater
        default:
            if PathParser.isASCIILetter(c) {
                let start = index
                var end = index
                while end < scalars.count, PathParser.isASCIILetter(scalars[end]) { end += 1 }
                let word = text(start..<end)
                throw error("unsupported filter operator '\(word)'; use ==, !=, <, <=, > or >=", at: start)
            }
            return nil
        }
    }

    mutating func parseOperand() throws(PathSyntaxError) -> FilterOperand {
        guard let c = peek() else {
            throw error("expected '@', a path or a literal but found the end of the path", at: index)
        }
        switch c {
        case "@":
            index += 1
            var segments: [Path.Segment] = []
            var offsets: [Int] = []
            try parseSegments(into: &segments, offsets: &offsets)
            return .current(segments)
        case "$":
            let start = index
            let (root, segments, _) = try parseRootedPath()
            let text = text(start..<index)
            return .path(Path(text: text, root: root, segments: segments))
        case "'", "\"":
            return .literal(.string(try parseQuotedString()))
        default:
            if c == "-" || PathParser.isDigit(c) {
                let start = index
                index += 1
                while let d = peek(), PathParser.isDigit(d) || d == "." || d == "e" || d == "E" || d == "+" || d == "-" {
                    index += 1
                }
                let text = text(start..<index)
                guard let number = JSONNumber(text: text) else {
                    throw error("invalid number '\(text)'", at: start)
                }
                return .literal(.number(number))
            }
            if PathParser.isASCIILetter(c) {
                let start = index
                while let d = peek(), PathParser.isASCIILetter(d) { index += 1 }
                let word = text(start..<index)
                switch word {
                case "true": return .literal(.bool(true))
                case "false": return .literal(.bool(false))
                case "null": return .literal(.null)
                default:
                    throw error("unexpected '\(word)' in a filter; expected '@', a path, a number, a quoted string, true, false or null", at: start)
                }
            }
            throw error("expected '@', a path or a literal but found \(describe(at: index))", at: index)
        }
    }
}
