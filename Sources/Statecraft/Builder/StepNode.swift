import StatesLanguage

/// A node of the flow graph that lowering turns into states. Visible to other modules because the
/// step protocols require it (``Step/_node``), but not API: its contents are internal, and steps
/// produce it.
public struct _StepNode: Sendable {
    let kind: Kind

    indirect enum Kind: Sendable {
        /// One state (anything but Choice), with what lowering must still fill in.
        case state(_StateSpec)
        case choice(ChoiceSpec)
        /// Steps in order (a block, a component's body).
        case group([_StepNode])
        /// Steps whose end goes back to their start.
        case loop([_StepNode], SwiftLocation)
        case jump(StepJump, SwiftLocation)
        /// Steps whose failures are caught and routed to a handler (see ``AlertOnFailure``).
        case guarded(GuardSpec)
        /// Steps that no earlier step flows into: reached by name only.
        case detached([_StepNode])
    }

    static func state(_ spec: _StateSpec) -> _StepNode { _StepNode(kind: .state(spec)) }
    static func choice(_ spec: ChoiceSpec) -> _StepNode { _StepNode(kind: .choice(spec)) }
    static func group(_ nodes: [_StepNode]) -> _StepNode { _StepNode(kind: .group(nodes)) }
    static func loop(_ body: [_StepNode], _ location: SwiftLocation) -> _StepNode { _StepNode(kind: .loop(body, location)) }
    static func jump(_ jump: StepJump, _ location: SwiftLocation) -> _StepNode { _StepNode(kind: .jump(jump, location)) }
    static func guarded(_ spec: GuardSpec) -> _StepNode { _StepNode(kind: .guarded(spec)) }
    static func detached(_ nodes: [_StepNode]) -> _StepNode { _StepNode(kind: .detached(nodes)) }
}

/// A jump instead of falling through to the next step.
enum StepJump: Sendable, Hashable {
    case goto(String)
    case breakLoop
    case continueLoop
}

/// A state under construction: the model state (its transition and catch targets are filled in by
/// lowering), nested flows, and problems found while the step was written.
public struct _StateSpec: Sendable {
    var name: String
    var location: SwiftLocation
    var state: State
    /// Catch clauses, in order; each routes to an inline handler or a named state.
    var catches: [CatchClause] = []
    /// Parallel branches (each lowered as its own scope).
    var branches: [[_StepNode]] = []
    var branchLocations: [SwiftLocation] = []
    /// A Map's item processor.
    var processor: [_StepNode]?
    /// Where each Retry entry was written.
    var retryLocations: [SwiftLocation] = []
    /// Problems found when the step was built (e.g. a path that does not parse), reported by lowering.
    var problems: [StepProblem] = []

    init(name: String, location: SwiftLocation, state: State) {
        self.name = name
        self.location = location
        self.state = state
    }

    /// One Catch entry.
    struct CatchClause: Sendable {
        var catcher: Catcher
        var handler: Handler
        var location: SwiftLocation

        enum Handler: Sendable {
            case named(String)
            case inline([_StepNode])
        }
    }

    /// Records a problem to report at this step's location.
    mutating func problem(_ code: String, _ message: String, field: String? = nil, hint: String? = nil, onlyInJSONPath: Bool = false) {
        problems.append(StepProblem(code: code, message: message, field: field, hint: hint, onlyInJSONPath: onlyInJSONPath))
    }
}

/// A problem noticed while a step was being written, reported with the step's Swift location.
struct StepProblem: Sendable {
    var code: String
    var message: String
    /// The field of the state it concerns, for the JSON pointer.
    var field: String?
    var hint: String?
    /// Reported only when the state turns out to use JSONPath (a JSONata construct in it).
    var onlyInJSONPath = false

    /// `what` written in a state that uses JSONPath.
    static func jsonataInJSONPath(_ what: String, field: String? = nil) -> StepProblem {
        StepProblem(code: "query-language-mix", message: "\(what) needs a JSONata state, but this state uses JSONPath", field: field,
                 hint: "set queryLanguage: .jsonata on the Machine, or .queryLanguage(.jsonata) on the state", onlyInJSONPath: true)
    }
}

/// A Choice under construction.
struct ChoiceSpec: Sendable {
    var name: String
    var location: SwiftLocation
    var comment: String?
    var queryLanguage: QueryLanguage?
    var branches: [Rule] = []
    var otherwise: [_StepNode]?
    var otherwiseLocation: SwiftLocation?
    var inputPath: NullablePath?
    var outputPath: NullablePath?
    var output: JSONValue?
    var assign: PayloadTemplate?
    var problems: [StepProblem] = []

    struct Rule: Sendable {
        var condition: ChoiceCondition?
        var steps: [_StepNode]
        var location: SwiftLocation
        var comment: String?
        var problems: [StepProblem]
    }
}

/// Steps whose errors are caught by an added catcher that routes to a handler flow.
struct GuardSpec: Sendable {
    var body: [_StepNode]
    /// The catcher added to each Task, Parallel and Map state of the body (its `Next` and `Assign` are
    /// filled in per state).
    var errors: [ErrorName]
    var resultPath: NullablePath?
    /// A variable set to the failing state's name, if any.
    var failedStateVariable: String?
    /// The handler steps, entered from every catcher.
    var handler: [_StepNode]
    /// Whether the flow continues after the handler (otherwise the handler's own end ends it).
    var handlerRejoins: Bool
    var location: SwiftLocation
    /// Set for the work of a concurrency gate: how lowering keeps every path of the work through a release.
    var gate: GateRouting?
}

/// How lowering routes the work of a ``ConcurrencyGate`` through a release: the user's own Succeed and
/// Fail states are preceded by a release, and a Choice without `Default` gets one that fails through
/// the gate's failure handler (releasing the slot) instead of ending the execution with `States.NoChoiceMatched`.
struct GateRouting: Sendable {
    /// The gate's name (the prefix of its states).
    var name: String
    /// Makes a release state with the given name.
    var release: @Sendable (String) -> _StateSpec
}
