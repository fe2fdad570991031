import Foundation
import StatesLanguage

/// Evaluates JSONata expressions as Step Functions' JSONata states do: paths over JSON with JSONata's
/// sequence rules (a step over an array maps over it and flattens; a single result is the value
/// itself; no result is *undefined*), operators, conditionals, blocks and variable bindings, lambdas,
/// and the functions workflows use, including Step Functions' own (`$partition`, `$range`, `$hash`,
/// `$random`, `$uuid`, `$parse`).
///
/// Regular expressions are ICU's (`NSRegularExpression`), which agree with JSONata's JavaScript ones
/// for common patterns. Not supported (an evaluation error names the construct): order-by, group-by,
/// parent `%`, focus `@` and index `#` bindings, the transform operator, partial application and
/// function signatures.
struct _JSONataEvaluator {
    /// A value: JSON, or a function. *Undefined* is `nil`.
    enum Value {
        case json(JSONValue)
        case function(Function)
        /// A regular expression literal (`/pattern/flags`), for `$contains`, `$split`, `$replace` and `$match`.
        case regex(NSRegularExpression)
    }

    /// A callable: a lambda or a built-in function.
    final class Function {
        let arity: ClosedRange<Int>
        let body: ([Value?]) throws(RuntimeError) -> Value?
        init(arity: ClosedRange<Int>, body: @escaping ([Value?]) throws(RuntimeError) -> Value?) {
            self.arity = arity
            self.body = body
        }
    }

    /// Variable scopes, innermost last.
    final class Environment {
        var values: [String: Value]
        let parent: Environment?
        init(_ values: [String: Value], parent: Environment?) {
            self.values = values
            self.parent = parent
        }
        func lookup(_ name: String) -> Value? {
            var scope: Environment? = self
            while let s = scope {
                if let v = s.values[name] { return v }
                scope = s.parent
            }
            return nil
        }
    }

    /// An expression whose value is a function, which no field can hold.
    static let unsupportedResult = RuntimeError("States.QueryEvaluationError", "returned an unsupported result type.")

    /// The error Step Functions reports for a failed evaluation.
    static func failure(_ message: String) -> RuntimeError {
        RuntimeError("States.QueryEvaluationError", message)
    }

    /// The seeded generator behind `$random` and `$uuid`, shared with the lambdas the expression makes.
    final class RandomSource {
        var generator: SeededRandom
        init(_ generator: SeededRandom) { self.generator = generator }
    }

    /// The built-in functions (made once per simulator: they are many closures).
    let builtins: Environment
    var depth = 0

    init(builtins: Environment) {
        self.builtins = builtins
    }

    /// A builtins environment whose `$random` and `$uuid` draw from `random`.
    static func makeBuiltins(random: SeededRandom) -> Environment {
        builtins(RandomSource(random))
    }

    /// Evaluates `expression` with `$` bound to `input` and the given variables (`states`, workflow variables).
    mutating func evaluate(_ expression: JSONataExpression, input: JSONValue, variables: [String: JSONValue]) throws(RuntimeError) -> JSONValue? {
        var bindings: [String: Value] = [:]
        for (k, v) in variables { bindings[k] = .json(v) }
        let environment = Environment(bindings, parent: builtins)
        let result = try eval(expression, .json(input), environment)
        switch result {
        case .json(let v)?: return v
        case .function?, .regex?: throw Self.unsupportedResult
        case nil: return nil
        }
    }

    // MARK: Sequences

    /// A path result: items, and whether it must stay an array (`[]` or a constructed array).
    struct Sequence {
        var items: [JSONValue] = []
        var keep = false

        var value: Value? {
            if items.isEmpty { return keep ? .json(.array([])) : nil }
            if items.count == 1 && !keep { return .json(items[0]) }
            return .json(.array(items))
        }
    }

    /// The items of a value for the next path step: an array's elements, or the value itself.
    static func items(_ value: Value?) -> [JSONValue] {
        switch value {
        case .json(.array(let a))?: return a
        case .json(let v)?: return [v]
        default: return []
        }
    }

