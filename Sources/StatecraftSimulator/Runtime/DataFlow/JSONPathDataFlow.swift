import StatesLanguage

/// JSONPath data flow: `InputPath` → `Parameters` (or a Pass state's `Result`) → the work →
/// `ResultSelector` → `ResultPath` → `OutputPath`, with `Assign` evaluated against the state's result.
final class JSONPathDataFlow: StateDataFlow {
    let fields: DataFields
    /// `Parameters` when they hold no path or intrinsic: evaluated once, here.
    let constantParameters: JSONValue?
    /// The templates, prepared once.
    let parameters: CompiledTemplate?
    let resultSelector: CompiledTemplate?
    let assign: CompiledTemplate?

    init(_ fields: DataFields) {
        self.fields = fields
        constantParameters = fields.parameters?.literalValue
        parameters = fields.parameters.map(CompiledTemplate.init)
        resultSelector = fields.resultSelector.map(CompiledTemplate.init)
        assign = fields.assign.flatMap { template in
            if case .object(let f) = template, f.isEmpty { return nil }
            return CompiledTemplate(template)
        }
    }

    func effectiveInput(_ visit: Visit, _ simulator: Simulator) throws(RuntimeError) -> JSONValue {
        let effective = try DataFlow.inputPath(fields.inputPath, visit.scope(visit.input))
        visit.frame.inspector?.afterInputPath = effective
        return effective
    }

