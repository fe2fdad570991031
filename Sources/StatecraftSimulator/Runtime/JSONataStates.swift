import StatesLanguage

/// JSONata-mode states (`QueryLanguage: JSONata`): fields hold `{% expression %}` templates evaluated
/// with `$states.input`, `$states.context`, `$states.result` (a Task's result, in `Output` and
/// `Assign`), `$states.errorOutput` (in a catcher) and the workflow variables.
///
/// Every state type is evaluated, inline and distributed Map states included.
extension Simulator {
    /// The `$states` object and the variables an expression sees.
    struct JSONataBindings {
        var states: JSONObject
        var variables: [String: JSONValue]
    }

    func jsonataBindings(_ frame: Frame, input: JSONValue, context: JSONValue, result: JSONValue? = nil,
                         errorOutput: JSONValue? = nil) -> JSONataBindings {
        var states = JSONObject(distinctPairs: [("input", input), ("context", context)])
        if let result { states["result"] = result }
        if let errorOutput { states["errorOutput"] = errorOutput }
        return JSONataBindings(states: states, variables: frame.variables.all)
    }

    /// Evaluates a JSONata-mode field: every `{% %}` string inside `template` is replaced by its value.
    /// - Parameter field: where the template is (`Output`, `Arguments/FunctionName`), for causes.
    func evaluateJSONata(_ template: JSONValue, field: String, _ bindings: JSONataBindings) throws(RuntimeError) -> JSONValue {
        switch template {
        case .string(let text):
            let cached: Result<JSONataExpression, JSONataSyntaxError>?
            if let known = jsonataTemplates[text] {
                cached = known
            } else {
                cached = JSONata.template(text)
                jsonataTemplates[text] = .some(cached)
            }
            guard let parsed = cached else { return template }
            // The expression as the causes quote it; only needed when something fails.
            var source: String { String(text.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces) }
            let expression: JSONataExpression
            switch parsed {
            case .success(let e): expression = e
            case .failure(let error):
                throw located(_JSONataEvaluator.failure("The JSONata expression '\(source)' specified for the field '\(field)' could not be parsed: \(error.message)"), field)
            }
            var variables = bindings.variables
            variables["states"] = .object(bindings.states)
            var evaluator = _JSONataEvaluator(builtins: jsonataBuiltins)
            let value: JSONValue?
            do throws(RuntimeError) {
                value = try evaluator.evaluate(expression, input: bindings.states["input"] ?? .null, variables: variables)
            } catch {
                if error == _JSONataEvaluator.unsupportedResult {
                    throw located(_JSONataEvaluator.failure("The JSONata expression '\(source)' specified for the field '\(field)' returned an unsupported result type."), field)
                }
                throw located(_JSONataEvaluator.failure("The JSONata expression '\(source)' specified for the field '\(field)' threw an error during evaluation. \(error.cause)"), field)
            }
            guard let value else {
                throw located(_JSONataEvaluator.failure("The JSONata expression '\(source)' specified for the field '\(field)' returned nothing (undefined)."), field)
            }
            return _JSONataEvaluator.normalised(value)
        case .array(let items):
            var out: [JSONValue] = []
            for (i, item) in items.enumerated() { out.append(try evaluateJSONata(item, field: "\(field)[\(i)]", bindings)) }
            return .array(out)
        case .object(let object):
            var out: [(String, JSONValue)] = []
            for member in object.members { out.append((member.key, try evaluateJSONata(member.value, field: "\(field)/\(member.key)", bindings))) }
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

    /// JSONata-mode `Assign`: evaluated against the variables as they were, then assigned.
    func assignJSONata(_ template: PayloadTemplate?, _ frame: Frame, _ bindings: JSONataBindings) throws(RuntimeError) -> [(String, JSONValue)]? {
        guard let template, let literal = template.literalValue else { return nil }
        guard case .object(let fields) = try evaluateJSONata(literal, field: "Assign", bindings), !fields.isEmpty else { return nil }
        return fields.members.map { ($0.key, $0.value) }
    }

    func commit(_ assigned: [(String, JSONValue)]?, _ frame: Frame) {
        for (name, value) in assigned ?? [] { frame.variables.assign(name, value) }
    }

    /// Runs a JSONata-mode state; the Entered event is already recorded.
    func runJSONataState(_ frame: Frame, _ cs: CompiledState, entered: VirtualTime) -> Step {
        let input = frame.input
        let context = cs.readsContext ? self.context(frame, state: cs.name, enteredTime: entered, retryCount: nil) : .null
        let bindings = jsonataBindings(frame, input: input, context: context)
        do throws(RuntimeError) {
            switch cs.state.kind {
            case .pass(let pass):
                let output = try pass.output.map { o throws(RuntimeError) in try evaluateJSONata(o, field: "Output", bindings) } ?? input
                let assigned = try assignJSONata(pass.assign, frame, bindings)
                commit(assigned, frame)
                return exit(frame, cs, output: output, assigned: assigned, transition: pass.transition)
            case .succeed(let succeed):
                let output = try succeed.output.map { o throws(RuntimeError) in try evaluateJSONata(o, field: "Output", bindings) } ?? input
                emit(frame.execution, frame, "SucceedStateExited", object: exitedDetails(cs.name, output, nil))
                return finish(frame, .success(output))
            case .fail(let fail):
                func text(_ source: FailState.Source?, _ field: String) throws(RuntimeError) -> String? {
                    guard case .literal(let s)? = source else { return nil }
                    let value = try evaluateJSONata(.string(s), field: field, bindings)
                    guard case .string(let t) = value else {
                        throw _JSONataEvaluator.failure("The JSONata expression '\(s)' specified for the field '\(field)' must return a string")
                    }
                    return t
                }
                return finish(frame, .failure(RuntimeError(try text(fail.error, "Error") ?? "", try text(fail.cause, "Cause") ?? "")))
            case .choice(let choice):
                var target: Int?
                var branchIndex: Int?
                for (i, branch) in choice.choices.enumerated() {
                    guard case .jsonata(let condition) = branch.condition else { continue }
                    let value = try evaluateJSONata(condition, field: "Condition", bindings)
                    guard case .bool(let holds) = value else {
                        throw _JSONataEvaluator.failure("The Condition field of a Choice rule must evaluate to a boolean, not \(DataFlow.serialize(value))")
                    }
                    if holds { target = cs.choiceTargets[i]; branchIndex = i; break }
                }
                if target == nil { target = cs.defaultTarget }
                guard let next = target else { throw RuntimeError("States.NoChoiceMatched", "No Matches!") }
                var output = try choice.output.map { o throws(RuntimeError) in try evaluateJSONata(o, field: "Output", bindings) } ?? input
                var assigned = try assignJSONata(choice.assign, frame, bindings)
                if let i = branchIndex {
                    if let o = choice.choices[i].output { output = try evaluateJSONata(o, field: "Output", bindings) }
                    if let more = try assignJSONata(choice.choices[i].assign, frame, bindings) { assigned = (assigned ?? []) + more }
                }
                commit(assigned, frame)
                emit(frame.execution, frame, "ChoiceStateExited", object: exitedDetails(cs.name, output, assigned))
                return goto(frame, next, input: output)
            case .wait(let wait):
                let delay: VirtualTime
                switch wait.duration {
                case .seconds(.jsonata(let s)):
                    guard case .number(let n) = try evaluateJSONata(.string(s), field: "Seconds", bindings), n.doubleValue >= 0 else {
                        throw _JSONataEvaluator.failure("The Seconds field must evaluate to a non-negative number")
                    }
                    delay = VirtualTime(seconds: n.doubleValue)
                case .timestamp(.jsonata(let s)):
                    let value = try evaluateJSONata(.string(s), field: "Timestamp", bindings)
                    guard case .string(let text) = value, let timestamp = Timestamp(parsing: text) else {
                        throw located(_JSONataEvaluator.failure("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: "
                                                                + (value.stringValue ?? DataFlow.serialize(value))), "Timestamp")
                    }
                    delay = self.delay(until: timestamp)
                default:
                    delay = try waitDelay(wait.duration, DataScope(input: input, context: context, variables: frame.variables.all))
                }
                schedule(after: delay) { [unowned self] in
                    guard frame.execution.status == .running, !frame.finished else { return }
                    do throws(RuntimeError) {
                        let output = try wait.output.map { o throws(RuntimeError) in try self.evaluateJSONata(o, field: "Output", bindings) } ?? input
                        let assigned = try self.assignJSONata(wait.assign, frame, bindings)
                        self.commit(assigned, frame)
                        if self.exit(frame, cs, output: output, assigned: assigned, transition: wait.transition) == .next { self.drive(frame) }
                    } catch {
                        self.fail(frame, cs, error)
                    }
                }
                return .suspended
            case .task(let task):
                startTask(frame, cs, task, attempt: 0, retryCounts: Array(repeating: 0, count: task.retry.count), entered: entered)
                return .suspended
            case .map(let map):
                startMap(frame, cs, map, retryCounts: Array(repeating: 0, count: map.retry.count), entered: entered)
                return .suspended
            case .parallel(let parallel):
                startParallel(frame, cs, parallel, retryCounts: Array(repeating: 0, count: parallel.retry.count), entered: entered)
                return .suspended
            }
        } catch {
            return handle(frame, cs, error, retryCounts: [], retry: nil)
        }
    }

    /// A JSONata-mode Map's `Items` (the state input when absent): it must be an array.
    func jsonataItems(_ map: MapState, _ bindings: JSONataBindings) throws(RuntimeError) -> [JSONValue] {
        guard let items = map.items else {
            let input = bindings.states["input"] ?? .null
            guard case .array(let list) = input else {
                // No field to name: the input itself is not a list (recorded without a location).
                throw _JSONataEvaluator.failure("Map state input must be an array but was: \(DataFlow.serialize(input))")
            }
            return list
        }
        let value = try evaluateJSONata(items, field: "Items", bindings)
        guard case .array(let list) = value else {
            let source: String
            if case .string(let text) = items { source = String(text.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces) } else { source = DataFlow.serialize(items) }
            throw located(_JSONataEvaluator.failure("The JSONata expression '\(source)' specified for the field 'Items' returned an unexpected result type. "
                + "Expected 'array', but was '\(Self.jsonataTypeName(value))' for value: \(DataFlow.serialize(value))"), "Items")
        }
        return list
    }

    static func jsonataTypeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
