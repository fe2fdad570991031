import StatesLanguage

/// How a state's fields read and shape data: JSONPath (`InputPath` → `Parameters` → `ResultSelector`
/// → `ResultPath` → `OutputPath`, with `Assign`) or JSONata (`Arguments`, `Output` and `Assign` over
/// `$states`). The program picks one per state when it is compiled (``JSONPathDataFlow``,
/// ``JSONataDataFlow``); the state behaviours call it and never ask which language a state speaks,
/// so no state type is written twice.
///
/// Every method gets the ``Visit`` (the state's input, context object and variables) and the
/// simulator (for the seeded random source and the JSONata built-ins). Methods that assign variables
/// set them on the visit's flow before they return, in the order the language defines.
protocol StateDataFlow: AnyObject, Sendable {
    /// The value the state works on: JSONPath applies `InputPath`; JSONata takes the input as it is.
    func effectiveInput(_ visit: Visit, _ simulator: Simulator) throws(RuntimeError) -> JSONValue

    /// What a Task sends or a Parallel gives its branches: `Parameters` over the effective input
    /// (JSONPath), `Arguments` (JSONata); the effective input when the field is absent.
    func arguments(_ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> JSONValue

    /// Leaving a Pass, Wait, Choice or Succeed state: its output (and variables) from its effective
    /// input. `assigns`: false for Succeed (it has no `Assign`). For Choice, `rule` is the matched rule.
    func leave(_ visit: Visit, effective: JSONValue, rule: ChoiceBranch?, assigns: Bool,
               _ simulator: Simulator) throws(RuntimeError) -> Leave

    /// Leaving a Task, Map or Parallel state with its result: JSONPath applies `ResultSelector`,
    /// `Assign`, `ResultPath` and `OutputPath`; JSONata `Output` and `Assign` with `$states.result`.
    func leave(_ visit: Visit, result: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> Leave

    /// Leaving through a catcher with `{"Error", "Cause"}`: JSONPath places it at the catcher's
    /// `ResultPath`; JSONata evaluates the catcher's `Output` with `$states.errorOutput`.
    func caught(_ visit: Visit, by catcher: Catcher, errorOutput: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> Leave

    /// Whether a Choice rule matches the effective input.
    func holds(_ rule: ChoiceBranch, _ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> Bool

    /// A Fail state's `Error` or `Cause` (from `ErrorPath`/`CausePath` or a JSONata template).
    func failText(_ source: FailState.Source?, field: String, _ visit: Visit, _ simulator: Simulator) throws(RuntimeError) -> String?

    /// A Wait state's delay.
    func waitDelay(_ duration: WaitState.Duration, _ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> VirtualTime

    /// A Map state's items (inline Map, or a distributed Map without an `ItemReader`).
    func items(_ map: MapState, _ visit: Visit, effective: JSONValue, _ simulator: Simulator) throws(RuntimeError) -> [JSONValue]

    /// A field that is a payload template in JSONPath and a JSONata value in JSONata (`ItemSelector`,
    /// `ItemReader` `Parameters`/`Arguments`, `BatchInput`), with `$` bound to `input` and the context
    /// object to `context`; `nil` when the state has neither form.
    func evaluate(template: PayloadTemplate?, jsonata: JSONValue?, field: String, input: JSONValue, context: JSONValue,
                  _ visit: Visit, _ simulator: Simulator) throws(RuntimeError) -> JSONValue?
}

/// What leaving a state gives: its output, and the variables it assigned (already set on the flow).
struct Leave {
    var output: JSONValue
    var assigned: [(String, JSONValue)]?
    /// Whether the output is the state's input, unchanged (so within the payload limit already).
    var passesInput = false
}

/// One visit of a state by a flow: the values its fields are evaluated against.
struct Visit {
    let frame: Frame
    let state: CompiledState
    /// The state's input.
    let input: JSONValue
    /// The context object (`$$`, `$states.context`), or `null` when the state cannot read it.
    let context: JSONValue
    /// The workflow variables visible to the state, as they were when it was entered.
    let variables: [String: JSONValue]

    /// A JSONPath scope with `$` bound to `value`.
    func scope(_ value: JSONValue) -> DataScope { DataScope(input: value, context: context, variables: variables) }

    /// The JSONata bindings: `$states.input`, `.context` and, when given, `.result` and `.errorOutput`.
    func bindings(result: JSONValue? = nil, errorOutput: JSONValue? = nil) -> Simulator.JSONataBindings {
        Simulator.JSONataBindings(states: JSONataEvaluator.States(input: input, context: context, result: result, errorOutput: errorOutput),
                                  variables: variables)
    }
}

extension Simulator {
    /// Starts a visit of the frame's current state.
    /// - Parameters:
    ///   - entered: when the state was entered (`$$.State.EnteredTime`).
    ///   - attempt: the retry count a Task's context object carries.
    ///   - token: a callback or `.sync` task's token.
    ///   - forceContext: build the context object even when the state's expressions cannot read it
    ///     (a task's call and a Map's items carry it).
    func visit(_ frame: Frame, entered: VirtualTime, attempt: Int? = nil, token: String? = nil, forceContext: Bool = false) -> Visit {
        let cs = frame.states[frame.index]
        let context = cs.readsContext || forceContext
            ? self.context(frame, state: cs.name, enteredTime: entered, retryCount: attempt, token: token) : .null
        return Visit(frame: frame, state: cs, input: frame.input, context: context,
                     variables: cs.readsVariables ? frame.variables.all : [:])
    }
}
