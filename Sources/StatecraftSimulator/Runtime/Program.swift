import StatesLanguage

/// A state machine compiled for running: every transition resolved to an index, every scope
/// (the machine, each Parallel branch, each Map processor) numbered. Paths, payload templates,
/// intrinsic calls and Choice rules were already parsed into typed values by the model, so running
/// never parses a string.
public final class Program: Sendable {
    public let machine: StateMachine
    let scopes: [CompiledScope]
    /// Every state's name by program-wide number: scope `s`'s state `i` is `ordinalBases[s] + i`.
    let stateNames: [String]
    let ordinalBases: [Int]
    /// The scope of the machine itself.
    var root: Int { 0 }

    /// Compiles a model. The model should be valid (``Validator``); a transition to a missing state
    /// fails the execution with `States.Runtime` when it is taken.
    public init(_ machine: StateMachine) {
        self.machine = machine
        var scopes: [CompiledScope] = []
        func compile(_ container: some StateContainer) -> Int {
            let index = scopes.count
            scopes.append(CompiledScope(start: nil, states: []))
            var byName: [String: Int] = [:]
            for (i, named) in container.states.enumerated() where byName[named.name] == nil { byName[named.name] = i }
            var states: [CompiledState] = []
            for named in container.states {
                var next: Int?
                if case .next(let n) = named.state.transition { next = byName[n] ?? -1 }
                var choiceTargets: [Int] = [], defaultTarget: Int?, branches: [Int] = [], processor: Int?
                var task: TaskTarget?, constantParameters: (value: JSONValue, text: String)?
                switch named.state.kind {
                case .choice(let c):
                    choiceTargets = c.choices.map { byName[$0.next] ?? -1 }
                    defaultTarget = c.defaultState.map { byName[$0] ?? -1 }
                case .parallel(let p):
                    branches = p.branches.map { compile($0) }
                case .map(let m):
                    processor = compile(m.itemProcessor)
                case .task(let t):
                    let target = TaskTarget(resource: t.resource)
                    task = target
                    // Constant Parameters (common for ECS tasks): the request and its text are made once.
                    if let literal = t.parameters?.literalValue {
                        constantParameters = (literal, DataFlow.serialize(Simulator.request(literal, for: target)))
                    }
                default:
                    break
                }
                states.append(CompiledState(
                    name: named.name, state: named.state, next: next, choiceTargets: choiceTargets, defaultTarget: defaultTarget,
                    catchTargets: named.state.catchers.map { byName[$0.next] ?? -1 }, branches: branches, processor: processor,
                    task: task, readsContext: Self.readsContext(named.state), constantParameters: constantParameters,
                    jsonata: (named.state.queryLanguage ?? machine.queryLanguage) == .jsonata))
            }
            scopes[index] = CompiledScope(start: byName[container.startAt], states: states)
            return index
        }
        _ = compile(machine)
        self.scopes = scopes
        var bases: [Int] = []
        var names: [String] = []
        for scope in scopes {
            bases.append(names.count)
            names += scope.states.map(\.name)
        }
        ordinalBases = bases
        stateNames = names
    }

    /// Compiles a definition given as JSON text, after checking it.
    /// - Throws: ``ProgramError`` with the diagnostics when the definition has errors.
    public convenience init(json bytes: [UInt8]) throws(ProgramError) {
        let result = Validator().check(bytes)
        guard let machine = result.machine, result.isValid else { throw ProgramError(diagnostics: result.diagnostics) }
        self.init(machine)
    }
}

/// A definition that cannot be run: its diagnostics.
public struct ProgramError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

struct CompiledScope: Sendable {
    var start: Int?
    var states: [CompiledState]
}

extension Program {
    /// False only when the state cannot read `$$` (JSONPath) or `$states.context` (JSONata): its
    /// definition holds neither `$$` nor `$states`. Tasks and Map/Parallel states always get the context
    /// (mocks and item contexts see it).
    static func readsContext(_ state: State) -> Bool {
        switch state.kind {
        case .pass, .choice, .wait, .succeed, .fail:
            // `$states.input`, `.result` and `.errorOutput` do not need the context object; any other
            // use of `$states` might.
            let text = JSONWriter.string(ASLEncoder.encode(state))
                .replacingOccurrences(of: "$states.input", with: "")
                .replacingOccurrences(of: "$states.result", with: "")
                .replacingOccurrences(of: "$states.errorOutput", with: "")
            return text.contains("$$") || text.contains("$states")
        default:
            return true
        }
    }
}

