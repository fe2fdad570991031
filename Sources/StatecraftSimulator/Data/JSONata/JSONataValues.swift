import Foundation
import StatesLanguage

/// JSONata's value rules: field lookup over sequences, truthiness, equality, string casts, and
/// function signatures.
extension JSONataEvaluator.Machine {
    typealias Value = JSONataEvaluator.Value
    typealias Object = JSONataEvaluator.Object
    typealias Function = JSONataEvaluator.Function

    /// The items of a value: an array's members, a single value as one item, nothing for undefined.
    static func items(_ value: Value?) -> [Value] {
        switch value {
        case .array(let a, _)?: return a
        case let v?: return [v]
        case nil: return []
        }
    }

    /// `$append` of one value to a list: arrays are spliced in.
    static func append(_ list: [Value], _ value: Value) -> [Value] {
        if case .array(let a, _) = value { return list + a }
        return list + [value]
    }

    /// A field of an object, or of every object in an array (flattened).
    static func lookup(_ value: Value?, _ key: String) -> Value? {
        switch value {
        case .object(let o)?: return o[key]
        case .array(let a, _)?:
            var out: [Value] = []
            for item in a {
                guard let v = lookup(item, key) else { continue }
                if case .array(let inner, _) = v { out += inner } else { out.append(v) }
            }
            return .sequence(out)
        default: return nil
        }
    }

    static func flatten(_ value: Value, into out: inout [Value]) {
        if case .array(let a, _) = value {
            for v in a { flatten(v, into: &out) }
        } else {
            out.append(value)
        }
    }

    /// `*`: the values of every field of the context object.
    static func wildcard(_ value: Value?) -> Value? {
        var input = value
        if case .array(let a, let f)? = value, f.contains(.outerWrapper), let first = a.first { input = first }
        var out: [Value] = []
        switch input {
        case .object(let o)?:
            for (_, v) in o.members {
                if case .array = v { flatten(v, into: &out) } else { out.append(v) }
            }
        case .array(let a, _)?:
            for v in a {
                if case .array = v { flatten(v, into: &out) } else { out.append(v) }
            }
        default: break
        }
        return .sequence(out)
    }

    /// `**`: the context value and all values below it.
    static func descendants(_ value: Value?) -> Value? {
        guard let value else { return nil }
        var out: [Value] = []
        var stack: [Value] = [value]
        while let v = stack.popLast() {
            switch v {
            case .array(let a, _): stack += a.reversed()
            case .object(let o):
                out.append(v)
                stack += o.members.map(\.value).reversed()
            default: out.append(v)
            }
        }
        return out.count == 1 ? out[0] : .sequence(out)
    }

    /// JSONata's Boolean cast.
    static func truthy(_ value: Value?) -> Bool {
        switch value {
        case nil: return false
        case .null?: return false
        case .bool(let b)?: return b
        case .number(let n)?: return n != 0
        case .string(let s)?: return !s.isEmpty
        case .array(let a, _)?: return a.contains { truthy($0) }
        case .object(let o)?: return !o.isEmpty
        case .function?, .regex?: return false
        }
    }

    /// Whether a value is a number, refusing infinite ones as JSONata does (`D1001`).
    static func checkedNumeric(_ value: Value) throws(JSONataError) -> Bool {
        guard case .number(let d) = value, !d.isNaN else { return false }
        guard d.isFinite else { throw JSONataError.numberOutOfRange(d) }
        return true
    }

    static func isNumeric(_ value: Value) -> Bool {
        if case .number(let d) = value { return !d.isNaN }
        return false
    }