    // MARK: Evaluation

    mutating func eval(_ e: JSONataExpression, _ context: Value?, _ env: Environment) throws(RuntimeError) -> Value? {
        depth += 1
        defer { depth -= 1 }
        guard depth < JSONata.maximumDepth else { throw Self.failure("the expression nests too deeply") }
        switch e {
        case .string(let s): return .json(.string(s))
        case .number(let n): return .json(.number(n))
        case .boolean(let b): return .json(.bool(b))
        case .null: return .json(.null)
        case .context: return context
        case .root: return env.lookup("$root") ?? context
        case .variable(let name):
            if name.isEmpty { return context }
            return env.lookup(name)
        case .name(let name):
            return Self.field(name, of: context)
        case .wildcard:
            guard case .json(let v)? = context else { return nil }
            var out = Sequence()
            for item in Self.items(.json(v)) {
                if case .object(let o) = item {
                    for m in o.members { out.items += Self.items(.json(m.value)) }
                }
            }
            return out.value
        case .path(let steps):
            return try path(steps, context, env)
        case .filter(let base, let predicate):
            let values = Self.items(try eval(base, context, env))
            return try filter(values, predicate, env).value
        case .keepArray(let inner):
            var s = Sequence(items: Self.items(try eval(inner, context, env)))
            s.keep = true
            return s.value
        case .array(let elements):
            var out: [JSONValue] = []
            for element in elements {
                let v = try eval(element, context, env)
                // A range or a nested path result is spliced in; an array constructor stays nested.
                if case .range = element { out += Self.items(v); continue }
                if case .json(let j)? = v { out.append(j) }
            }
            return .json(.array(out))
        case .range(let from, let to):
            guard let a = try integer(eval(from, context, env)), let b = try integer(eval(to, context, env)) else { return .json(.array([])) }
            guard b - a < 10_000_000 else { throw Self.failure("the range [\(a)..\(b)] has too many items") }
            return .json(.array(a <= b ? (a...b).map { .number(JSONNumber($0)) } : []))
        case .object(let pairs):
            var object = JSONObject()
            for pair in pairs {
                guard case .json(.string(let key))? = try eval(pair.key, context, env) else {
                    throw Self.failure("an object key must be a string")
                }
                if case .json(let v)? = try eval(pair.value, context, env) { object[key] = v }
            }
            return .json(.object(object))
        case .negate(let inner):
            guard let v = try eval(inner, context, env) else { return nil }
            guard let n = Self.number(v) else { throw Self.failure("the operand of unary - must be a number") }
            return .json(.number(JSONNumber(-n)))
        case .binary(let op, let l, let r):
            return try binary(op, l, r, context, env)
        case .condition(let test, let then, let otherwise):
            if Self.truthy(try eval(test, context, env)) { return try eval(then, context, env) }
            return try otherwise.map { x throws(RuntimeError) in try eval(x, context, env) } ?? nil
        case .block(let expressions):
            let scope = Environment([:], parent: env)
            var last: Value?
            for x in expressions { last = try eval(x, context, scope) }
            return last
        case .bind(let variable, let value):
            let v = try eval(value, context, env)
            env.values[variable] = v
            return v
        case .lambda(let parameters, _, let body):
            let captured = env
            let evaluator = self
            return .function(Function(arity: 0...parameters.count) { arguments throws(RuntimeError) in
                var bindings: [String: Value] = [:]
                for (i, p) in parameters.enumerated() where i < arguments.count { if let a = arguments[i] { bindings[p] = a } }
                var inner = evaluator
                return try inner.eval(body, context, Environment(bindings, parent: captured))
            })
        case .call(let callee, let arguments):
            guard case .function(let f)? = try eval(callee, context, env) else {
                throw Self.failure("T1006: Attempted to invoke a non-function")
            }
            var values: [Value?] = []
            for a in arguments { values.append(try eval(a, context, env)) }
            // A function called with fewer arguments than it declares gets the context for the first.
            if values.count < f.arity.lowerBound, values.count + 1 == f.arity.lowerBound { values.insert(context, at: 0) }
            guard f.arity.contains(values.count) else { throw Self.failure("a function was called with \(values.count) arguments") }
            return try f.body(values)
        case .chain(let l, let r):
            let left = try eval(l, context, env)
            guard case .function(let f)? = try eval(r, context, env) else { throw Self.failure("the right side of ~> must be a function") }
            return try f.body([left])
        case .regex(let pattern, let flags):
            var options: NSRegularExpression.Options = []
            if flags.contains("i") { options.insert(.caseInsensitive) }
            if flags.contains("m") { options.insert(.anchorsMatchLines) }
            guard let regex = try? NSRegularExpression(pattern: pattern, options: options) else {
                throw Self.failure("S0301: the regular expression /\(pattern)/ is not valid")
            }
            return .regex(regex)
        case .descendants, .parent, .groupBy, .sort, .focus, .index, .partial, .transform:
            throw Self.failure("this JSONata construct is not evaluated by the simulator yet")
        }
    }