/// One state, ready to run. A class: the interpreter looks it up for every state it runs, and a
/// reference is cheaper to pass around than a copy of every field.
final class CompiledState: Sendable {
    let name: String
    let state: State
    /// `Next` as an index; -1 when it names no state.
    let next: Int?
    let choiceTargets: [Int]
    let defaultTarget: Int?
    let catchTargets: [Int]
    let branches: [Int]
    let processor: Int?
    let task: TaskTarget?
    /// Whether running the state needs the context object. Building it is a good part of a simple
    /// state's cost, so Pass, Choice, Wait, Succeed and Fail states that cannot refer to it skip it.
    let readsContext: Bool
    /// A Task's Parameters when they hold no path or intrinsic: the value, and the JSON text of the
    /// request as history records it.
    let constantParameters: (value: JSONValue, text: String)?
    /// The history event types of entering and leaving the state (`PassStateEntered`, ...).
    let enteredType: String
    let exitedType: String
    /// Whether the state's fields are JSONata (`QueryLanguage: JSONata`, on the state or the machine).
    let jsonata: Bool

    init(name: String, state: State, next: Int?, choiceTargets: [Int], defaultTarget: Int?, catchTargets: [Int],
         branches: [Int], processor: Int?, task: TaskTarget?, readsContext: Bool, constantParameters: (value: JSONValue, text: String)?,
         jsonata: Bool) {
        self.name = name
        self.state = state
        self.next = next
        self.choiceTargets = choiceTargets
        self.defaultTarget = defaultTarget
        self.catchTargets = catchTargets
        self.branches = branches
        self.processor = processor
        self.task = task
        self.readsContext = readsContext
        self.constantParameters = jsonata ? nil : constantParameters
        self.jsonata = jsonata
        enteredType = state.typeName + "StateEntered"
        exitedType = state.typeName + "StateExited"
    }
}

/// What a Task's `Resource` calls, as history reports it.
public struct TaskTarget: Sendable, Hashable {
    public let resource: String
    /// `TaskScheduled.resourceType`, e.g. `ecs`, `lambda`, `aws-sdk:s3`.
    public let resourceType: String
    /// `TaskScheduled.resource`, e.g. `runTask.sync`, `invoke`.
    public let resourceName: String
    /// The integration pattern.
    public let pattern: Pattern
    /// The Region part of the ARN (empty for `arn:aws:states:::` integrations).
    public let region: String
    public enum Pattern: Sendable, Hashable { case requestResponse, sync, callback }
    /// The kind of target: a service integration, a Lambda function ARN (legacy), or an activity.
    public let kind: Kind
    public enum Kind: Sendable, Hashable { case integration, lambdaFunction, activity }

    public init(resource: String) {
        self.resource = resource
        let parts = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 6, parts[2] == "states", parts[3].isEmpty {
            // arn:aws:states:::service:action[.pattern] or aws-sdk:service:action
            var rest = parts[5]
            var pattern = Pattern.requestResponse
            if let r = rest.range(of: ".waitForTaskToken") { pattern = .callback; rest.removeSubrange(r) }
            else if let r = rest.range(of: ".sync") { pattern = .sync; _ = r }
            let pieces = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if pieces.first == "aws-sdk", pieces.count >= 3 {
                resourceType = "aws-sdk:" + pieces[1]
                resourceName = pieces[2...].joined(separator: ":") + (pattern == .callback ? ".waitForTaskToken" : "")
            } else {
                resourceType = pieces.first ?? ""
                resourceName = pieces.dropFirst().joined(separator: ":") + (pattern == .callback ? ".waitForTaskToken" : "")
            }
            self.pattern = pattern
            region = ""
            kind = .integration
        } else if parts.count == 6, parts[2] == "lambda" {
            resourceType = "lambda"
            resourceName = resource
            pattern = .requestResponse
            region = parts[3]
            kind = .lambdaFunction
        } else if parts.count == 6, parts[2] == "states", parts[5].hasPrefix("activity:") {
            resourceType = "activity"
            resourceName = resource
            pattern = .requestResponse
            region = parts[3]
            kind = .activity
        } else {
            // Anything else (placeholders in tests, activities by name) is treated as an activity-like worker.
            resourceType = "activity"
            resourceName = resource
            pattern = .requestResponse
            region = ""
            kind = .activity
        }
    }
}