    func arguments(_ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> JSONValue {
        var arguments = effective
        if let constantParameters { arguments = constantParameters }
        else if let parameters { arguments = try parameters.evaluate(visit.scope(effective), random: &simulator.random) }
        visit.frame.inspector?.afterParameters = arguments
        return arguments
    }

    func leave(_ visit: Visit, effective: JSONValue, rule: ChoiceBranch?, assigns: Bool,
               _ simulator: Simulator) throws(RuntimeError) -> Leave {
        // A Pass state's result is its Parameters or Result; for the others it is the effective input.
        var result = effective
        if let constantParameters {
            result = constantParameters
        } else if let parameters {
            result = try parameters.evaluate(visit.scope(effective), random: &simulator.random)
        } else if let literal = fields.result {
            result = literal
        }
        var assigned = assigns ? try assign(assign, result: result, visit, simulator) : nil
        if let rule, let ruleAssign = rule.assign {
            assigned = (assigned ?? []) + (try assign(CompiledTemplate(ruleAssign), result: result, visit, simulator) ?? [])
        }
        let placed = try DataFlow.applyResultPath(fields.resultPath, result: result, input: visit.input)
        visit.frame.inspector?.left(result: result, parameters: fields.parameters != nil, placed: placed)
        let output = try DataFlow.outputPath(fields.outputPath, placed, visit.scope(visit.input))
        // Without InputPath, Parameters, Result, ResultPath and OutputPath the output is the input.
        let passesInput = fields.inputPath == nil && fields.parameters == nil && fields.result == nil
            && fields.resultPath == nil && fields.outputPath == nil
        return Leave(output: output, assigned: assigned, passesInput: passesInput)
    }

    func leave(_ visit: Visit, result: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> Leave {
        let selected = try resultSelector.map { t throws(RuntimeError) in try t.evaluate(visit.scope(result), random: &simulator.random) } ?? result
        let assigned = try assign(assign, result: selected, visit, simulator)
        let placed = try DataFlow.applyResultPath(fields.resultPath, result: selected, input: visit.input)
        visit.frame.inspector?.left(result: result, selected: selected, placed: placed)
        return Leave(output: try DataFlow.outputPath(fields.outputPath, placed, visit.scope(visit.input)), assigned: assigned)
    }

    func caught(_ visit: Visit, by catcher: Catcher, errorOutput: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> Leave {
        let output = try DataFlow.applyResultPath(catcher.resultPath, result: errorOutput, input: visit.input)
        let assigned = try assign(catcher.assign.map(CompiledTemplate.init), result: errorOutput, visit, simulator)
        return Leave(output: output, assigned: assigned)
    }

    func holds(_ rule: ChoiceBranch, _ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> Bool {
        try ChoiceEvaluator.holds(rule.condition, visit.scope(effective))
    }

    func failText(_ source: FailState.Source?, field: String, _ visit: Visit, _ simulator: Simulator) throws(RuntimeError) -> String? {
        switch source {
        case nil: return nil
        case .literal(let s): return s
        case .expression(let e):
            let value = try DataFlow.evaluate(e, visit.scope(visit.input), field: field + "Path", random: &simulator.random)
            guard case .string(let s) = value else {
                throw RuntimeError("States.Runtime", "The value of \(field)Path must be a string, found \(DataFlow.serialize(value))")
            }
            return s
        }
    }

    func waitDelay(_ duration: WaitState.Duration, _ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> VirtualTime {
        try simulator.waitDelay(duration, visit.scope(effective))
    }

    func items(_ map: MapState, _ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> [JSONValue] {
        let list = try map.itemsPath.map { p throws(RuntimeError) in try DataFlow.select(p, in: visit.scope(effective)) } ?? effective
        guard case .array(let array) = list else {
            throw RuntimeError("States.Runtime", "Map state input must be an array, found \(list.typeName) at ItemsPath '\(map.itemsPath?.text ?? "$")'")
        }
        return array
    }

    func evaluate(template: PayloadTemplate?, jsonata: JSONValue?, field: String, input: JSONValue, context: JSONValue,
                  _ visit: Visit, _ simulator: Simulator) throws(RuntimeError) -> JSONValue? {
        guard let template else { return nil }
        return try DataFlow.evaluate(template, DataScope(input: input, context: context, variables: visit.variables), random: &simulator.random)
    }

    /// Evaluates `Assign` with `$` the state's result and sets the variables; returns what was assigned.
    func assign(_ template: CompiledTemplate?, result: JSONValue, _ visit: Visit, _ simulator: Simulator) throws(RuntimeError) -> [(String, JSONValue)]? {
        guard let template else { return nil }
        guard case .object(let values) = try template.evaluate(visit.scope(result), random: &simulator.random), !values.isEmpty else { return nil }
        var assigned: [(String, JSONValue)] = []
        for field in values {
            visit.frame.variables.assign(field.key, field.value)
            assigned.append((field.key, field.value))
        }
        return assigned
    }
}

/// The fields of a state that shape its data, read from the model once, when the program is compiled.
struct DataFields: Sendable {
    var inputPath: NullablePath?
    var parameters: PayloadTemplate?
    /// A Pass state's `Result`.
    var result: JSONValue?
    var resultSelector: PayloadTemplate?
    var resultPath: NullablePath?
    var outputPath: NullablePath?
    /// JSONata's `Arguments` and `Output`.
    var arguments: JSONValue?
    var output: JSONValue?
    var assign: PayloadTemplate?

    init(_ state: State) {
        switch state.kind {
        case .pass(let s):
            (inputPath, parameters, result, resultPath, outputPath, output, assign) =
                (s.inputPath, s.parameters, s.result, s.resultPath, s.outputPath, s.output, s.assign)
        case .task(let s):
            (inputPath, parameters, arguments, resultSelector, resultPath, outputPath, output, assign) =
                (s.inputPath, s.parameters, s.arguments, s.resultSelector, s.resultPath, s.outputPath, s.output, s.assign)
        case .choice(let s):
            (inputPath, outputPath, output, assign) = (s.inputPath, s.outputPath, s.output, s.assign)
        case .wait(let s):
            (inputPath, outputPath, output, assign) = (s.inputPath, s.outputPath, s.output, s.assign)
        case .succeed(let s):
            (inputPath, outputPath, output) = (s.inputPath, s.outputPath, s.output)
        case .fail:
            break
        case .parallel(let s):
            (inputPath, parameters, arguments, resultSelector, resultPath, outputPath, output, assign) =
                (s.inputPath, s.parameters, s.arguments, s.resultSelector, s.resultPath, s.outputPath, s.output, s.assign)
        case .map(let s):
            (inputPath, resultSelector, resultPath, outputPath, output, assign) =
                (s.inputPath, s.resultSelector, s.resultPath, s.outputPath, s.output, s.assign)
        }
    }
}