    static func field(_ name: String, of value: Value?) -> Value? {
        switch value {
        case .json(.object(let o))?: return o[name].map { .json($0) }
        case .json(.array(let a))?:
            var out = Sequence()
            for item in a { out.items += items(field(name, of: .json(item))) }
            return out.value
        default: return nil
        }
    }

    mutating func path(_ steps: [JSONataExpression], _ context: Value?, _ env: Environment) throws(RuntimeError) -> Value? {
        guard let first = steps.first else { return context }
        let start = try eval(first, context, env)
        if steps.count == 1 { return start }
        var current = Sequence(items: Self.items(start))
        if case .keepArray = first { current.keep = true }
        for (n, step) in steps.dropFirst().enumerated() {
            var next = Sequence(keep: current.keep)
            if case .keepArray = step { next.keep = true }
            var results: [Value] = []
            for item in current.items {
                if let v = try eval(step, .json(item), env) { results.append(v) }
            }
            // JSONata: the last step's single array result is the value itself; otherwise results
            // are flattened one level into the sequence.
            if n == steps.count - 2, results.count == 1, case .json(.array)? = results.first, !next.keep {
                return results[0]
            }
            for v in results { next.items += Self.items(v) }
            current = next
        }
        return current.value
    }

    mutating func filter(_ values: [JSONValue], _ predicate: JSONataExpression, _ env: Environment) throws(RuntimeError) -> Sequence {
        var out = Sequence()
        for (i, item) in values.enumerated() {
            let p = try eval(predicate, .json(item), env)
            if case .json(.number(let n))? = p {
                var index = Int(n.doubleValue.rounded(.down))
                if index < 0 { index += values.count }
                if index == i { out.items.append(item) }
            } else if Self.truthy(p) {
                out.items.append(item)
            }
        }
        return out
    }

