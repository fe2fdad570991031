import StatesLanguage

/// Evaluates a parsed JSONPath the way Step Functions does: Jayway JsonPath with its Jackson
/// provider.
///
/// - A definite path (only `.name`, `[n]`, a final `['a','b']` and a final `.length()`) yields its
///   value; when nothing is there the evaluation reports a miss with Jayway's message
///   (`No results for path: $['a']`, `Missing property in path $['a']`, ...).
/// - An indefinite path (wildcard, slice, index union, filter, `..`) yields the array of matches,
///   possibly empty; it never misses.
/// - A final `['a','b']` merges the named members into one object.
/// - An array index past either end yields `null` (Jackson's `ArrayNode.get`) for payload templates
///   and paths, but nothing at all for intrinsic-function arguments (``IndexMiss``).
final class PathEvaluator {
    /// What an out-of-range array index yields.
    enum IndexMiss {
        /// `null`, as Jackson's `ArrayNode.get` returns.
        case null
        /// Nothing: the path does not match.
        case absent
    }

    /// The result of an evaluation.
    enum Outcome {
        case value(JSONValue)
        /// Nothing matched a definite path; the reason is Jayway's message.
        case missing(String)
    }

    /// How deeply filters may nest (through filter operands that hold filters) before a filter stops matching.
    static let maximumDepth = 256

    let scope: DataScope
    let indexMiss: IndexMiss
    private var results: [JSONValue] = []
    private var miss: String?
    private var decodeEscapedKeys = false
    private var recordMisses = true
    /// Whether a function call follows the walked segments (so none of them is the leaf).
    private var functionFollows = false
    private var depth = 0

    init(scope: DataScope, indexMiss: IndexMiss) {
        self.scope = scope
        self.indexMiss = indexMiss
    }

    // MARK: Entry points

    /// The value the root of `path` refers to in `scope`, or `nil` for an undefined variable.
    static func rootValue(_ path: Path, in scope: DataScope) -> JSONValue? {
        switch path.root {
        case .input: scope.input
        case .context: scope.context
        case .variable(let name): scope.variables[name]
        }
    }

    /// Evaluates `path` against `scope`. A plain member chain that exists is read without creating
    /// an evaluator (the common case on every state); anything else gets the full evaluation.
    static func evaluate(_ path: Path, in scope: DataScope, indexMiss: IndexMiss) -> Outcome {
        guard let root = rootValue(path, in: scope) else {
            if case .variable(let name) = path.root {
                return .missing("The variable '$\(name)' is not defined")
            }
            return .missing("No results for path: $")
        }
        if !path.hasBackslashInName, let value = memberChain(path.segments, from: root) { return .value(value) }
        return PathEvaluator(scope: scope, indexMiss: indexMiss).evaluate(path.segments, from: root, text: path.text)
    }

    /// The common case, quickly: a path of plain member names (`$.a.b`) that all exist. `nil` sends
    /// anything else (indexes, misses) through the full evaluation; so must the caller send a path
    /// with a backslash in a member name (`Path.hasBackslashInName`).
    static func memberChain(_ segments: [Path.Segment], from root: JSONValue) -> JSONValue? {
        var current = root
        for segment in segments {
            guard case .member(let name) = segment, case .object(let object) = current,
                  let next = object[name] else { return nil }
            current = next
        }
        return current
    }

    /// Evaluates `segments` starting at `root`.
    func evaluate(_ segments: [Path.Segment], from root: JSONValue, text: String) -> Outcome {
        var segments = segments
        var function: String?
        if case .function(let name) = segments.last {
            function = name
            segments.removeLast()
        }
        let definite = PathEvaluator.isDefinite(segments)
        let savedResults = results, savedMiss = miss, savedDecode = decodeEscapedKeys, savedRecord = recordMisses
        let savedFunction = functionFollows
        defer {
            results = savedResults; miss = savedMiss; decodeEscapedKeys = savedDecode; recordMisses = savedRecord
            functionFollows = savedFunction
        }
        results = []
        miss = nil
        recordMisses = definite
        functionFollows = function != nil
        decodeEscapedKeys = text.utf8.contains(UInt8(ascii: "\\"))
        walk(segments, root)
        var value: JSONValue
        if definite {
            if let miss { return .missing(miss) }
            guard let first = results.first else {
                return .missing("No results for path: " + PathEvaluator.jaywayText(segments))
            }
            value = first
        } else {
            value = .array(results)
        }
        if let function {
            guard let result = PathEvaluator.apply(function, to: value) else {
                return .missing("Function \(function)() cannot be applied to \(JavaText.javaClassName(value)) at path " + PathEvaluator.jaywayText(segments))
            }
            value = result
        }
        return .value(value)
    }

