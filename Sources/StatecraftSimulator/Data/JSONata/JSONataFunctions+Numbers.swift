import Foundation
import StatesLanguage

extension JSONataEvaluator {
    static func registerNumbers(_ r: inout Registry, _ random: RandomSource) {
        r.define("number", "<(nsb)-:n>") { a, _ throws(JSONataError) in
            switch argument(a, 0) {
            case nil: return nil
            case .number(let d)?: return .number(d)
            case .bool(let b)?: return .number(b ? 1 : 0)
            case .string(let s)?:
                if let d = parseNumber(s) { return .number(d) }
                throw JSONataError("D3030", "Unable to cast value to a number: \(Machine.quote(s))")
            case let v?: throw JSONataError("D3030", "Unable to cast value to a number: \(Machine.describe(v))")
            }
        }
        r.define("abs", "<n-:n>") { a, _ in numberArgument(a, 0).map { .number(abs($0)) } }
        r.define("floor", "<n-:n>") { a, _ in numberArgument(a, 0).map { .number($0.rounded(.down)) } }
        r.define("ceil", "<n-:n>") { a, _ in numberArgument(a, 0).map { .number($0.rounded(.up)) } }
        r.define("round", "<n-n?:n>") { a, _ in
            guard let x = numberArgument(a, 0) else { return nil }
            return .number(round(x, Int(saturating: numberArgument(a, 1) ?? 0, within: -1_000...1_000)))
        }
        r.define("power", "<n-n:n>") { a, _ throws(JSONataError) in
            guard let x = numberArgument(a, 0), let y = numberArgument(a, 1) else { return nil }
            let result = pow(x, y)
            guard result.isFinite else {
                throw JSONataError("D3061", "The power function has resulted in a value that cannot be represented as a JSON number: base=\(Machine.numberText(x)), exponent=\(Machine.numberText(y))")
            }
            return .number(result)
        }
        r.define("sqrt", "<n-:n>") { a, _ throws(JSONataError) in
            guard let x = numberArgument(a, 0) else { return nil }
            guard x >= 0 else { throw JSONataError("D3060", "The sqrt function cannot be applied to a negative number: \(Machine.numberText(x))") }
            return .number(x.squareRoot())
        }
        r.define("random", "<:n>") { _, _ in
            .number(Double(random.generator.next() >> 11) / Double(UInt64(1) << 53))
        }
        r.define("sum", "<a<n>:n>") { a, _ in
            arrayArgument(a, 0).map { .number($0.reduce(0) { $0 + ($1.numberValue ?? 0) }) }
        }
        r.define("max", "<a<n>:n>") { a, _ in
            arrayArgument(a, 0).flatMap { $0.compactMap(\.numberValue).max() }.map { .number($0) }
        }
        r.define("min", "<a<n>:n>") { a, _ in
            arrayArgument(a, 0).flatMap { $0.compactMap(\.numberValue).min() }.map { .number($0) }
        }
        r.define("average", "<a<n>:n>") { a, _ in
            guard let items = arrayArgument(a, 0), !items.isEmpty else { return nil }
            return .number(items.reduce(0) { $0 + ($1.numberValue ?? 0) } / Double(items.count))
        }
        r.define("formatBase", "<n-n?:s>") { a, _ throws(JSONataError) in
            guard let x = numberArgument(a, 0) else { return nil }
            let value = round(x, 0)
            let radix = numberArgument(a, 1).map { round($0, 0) } ?? 10
            guard radix >= 2, radix <= 36 else {
                throw JSONataError("D3100", "The radix of the formatBase function must be between 2 and 36.  It was given \(Machine.numberText(radix))")
            }
            guard abs(value) < 9.2e18 else { return .string(Machine.numberText(value)) }
            return .string(String(Int64(value), radix: Int(radix)))
        }
        r.define("formatNumber", "<n-so?:s>") { a, _ throws(JSONataError) in
            guard let x = numberArgument(a, 0), let picture = stringArgument(a, 1) else { return nil }
            var options: [String: String] = [:]
            if case .object(let o)? = argument(a, 2) {
                for (k, v) in o.members { if case .string(let s) = v { options[k] = s } }
            }
            return .string(try NumberPicture.format(x, picture: picture, options: options))
        }
        r.define("formatInteger", "<n-s:s>") { a, _ throws(JSONataError) in
            guard let x = numberArgument(a, 0), let picture = stringArgument(a, 1) else { return nil }
            return .string(try IntegerPicture(picture).format(x))
        }
        r.define("parseInteger", "<s-s:n>") { a, _ throws(JSONataError) in
            guard let s = stringArgument(a, 0), let picture = stringArgument(a, 1) else { return nil }
            return try IntegerPicture(picture).parse(s).map { .number($0) }
        }
    }

    /// `$number`'s reading of a string: JSON number syntax, or `0x`/`0o`/`0b` integers.
    static func parseNumber(_ s: String) -> Double? {
        let scalars = Array(s.unicodeScalars)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < scalars.count, ("0"..."9").contains(scalars[i]) { i += 1 }
            return i - start
        }
        if i < scalars.count, scalars[i] == "-" { i += 1 }
        if digits() > 0 {
            var ok = true
            if i < scalars.count, scalars[i] == "." { i += 1; ok = digits() > 0 }
            if ok, i < scalars.count, scalars[i] == "e" || scalars[i] == "E" {
                i += 1
                if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" { i += 1 }
                ok = digits() > 0
            }
            if ok, i == scalars.count, let d = Double(s), d.isFinite { return d }
        }
        let lower = s.lowercased()
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) && lower.count > 2 {
            if let v = UInt64(lower.dropFirst(2), radix: radix) { return Double(v) }
        }
        return nil
    }

    /// JSONata's `$round`: half to even, at `precision` decimal places, shifting in decimal text
    /// so binary fractions do not tip the result.
    static func round(_ x: Double, _ precision: Int) -> Double {
        func shift(_ v: Double, _ by: Int) -> Double {
            if by == 0 { return v }
            let text = Machine.numberText(v)
            var mantissa = text
            var exponent = 0
            if let e = text.firstIndex(of: "e") {
                mantissa = String(text[..<e])
                exponent = Int(text[text.index(after: e)...].replacingOccurrences(of: "+", with: "")) ?? 0
            }
            return Double(mantissa + "e" + String(exponent + by)) ?? v * pow(10, Double(by))
        }
        let shifted = shift(x, precision)
        // Shifting past the largest double means the precision lies beyond the number's last
        // digit (a double has 17 significant digits, and none past 10^308): nothing to round.
        if !shifted.isFinite { return x }
        var result = (shifted + 0.5).rounded(.down)
        let diff = result - shifted
        if abs(diff) == 0.5, abs(result.truncatingRemainder(dividingBy: 2)) == 1 { result -= 1 }
        if precision != 0 { result = shift(result, -precision) }
        if result == 0 { result = 0 }
        return result
    }
}
