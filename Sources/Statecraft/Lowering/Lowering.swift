import StatesLanguage

/// Turns the flow graph written with the builder into ASL states: names the transitions, lowers
/// nested flows into their own scopes, places inline handlers, and records where in Swift each
/// state, rule, retrier and catcher was written.
final class LoweringSession {
    var diagnostics: [Diagnostic] = []
    /// The machine's query language: a state that sets none uses it, and in JSONata the JSONPath
    /// fields the DSL wrote are converted (``JSONataConversion``).
    let machineLanguage: QueryLanguage

    init(machineLanguage: QueryLanguage = .jsonPath) {
        self.machineLanguage = machineLanguage
    }
    /// Where in Swift each state and each of its parts was written, in the order recorded. Indexed by
    /// JSON pointer only when a diagnostic needs a location.
    var recorded: [(pointer: JSONPointer, location: SwiftLocation)] = []
    private var index: [JSONPointer: SwiftLocation]?

    func record(_ pointer: JSONPointer, _ location: SwiftLocation) {
        recorded.append((pointer, location))
    }
    /// Every state name in the machine, with the index in `recorded` of where it was first written.
    var namesInMachine: [String: Int] = [:]

    /// Where control goes: a named state, or the end of the scope.
    enum Exit: Equatable {
        case state(String)
        case end
    }

    struct LoopContext {
        var start: Exit
        var exit: Exit
    }

    /// States being collected for one scope (the machine, a branch, a processor).
    struct Scope {
        var base: JSONPointer
        var states: [NamedState] = []
        /// Succeed states made for flows that must name a target but end the scope.
        var synthesized: [NamedState] = []
    }

    func report(_ code: Diagnostic.Code, _ message: String, at pointer: JSONPointer, location: SwiftLocation, hint: String? = nil,
                severity: Diagnostic.Severity = .error) {
        var d = Diagnostic(severity, code, message, at: pointer, hint: hint)
        d.location = .swift(fileID: location.fileID, line: location.line)
        diagnostics.append(d)
    }

    // MARK: Scopes

    /// Lowers `nodes` as a scope of their own.
    func lowerScope(_ nodes: [_StepNode], base: JSONPointer, location: SwiftLocation) -> (startAt: String, states: [NamedState]) {
        var scope = Scope(base: base)
        let flat = flatten(nodes)
        let entry = self.entry(of: flat[...], exit: .end, loops: [])
        emit(flat, exit: .end, loops: [], into: &scope)
        var startAt = ""
        switch entry {
        case .state(let name): startAt = name
        case .end:
            report(.emptyFlow, "this flow has no steps; every state machine, branch and Map needs at least one state",
                   at: base.appending("StartAt"), location: location, hint: "add a step, e.g. Succeed(\"Done\")")
        }
        record(base, location)
        return (startAt, scope.states + scope.synthesized)
    }

    /// The nodes with groups expanded in place.
    func flatten(_ nodes: [_StepNode]) -> [_StepNode] {
        var out: [_StepNode] = []
        out.reserveCapacity(nodes.count)
        func add(_ node: _StepNode) {
            if case .group(let inner) = node.kind { inner.forEach(add) } else { out.append(node) }
        }
        nodes.forEach(add)
        return out
    }

    /// Where control enters a (flattened) sequence; `exit` when it is empty.
    func entry(of nodes: ArraySlice<_StepNode>, exit: Exit, loops: [LoopContext]) -> Exit {
        guard let first = nodes.first else { return exit }
        switch first.kind {
        case .state(let spec): return .state(spec.name)
        case .choice(let spec): return .state(spec.name)
        case .group(let inner): return entry(of: (flatten(inner) + nodes.dropFirst())[...], exit: exit, loops: loops)
        case .loop(let body, _):
            let rest = entry(of: nodes.dropFirst(), exit: exit, loops: loops)
            return entry(of: flatten(body)[...], exit: rest, loops: loops)
        case .jump(.goto(let target), _): return .state(target)
        case .jump(.breakLoop, _): return loops.last?.exit ?? exit
        case .jump(.continueLoop, _): return loops.last?.start ?? exit
        case .guarded(let g):
            return entry(of: (flatten(g.body) + nodes.dropFirst())[...], exit: exit, loops: loops)
        case .detached:
            return entry(of: nodes.dropFirst(), exit: exit, loops: loops)
        }
    }

    /// The name to put in a `Next`, `Default` or Catch for `exit`: the scope's end needs a Succeed state.
    func targetName(_ exit: Exit, for owner: String, in scope: inout Scope) -> String {
        switch exit {
        case .state(let name): return name
        case .end:
            let name = "\(owner): done"
            if !scope.synthesized.contains(where: { $0.name == name }) {
                scope.synthesized.append(NamedState(name, State(.succeed(SucceedState()))))
            }
            return name
        }
    }