    mutating func binary(_ op: JSONataBinaryOperator, _ l: JSONataExpression, _ r: JSONataExpression,
                         _ context: Value?, _ env: Environment) throws(RuntimeError) -> Value? {
        switch op {
        case .and:
            guard Self.truthy(try eval(l, context, env)) else { return .json(.bool(false)) }
            return .json(.bool(Self.truthy(try eval(r, context, env))))
        case .or:
            if Self.truthy(try eval(l, context, env)) { return .json(.bool(true)) }
            return .json(.bool(Self.truthy(try eval(r, context, env))))
        case .defaultValue:
            let left = try eval(l, context, env)
            return Self.truthy(left) ? left : try eval(r, context, env)
        case .coalesce:
            let left = try eval(l, context, env)
            if case .json(let v)? = left, !v.isNull { return left }
            return try eval(r, context, env)
        default: break
        }
        let left = try eval(l, context, env), right = try eval(r, context, env)
        switch op {
        case .add, .subtract, .multiply, .divide, .modulo:
            guard let lv = left, let rv = right else { return nil }
            guard let a = Self.number(lv), let b = Self.number(rv) else {
                throw Self.failure("the operands of \(op.rawValue) must be numbers")
            }
            let result: Double
            switch op {
            case .add: result = a + b
            case .subtract: result = a - b
            case .multiply: result = a * b
            case .divide: result = a / b
            default: result = a.truncatingRemainder(dividingBy: b)
            }
            guard result.isFinite else { throw Self.failure("the number \(result) is out of range") }
            return .json(.number(JSONNumber(result)))
        case .concatenate:
            return .json(.string(try Self.string(left) + Self.string(right)))
        case .equal, .notEqual:
            guard case .json(let a)? = left, case .json(let b)? = right else { return .json(.bool(op == .notEqual ? false : false)) }
            let same = Self.deepEqual(a, b)
            return .json(.bool(op == .equal ? same : !same))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard case .json(let a)? = left, case .json(let b)? = right else { return nil }
            let order: Int
            if case .number(let x) = a, case .number(let y) = b {
                order = x.doubleValue < y.doubleValue ? -1 : x.doubleValue == y.doubleValue ? 0 : 1
            } else if case .string(let x) = a, case .string(let y) = b {
                order = x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : x == y ? 0 : 1
            } else {
                throw Self.failure("the operands of \(op.rawValue) must be both numbers or both strings")
            }
            switch op {
            case .less: return .json(.bool(order < 0))
            case .lessOrEqual: return .json(.bool(order <= 0))
            case .greater: return .json(.bool(order > 0))
            default: return .json(.bool(order >= 0))
            }
        case .in:
            guard case .json(let a)? = left else { return .json(.bool(false)) }
            return .json(.bool(Self.items(right).contains { Self.deepEqual($0, a) }))
        default:
            return nil
        }
    }

    // MARK: Conversions

    static func number(_ value: Value) -> Double? {
        if case .json(.number(let n)) = value { return n.doubleValue }
        return nil
    }

    func integer(_ value: Value?) throws(RuntimeError) -> Int? {
        guard let value else { return nil }
        guard let d = Self.number(value), d.rounded() == d, abs(d) < 9e15 else { throw Self.failure("a range bound must be an integer") }
        return Int(d)
    }

    /// JSONata's boolean cast.
    static func truthy(_ value: Value?) -> Bool {
        switch value {
        case nil: return false
        case .function?, .regex?: return true
        case .json(let v)?:
            switch v {
            case .null: return false
            case .bool(let b): return b
            case .number(let n): return n.doubleValue != 0
            case .string(let s): return !s.isEmpty
            case .array(let a): return a.contains { truthy(.json($0)) }
            case .object(let o): return !o.isEmpty
            }
        }
    }

    /// `$string`: strings as they are, other values as compact JSON (numbers without a trailing `.0`).
    static func string(_ value: Value?) throws(RuntimeError) -> String {
        switch value {
        case nil: return ""
        case .function?, .regex?: return ""
        case .json(.string(let s))?: return s
        case .json(let v)?: return JSONWriter.string(normalised(v))
        }
    }

    /// Numbers written as JSONata writes them (integers without a fraction, up to 15 significant digits).
    static func normalised(_ v: JSONValue) -> JSONValue {
        switch v {
        case .number(let n):
            let d = n.doubleValue
            if d.rounded() == d, abs(d) < 9e15, let i = Int(exactly: d) { return .number(JSONNumber(i)) }
            return .number(JSONNumber(Double(String(format: "%.15g", d)) ?? d))
        case .array(let a): return .array(a.map(normalised))
        case .object(let o): return .object(JSONObject(distinctPairs: o.members.map { ($0.key, normalised($0.value)) }))
        default: return v
        }
    }

    static func deepEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x.doubleValue == y.doubleValue
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { deepEqual($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.members.allSatisfy { m in y[m.key].map { deepEqual(m.value, $0) } ?? false }
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        default: return a == b
        }
    }
}
