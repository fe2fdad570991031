/// What JSONata expressions use, checked against what Step Functions gives them:
/// - `$states.result` only in the `Output` and `Assign` of a Task, Parallel or Map state, and
///   `$states.errorOutput` only in a catcher's `Output` and `Assign` (`jsonata-states-field`, error);
/// - `$eval` does not exist in Step Functions (`jsonata-eval`, error);
/// - a workflow variable read where no state can have assigned it yet (`jsonata-unassigned-variable`,
///   warning), or assigned only inside another Map or Parallel scope (`jsonata-variable-scope`,
///   warning).
public struct JSONataUsageRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.jsonataStatesField, .jsonataEval, .jsonataUnassignedVariable, .jsonataVariableScope] }

    /// One variable read: where, and by which state.
    struct Read {
        var name: String
        var state: Int
        var pointer: JSONPointer
    }

    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        var reads: [Read] = []
        for (index, entry) in context.states.enumerated() where entry.queryLanguage == .jsonata {
            let resultAllowed: Bool
            switch entry.state.kind {
            case .task, .parallel, .map: resultAllowed = true
            default: resultAllowed = false
            }
            for v in entry.jsonataValues {
                let inCatcher = v.pointer.tokens.contains("Catch")
                let fieldTakesResults = v.field == "Output" || v.field == "Assign"
                forEachExpression(in: v.value, at: v.pointer) { expression, pointer in
                    var usage = Usage()
                    usage.visit(expression)
                    if usage.callsEval {
                        diagnostics.append(Diagnostic(.error, .jsonataEval, "$eval is not available in Step Functions", at: pointer,
                                                      hint: "use $parse to read JSON text"))
                    }
                    if usage.readsResult && !(resultAllowed && fieldTakesResults && !inCatcher) {
                        diagnostics.append(Diagnostic(.error, .jsonataStatesField,
                            "$states.result is not available here: Step Functions provides it only in the Output and Assign of a Task, Parallel or Map state",
                            at: pointer))
                    }
                    if usage.readsErrorOutput && !(inCatcher && fieldTakesResults) {
                        diagnostics.append(Diagnostic(.error, .jsonataStatesField,
                            "$states.errorOutput is not available here: Step Functions provides it only in a catcher's Output and Assign",
                            at: pointer))
                    }
                    for name in usage.variables.subtracting(usage.bound) where !JSONataUsageRule.builtins.contains(name) {
                        reads.append(Read(name: name, state: index, pointer: pointer))
                    }
                }
            }
        }
        guard !reads.isEmpty else { return }
        checkVariables(reads, context, into: &diagnostics)
    }

    /// Calls `body` with every `{% %}` expression in a field value (strings nested in objects and arrays).
    func forEachExpression(in value: JSONValue, at pointer: JSONPointer, _ body: (JSONataExpression, JSONPointer) -> Void) {
        var stack: [(JSONValue, JSONPointer)] = [(value, pointer)]
        while let (v, p) = stack.popLast() {
            switch v {
            case .string(let s):
                if case .success(let e)? = JSONata.template(s) { body(e, p) }
            case .array(let items):
                for (i, item) in items.enumerated() { stack.append((item, p.appending(i))) }
            case .object(let o):
                for m in o { stack.append((m.value, p.appending(m.key))) }
            default: break
            }
        }
    }

    /// Which states assign which variables (`Assign` of the state, its choices and its catchers).
    static func assignments(_ context: ValidationContext) -> [String: [Int]] {
        var assigned: [String: [Int]] = [:]
        for (index, entry) in context.states.enumerated() {
            for t in entry.templates where t.field == "Assign" {
                if case .object(let fields) = t.template {
                    for field in fields { assigned[field.name, default: []].append(index) }
                }
            }
        }
        return assigned
    }

    func checkVariables(_ reads: [Read], _ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        let assigned = Self.assignments(context)
        // The states each state's scope is nested in (the owners of the enclosing Map/Parallel).
        func owners(of state: Int) -> [Int] {
            var out: [Int] = []
            var scope = context.scopes[context.states[state].scope]
            while let owner = scope.owner {
                out.append(owner)
                scope = context.scopes[context.states[owner].scope]
            }
            return out
        }
        var reachedByVariable: [String: Set<Int>] = [:]
        for read in reads {
            let sources = assigned[read.name] ?? []
            if sources.isEmpty {
                diagnostics.append(Diagnostic(.warning, .jsonataUnassignedVariable,
                    "the variable $\(read.name) is read here but no state assigns it", at: read.pointer,
                    hint: "assign it with Assign in an earlier state, or check its spelling"))
                continue
            }
            // States reachable after an assignment (its successors onward), within each scope.
            let reached: Set<Int>
            if let known = reachedByVariable[read.name] {
                reached = known
            } else {
                var seen = Set<Int>()
                var queue = sources.flatMap { context.successors(of: $0) }
                while let s = queue.popLast() {
                    if seen.insert(s).inserted { queue += context.successors(of: s) }
                }
                reachedByVariable[read.name] = seen
                reached = seen
            }
            let chain = [read.state] + owners(of: read.state)
            if chain.contains(where: reached.contains) { continue }
            // Visible scopes: the reading state's own and those enclosing it.
            let visibleScopes = Set(chain.map { context.states[$0].scope })
            if sources.contains(where: { visibleScopes.contains(context.states[$0].scope) }) {
                diagnostics.append(Diagnostic(.warning, .jsonataUnassignedVariable,
                    "the variable $\(read.name) may be read before any state assigns it: no state assigning it comes before this one",
                    at: read.pointer, hint: "assign it in a state that runs earlier on every path to this one"))
            } else {
                diagnostics.append(Diagnostic(.warning, .jsonataVariableScope,
                    "the variable $\(read.name) is assigned only inside another Map or Parallel scope, which this state cannot see",
                    at: read.pointer, hint: "variables assigned in a Map iteration or Parallel branch are not visible outside it; pass the value through the state's output"))
            }
        }
    }

    /// JSONata's and Step Functions' function names (read as variables, never assigned).
    static let builtins: Set<String> = [
        "sum", "count", "max", "min", "average", "string", "substring", "substringBefore", "substringAfter", "lowercase",
        "uppercase", "length", "trim", "pad", "match", "contains", "replace", "split", "join", "formatNumber", "formatBase",
        "formatInteger", "parseInteger", "number", "floor", "ceil", "round", "abs", "sqrt", "power", "random", "boolean",
        "not", "map", "zip", "filter", "single", "reduce", "sift", "keys", "lookup", "append", "exists", "spread", "merge",
        "reverse", "each", "error", "assert", "type", "sort", "shuffle", "distinct", "base64encode", "base64decode",
        "encodeUrlComponent", "encodeUrl", "decodeUrlComponent", "decodeUrl", "eval", "toMillis", "fromMillis", "clone",
        "now", "millis", "partition", "range", "hash", "uuid", "parse", "states",
    ]
}

