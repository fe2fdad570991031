import Foundation
import StatesLanguage

extension JSONataEvaluator {
    /// Registers built-in functions by name with their JSONata signature.
    struct Registry {
        var table: [String: Value] = [:]

        mutating func define(_ name: String, _ signature: String,
                             _ body: @escaping ([Value?], Call) throws(JSONataError) -> Value?) {
            table[name] = .function(Function(.builtin(body), signature: JSONataEvaluator.signature(signature), name: name))
        }
    }

    /// The built-in functions: JSONata 2.0.6's and Step Functions' additions.
    static func builtins(_ random: RandomSource, clock: @escaping @Sendable () -> Date) -> Environment {
        var registry = Registry()
        registerStrings(&registry)
        registerNumbers(&registry, random)
        registerArrays(&registry, random)
        registerObjects(&registry)
        registerDates(&registry, clock: clock)
        registerStepFunctions(&registry, random)
        return Environment(registry.table, parent: nil)
    }

    // MARK: Argument helpers

    static func argument(_ a: [Value?], _ i: Int) -> Value? { i < a.count ? a[i] : nil }

    static func stringArgument(_ a: [Value?], _ i: Int) -> String? {
        if case .string(let s)? = argument(a, i) { return s }
        return nil
    }

    static func numberArgument(_ a: [Value?], _ i: Int) -> Double? {
        if case .number(let d)? = argument(a, i) { return d }
        return nil
    }

    static func arrayArgument(_ a: [Value?], _ i: Int) -> [Value]? {
        switch argument(a, i) {
        case .array(let items, _)?: return items
        case let v?: return [v]
        case nil: return nil
        }
    }

    /// The arguments a higher-order function passes: the value, then index and array when the
    /// function takes them.
    static func hofArguments(_ f: Value, _ value: Value, _ index: Value, _ whole: Value) -> [Value?] {
        let arity: Int = if case .function(let fn) = f { fn.arity } else { 1 }
        var out: [Value?] = [value]
        if arity >= 2 { out.append(index) }
        if arity >= 3 { out.append(whole) }
        return out
    }

    // MARK: Strings