    static func deepEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x, _), .array(let y, _)): return x.count == y.count && zip(x, y).allSatisfy { deepEqual($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.members.allSatisfy { m in y[m.key].map { deepEqual(m.value, $0) } ?? false }
        case (.function(let x), .function(let y)): return x === y
        default: return false
        }
    }

    /// JavaScript's `===`: values for primitives, identity (never, here) for objects and arrays.
    static func strictEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.function(let x), .function(let y)): return x === y
        default: return false
        }
    }

    // MARK: Strings

    /// `$string`: strings as they are, functions as `""`, other values as JSON with numbers
    /// written to 15 significant digits.
    static func string(_ value: Value?, pretty: Bool = false) throws(JSONataError) -> String {
        switch value {
        case nil: return ""
        case .string(let s)?: return s
        case .function?, .regex?: return ""
        case .number(let d)? where !d.isFinite:
            throw JSONataError("D3001", "Attempting to invoke string function on Infinity or NaN")
        case let v?:
            var out = ""
            try write(v, into: &out, pretty: pretty, indent: 0)
            return out
        }
    }

    static func write(_ value: Value, into out: inout String, pretty: Bool, indent: Int) throws(JSONataError) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d):
            guard d.isFinite else { throw JSONataError.numberOutOfRange(d) }
            out += numberText(Double(String(format: "%.15g", d)) ?? d)
        case .string(let s): out += quote(s)
        case .function, .regex: out += "\"\""
        case .array(let a, _):
            if a.isEmpty { out += "[]"; return }
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                try checkLength(out)
                if pretty { out += "\n" + String(repeating: " ", count: indent + 2) }
                try write(v, into: &out, pretty: pretty, indent: indent + 2)
            }
            if pretty { out += "\n" + String(repeating: " ", count: indent) }
            out += "]"
        case .object(let o):
            if o.isEmpty { out += "{}"; return }
            out += "{"
            for (i, m) in o.members.enumerated() {
                if i > 0 { out += "," }
                try checkLength(out)
                if pretty { out += "\n" + String(repeating: " ", count: indent + 2) }
                out += quote(m.key) + (pretty ? ": " : ":")
                try write(m.value, into: &out, pretty: pretty, indent: indent + 2)
            }
            if pretty { out += "\n" + String(repeating: " ", count: indent) }
            out += "}"
        }
    }

    /// Stops writing a value whose text is past the payload limit.
    static func checkLength(_ text: String) throws(JSONataError) {
        if text.utf8.count > 262_144 {
            throw JSONataError("D1004", "The expression built a string larger than 262144 bytes, the Step Functions payload limit")
        }
    }

    /// A string as a JSON literal (JavaScript's `JSON.stringify` escapes).
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// A number as JavaScript writes it (`Number.prototype.toString`).
    static func numberText(_ d: Double) -> String {
        if d == 0 { return "0" }
        if d.rounded() == d, abs(d) < 1e21 {
            if abs(d) < 9.007e15 { return String(Int64(d)) }
        }
        // Shortest round-trip digits and exponent from Swift's description.
        let description = "\(abs(d))"
        var mantissa = description
        var exponent = 0
        if let e = description.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(description[..<e])
            exponent = Int(description[description.index(after: e)...]) ?? 0
        }
        var digits = mantissa.replacingOccurrences(of: ".", with: "")
        var pointPosition = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent
        // Strip leading zeros.
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let sign = d < 0 ? "-" : ""
        let n = pointPosition // the decimal exponent such that value = 0.digits × 10^n
        let k = digits.count
        if k <= n && n <= 21 {
            return sign + digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let i = digits.index(digits.startIndex, offsetBy: n)
            return sign + digits[..<i] + "." + digits[i...]
        }
        if -6 < n && n <= 0 {
            return sign + "0." + String(repeating: "0", count: -n) + digits
        }
        let e = n - 1
        let expText = e >= 0 ? "+\(e)" : "\(e)"
        if k == 1 { return sign + digits + "e" + expText }
        return sign + digits.prefix(1) + "." + digits.dropFirst() + "e" + expText
    }

    /// A short rendering of a value for messages.
    static func describe(_ value: Value?) -> String {
        guard let value else { return "undefined" }
        let text = (try? string(value)) ?? "a value"
        if case .string = value { return quote(text) }
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    // MARK: Signatures

    /// The type symbol JSONata's signatures match a value by.
    static func symbol(_ value: Value?) -> Character {
        switch value {
        case nil: "m"
        case .null?: "l"
        case .bool?: "b"
        case .number?: "n"
        case .string?: "s"
        case .array?: "a"
        case .object?: "o"
        case .function?, .regex?: "f"
        }
    }

    /// The symbols one signature parameter accepts.
    static func accepted(_ type: JSONataSignatureType) -> Set<Character> {
        switch type {
        case .boolean: ["b", "m"]
        case .number: ["n", "m"]
        case .string: ["s", "m"]
        case .null: ["l", "m"]
        case .object: ["o", "m"]
        case .array: ["a", "s", "n", "b", "l", "f", "o", "m"]
        case .function: ["f"]
        case .json: ["a", "s", "n", "b", "l", "o", "m"]
        case .any: ["a", "s", "n", "b", "l", "f", "o", "m"]
        case .choice(let types): types.reduce(into: Set<Character>(["m"])) { $0.formUnion(accepted($1).subtracting(["m"])) }
        }
    }

    /// Checks `arguments` against the function's signature, filling in the context for a missing
    /// `-` parameter and wrapping single values given for array parameters.
    static func validate(_ function: Function, _ arguments: [Value?], context: Value?) throws(JSONataError) -> [Value?] {
        guard let signature = function.signature else { return arguments }
        let params = signature.parameters
        let symbols = arguments.map(symbol)
        // For each parameter, how many arguments it takes (backtracking, greedy first).
        var counts = [Int](repeating: 0, count: params.count)
        func match(_ p: Int, _ a: Int) -> Bool {
            if p == params.count { return a == symbols.count }
            let param = params[p]
            let ok = accepted(param.type)
            var maximum = 0
            while a + maximum < symbols.count, ok.contains(symbols[a + maximum]) {
                maximum += 1
                if !param.isVariadic { break }
            }
            let minimum = (param.isOptional || param.usesContext) ? 0 : 1
            if maximum < minimum { return false }
            var n = maximum
            while n >= minimum {
                counts[p] = n
                if match(p + 1, a + n) { return true }
                n -= 1
            }
            return false
        }
        guard match(0, 0) else {
            // Find the first argument that does not fit.
            var good = 0
            for (p, param) in params.enumerated() {
                _ = p
                let ok = accepted(param.type)
                if good < symbols.count, ok.contains(symbols[good]) {
                    good += 1
                    if param.isVariadic { while good < symbols.count, ok.contains(symbols[good]) { good += 1 } }
                } else if !(param.isOptional || param.usesContext) {
                    break
                }
            }
            throw JSONataError("T0410", "Argument \(good + 1) of function \(function.name) does not match function signature")
        }
        var validated: [Value?] = []
        var index = 0
        for (p, param) in params.enumerated() {
            if counts[p] == 0 {
                if param.usesContext {
                    guard accepted(param.type).subtracting(["m"]).contains(symbol(context)) || (context == nil && accepted(param.type).contains("m")) else {
                        throw JSONataError("T0411", "Context value is not a compatible type with argument \(index + 1) of function \(function.name)")
                    }
                    validated.append(context)
                } else {
                    validated.append(index < arguments.count ? arguments[index] : nil)
                    index += 1
                }
                continue
            }
            for _ in 0..<counts[p] {
                var argument = arguments[index]
                if case .array(let member) = param.type, let value = argument {
                    if let member, let memberSymbol = elementSymbol(member) {
                        if case .array(let items, _) = value {
                            if let first = items.first {
                                let s = symbol(first)
                                if s != memberSymbol || items.contains(where: { symbol($0) != s }) {
                                    throw JSONataError("T0412", "Argument \(index + 1) of function \(function.name) must be an array of \(member)")
                                }
                            }
                        } else if symbol(value) != memberSymbol {
                            throw JSONataError("T0412", "Argument \(index + 1) of function \(function.name) must be an array of \(member)")
                        }
                    }
                    if !value.isArray { argument = .array([value], []) }
                }
                // A number parameter takes numbers with a JSON form: no built-in computes with
                // infinity or NaN (JSONata's own arithmetic refuses them as operands too).
                if case .number = param.type, case .number(let d)? = argument, !d.isFinite {
                    throw JSONataError.numberOutOfRange(d)
                }
                validated.append(argument)
                index += 1
            }
        }
        return validated
    }

    static func elementSymbol(_ type: JSONataSignatureType) -> Character? {
        switch type {
        case .boolean: "b"
        case .number: "n"
        case .string: "s"
        case .null: "l"
        case .object: "o"
        case .array: "a"
        case .function: "f"
        default: nil
        }
    }
}

extension JSONataEvaluator {
    /// A built-in function's signature, written as JSONata writes them (`<n-n:n>`).
    static func signature(_ text: String) -> JSONataSignature? {
        try? JSONataSignature(parsing: String(text.dropFirst().dropLast()))
    }
}
