import StatesLanguage

/// A state machine compiled for running: each state a `StateBehaviour` with its data flow chosen,
/// every transition resolved to an index, every scope (the machine, each Parallel branch, each Map
/// processor) numbered. Paths, payload templates, intrinsic calls and Choice rules were already
/// parsed into typed values by the model, so running never parses a string.
public final class Program: Sendable {
    /// The model the program was compiled from.
    public let machine: StateMachine
    let scopes: [CompiledScope]
    /// Every state's name by program-wide number: scope `s`'s state `i` is `ordinalBases[s] + i`.
    let stateNames: [String]
    let ordinalBases: [Int]
    /// The scope of the machine itself.
    var root: Int { 0 }

    /// Compiles a model. The model should be valid (`Validator`); a transition to a missing state
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
                let jsonata = (named.state.queryLanguage ?? machine.queryLanguage) == .jsonata
                let behaviour: StateBehaviour
                switch named.state.kind {
                case .pass(let pass): behaviour = PassBehaviour(pass.transition)
                case .succeed: behaviour = SucceedBehaviour()
                case .fail(let fail): behaviour = FailBehaviour(fail)
                case .choice(let choice):
                    behaviour = ChoiceBehaviour(choice, targets: choice.choices.map { byName[$0.next] ?? -1 },
                                                defaultTarget: choice.defaultState.map { byName[$0] ?? -1 })
                case .wait(let wait): behaviour = WaitBehaviour(wait)
                case .task(let task): behaviour = TaskBehaviour(task, jsonata: jsonata)
                case .parallel(let parallel): behaviour = ParallelBehaviour(parallel, branches: parallel.branches.map { compile($0) })
                case .map(let map): behaviour = MapBehaviour(map, processor: compile(map.itemProcessor))
                }
                let fields = DataFields(named.state)
                states.append(CompiledState(
                    name: named.name, state: named.state, next: next, catchTargets: named.state.catchers.map { byName[$0.next] ?? -1 },
                    behaviour: behaviour, flow: jsonata ? JSONataDataFlow(fields) : JSONPathDataFlow(fields),
                    references: References(named.state)))
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
    /// Why the definition cannot run: at least one error.
    public let diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

struct CompiledScope: Sendable {
    var start: Int?
    var states: [CompiledState]
}

/// One state, ready to run. A class: the interpreter looks it up for every state it runs, and a
/// reference is cheaper to pass around than a copy of every field.
final class CompiledState: Sendable {
    let name: String
    /// The state as the model has it (its retriers and catchers).
    let state: State
    /// `Next` as an index; -1 when it names no state.
    let next: Int?
    let catchTargets: [Int]
    /// What the state does.
    let behaviour: StateBehaviour
    /// How its fields read and shape data (JSONPath or JSONata).
    let flow: StateDataFlow
    /// Whether running the state needs the context object: building it is a good part of a simple
    /// state's cost, so states whose expressions cannot refer to it skip it.
    let readsContext: Bool
    /// Whether its expressions may read workflow variables.
    let readsVariables: Bool
    /// The history event types of entering and leaving the state (`PassStateEntered`, ...).
    let enteredType: String
    let exitedType: String

    init(name: String, state: State, next: Int?, catchTargets: [Int], behaviour: StateBehaviour, flow: StateDataFlow,
         references: References) {
        self.name = name
        self.state = state
        self.next = next
        self.catchTargets = catchTargets
        self.behaviour = behaviour
        self.flow = flow
        readsContext = references.context
        readsVariables = references.variables
        enteredType = state.typeName + "StateEntered"
        exitedType = state.typeName + "StateExited"
    }
}

/// What a Task's `Resource` calls, as history reports it.
public struct TaskTarget: Sendable, Hashable {
    /// The `Resource` ARN as written.
    public let resource: String
    /// `TaskScheduled.resourceType`, e.g. `ecs`, `lambda`, `aws-sdk:s3`.
    public let resourceType: String
    /// `TaskScheduled.resource`, e.g. `runTask.sync`, `invoke`.
    public let resourceName: String
    /// The integration pattern.
    public let pattern: Pattern
    /// The Region part of the ARN (empty for `arn:aws:states:::` integrations).
    public let region: String
    /// How the state waits: for the API response, for the job to end (`.sync`), or for a task token (`.waitForTaskToken`).
    public enum Pattern: Sendable, Hashable {
        /// The state continues once the API answers.
        case requestResponse
        /// `.sync`: the state waits for the job to end.
        case sync
        /// `.waitForTaskToken`: the state waits for the task token to come back.
        case callback
    }
    /// The kind of target: a service integration, a Lambda function ARN (legacy), or an activity.
    public let kind: Kind
    /// A service integration (`arn:aws:states:::…`), a Lambda function ARN, or an activity ARN.
    public enum Kind: Sendable, Hashable {
        /// A service integration: `arn:aws:states:::service:action`.
        case integration
        /// A Lambda function ARN written as the `Resource` itself (the legacy form).
        case lambdaFunction
        /// An activity ARN.
        case activity
    }

    /// Reads a `Resource` ARN.
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
