import StatesLanguage

// The JSONata forms of the steps' fields: typed expressions where a field wants a number, a Boolean
// or a timestamp, `Output`, and typed workflow variables. In a JSONPath state each of them is
// refused at build time (`query-language-mix`, at the Swift line of the step).

extension _StateSpec {
    /// Records that `field` holds a JSONata expression, for a state that may turn out to use JSONPath.
    mutating func requireJSONata(_ field: String) {
        problems.append(.jsonataInJSONPath("\(field) as a JSONata expression", field: field))
    }

    /// Adds `name` to the state's `Assign`.
    mutating func assign(_ name: String, _ value: PayloadTemplate) {
        state._assign = PayloadTemplate.adding(name, value, to: state._assign, problems: &problems)
    }
}

extension PayloadTemplate {
    /// `Assign` with one more variable (a variable given twice is a problem).
    static func adding(_ name: String, _ value: PayloadTemplate, to assign: PayloadTemplate?, problems: inout [StepProblem]) -> PayloadTemplate? {
        var fields: [PayloadField] = []
        if case .object(let existing)? = assign { fields = existing }
        if fields.contains(where: { $0.name == name }) {
            problems.append(StepProblem(code: "duplicate-field", message: "Assign: the variable \"\(name)\" is assigned twice by this state",
                                     field: "Assign", hint: "keep one of them"))
            return assign
        }
        fields.append(PayloadField(name, .template(value)))
        return .object(fields)
    }
}

extension InputOutputStep {
    /// Sets `Output` (JSONata states): the state's output, e.g. `.output(["id": .jsonata("$states.result.TaskArn")])`.
    /// In a Task, Parallel or Map `$states.result` is the result; everywhere `$states.input` is the input.
    public func output(_ value: PayloadValue) -> Self {
        with { spec in
            let root: JSONataConversion.Root
            switch spec.state.kind {
            case .task, .parallel, .map: root = .result
            default: root = .input
            }
            spec.state._output = JSONataConversion.output(value, root: root, problems: &spec.problems)
        }
    }
}

extension JSONataConversion {
    /// A value written for `Output`, as JSON with `{% %}` strings (paths read from `root`), and the
    /// problems found, including that it needs a JSONata state.
    static func output(_ value: PayloadValue, root: Root, problems: inout [StepProblem]) -> JSONValue {
        var found: [StepProblem] = []
        let template = value.lowerTemplate(&found)
        var conversion = JSONataConversion()
        let json = conversion.json(template, root: root, field: "Output")
        for p in found + conversion.problems where !p.onlyInJSONPath {
            problems.append(StepProblem(code: p.code, message: "Output: \(p.message)", field: "Output", hint: p.hint))
        }
        problems.append(.jsonataInJSONPath("Output", field: "Output"))
        return json
    }
}

extension AssigningStep {
    /// Assigns a literal value to a workflow variable (`Assign`), in JSONPath and JSONata states.
    public func assign<T>(_ variable: WorkflowVariable<T>, _ value: T) -> Self {
        with { $0.assign(variable.name, JSONataConversion.template(value.jsonValue)) }
    }

    /// Assigns the value of a JSONata expression of the variable's type (JSONata states), e.g.
    /// `.assign(attempts, attempts + 1)`.
    public func assign<T, E: JSONataTyped>(_ variable: WorkflowVariable<T>, _ value: E) -> Self where E.Value == T {
        with {
            $0.assign(variable.name, .value(.string(value.expression.template)))
            $0.requireJSONata("Assign")
        }
    }
}

extension ResultStep {
    /// Sets the request: `Arguments` in a JSONata state (`Parameters` in a JSONPath one).
    public func arguments(_ payload: Payload) -> Self { parameters(payload) }
}

extension TaskStep {
    /// Sets `TimeoutSeconds` to a JSONata expression (JSONata states).
    public func timeout(seconds: some JSONataTyped<Int>) -> Self {
        with { spec in
            spec.setTask { $0.timeoutSeconds = .jsonata(seconds.expression.template) }
        }
    }

    /// Sets `HeartbeatSeconds` to a JSONata expression (JSONata states).
    public func heartbeat(seconds: some JSONataTyped<Int>) -> Self {
        with { spec in
            spec.setTask { $0.heartbeatSeconds = .jsonata(seconds.expression.template) }
        }
    }
}