    // MARK: Definiteness and text

    /// Jayway's definiteness: only member names, single indexes and member unions (which merge).
    static func isDefinite(_ segments: [Path.Segment]) -> Bool {
        segments.allSatisfy { segment in
            switch segment {
            case .member, .index, .function: return true
            case .union(let members): return members.allSatisfy { if case .member = $0 { true } else { false } }
            case .wildcard, .slice, .recursive, .filter: return false
            }
        }
    }

    /// The bracket form Jayway uses in messages, e.g. `$['a'][0]`.
    static func jaywayText(_ segments: [Path.Segment]) -> String {
        var out = "$"
        for segment in segments { out += fragment(segment) }
        return out
    }

    static func fragment(_ segment: Path.Segment) -> String {
        switch segment {
        case .member(let name): return "['\(name)']"
        case .index(let i): return "[\(i)]"
        case .wildcard: return "[*]"
        case .slice(let start, let end, let step):
            var text = "[" + (start.map(String.init) ?? "") + ":" + (end.map(String.init) ?? "")
            if let step { text += ":" + String(step) }
            return text + "]"
        case .union(let members):
            let parts = members.map { member -> String in
                switch member {
                case .member(let name): "'\(name)'"
                case .index(let i): String(i)
                }
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .recursive(let inner): return ".." + fragment(inner)
        case .filter: return "[?]"
        case .function(let name): return ".\(name)()"
        }
    }

    /// Path functions: only `length()` (arrays and objects).
    static func apply(_ function: String, to value: JSONValue) -> JSONValue? {
        guard function == "length" else { return nil }
        switch value {
        case .array(let a): return .number(JSONNumber(a.count))
        case .object(let o): return .number(JSONNumber(o.count))
        default: return nil
        }
    }

    // MARK: Walking

    /// Records why a definite path found nothing; indefinite paths just skip the branch.
    private func fail(_ reason: String) {
        if recordMisses && miss == nil { miss = reason }
    }

    /// JSON keys match path names as written; a path that used `\` escapes in a quoted name also
    /// matches a key whose escapes decode to the same name (AWS reads quoted names raw).
    private func member(_ object: JSONObject, _ name: String) -> JSONValue? {
        if let value = object[name] { return value }
        guard decodeEscapedKeys else { return nil }
        for m in object.members where m.key.utf8.contains(UInt8(ascii: "\\")) {
            if PathEvaluator.decodeEscapes(m.key) == name { return m.value }
        }
        return nil
    }

    static func decodeEscapes(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var escaping = false
        for c in s.unicodeScalars {
            if escaping {
                out.append(c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        if escaping { out.append("\\") }
        return String(out)
    }

    /// Depth-first over the matches, with an explicit stack so long paths and deep values are safe.
    private func walk(_ segments: [Path.Segment], _ root: JSONValue) {
        var stack: [(index: Int, value: JSONValue, path: String)] = [(0, root, "$")]
        var produced: [(JSONValue, String)] = []
        while let (index, value, evalPath) = stack.popLast() {
            guard miss == nil else { return }
            if index == segments.count {
                results.append(value)
                continue
            }
            produced.removeAll(keepingCapacity: true)
            step(segments[index], isLeaf: index == segments.count - 1 && !functionFollows, value, evalPath) { produced.append(($0, $1)) }
            for (v, p) in produced.reversed() { stack.append((index + 1, v, p)) }
        }
    }

    /// Applies one segment to `value` and hands each match to `next`.
    private func step(_ segment: Path.Segment, isLeaf: Bool, _ value: JSONValue, _ evalPath: String,
                      _ next: (JSONValue, String) -> Void) {
        switch segment {
        case .member(let name):
            let fragment = "['\(name)']"
            guard case .object(let object) = value else {
                fail("Expected to find an object with property \(fragment) in path \(evalPath) but found '\(JavaText.javaClassName(value))'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.")
                return
            }
            guard let found = member(object, name) else {
                if !isLeaf { fail("Missing property in path \(evalPath)\(fragment)") }
                return
            }
            next(found, evalPath + fragment)

        case .index(let i):
            let fragment = "[\(i)]"
            guard case .array(let elements) = value else {
                if case .null = value {
                    fail("The path \(evalPath) is null")
                } else {
                    fail("Filter: \(fragment) can only be applied to arrays. Current context is: \(PathEvaluator.contextText(value))")
                }
                return
            }
            element(elements, i, evalPath, next)

        case .wildcard:
            switch value {
            case .object(let object):
                for m in object.members { next(m.value, evalPath + "['\(m.key)']") }
            case .array(let elements):
                for (i, e) in elements.enumerated() { next(e, evalPath + "[\(i)]") }
            default:
                break
            }

        case .slice(let start, let end, let stride):
            guard case .array(let elements) = value else { return }
            for i in PathEvaluator.sliceIndexes(count: elements.count, start: start, end: end, step: stride) {
                next(elements[i], evalPath + "[\(i)]")
            }

        case .union(let members):
            var names: [String] = []
            var indexes: [Int] = []
            for m in members {
                switch m {
                case .member(let name): names.append(name)
                case .index(let i): indexes.append(i)
                }
            }
            if !names.isEmpty {
                let text = evalPath + PathEvaluator.fragment(.union(names.map { .member($0) }))
                guard isLeaf else {
                    fail("Multi properties can only be used as path leafs: \(text)")
                    return
                }
                guard case .object(let object) = value else {
                    fail("Expected to find an object with property \(PathEvaluator.fragment(.union(names.map { .member($0) }))) in path \(evalPath) but found '\(JavaText.javaClassName(value))'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.")
                    return
                }
                var merged = JSONObject()
                for name in names {
                    if let found = member(object, name) { merged[name] = found }
                }
                next(.object(merged), text)
            }
            if !indexes.isEmpty, case .array(let elements) = value {
                for i in indexes { element(elements, i, evalPath, next) }
            }

        case .recursive(let inner):
            scan(inner, value, evalPath, next)

        case .filter(let expression):
            guard depth < PathEvaluator.maximumDepth else { return }
            depth += 1
            defer { depth -= 1 }
            switch value {
            case .array(let elements):
                for (i, e) in elements.enumerated() where test(expression, e) { next(e, evalPath + "[\(i)]") }
            case .object:
                if test(expression, value) { next(value, evalPath) }
            default:
                break
            }

        case .function:
            // Only a final function is meaningful; `evaluate` strips it before walking.
            break
        }
    }

    private func element(_ elements: [JSONValue], _ i: Int, _ evalPath: String, _ next: (JSONValue, String) -> Void) {
        let k = i < 0 ? elements.count + i : i
        if k >= 0 && k < elements.count {
            next(elements[k], evalPath + "[\(i)]")
        } else if indexMiss == .null {
            next(.null, evalPath + "[\(i)]")
        }
    }

    /// `..segment`: applies the segment at `value` and then at every descendant, depth first, the
    /// node itself before its children (Jayway's scan order). Iterative, so any depth is safe.
    private func scan(_ inner: Path.Segment, _ value: JSONValue, _ evalPath: String, _ next: (JSONValue, String) -> Void) {
        var stack: [(JSONValue, String)] = [(value, evalPath)]
        let savedMiss = miss
        while let (node, path) = stack.popLast() {
            switch (inner, node) {
            case (.member, .object), (.wildcard, .object), (.wildcard, .array), (.index, .array), (.slice, .array),
                 (.filter, .array), (.filter, .object), (.union, .object), (.union, .array):
                step(inner, isLeaf: true, node, path, next)
                miss = savedMiss
            default:
                break
            }
            switch node {
            case .object(let object):
                for m in object.members.reversed() { stack.append((m.value, path + "['\(m.key)']")) }
            case .array(let elements):
                for i in elements.indices.reversed() { stack.append((elements[i], path + "[\(i)]")) }
            default:
                break
            }
        }
    }

    /// Python-style slice indexes (negative positions count from the end), clamped to the array.
    static func sliceIndexes(count: Int, start: Int?, end: Int?, step: Int?) -> [Int] {
        let stride = step.flatMap { $0 == 0 ? nil : $0 } ?? 1
        func normalize(_ v: Int, low: Int, high: Int) -> Int {
            let n = v < 0 ? count + v : v  // count + v cannot overflow for v < 0
            return min(max(n, low), high)
        }
        var indexes: [Int] = []
        if stride > 0 {
            let from = start.map { normalize($0, low: 0, high: count) } ?? 0
            let to = end.map { normalize($0, low: 0, high: count) } ?? count
            var i = from
            while i < to {
                indexes.append(i)
                let (n, overflow) = i.addingReportingOverflow(stride)
                if overflow { break }
                i = n
            }
        } else {
            let from = start.map { normalize($0, low: -1, high: count - 1) } ?? (count - 1)
            let to = end.map { normalize($0, low: -1, high: count - 1) } ?? -1
            var i = from
            while i > to {
                indexes.append(i)
                let (n, overflow) = i.addingReportingOverflow(stride)
                if overflow { break }
                i = n
            }
        }
        return indexes
    }

    /// `Current context is: ...` in Jayway messages: the model's Java `toString`.
    static func contextText(_ value: JSONValue) -> String {
        switch value {
        case .object, .array: JavaText.write(value, style: .jackson)
        default: JavaText.write(value, style: .javaToString)
        }
    }

    // MARK: Filters

    /// The value of a filter operand, or `nil` when it refers to nothing.
    private func operand(_ operand: FilterOperand, _ current: JSONValue) -> JSONValue? {
        switch operand {
        case .literal(let v):
            return v
        case .current(let segments):
            return relative(segments, from: current, text: "@")
        case .path(let path):
            guard let root = PathEvaluator.rootValue(path, in: scope) else { return nil }
            return relative(path.segments, from: root, text: path.text)
        }
    }

    private func relative(_ segments: [Path.Segment], from root: JSONValue, text: String) -> JSONValue? {
        switch evaluate(segments, from: root, text: text) {
        case .value(let v): return v
        case .missing: return nil
        }
    }

    private func test(_ expression: FilterExpression, _ current: JSONValue) -> Bool {
        guard depth < PathEvaluator.maximumDepth else { return false }
        depth += 1
        defer { depth -= 1 }
        switch expression {
        case .exists(let o):
            return operand(o, current) != nil
        case .comparison(let l, let op, let r):
            return PathEvaluator.compare(operand(l, current), op, operand(r, current))
        case .and(let a, let b):
            return test(a, current) && test(b, current)
        case .or(let a, let b):
            return test(a, current) || test(b, current)
        case .not(let a):
            return !test(a, current)
        }
    }

    /// Jayway's relational operators: numbers compare numerically (a numeric string equals the
    /// number), strings by UTF-16 code units, `==` on anything else is JSON equality; a missing
    /// operand makes every operator false except `!=`.
    static func compare(_ left: JSONValue?, _ op: FilterExpression.ComparisonOperator, _ right: JSONValue?) -> Bool {
        guard let left, let right else { return op == .notEqual }
        switch op {
        case .equal: return equals(left, right)
        case .notEqual: return !equals(left, right)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order: Int
            switch (left, right) {
            case (.number(let a), .number(let b)): order = compareNumbers(a, b)
            case (.string(let a), .string(let b)):
                order = a.utf16.elementsEqual(b.utf16) ? 0 : (a.utf16.lexicographicallyPrecedes(b.utf16) ? -1 : 1)
            default: return false
            }
            switch op {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }

    static func equals(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.number(let a), .number(let b)): return compareNumbers(a, b) == 0
        case (.number(let a), .string(let s)), (.string(let s), .number(let a)):
            guard let b = JSONNumber(text: trimSpaces(s)) else { return false }
            return compareNumbers(a, b) == 0
        case (.string(let a), .string(let b)):
            return a.utf16.elementsEqual(b.utf16)
        case (.array, .array), (.object, .object):
            return JavaText.write(left, style: .equalityKey).utf8.elementsEqual(JavaText.write(right, style: .equalityKey).utf8)
        default: return left == right
        }
    }

    /// The string without leading and trailing spaces, tabs and line breaks.
    static func trimSpaces(_ s: String) -> String {
        let scalars = s.unicodeScalars
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    static func compareNumbers(_ a: JSONNumber, _ b: JSONNumber) -> Int {
        if let x = Int(a.text), let y = Int(b.text) { return x == y ? 0 : (x < y ? -1 : 1) }
        let x = a.doubleValue, y = b.doubleValue
        return x == y ? 0 : (x < y ? -1 : 1)
    }
}