    // MARK: Emission

    func emit(_ nodes: [_StepNode], exit: Exit, loops: [LoopContext], into scope: inout Scope) {
        for i in nodes.indices {
            let next = entry(of: nodes[(i + 1)...], exit: exit, loops: loops)
            // A jump right after a step is written where the step's Next comes from.
            var jumpLocation: SwiftLocation?
            if i + 1 < nodes.count, case .jump(_, let location) = nodes[i + 1].kind { jumpLocation = location }
            switch nodes[i].kind {
            case .state(let spec):
                emitState(spec, next: next, jumpLocation: jumpLocation, loops: loops, into: &scope)
            case .choice(let spec):
                emitChoice(spec, next: next, loops: loops, into: &scope)
            case .group(let inner):
                emit(flatten(inner), exit: next, loops: loops, into: &scope)
            case .loop(let body, let location):
                let flat = flatten(body)
                guard let first = flat.first else {
                    report(.emptyFlow, "this Loop has no steps", at: scope.base, location: location)
                    continue
                }
                if case .jump = first.kind {
                    report(.loopStart, "a Loop must start with a state, not a jump", at: scope.base, location: location)
                    continue
                }
                let start = entry(of: flat[...], exit: next, loops: loops)
                emit(flat, exit: start, loops: loops + [LoopContext(start: start, exit: next)], into: &scope)
            case .jump(let jump, let location):
                if loops.isEmpty, jump == .breakLoop || jump == .continueLoop {
                    report(.jumpOutsideLoop, "\(jump == .breakLoop ? "Break" : "Continue")() is only meaningful inside a Loop",
                           at: scope.base, location: location, hint: "use Goto(\"State name\") to jump to a named state")
                }
            case .guarded(let g):
                emitGuarded(g, next: next, loops: loops, into: &scope)
            case .detached(let inner):
                emit(flatten(inner), exit: .end, loops: loops, into: &scope)
            }
        }
    }

    func statePointer(_ name: String, in scope: Scope) -> JSONPointer {
        JSONPointer(tokens: scope.base.tokens + ["States", name])
    }

    /// Adds a state to the scope, unless its name is taken: names are unique across the machine.
    func append(_ named: NamedState, at pointer: JSONPointer, location: SwiftLocation, into scope: inout Scope) {
        if let first = namesInMachine[named.name] {
            let (firstPointer, firstLocation) = recorded[first]
            report(.duplicateStateName, "state name \"\(named.name)\" is already used by the state written at \(firstLocation) (\(firstPointer)); names must be unique across the whole machine",
                   at: pointer, location: location, hint: "rename one of them")
            if firstPointer.parent == pointer.parent { return }  // same scope: the definition cannot hold both
        } else {
            namesInMachine[named.name] = recorded.count
        }
        scope.states.append(named)
        record(pointer, location)
    }

    /// Whether `state` uses JSONata (its own query language, else the machine's).
    func usesJSONata(_ state: State) -> Bool { (state.queryLanguage ?? machineLanguage) == .jsonata }

    /// Converts the JSONPath fields of a JSONata state, reporting what cannot be converted.
    func convertToJSONata(_ state: inout State, at pointer: JSONPointer, location: SwiftLocation) {
        var conversion = JSONataConversion()
        conversion.convert(&state)
        reportAll(conversion.problems, at: pointer, location: location)
    }

    func reportAll(_ problems: [StepProblem], at pointer: JSONPointer, location: SwiftLocation, jsonata: Bool = false) {
        for p in problems where !(jsonata && p.onlyInJSONPath) {
            report(Diagnostic.Code(rawValue: p.code), p.message, at: p.field.map { pointer.appending($0) } ?? pointer, location: location, hint: p.hint)
        }
    }

