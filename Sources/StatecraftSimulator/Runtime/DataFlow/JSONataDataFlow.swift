import StatesLanguage

/// JSONata data flow (`QueryLanguage: JSONata`): fields hold `{% expression %}` templates evaluated
/// with `$states.input`, `$states.context`, `$states.result` (a Task's result, in `Output` and
/// `Assign`), `$states.errorOutput` (in a catcher) and the workflow variables. `Output` (the input,
/// or the result, when absent) is the state's output; `Assign` sees the variables as they were.
final class JSONataDataFlow: StateDataFlow {
    let fields: DataFields

    init(_ fields: DataFields) { self.fields = fields }

    func effectiveInput(_ visit: Visit, _ simulator: Simulator) throws(RuntimeError) -> JSONValue { visit.input }

    func arguments(_ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> JSONValue {
        let arguments = try fields.arguments.map { a throws(RuntimeError) in try simulator.evaluateJSONata(a, field: "Arguments", visit.bindings()) } ?? visit.input
        visit.frame.inspector?.afterArguments = arguments
        return arguments
    }

    func leave(_ visit: Visit, effective: JSONValue, rule: ChoiceBranch?, assigns: Bool,
               _ simulator: Simulator) throws(RuntimeError) -> Leave {
        let bindings = visit.bindings()
        var output = try fields.output.map { o throws(RuntimeError) in try simulator.evaluateJSONata(o, field: "Output", bindings) } ?? visit.input
        var assigned = assigns ? try simulator.assignJSONata(fields.assign, bindings) : nil
        if let rule {
            if let o = rule.output { output = try simulator.evaluateJSONata(o, field: "Output", bindings) }
            if let more = try simulator.assignJSONata(rule.assign, bindings) { assigned = (assigned ?? []) + more }
        }
        commit(assigned, visit)
        return Leave(output: output, assigned: assigned)
    }

    func leave(_ visit: Visit, result: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> Leave {
        visit.frame.inspector?.result = result
        return try leave(visit, bindings: visit.bindings(result: result), output: fields.output, otherwise: result, assign: fields.assign, simulator)
    }

    func caught(_ visit: Visit, by catcher: Catcher, errorOutput: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> Leave {
        try leave(visit, bindings: visit.bindings(errorOutput: errorOutput), output: catcher.output, otherwise: errorOutput,
                  assign: catcher.assign, simulator)
    }

    /// A Task's or a catcher's way out: `Output` (else `otherwise`) and `Assign`, both over `bindings`.
    private func leave(_ visit: Visit, bindings: Simulator.JSONataBindings, output: JSONValue?, otherwise: JSONValue,
                       assign: PayloadTemplate?, _ simulator: Simulator) throws(RuntimeError) -> Leave {
        let value = try output.map { o throws(RuntimeError) in try simulator.evaluateJSONata(o, field: "Output", bindings) } ?? otherwise
        let assigned = try simulator.assignJSONata(assign, bindings)
        commit(assigned, visit)
        return Leave(output: value, assigned: assigned)
    }

    func holds(_ rule: ChoiceBranch, _ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> Bool {
        guard case .jsonata(let condition) = rule.condition else { return false }
        let value = try simulator.evaluateJSONata(condition, field: "Condition", visit.bindings())
        guard case .bool(let holds) = value else {
            throw jsonataFailure("The Condition field of a Choice rule must evaluate to a boolean, not \(DataFlow.serialize(value))")
        }
        return holds
    }

    func failText(_ source: FailState.Source?, field: String, _ visit: Visit, _ simulator: Simulator) throws(RuntimeError) -> String? {
        guard case .literal(let s)? = source else { return nil }
        let value = try simulator.evaluateJSONata(.string(s), field: field, visit.bindings())
        guard case .string(let text) = value else {
            throw jsonataFailure("The JSONata expression '\(s)' specified for the field '\(field)' must return a string")
        }
        return text
    }

    func waitDelay(_ duration: WaitState.Duration, _ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> VirtualTime {
        switch duration {
        case .seconds(.jsonata(let s)):
            guard case .number(let n) = try simulator.evaluateJSONata(.string(s), field: "Seconds", visit.bindings()), n.doubleValue >= 0 else {
                throw jsonataFailure("The Seconds field must evaluate to a non-negative number")
            }
            return VirtualTime(seconds: n.doubleValue)
        case .timestamp(.jsonata(let s)):
            let value = try simulator.evaluateJSONata(.string(s), field: "Timestamp", visit.bindings())
            guard case .string(let text) = value, let timestamp = Timestamp(parsing: text) else {
                throw simulator.located(jsonataFailure("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: "
                                                       + (value.stringValue ?? DataFlow.serialize(value))), "Timestamp")
            }
            return simulator.delay(until: timestamp)
        default:
            return try simulator.waitDelay(duration, visit.scope(visit.input))
        }
    }

    func items(_ map: MapState, _ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> [JSONValue] {
        try simulator.jsonataItems(map, visit.bindings())
    }

    func evaluate(template: PayloadTemplate?, jsonata: JSONValue?, field: String, input: JSONValue, context: JSONValue,
                  _ visit: Visit, _ simulator: Simulator) throws(RuntimeError) -> JSONValue? {
        let bindings = Visit(frame: visit.frame, state: visit.state, input: visit.input, context: context, variables: visit.variables).bindings()
        if let jsonata { return try simulator.evaluateJSONata(jsonata, field: field, bindings) }
        if let literal = template?.literalValue { return try simulator.evaluateJSONata(literal, field: field, bindings) }
        // A computed template in a JSONata state (the validator refuses it): evaluated as JSONPath.
        return try template.map { t throws(RuntimeError) in
            try DataFlow.evaluate(t, DataScope(input: input, context: context, variables: visit.variables), random: &simulator.random)
        }
    }

    /// Sets the variables an `Assign` evaluated, once everything of the state was evaluated.
    func commit(_ assigned: [(String, JSONValue)]?, _ visit: Visit) {
        for (name, value) in assigned ?? [] { visit.frame.variables.assign(name, value) }
    }
}

/// A JSONata evaluation failure (`States.QueryEvaluationError`) with `message` as its cause.
func jsonataFailure(_ message: String) -> RuntimeError { JSONataEvaluator.failure(message) }

extension Simulator {
    /// `$states` and the workflow variables an expression sees.
    struct JSONataBindings {
        /// `$states`: its input is also the context value `$` of every expression.
        var states: JSONataEvaluator.States
        /// The workflow variables.
        var variables: [String: JSONValue]
        var input: JSONValue { states.input }
    }

    /// Evaluates a JSONata-mode field: every `{% %}` string inside `template` is replaced by its value.
    /// - Parameter field: where the template is (`Output`, `Arguments/FunctionName`), for causes.
    /// - Parameter field: where the template is (`Output`, `Arguments/FunctionName`), for causes; made
    ///   only when an evaluation fails.
    func evaluateJSONata(_ template: JSONValue, field: @autoclosure () -> String, _ bindings: JSONataBindings) throws(RuntimeError) -> JSONValue {
        switch template {
        case .string(let text):
            let cached: Result<JSONataEvaluator.Compiled, JSONataSyntaxError>?
            if let known = jsonataTemplates[text] {
                cached = known
            } else {
                cached = JSONata.template(text).map { parsed in parsed.map(JSONataEvaluator.compile) }
                jsonataTemplates[text] = .some(cached)
            }
            guard let parsed = cached else { return template }
            // The expression as the causes quote it; only needed when something fails.
            var source: String { String(text.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces) }
            let expression: JSONataEvaluator.Compiled
            switch parsed {
            case .success(let e): expression = e
            case .failure(let error):
                throw located(jsonataFailure("The JSONata expression '\(source)' specified for the field '\(field())' could not be parsed: \(error.message)"), field())
            }
            var evaluator = JSONataEvaluator(builtins: jsonataBuiltins)
            let value: JSONValue?
            do throws(RuntimeError) {
                value = try evaluator.evaluate(expression, states: bindings.states, variables: bindings.variables)
            } catch {
                if error == JSONataEvaluator.unsupportedResult {
                    throw located(jsonataFailure("The JSONata expression '\(source)' specified for the field '\(field())' returned an unsupported result type."), field())
                }
                throw located(jsonataFailure("The JSONata expression '\(source)' specified for the field '\(field())' threw an error during evaluation. \(error.cause)"), field())
            }
            guard let value else {
                throw located(jsonataFailure("The JSONata expression '\(source)' specified for the field '\(field())' returned nothing (undefined)."), field())
            }
            return JSONataEvaluator.normalised(value)
        case .array(let items):
            var out: [JSONValue] = []
            for (i, item) in items.enumerated() { out.append(try evaluateJSONata(item, field: "\(field())[\(i)]", bindings)) }
            return .array(out)
        case .object(let object):
            var out: [(String, JSONValue)] = []
            for member in object.members { out.append((member.key, try evaluateJSONata(member.value, field: "\(field())/\(member.key)", bindings))) }
            return .object(JSONObject(distinctPairs: out))
        default:
            return template
        }
    }

    func located(_ error: RuntimeError, _ field: String) -> RuntimeError {
        var located = error
        located.location = field
        return located
    }

    /// JSONata-mode `Assign`: evaluated against the variables as they were (the caller sets them).
    func assignJSONata(_ template: PayloadTemplate?, _ bindings: JSONataBindings) throws(RuntimeError) -> [(String, JSONValue)]? {
        guard let template, let literal = template.literalValue else { return nil }
        guard case .object(let fields) = try evaluateJSONata(literal, field: "Assign", bindings), !fields.isEmpty else { return nil }
        return fields.members.map { ($0.key, $0.value) }
    }

    /// A JSONata-mode Map's `Items` (the state input when absent): it must be an array.
    func jsonataItems(_ map: MapState, _ bindings: JSONataBindings) throws(RuntimeError) -> [JSONValue] {
        guard let items = map.items else {
            let input = bindings.input
            guard case .array(let list) = input else {
                // No field to name: the input itself is not a list (recorded without a location).
                throw jsonataFailure("Map state input must be an array but was: \(DataFlow.serialize(input))")
            }
            return list
        }
        let value = try evaluateJSONata(items, field: "Items", bindings)
        guard case .array(let list) = value else {
            let source: String
            if case .string(let text) = items { source = String(text.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces) } else { source = DataFlow.serialize(items) }
            throw located(jsonataFailure("The JSONata expression '\(source)' specified for the field 'Items' returned an unexpected result type. "
                + "Expected 'array', but was '\(Self.jsonataTypeName(value))' for value: \(DataFlow.serialize(value))"), "Items")
        }
        return list
    }

    /// JSONata's name for a value's type (`$type`), for causes.
    static func jsonataTypeName(_ value: JSONValue) -> String {
        JSONataEvaluator.Value(value).typeName
    }
}