extension Wait {
    /// Waits the number of seconds a JSONata expression gives (JSONata states).
    public init(_ name: String, seconds: some JSONataTyped<Int>, fileID: String = #fileID, line: Int = #line) {
        self.init(name, .seconds(.jsonata(seconds.expression.template)), fileID: fileID, line: line)
    }

    /// Waits until the RFC 3339 timestamp a JSONata expression gives (JSONata states).
    public init(_ name: String, timestamp: some JSONataTyped<String>, fileID: String = #fileID, line: Int = #line) {
        self.init(name, .timestamp(.jsonata(timestamp.expression.template)), fileID: fileID, line: line)
    }
}

extension Map {
    func withMap(_ change: (inout MapState) -> Void) -> Map {
        with { spec in
            if case .map(var m) = spec.state.kind {
                change(&m)
                spec.state.kind = .map(m)
            }
        }
    }

    /// Sets `Items` (JSONata states): the array to iterate, e.g. `JSONataExpr<JSONValue>("$states.input.orders")`.
    public func items(_ items: some JSONataTyped<JSONValue>) -> Map {
        withMap { $0.items = .string(items.expression.template) }.with { $0.requireJSONata("Items") }
    }

    /// Sets `Items` (JSONata states) to an expression typed as an array, e.g. `JSONataExpr<[String]>("$states.input.lines")`.
    public func items<E: JSONataTyped, T>(_ items: E) -> Map where E.Value == [T] {
        withMap { $0.items = .string(items.expression.template) }.with { $0.requireJSONata("Items") }
    }

    /// Sets `MaxConcurrency` to a JSONata expression (JSONata states).
    public func maxConcurrency(_ value: some JSONataTyped<Int>) -> Map {
        withMap { $0.maxConcurrency = .jsonata(value.expression.template) }
    }

    /// Sets `ToleratedFailureCount` to a JSONata expression (JSONata states, distributed maps).
    public func toleratedFailureCount(_ value: some JSONataTyped<Int>) -> Map {
        withMap { $0.toleratedFailureCount = .jsonata(value.expression.template) }
    }

    /// Sets `ToleratedFailurePercentage` to a JSONata expression (JSONata states, distributed maps).
    public func toleratedFailurePercentage(_ value: some JSONataTyped<Double>) -> Map {
        withMap { $0.toleratedFailurePercentage = .jsonata(value.expression.template) }
    }
}

extension Fail.Text {
    /// An error or cause computed by a JSONata expression (JSONata states), e.g.
    /// `.jsonata(JSONataExpr<String>("$states.input.error.Cause"))`.
    public static func jsonata(_ expression: some JSONataTyped<String>) -> Fail.Text {
        Fail.Text(value: .jsonata(expression.expression.text))
    }
}

extension Choice {
    /// Sets `Output` (JSONata states): the Choice state's output, computed from `$states.input`.
    public func output(_ value: PayloadValue) -> Choice {
        var c = self
        c.spec.output = JSONataConversion.output(value, root: .input, problems: &c.spec.problems)
        return c
    }

    /// Sets the Choice state's own `QueryLanguage`.
    public func queryLanguage(_ language: QueryLanguage) -> Choice { var c = self; c.spec.queryLanguage = language; return c }

    /// Assigns a literal value to a workflow variable when the Choice state is left.
    public func assign<T>(_ variable: WorkflowVariable<T>, _ value: T) -> Choice {
        assign(variable.name, JSONataConversion.template(value.jsonValue))
    }

    /// Assigns the value of a JSONata expression of the variable's type (JSONata states).
    public func assign<T, E: JSONataTyped>(_ variable: WorkflowVariable<T>, _ value: E) -> Choice where E.Value == T {
        var c = assign(variable.name, .value(.string(value.expression.template)))
        c.spec.problems.append(.jsonataInJSONPath("Assign as a JSONata expression", field: "Assign"))
        return c
    }

    func assign(_ name: String, _ value: PayloadTemplate) -> Choice {
        var c = self
        c.spec.assign = PayloadTemplate.adding(name, value, to: c.spec.assign, problems: &c.spec.problems)
        return c
    }
}

/// A Choice rule whose `Condition` is a typed JSONata expression (JSONata states), e.g.
/// `When(attempts >= 3) { … }`.
public func When(
    _ condition: some JSONataTyped<Bool>, comment: String? = nil, fileID: String = #fileID, line: Int = #line,
    @StepsBuilder _ steps: () -> AnySteps
) -> ChoiceBranchStep {
    When(.jsonata(condition.expression.template), comment: comment, fileID: fileID, line: line, steps)
}
