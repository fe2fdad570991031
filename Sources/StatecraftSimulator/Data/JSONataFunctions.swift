import Foundation
import StatesLanguage

extension _JSONataEvaluator {
    /// The built-in functions: JSONata's own that workflows use, and Step Functions' additions.
    static func builtins(_ random: RandomSource) -> Environment {
        typealias F = Function
        func json(_ v: Value?) -> JSONValue? { if case .json(let j)? = v { return j } else { return nil } }
        func num(_ v: Value?, _ name: String) throws(RuntimeError) -> Double? {
            guard let v else { return nil }
            guard let d = number(v) else { throw failure("the argument of $\(name) must be a number") }
            return d
        }
        func str(_ v: Value?, _ name: String) throws(RuntimeError) -> String? {
            guard let v else { return nil }
            guard case .json(.string(let s)) = v else { throw failure("the argument of $\(name) must be a string") }
            return s
        }
        func numbers(_ v: Value?, _ name: String) throws(RuntimeError) -> [Double]? {
            guard v != nil else { return nil }
            var out: [Double] = []
            for item in items(v) {
                guard case .number(let n) = item else { throw failure("the argument of $\(name) must be an array of numbers") }
                out.append(n.doubleValue)
            }
            return out
        }
        func n(_ d: Double) -> Value { .json(.number(JSONNumber(d))) }
        func call(_ f: Value?, _ args: [Value?]) throws(RuntimeError) -> Value? {
            guard case .function(let fn)? = f else { throw failure("expected a function") }
            return try fn.body(Array(args.prefix(fn.arity.upperBound)))
        }
        var table: [String: Value] = [:]
        func define(_ name: String, _ arity: ClosedRange<Int>, _ body: @escaping ([Value?]) throws(RuntimeError) -> Value?) {
            table[name] = .function(F(arity: arity, body: body))
        }
        // Strings
        define("string", 0...2) { a throws(RuntimeError) in
            guard let first = a.first, let v = first else { return nil }
            return .json(.string(try string(v)))
        }
        define("length", 1...1) { a throws(RuntimeError) in try str(a[0], "length").map { n(Double($0.unicodeScalars.count)) } }
        define("uppercase", 1...1) { a throws(RuntimeError) in try str(a[0], "uppercase").map { .json(.string($0.uppercased())) } }
        define("lowercase", 1...1) { a throws(RuntimeError) in try str(a[0], "lowercase").map { .json(.string($0.lowercased())) } }
        define("trim", 1...1) { a throws(RuntimeError) in
            try str(a[0], "trim").map { .json(.string($0.split(whereSeparator: \.isWhitespace).joined(separator: " "))) }
        }
        define("substring", 2...3) { a throws(RuntimeError) in
            guard let s = try str(a[0], "substring") else { return nil }
            let scalars = Array(s.unicodeScalars)
            var start = Int(try num(a[1], "substring") ?? 0)
            if start < 0 { start = max(0, scalars.count + start) }
            start = min(start, scalars.count)
            var end = scalars.count
            if a.count > 2, let length = try num(a[2], "substring") { end = min(scalars.count, start + max(0, Int(length))) }
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[start..<end])
            return .json(.string(String(out)))
        }
        define("contains", 2...2) { a throws(RuntimeError) in
            guard let s = try str(a[0], "contains") else { return nil }
            if case .regex(let regex)? = a[1] { return .json(.bool(!matches(regex, s).isEmpty)) }
            guard let t = try str(a[1], "contains") else { throw failure("$contains needs a string to look for") }
            return .json(.bool(t.isEmpty || s.contains(t)))
        }
        define("match", 2...3) { a throws(RuntimeError) in
            guard let s = try str(a[0], "match") else { return nil }
            guard case .regex(let regex)? = a[1] else { throw failure("$match needs a regular expression") }
            var found = matches(regex, s)
            if a.count > 2, let limit = try num(a[2], "match") { found = Array(found.prefix(max(0, Int(limit)))) }
            let objects: [JSONValue] = found.map { m in
                ["match": .string(m.text), "index": .number(JSONNumber(m.index)), "groups": .array(m.groups.map(JSONValue.string))]
            }
            return objects.isEmpty ? nil : objects.count == 1 ? .json(objects[0]) : .json(.array(objects))
        }
        define("replace", 3...4) { a throws(RuntimeError) in
            guard let s = try str(a[0], "replace") else { return nil }
            guard let replacement = try str(a[2], "replace") else { throw failure("$replace needs a replacement string") }
            var limit = Int.max
            if a.count > 3, let l = try num(a[3], "replace") { limit = max(0, Int(l)) }
            if case .regex(let regex)? = a[1] {
                var out = "", last = s.startIndex, count = 0
                for m in matches(regex, s) where count < limit {
                    out += s[last..<m.range.lowerBound]
                    // `$0`…`$9` in the replacement are the match and its groups.
                    var text = replacement
                    for (i, g) in ([m.text] + m.groups).enumerated().reversed() { text = text.replacingOccurrences(of: "$\(i)", with: g) }
                    out += text
                    last = m.range.upperBound
                    count += 1
                }
                return .json(.string(out + s[last...]))
            }
            guard let pattern = try str(a[1], "replace"), !pattern.isEmpty else { throw failure("D3010: $replace needs a non-empty pattern") }
            var out = "", rest = Substring(s), count = 0
            while count < limit, let r = rest.range(of: pattern) {
                out += rest[..<r.lowerBound] + replacement
                rest = rest[r.upperBound...]
                count += 1
            }
            return .json(.string(out + rest))
        }
        define("split", 2...3) { a throws(RuntimeError) in
            guard let s = try str(a[0], "split") else { return nil }
            var parts: [String]
            if case .regex(let regex)? = a[1] {
                parts = []
                var last = s.startIndex
                for m in matches(regex, s) {
                    parts.append(String(s[last..<m.range.lowerBound]))
                    last = m.range.upperBound
                }
                parts.append(String(s[last...]))
            } else {
                guard let separator = try str(a[1], "split") else { throw failure("$split needs a separator string or a regular expression") }
                parts = separator.isEmpty ? s.map { String($0) } : s.components(separatedBy: separator)
            }
            if a.count > 2, let limit = try num(a[2], "split") { parts = Array(parts.prefix(max(0, Int(limit)))) }
            return .json(.array(parts.map(JSONValue.string)))
        }
        define("join", 1...2) { a throws(RuntimeError) in
            guard a[0] != nil else { return nil }
            var parts: [String] = []
            for item in items(a[0]) {
                guard case .string(let s) = item else { throw failure("$join needs an array of strings") }
                parts.append(s)
            }
            let separator = a.count > 1 ? try str(a[1], "join") ?? "" : ""
            return .json(.string(parts.joined(separator: separator)))
        }
        // Numbers
        define("number", 1...1) { a throws(RuntimeError) in
            switch a[0] {
            case nil: return nil
            case .json(.number(let x))?: return .json(.number(x))
            case .json(.bool(let b))?: return n(b ? 1 : 0)
            case .json(.string(let s))?:
                guard let x = JSONNumber(text: s) ?? Double(s).flatMap({ $0.isFinite ? JSONNumber($0) : nil }) else {
                    throw failure("unable to cast value to a number: \"\(s)\"")
                }
                return .json(.number(x))
            default: throw failure("unable to cast value to a number")
            }
        }
        define("abs", 1...1) { a throws(RuntimeError) in try num(a[0], "abs").map { n(abs($0)) } }
        define("floor", 1...1) { a throws(RuntimeError) in try num(a[0], "floor").map { n($0.rounded(.down)) } }
        define("ceil", 1...1) { a throws(RuntimeError) in try num(a[0], "ceil").map { n($0.rounded(.up)) } }
        define("round", 1...2) { a throws(RuntimeError) in
            guard let x = try num(a[0], "round") else { return nil }
            let scale = pow(10, a.count > 1 ? (try num(a[1], "round") ?? 0) : 0)
            return n((x * scale).rounded(.toNearestOrEven) / scale)
        }
        define("power", 2...2) { a throws(RuntimeError) in
            guard let x = try num(a[0], "power"), let y = try num(a[1], "power") else { return nil }
            return n(pow(x, y))
        }
        define("sqrt", 1...1) { a throws(RuntimeError) in try num(a[0], "sqrt").map { n($0.squareRoot()) } }
        define("sum", 1...1) { a throws(RuntimeError) in try numbers(a[0], "sum").map { n($0.reduce(0, +)) } }
        define("max", 1...1) { a throws(RuntimeError) in try numbers(a[0], "max").flatMap { $0.max() }.map(n) }
        define("min", 1...1) { a throws(RuntimeError) in try numbers(a[0], "min").flatMap { $0.min() }.map(n) }
        define("average", 1...1) { a throws(RuntimeError) in
            try numbers(a[0], "average").flatMap { $0.isEmpty ? nil : $0.reduce(0, +) / Double($0.count) }.map(n)
        }
        // Booleans and types
        define("boolean", 1...1) { a in a[0] == nil ? nil : .json(.bool(truthy(a[0]))) }
        define("not", 1...1) { a in a[0] == nil ? nil : .json(.bool(!truthy(a[0]))) }
        define("exists", 1...1) { a in .json(.bool(a[0] != nil)) }
        define("type", 1...1) { a in
            switch a[0] {
            case nil: return nil
            case .function?, .regex?: return .json("function")
            case .json(let v)?:
                switch v {
                case .null: return .json("null")
                case .bool: return .json("boolean")
                case .number: return .json("number")
                case .string: return .json("string")
                case .array: return .json("array")
                case .object: return .json("object")
                }
            }
        }
        // Arrays
        define("count", 1...1) { a in n(Double(items(a[0]).count)) }
        define("append", 2...2) { a in
            if a[0] == nil { return a[1] }
            if a[1] == nil { return a[0] }
            return .json(.array(items(a[0]) + items(a[1])))
        }
        define("reverse", 1...1) { a in a[0] == nil ? nil : .json(.array(items(a[0]).reversed())) }
        define("distinct", 1...1) { a in
            guard a[0] != nil else { return nil }
            var out: [JSONValue] = []
            for item in items(a[0]) where !out.contains(where: { deepEqual($0, item) }) { out.append(item) }
            return .json(.array(out))
        }
        define("sort", 1...2) { a throws(RuntimeError) in
            guard a[0] != nil else { return nil }
            var list = items(a[0])
            if a.count > 1, a[1] != nil {
                // Insertion sort with the comparator ("should a come after b?"): stable, small lists.
                var sorted: [JSONValue] = []
                for item in list {
                    var index = sorted.count
                    while index > 0, truthy(try call(a[1], [.json(sorted[index - 1]), .json(item)])) { index -= 1 }
                    sorted.insert(item, at: index)
                }
                return .json(.array(sorted))
            }
            if list.allSatisfy({ if case .number = $0 { true } else { false } }) {
                list.sort { (number(.json($0)) ?? 0) < (number(.json($1)) ?? 0) }
            } else if list.allSatisfy({ if case .string = $0 { true } else { false } }) {
                list.sort { ($0.stringValue ?? "").unicodeScalars.lexicographicallyPrecedes(($1.stringValue ?? "").unicodeScalars) }
            } else {
                throw failure("$sort needs an array of numbers or of strings, or a comparator")
            }
            return .json(.array(list))
        }
        define("map", 2...2) { a throws(RuntimeError) in
            guard a[0] != nil else { return nil }
            var out: [JSONValue] = []
            let list = items(a[0])
            for (i, item) in list.enumerated() {
                if case .json(let v)? = try call(a[1], [.json(item), n(Double(i)), .json(.array(list))]) { out.append(v) }
            }
            return .json(.array(out))
        }
        define("filter", 2...2) { a throws(RuntimeError) in
            guard a[0] != nil else { return nil }
            var out: [JSONValue] = []
            let list = items(a[0])
            for (i, item) in list.enumerated() where truthy(try call(a[1], [.json(item), n(Double(i)), .json(.array(list))])) { out.append(item) }
            return .json(.array(out))
        }
        define("reduce", 2...3) { a throws(RuntimeError) in
            guard a[0] != nil else { return nil }
            var list = items(a[0])
            var accumulator: Value? = a.count > 2 ? a[2] : (list.isEmpty ? nil : .json(list.removeFirst()))
            for item in list { accumulator = try call(a[1], [accumulator, .json(item)]) }
            return accumulator
        }
        define("zip", 1...8) { a in
            let lists = a.map { items($0) }
            let length = lists.map(\.count).min() ?? 0
            return .json(.array((0..<length).map { i in .array(lists.map { $0[i] }) }))
        }
        // Objects
        define("keys", 1...1) { a in
            var keys: [JSONValue] = []
            for item in items(a[0]) {
                if case .object(let o) = item { for k in o.keys where !keys.contains(.string(k)) { keys.append(.string(k)) } }
            }
            return keys.isEmpty ? nil : keys.count == 1 ? .json(keys[0]) : .json(.array(keys))
        }
        define("lookup", 2...2) { a throws(RuntimeError) in
            guard let key = try str(a[1], "lookup") else { return nil }
            return field(key, of: a[0])
        }
        define("merge", 1...1) { a in
            guard a[0] != nil else { return nil }
            var merged = JSONObject()
            for item in items(a[0]) { if case .object(let o) = item { for m in o.members { merged[m.key] = m.value } } }
            return .json(.object(merged))
        }
        define("spread", 1...1) { a in
            var out: [JSONValue] = []
            for item in items(a[0]) {
                if case .object(let o) = item { for m in o.members { out.append(.object(JSONObject(distinctPairs: [(m.key, m.value)]))) } }
            }
            return .json(.array(out))
        }
        // Step Functions' additions.
        define("partition", 2...2) { a throws(RuntimeError) in
            guard case .json(.array(let list))? = a[0], let size = try num(a[1], "partition"), size >= 1, size.rounded() == size else {
                throw failure("$partition needs an array and a positive integer")
            }
            let chunk = Int(size)
            return .json(.array(stride(from: 0, to: list.count, by: chunk).map { .array(Array(list[$0..<min($0 + chunk, list.count)])) }))
        }
        define("range", 3...3) { a throws(RuntimeError) in
            guard let start = try num(a[0], "range"), let end = try num(a[1], "range"), let step = try num(a[2], "range"),
                  step != 0, start.rounded() == start, end.rounded() == end, step.rounded() == step else {
                throw failure("$range needs integer start, end and a non-zero step")
            }
            guard abs((end - start) / step) < 1_000 else { throw failure("$range produces at most 1,000 items") }
            var out: [JSONValue] = []
            var x = start
            while step > 0 ? x <= end : x >= end { out.append(.number(JSONNumber(x))); x += step }
            // A sequence: a single number is itself.
            return out.count == 1 ? .json(out[0]) : .json(.array(out))
        }
        define("hash", 2...2) { a throws(RuntimeError) in
            guard let data = try str(a[0], "hash"), let algorithm = try str(a[1], "hash") else { throw failure("$hash needs a string and an algorithm") }
            guard let hash = HashAlgorithm(rawValue: algorithm) else {
                throw failure("$hash: unsupported algorithm \(algorithm); use MD5, SHA-1, SHA-256, SHA-384 or SHA-512")
            }
            return .json(.string(hash.hexDigest(data)))
        }
        define("random", 0...1) { _ in
            n(Double(random.generator.next() >> 11) / Double(UInt64(1) << 53))
        }
        define("uuid", 0...0) { _ in .json(.string(random.generator.uuid())) }
        define("parse", 1...1) { a throws(RuntimeError) in
            guard let text = try str(a[0], "parse") else { return nil }
            guard let value = try? JSONParser.parse(text) else { throw failure("$parse: the string is not valid JSON") }
            return .json(value)
        }
        return Environment(table, parent: nil)
    }

    /// One match of a regular expression: its text, where it starts (in characters), its groups.
    struct Match {
        let text: String
        let index: Int
        let range: Range<String.Index>
        let groups: [String]
    }

    /// Every non-overlapping match of `regex` in `s`.
    static func matches(_ regex: NSRegularExpression, _ s: String) -> [Match] {
        regex.matches(in: s, range: NSRange(s.startIndex..., in: s)).compactMap { result in
            guard let range = Range(result.range, in: s) else { return nil }
            let groups = (1..<max(1, result.numberOfRanges)).map { i in Range(result.range(at: i), in: s).map { String(s[$0]) } ?? "" }
            return Match(text: String(s[range]), index: s.distance(from: s.startIndex, to: range.lowerBound), range: range, groups: groups)
        }
    }
}
