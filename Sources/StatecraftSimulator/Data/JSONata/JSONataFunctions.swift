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
        registerPatterns(&registry)
        registerEncodings(&registry)
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
                var i = Int(saturating: x, within: -1_000_000_000_000...1_000_000_000_000)
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
            let target = Int(saturating: abs(width), within: 0...1_000_000_000)
            let missing = target - length
            guard missing > 0 else { return .string(s) }
            try call.evaluator.checkSize(missing)
            var fill = String.UnicodeScalarView()
            let unit = Array(padding.unicodeScalars)
            for i in 0..<missing { fill.append(unit[i % unit.count]) }
            return .string(width < 0 ? String(fill) + s : s + String(fill))
        }
        r.define("join", "<a<s>s?:s>") { a, call throws(JSONataError) in
            guard let items = arrayArgument(a, 0) else { return nil }
            let separator = stringArgument(a, 1) ?? ""
            let s = items.compactMap(\.stringValue).joined(separator: separator)
            try call.evaluator.checkSize(s.utf8.count)
            return .string(s)
        }
    }
}