    static func registerStrings(_ r: inout Registry) {
        r.define("string", "<x-b?:s>") { a, _ throws(JSONataError) in
            guard var v = argument(a, 0) else { return nil }
            if case .array(let items, let flags) = v, flags.contains(.outerWrapper), let first = items.first { v = first }
            let pretty: Bool = if case .bool(true)? = argument(a, 1) { true } else { false }
            return .string(try Machine.string(v, pretty: pretty))
        }
        r.define("length", "<s-:n>") { a, _ in
            stringArgument(a, 0).map { .number(Double($0.unicodeScalars.count)) }
        }
        r.define("substring", "<s-nn?:s>") { a, _ in
            guard let s = stringArgument(a, 0), let startValue = numberArgument(a, 1) else { return nil }
            let scalars = Array(s.unicodeScalars)
            let count = scalars.count
            func clamp(_ x: Double) -> Int {
                let t = x.rounded(.towardZero)
                var i = t.isFinite ? Int(max(min(t, 1e12), -1e12)) : (t > 0 ? count : -count)
                if i < 0 { i = max(0, count + i) }
                return min(i, count)
            }
            var start = startValue
            if Double(count) + start < 0 { start = 0 }
            var endIndex = count
            if let length = numberArgument(a, 2) {
                if length <= 0 { return .string("") }
                let end = start >= 0 ? start + length : Double(count) + start + length
                endIndex = clamp(end)
                if end < 0 && end.rounded(.towardZero) < 0 { endIndex = clamp(end) }
            }
            let from = clamp(start)
            guard from < endIndex else { return .string("") }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[from..<endIndex])
            return .string(String(view))
        }
        r.define("substringBefore", "<s-s:s>") { a, _ in
            guard let s = stringArgument(a, 0), let t = stringArgument(a, 1) else { return stringArgument(a, 0).map { .string($0) } }
            if t.isEmpty { return .string("") }
            guard let r = s.range(of: t) else { return .string(s) }
            return .string(String(s[..<r.lowerBound]))
        }
        r.define("substringAfter", "<s-s:s>") { a, _ in
            guard let s = stringArgument(a, 0), let t = stringArgument(a, 1) else { return stringArgument(a, 0).map { .string($0) } }
            if t.isEmpty { return .string(s) }
            guard let r = s.range(of: t) else { return .string(s) }
            return .string(String(s[r.upperBound...]))
        }
        r.define("uppercase", "<s-:s>") { a, _ in stringArgument(a, 0).map { .string($0.uppercased()) } }
        r.define("lowercase", "<s-:s>") { a, _ in stringArgument(a, 0).map { .string($0.lowercased()) } }
        r.define("trim", "<s-:s>") { a, _ in
            guard let s = stringArgument(a, 0) else { return nil }
            var out = ""
            var pendingSpace = false
            for u in s.unicodeScalars {
                if u == " " || u == "\t" || u == "\n" || u == "\r" {
                    pendingSpace = true
                } else {
                    if pendingSpace && !out.isEmpty { out += " " }
                    pendingSpace = false
                    out.unicodeScalars.append(u)
                }
            }
            return .string(out)
        }
        r.define("pad", "<s-ns?:s>") { a, call throws(JSONataError) in
            guard let s = stringArgument(a, 0), let width = numberArgument(a, 1) else { return nil }
            var padding = stringArgument(a, 2) ?? " "
            if padding.isEmpty { padding = " " }
            let length = s.unicodeScalars.count
            let target = Int(max(min(abs(width).rounded(.towardZero), 1e9), 0))
            let missing = target - length
            guard missing > 0 else { return .string(s) }
            try call.evaluator.checkSize(missing)
            var fill = String.UnicodeScalarView()
            let unit = Array(padding.unicodeScalars)
            for i in 0..<missing { fill.append(unit[i % unit.count]) }
            return .string(width < 0 ? String(fill) + s : s + String(fill))
        }
        r.define("contains", "<s-(sf):b>") { a, call throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            switch argument(a, 1) {
            case .string(let t)?: return .bool(t.isEmpty || s.contains(t))
            case .regex(let regex)?:
                var steps = call.evaluator.regexSteps
                let found = try regex.firstMatch(in: Array(s.utf16), from: 0, steps: &steps) != nil
                try call.evaluator.spendRegexSteps(steps)
                return .bool(found)
            default: throw JSONataError("T0410", "Argument 2 of function contains does not match function signature")
            }
        }
        r.define("split", "<s-(sf)n?:a<s>>") { a, call throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            let limit = numberArgument(a, 2)
            if let limit, limit < 0 { throw JSONataError("D3020", "Third argument of split function must evaluate to a positive number") }
            var parts: [String] = []
            if limit == nil || limit! > 0 {
                switch argument(a, 1) {
                case .string(let separator)?:
                    if separator.isEmpty {
                        parts = s.utf16.map { String(utf16CodeUnits: [$0], count: 1) }
                    } else {
                        parts = s.components(separatedBy: separator)
                    }
                    if let limit { parts = Array(parts.prefix(Int(min(limit, 1e9)))) }
                case .regex(let regex)?:
                    let text = Array(s.utf16)
                    var steps = call.evaluator.regexSteps
                    let matches = try regex.allMatches(in: text, steps: &steps, limit: limit.map { Int(min($0, 1e9)) } ?? .max)
                    try call.evaluator.spendRegexSteps(steps)
                    var start = 0
                    for m in matches {
                        parts.append(String(decoding: text[start..<m.range.lowerBound], as: UTF16.self))
                        start = m.range.upperBound
                    }
                    if limit == nil || matches.count < Int(min(limit!, 1e9)) {
                        parts.append(String(decoding: text[start...], as: UTF16.self))
                    }
                default: throw JSONataError("T0410", "Argument 2 of function split does not match function signature")
                }
            }
            return .array(parts.map { .string($0) }, [])
        }
        r.define("join", "<a<s>s?:s>") { a, call throws(JSONataError) in
            guard let items = arrayArgument(a, 0) else { return nil }
            let separator = stringArgument(a, 1) ?? ""
            let s = items.compactMap(\.stringValue).joined(separator: separator)
            try call.evaluator.checkSize(s.utf8.count)
            return .string(s)
        }
        r.define("match", "<s-f<s:o>n?:a<o>>") { a, call throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            let limit = numberArgument(a, 2)
            if let limit, limit < 0 { throw JSONataError("D3040", "Third argument of match function must evaluate to a positive number") }
            guard case .regex(let regex)? = argument(a, 1) else {
                throw JSONataError("T0410", "Argument 2 of function match does not match function signature")
            }
            let text = Array(s.utf16)
            var steps = call.evaluator.regexSteps
            let matches = try regex.allMatches(in: text, steps: &steps, limit: limit.map { Int(min($0, 1e9)) } ?? .max)
            try call.evaluator.spendRegexSteps(steps)
            return .sequence(matches.map { matchObject($0, text, withEnd: false) })
        }
        r.define("replace", "<s-(sf)(sf)n?:s>") { a, call throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            if case .string("")? = argument(a, 1) {
                throw JSONataError("D3010", "Second argument of replace function cannot be an empty string")
            }
            let limit = numberArgument(a, 3)
            if let limit, limit < 0 { throw JSONataError("D3011", "Fourth argument of replace function must evaluate to a positive number") }
            guard let replacement = argument(a, 2) else { return nil }
            let maximum = limit.map { Int(min($0, 1e9)) } ?? .max
            switch argument(a, 1) {
            case .string(let pattern)?:
                guard case .string(let text) = replacement else {
                    throw JSONataError("T0410", "Argument 3 of function replace does not match function signature")
                }
                var out = "", rest = Substring(s), count = 0
                while count < maximum, let range = rest.range(of: pattern) {
                    out += rest[..<range.lowerBound] + text
                    rest = rest[range.upperBound...]
                    count += 1
                }
                out += rest
                try call.evaluator.checkSize(out.utf8.count)
                return .string(out)
            case .regex(let regex)?:
                let text = Array(s.utf16)
                var steps = call.evaluator.regexSteps
                let matches = try regex.allMatches(in: text, steps: &steps, limit: maximum)
                try call.evaluator.spendRegexSteps(steps)
                var out: [UInt16] = []
                var position = 0
                for m in matches {
                    out += text[position..<m.range.lowerBound]
                    let substitute: String
                    switch replacement {
                    case .string(let template):
                        substitute = expandReplacement(template, m, text)
                    default:
                        let result = try call.evaluator.apply(replacement, [matchObject(m, text, withEnd: true)], context: call.context)
                        guard case .string(let r)? = result else {
                            throw JSONataError("D3012", "Attempted to replace a matched string with a non-string value")
                        }
                        substitute = r
                    }
                    out += Array(substitute.utf16)
                    try call.evaluator.checkSize(out.count)
                    position = m.range.upperBound
                }
                out += text[position...]
                return .string(String(decoding: out, as: UTF16.self))
            default: throw JSONataError("T0410", "Argument 2 of function replace does not match function signature")
            }
        }
        r.define("base64encode", "<s-:s>") { a, _ in
            stringArgument(a, 0).map { .string(Data($0.utf8).base64EncodedString()) }
        }
        r.define("base64decode", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            var text = s.filter { !$0.isWhitespace }
            while text.count % 4 != 0 { text += "=" }
            guard let data = Data(base64Encoded: text) else {
                throw JSONataError("D3137", "The string is not valid Base64: \(Machine.quote(s))")
            }
            return .string(String(decoding: data, as: UTF8.self))
        }
        r.define("encodeUrlComponent", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            return .string(try percentEncode(s, keeping: "-_.!~*'()"))
        }
        r.define("encodeUrl", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            return .string(try percentEncode(s, keeping: "-_.!~*'();/?:@&=+$,#"))
        }
        r.define("decodeUrlComponent", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            return .string(try percentDecode(s, reserved: ""))
        }
        r.define("decodeUrl", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = stringArgument(a, 0) else { return nil }
            return .string(try percentDecode(s, reserved: ";/?:@&=+$,#"))
        }
    }

    /// The object `$match` returns for a match (`start`/`end` too when a replacement function gets it).
    static func matchObject(_ m: JSONataRegex.Match, _ text: [UInt16], withEnd: Bool) -> Value {
        var o = Object()
        o["match"] = .string(String(decoding: text[m.range], as: UTF16.self))
        if withEnd {
            o["start"] = .number(Double(m.range.lowerBound))
            o["end"] = .number(Double(m.range.upperBound))
        } else {
            o["index"] = .number(Double(m.range.lowerBound))
        }
        o["groups"] = .array(m.groups.map { g in .string(g.map { String(decoding: text[$0], as: UTF16.self) } ?? "") }, [])
        return .object(o)
    }

    /// `$replace`'s replacement text with `$0`, `$1`… and `$$` expanded, as JSONata does it.
    static func expandReplacement(_ template: String, _ m: JSONataRegex.Match, _ text: [UInt16]) -> String {
        let chars = Array(template.utf16)
        var out: [UInt16] = []
        var i = 0
        let groups = m.groups
        let maxDigits = groups.isEmpty ? 1 : Int(log10(Double(groups.count)).rounded(.down)) + 1
        while i < chars.count {
            guard chars[i] == 0x24 else { out.append(chars[i]); i += 1; continue }
            i += 1
            guard i < chars.count else { out.append(0x24); break }
            if chars[i] == 0x24 { out.append(0x24); i += 1; continue }
            if chars[i] == 0x30 { out += text[m.range]; i += 1; continue }
            func digits(_ n: Int) -> Int? {
                var value = 0
                var any = false
                for k in 0..<n where i + k < chars.count {
                    let c = chars[i + k]
                    guard c >= 0x30 && c <= 0x39 else { break }
                    value = value * 10 + Int(c - 0x30)
                    any = true
                }
                return any ? value : nil
            }
            var index = digits(maxDigits)
            if maxDigits > 1, let v = index, v > groups.count { index = digits(maxDigits - 1) }
            if let index {
                if index >= 1, index <= groups.count, let g = groups[index - 1] { out += text[g] }
                i += String(index).count
            } else {
                out.append(0x24)
            }
        }
        return String(decoding: out, as: UTF16.self)
    }

    static func percentEncode(_ s: String, keeping: String) throws(JSONataError) -> String {
        var out = ""
        let keep = Set(keeping.utf8)
        for u in s.unicodeScalars {
            if (0xD800...0xDFFF).contains(u.value) { throw JSONataError("D3140", "Malformed URL passed to $encodeUrl...(): \(s)") }
            let isAlnum = (u.value >= 0x30 && u.value <= 0x39) || (u.value >= 0x41 && u.value <= 0x5A) || (u.value >= 0x61 && u.value <= 0x7A)
            if isAlnum || (u.value < 0x80 && keep.contains(UInt8(u.value))) {
                out.unicodeScalars.append(u)
            } else {
                for byte in String(u).utf8 { out += String(format: "%%%02X", byte) }
            }
        }
        return out
    }

    static func percentDecode(_ s: String, reserved: String) throws(JSONataError) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        let keep = Set(reserved.utf8)
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x25 {
                guard i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) else {
                    throw JSONataError("D3140", "Malformed URL passed to $decodeUrl...(): \(s)")
                }
                let byte = h * 16 + l
                if byte < 0x80 && keep.contains(byte) {
                    out += bytes[i...(i + 2)]
                } else {
                    out.append(byte)
                }
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw JSONataError("D3140", "Malformed URL passed to $decodeUrl...(): \(s)")
        }
        return text
    }
}

extension JSONataEvaluator.Machine {
    /// The regular-expression steps left in the budget.
    var regexSteps: Int { max(0, budget.steps - steps) }

    /// Charges the steps a regular expression used (given what is left).
    func spendRegexSteps(_ left: Int) throws(JSONataError) {
        steps = budget.steps - left
    }

    /// A regular expression called as a function: its first match as an object, or undefined.
    func regexMatcher(_ regex: JSONataRegex, _ arguments: [Value?]) throws(JSONataError) -> Value? {
        guard case .string(let s)? = arguments.first ?? nil else { return nil }
        let text = Array(s.utf16)
        var left = regexSteps
        let found = try regex.firstMatch(in: text, from: 0, steps: &left)
        try spendRegexSteps(left)
        return found.map { JSONataEvaluator.matchObject($0, text, withEnd: true) }
    }
}
