import Foundation
import StatesLanguage

extension JSONataEvaluator {
    // MARK: Regular expressions and patterns: $contains, $split, $match, $replace

    static func registerPatterns(_ r: inout Registry) {
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
                    if let limit { parts = Array(parts.prefix(Int(saturating: limit, within: 0...1_000_000_000))) }
                case .regex(let regex)?:
                    let text = Array(s.utf16)
                    var steps = call.evaluator.regexSteps
                    let matches = try regex.allMatches(in: text, steps: &steps, limit: limit.map { Int(saturating: $0, within: 0...1_000_000_000) } ?? .max)
                    try call.evaluator.spendRegexSteps(steps)
                    var start = 0
                    for m in matches {
                        parts.append(String(decoding: text[start..<m.range.lowerBound], as: UTF16.self))
                        start = m.range.upperBound
                    }
                    if limit == nil || matches.count < Int(saturating: limit!, within: 0...1_000_000_000) {
                        parts.append(String(decoding: text[start...], as: UTF16.self))
                    }
                default: throw JSONataError("T0410", "Argument 2 of function split does not match function signature")
                }
            }
            return .array(parts.map { .string($0) }, [])
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
            let matches = try regex.allMatches(in: text, steps: &steps, limit: limit.map { Int(saturating: $0, within: 0...1_000_000_000) } ?? .max)
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
            let maximum = limit.map { Int(saturating: $0, within: 0...1_000_000_000) } ?? .max
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