    func emitState(_ spec: _StateSpec, next: Exit, jumpLocation: SwiftLocation?, loops: [LoopContext], into scope: inout Scope) {
        var state = spec.state
        let pointer = statePointer(spec.name, in: scope)
        let jsonata = usesJSONata(state)
        for p in spec.problems where !(jsonata && p.onlyInJSONPath) {
            report(Diagnostic.Code(rawValue: p.code), p.message, at: p.field.map { pointer.appending($0) } ?? pointer, location: spec.location, hint: p.hint)
        }
        var transition: Transition?
        if state.transition != nil {
            switch next {
            case .state(let name): transition = .next(name)
            case .end: transition = .end
            }
            if let jumpLocation { record(pointer.appending("Next"), jumpLocation) }
        }
        switch state.kind {
        case .parallel(var p):
            p.branches = spec.branches.enumerated().map { i, nodes in
                let lowered = lowerScope(nodes, base: pointer.appending("Branches").appending(i),
                                         location: spec.branchLocations.indices.contains(i) ? spec.branchLocations[i] : spec.location)
                return ParallelBranch(startAt: lowered.startAt, states: lowered.states)
            }
            if spec.branches.isEmpty {
                report(.emptyFlow, "this Parallel has no branches", at: pointer, location: spec.location, hint: "add Branch { ... } blocks")
            }
            state.kind = .parallel(p)
        case .map(var m):
            let lowered = lowerScope(spec.processor ?? [], base: pointer.appending(m.itemProcessor.field.rawValue), location: spec.location)
            m.itemProcessor.startAt = lowered.startAt
            m.itemProcessor.states = lowered.states
            state.kind = .map(m)
        default:
            break
        }
        for (i, location) in spec.retryLocations.enumerated() {
            record(pointer.appending("Retry").appending(i), location)
        }
        var handlers: [[_StepNode]] = []
        var catchers = state._catchers
        for clause in spec.catches {
            var catcher = clause.catcher
            switch clause.handler {
            case .named(let target):
                catcher.next = target
            case .inline(let nodes):
                // Like do/catch: the handler continues with the step after this state.
                let flat = flatten(nodes)
                catcher.next = targetName(entry(of: flat[...], exit: next, loops: loops), for: spec.name, in: &scope)
                handlers.append(flat)
            }
            record(pointer.appending("Catch").appending(catchers.count), clause.location)
            catchers.append(catcher)
        }
        state.setFlow(transition: transition, catchers: spec.catches.isEmpty ? nil : catchers)
        if jsonata { convertToJSONata(&state, at: pointer, location: spec.location) }
        append(NamedState(spec.name, state), at: pointer, location: spec.location, into: &scope)
        for handler in handlers { emit(handler, exit: next, loops: loops, into: &scope) }
    }

    func emitChoice(_ spec: ChoiceSpec, next: Exit, loops: [LoopContext], into scope: inout Scope) {
        let pointer = statePointer(spec.name, in: scope)
        let jsonata = (spec.queryLanguage ?? machineLanguage) == .jsonata
        reportAll(spec.problems, at: pointer, location: spec.location, jsonata: jsonata)
        var branches: [ChoiceBranch] = []
        var flows: [[_StepNode]] = []
        for (i, rule) in spec.branches.enumerated() {
            let rulePointer = pointer.appending("Choices").appending(i)
            record(rulePointer, rule.location)
            for p in rule.problems where !(jsonata && p.onlyInJSONPath) {
                report(Diagnostic.Code(rawValue: p.code), p.message, at: rulePointer, location: rule.location, hint: p.hint)
            }
            let flat = flatten(rule.steps)
            let target = targetName(entry(of: flat[...], exit: next, loops: loops), for: spec.name, in: &scope)
            if let condition = rule.condition {
                branches.append(ChoiceBranch(condition: condition, next: target, comment: rule.comment))
            }
            flows.append(flat)
        }
        var defaultState: String?
        if let otherwise = spec.otherwise {
            let flat = flatten(otherwise)
            defaultState = targetName(entry(of: flat[...], exit: next, loops: loops), for: spec.name, in: &scope)
            if let location = spec.otherwiseLocation { record(pointer.appending("Default"), location) }
            flows.append(flat)
        }
        if spec.branches.isEmpty {
            report(.emptyFlow, "this Choice has no When branch", at: pointer, location: spec.location, hint: "add When(condition) { ... }")
        }
        let choice = ChoiceState(choices: branches, defaultState: defaultState, inputPath: spec.inputPath,
                                 outputPath: spec.outputPath, output: spec.output, assign: spec.assign)
        var state = State(.choice(choice), comment: spec.comment, queryLanguage: spec.queryLanguage)
        if jsonata { convertToJSONata(&state, at: pointer, location: spec.location) }
        append(NamedState(spec.name, state), at: pointer, location: spec.location, into: &scope)
        for flow in flows { emit(flow, exit: next, loops: loops, into: &scope) }
    }