/// What one expression reads and binds.
struct Usage {
    var variables = Set<String>()
    var bound = Set<String>()
    var readsResult = false
    var readsErrorOutput = false
    var callsEval = false

    mutating func visit(_ root: JSONataExpression) {
        var stack: [JSONataExpression] = [root]
        while let e = stack.popLast() {
            switch e {
            case .variable(let name):
                if !name.isEmpty { variables.insert(name) }
            case .path(let steps):
                if steps.count >= 2, case .variable("states") = steps[0], case .name(let field) = steps[1] {
                    if field == "result" { readsResult = true }
                    if field == "errorOutput" { readsErrorOutput = true }
                }
                stack += steps
            case .filter(let base, let predicate): stack += [base, predicate]
            case .keepArray(let inner): stack.append(inner)
            case .groupBy(let inner, let pairs):
                stack.append(inner)
                for p in pairs { stack += [p.key, p.value] }
            case .sort(let inner, let terms):
                stack.append(inner)
                stack += terms.map(\.expression)
            case .focus(let inner, let name), .index(let inner, let name):
                bound.insert(name)
                stack.append(inner)
            case .array(let items), .block(let items): stack += items
            case .range(let a, let b): stack += [a, b]
            case .object(let pairs): for p in pairs { stack += [p.key, p.value] }
            case .negate(let inner): stack.append(inner)
            case .binary(_, let l, let r), .chain(let l, let r): stack += [l, r]
            case .condition(let c, let t, let f):
                stack += [c, t]
                if let f { stack.append(f) }
            case .bind(let name, let value):
                bound.insert(name)
                stack.append(value)
            case .call(let callee, let arguments):
                if case .variable("eval") = callee { callsEval = true }
                stack.append(callee)
                stack += arguments
            case .partial(let callee, let arguments):
                stack.append(callee)
                stack += arguments.compactMap { $0 }
            case .lambda(let parameters, _, let body):
                bound.formUnion(parameters)
                stack.append(body)
            case .transform(let pattern, let update, let delete):
                stack += [pattern, update]
                if let delete { stack.append(delete) }
            default: break
            }
        }
    }
}

extension Diagnostic.Code {
    /// `jsonata-states-field`: $states.result is read only in the Output and Assign of a Task, Parallel or Map state, $states.errorOutput only in a catcher's Output and Assign.
    public static let jsonataStatesField: Self = "jsonata-states-field"
    /// `jsonata-eval`: no expression calls $eval, which Step Functions does not provide.
    public static let jsonataEval: Self = "jsonata-eval"
    /// `jsonata-unassigned-variable`: a workflow variable read in an expression is assigned.
    public static let jsonataUnassignedVariable: Self = "jsonata-unassigned-variable"
    /// `jsonata-variable-scope`: a variable read outside the Map iteration or Parallel branch that assigns it.
    public static let jsonataVariableScope: Self = "jsonata-variable-scope"
}
