import Foundation
import StatesLanguage

/// Evaluates JSONata expressions as Step Functions' JSONata states do: the JSONata 2.0.6 language
/// (paths and sequences, predicates, order-by, group-by, parent `%`, focus `@` and index `#`
/// bindings, the transform operator, lambdas with signatures, partial application, regular
/// expressions) and its built-in functions, plus Step Functions' own (`$partition`, `$range`,
/// `$hash`, `$random`, `$uuid`, `$parse`). There is no `$eval`: calling it fails with
/// `T1006: Attempted to invoke a non-function`, as calling any function Step Functions lacks does.
///
/// Evaluation is bounded (see ``Budget``): nesting and non-tail recursion by a depth counter, work by
/// a step count, and the size of values built by Step Functions' 256 KiB payload limit. Regular
/// expressions run on ``JSONataRegex``, whose backtracking is bounded by the same step count.
///
/// Errors carry JSONata's codes (``JSONataError``); ``evaluate(_:states:variables:)`` reports them
/// as `States.QueryEvaluationError` with the cause `CODE: message`.
struct JSONataEvaluator {
    /// The built-in functions (made once per simulator: they are many closures).
    let builtins: Environment
    /// The limits each evaluation runs under.
    var budget = Budget()

    init(builtins: Environment) {
        self.builtins = builtins
    }

    /// An expression whose value is a function, which no field can hold.
    static let unsupportedResult = RuntimeError("States.QueryEvaluationError", "returned an unsupported result type.")

    /// The error Step Functions reports for a failed evaluation.
    static func failure(_ message: String) -> RuntimeError {
        RuntimeError("States.QueryEvaluationError", message)
    }

    /// The seeded generator behind `$random`, `$uuid` and `$shuffle`, shared with the lambdas the expression makes.
    final class RandomSource {
        var generator: SeededRandom
        init(_ generator: SeededRandom) { self.generator = generator }
    }

    /// `$states` as a state's expressions see it: its fields, made into one object only when an
    /// expression reads `$states` whole.
    struct States {
        var input: JSONValue
        var context: JSONValue
        /// A Task's result (in `Output` and `Assign`).
        var result: JSONValue?
        /// The error output (in a catcher).
        var errorOutput: JSONValue?

        func field(_ name: String) -> JSONValue? {
            switch name {
            case "input": input
            case "context": context
            case "result": result
            case "errorOutput": errorOutput
            default: nil
            }
        }

        var object: JSONObject {
            var members: [(String, JSONValue)] = [("input", input), ("context", context)]
            if let result { members.append(("result", result)) }
            if let errorOutput { members.append(("errorOutput", errorOutput)) }
            return JSONObject(distinctPairs: members)
        }
    }

    /// An expression prepared once: its tree, and what it reads from outside.
    struct Compiled {
        let node: Node
        let usesParent: Bool
        /// The variables it names (built-in functions included).
        let variables: Set<String>
        /// The fields of `$states` it reads; `nil` when it may read any.
        let statesFields: Set<String>?
        /// Whether it may read the context value `$` (or `$$`).
        let readsContext: Bool
        /// Its direct form, when it has one (``Direct``).
        let direct: Direct?
    }

    static func compile(_ expression: JSONataExpression) -> Compiled {
        var compiler = Compiler()
        let node = compiler.compile(expression)
        let reads = ExternalReads(expression)
        return Compiled(node: node, usesParent: compiler.usesParent, variables: reads.variables, statesFields: reads.statesFields,
                        readsContext: reads.readsContext, direct: Direct.compile(expression))
    }

    /// A builtins environment whose `$random`, `$uuid` and `$shuffle` draw from `random`.
    static func makeBuiltins(random: SeededRandom, clock: @escaping @Sendable () -> Date = { Date() }) -> Environment {
        builtins(RandomSource(random), clock: clock)
    }

    /// Evaluates a state's expression, compiled beforehand (``compile(_:)``): `$` is `$states.input`,
    /// and the variables are the workflow's.
    /// - Returns: the value, or `nil` when the expression yields nothing (*undefined*).
    /// - Throws: `States.QueryEvaluationError` whose cause is `CODE: message`;
    ///   ``unsupportedResult`` when the value is a function.
    mutating func evaluate(_ compiled: Compiled, states: States, variables: [String: JSONValue]) throws(RuntimeError) -> JSONValue? {
        let input = states.input
        if let direct = compiled.direct, let value = direct.evaluate(input: input, states: states, variables: variables) { return value }
        let result: Value?
        do throws(JSONataError) {
            // Only what the expression reads is converted.
            var bindings: [String: Value] = [:]
            for name in compiled.variables {
                if name == "states" {
                    if let fields = compiled.statesFields {
                        var object = Object()
                        for field in ["input", "context", "result", "errorOutput"] where fields.contains(field) {
                            object[field] = states.field(field).map(Value.init)
                        }
                        bindings[name] = .object(object)
                    } else {
                        bindings[name] = Value(.object(states.object))
                    }
                    continue
                }
                guard let json = variables[name] else { continue }
                bindings[name] = Value(json)
            }
            result = try run(compiled, input: compiled.readsContext ? Value(input) : .null, variables: bindings)
        } catch {
            throw Self.failure(error.cause)
        }
        guard let result else { return nil }
        guard let json = result.json else { throw Self.unsupportedResult }
        return json
    }

    /// Evaluates `expression` with `$` bound to `input` (absent: *undefined*) and the given variables.
    /// - Throws: ``JSONataError`` with JSONata's code.
    func evaluateValue(_ expression: JSONataExpression, input: Value?, variables: [String: Value]) throws(JSONataError) -> Value? {
        try run(Self.compile(expression), input: input, variables: variables)
    }

    func run(_ compiled: Compiled, input: Value?, variables: [String: Value]) throws(JSONataError) -> Value? {
        let node = compiled.node
        let machine = Machine(builtins: builtins, budget: budget, usesParent: compiled.usesParent)
        // The evaluation owns the environments it makes: their lambdas' cycles end with it.
        defer { machine.releaseBindings() }
        var bindings = variables
        // `$$` is the input; an array input is wrapped so `$` paths flatten it once.
        var context = input
        if case .array(let a, _)? = input { context = .array([.array(a, [])], [.sequence, .outerWrapper]) }
        if let input { bindings["$"] = input }
        let environment = Environment(bindings, parent: builtins)
        let result = Machine.collapse(try machine.eval(node, Context(context), environment))
        if let result {
            try Self.checkFinite(result)
            try machine.checkWeight(result)
        }
        return result
    }

    /// A result holding an infinite number has no JSON form (`D1001`, as JSONata reports it).
    static func checkFinite(_ value: Value) throws(JSONataError) {
        switch value {
        case .number(let d) where !d.isFinite:
            throw JSONataError.numberOutOfRange(d)
        case .array(let a, _): for v in a { try checkFinite(v) }
        case .object(let o): for (_, v) in o.members { try checkFinite(v) }
        default: break
        }
    }

    // MARK: Compatibility with the runtime's uses

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
}