    func emitGuarded(_ g: GuardSpec, next: Exit, loops: [LoopContext], into scope: inout Scope) {
        let handler = flatten(g.handler)
        let handlerExit: Exit = g.handlerRejoins ? next : .end
        let firstIndex = scope.states.count
        emit(flatten(g.body), exit: next, loops: loops, into: &scope)
        let lastIndex = scope.states.count
        let handlerName = targetName(entry(of: handler[...], exit: handlerExit, loops: loops), for: "Handle failure", in: &scope)
        for i in firstIndex..<lastIndex {
            var named = scope.states[i]
            switch named.state.kind {
            case .task, .parallel, .map: break
            default: continue
            }
            // A state that already catches everything keeps its own handling.
            if named.state._catchers.contains(where: { $0.errorEquals.contains(.all) }) { continue }
            var assign: PayloadTemplate?
            if let variable = g.failedStateVariable {
                assign = .object([PayloadField(variable, .template(.value(.string(named.name))))])
            }
            var catcher = Catcher(errorEquals: g.errors, next: handlerName, resultPath: g.resultPath, assign: assign)
            let catchPointer = statePointer(named.name, in: scope).appending("Catch").appending(named.state._catchers.count)
            if usesJSONata(named.state) {
                var conversion = JSONataConversion()
                catcher = conversion.convert(catcher)
                reportAll(conversion.problems, at: statePointer(named.name, in: scope), location: g.location)
            }
            record(catchPointer, g.location)
            named.state._catchers.append(catcher)
            scope.states[i] = named
        }
        if let gate = g.gate {
            routeThroughRelease(gate, body: firstIndex..<lastIndex, handler: handlerName, errorPath: g.resultPath,
                                failedStateVariable: g.failedStateVariable, location: g.location, loops: loops, into: &scope)
        }
        emit(handler, exit: handlerExit, loops: loops, into: &scope)
    }

    /// Keeps every path of a gate's work through a release: a release state goes before each of the
    /// work's own Succeed and Fail states (every transition to them is redirected), and a Choice
    /// without `Default` gets one that records `States.NoChoiceMatched` at the error path and goes to
    /// the gate's failure handler (which releases). Paths that still leave the gate (a `Goto` out of
    /// it) are reported by the validator's `gate-leak` rule at the Swift line that wrote them.
    func routeThroughRelease(_ gate: GateRouting, body: Range<Int>, handler: String, errorPath: NullablePath?, failedStateVariable: String?,
                             location: SwiftLocation, loops: [LoopContext], into scope: inout Scope) {
        var renamed: [String: String] = [:]
        for i in body {
            switch scope.states[i].state.kind {
            case .succeed, .fail: renamed[scope.states[i].name] = "\(gate.name): release slot before \(scope.states[i].name)"
            default: break
            }
        }
        func target(_ name: String) -> String { renamed[name] ?? name }
        var noMatch: [(choice: String, state: String)] = []
        for i in body {
            var state = scope.states[i].state
            if case .next(let name) = state.transition { state._transition = .next(target(name)) }
            state._catchers = state._catchers.map { catcher in
                var catcher = catcher
                catcher.next = target(catcher.next)
                return catcher
            }
            if case .choice(var choice) = state.kind {
                choice.choices = choice.choices.map { rule in
                    var rule = rule
                    rule.next = target(rule.next)
                    return rule
                }
                if let defaultState = choice.defaultState {
                    choice.defaultState = target(defaultState)
                } else {
                    let name = "\(gate.name): no rule matched in \(scope.states[i].name)"
                    choice.defaultState = name
                    noMatch.append((scope.states[i].name, name))
                }
                state.kind = .choice(choice)
            }
            scope.states[i].state = state
        }
        for (original, release) in renamed.sorted(by: { $0.key < $1.key }) {
            emitState(gate.release(release), next: .state(original), jumpLocation: nil, loops: loops, into: &scope)
        }
        for (choice, name) in noMatch {
            var pass = _StateSpec(name: name, location: location, state: State(.pass(PassState(transition: .end, result: [
                "Error": "States.NoChoiceMatched", "Cause": .string("no Choice Rule matched in state \(choice), and it has no Default"),
            ]))))
            pass.state._resultPath = errorPath
            if let variable = failedStateVariable {
                pass.state._assign = .object([PayloadField(variable, .template(.value(.string(choice))))])
            }
            emitState(pass, next: .state(handler), jumpLocation: nil, loops: loops, into: &scope)
        }
    }

    /// The Swift location of the nearest part of the definition at or above `pointer`.
    func location(of pointer: JSONPointer) -> SwiftLocation? {
        if index == nil {
            var built: [JSONPointer: SwiftLocation] = [:]
            // Parts recorded first (a scope's own location is recorded last) win.
            for (p, l) in recorded where built[p] == nil { built[p] = l }
            index = built
        }
        var current: JSONPointer? = pointer
        while let p = current {
            if let location = index?[p] { return location }
            current = p.parent
        }
        return nil
    }
}

extension Diagnostic.Code {
    /// `empty-flow`: a machine, branch, Map, Loop, Parallel or Choice written with no steps.
    public static let emptyFlow: Self = "empty-flow"
    /// `loop-start`: a DSL `Loop` that starts with a jump instead of a state.
    public static let loopStart: Self = "loop-start"
    /// `jump-outside-loop`: `Break()` or `Continue()` written outside a `Loop`.
    public static let jumpOutsideLoop: Self = "jump-outside-loop"
}
