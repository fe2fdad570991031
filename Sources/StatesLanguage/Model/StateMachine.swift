/// A complete state machine: the top level of an Amazon States Language definition.
public struct StateMachine: Sendable, Hashable, StateContainer {
    /// `Comment`: free text for readers; `nil` when absent.
    public var comment: String?
    /// `QueryLanguage` at the top level: the default for every state (JSONPath when absent).
    public var queryLanguage: QueryLanguage?
    /// `StartAt`: the name of the first state.
    public var startAt: String
    /// The states in the order they were written.
    public var states: [NamedState]
    /// The execution timeout (`TimeoutSeconds`).
    public var timeoutSeconds: Int?
    /// The ASL version (`Version`), normally `"1.0"`.
    public var version: String?

    /// Makes a state machine definition.
    public init(
        comment: String? = nil, queryLanguage: QueryLanguage? = nil, startAt: String, states: [NamedState],
        timeoutSeconds: Int? = nil, version: String? = nil
    ) {
        self.comment = comment
        self.queryLanguage = queryLanguage
        self.startAt = startAt
        self.states = states
        self.timeoutSeconds = timeoutSeconds
        self.version = version
    }
}

/// A Parallel branch: a nested state machine with its own states.
public struct ParallelBranch: Sendable, Hashable, StateContainer {
    /// `Comment`: free text for readers; `nil` when absent.
    public var comment: String?
    /// `StartAt`: the name of the first state.
    public var startAt: String
    /// `States`: the states, in the order they were written.
    public var states: [NamedState]

    /// Makes a branch (or item processor) from its first state and its states.
    public init(comment: String? = nil, startAt: String, states: [NamedState]) {
        self.comment = comment
        self.startAt = startAt
        self.states = states
    }
}

/// Anything that holds a set of states and a start state: the machine, a Parallel branch, a Map processor.
public protocol StateContainer: Sendable {
    /// `StartAt`: the name of the first state.
    var startAt: String { get }
    /// `States`: the states, in the order they were written.
    var states: [NamedState] { get }
}

extension StateContainer {
    /// The state called `name` in this scope (not in nested scopes).
    public func state(named name: String) -> State? {
        states.first { $0.name == name }?.state
    }
}

/// A state with its name.
public struct NamedState: Sendable, Hashable {
    /// The state's name: its key in `States`.
    public var name: String
    /// The state.
    public var state: State

    /// Pairs a state with its name.
    public init(_ name: String, _ state: State) {
        self.name = name
        self.state = state
    }
}

/// `QueryLanguage`: how a state's expressions are written.
public enum QueryLanguage: String, Sendable, Hashable, CaseIterable {
    /// JSONPath: paths, payload templates and intrinsic functions (the default).
    case jsonPath = "JSONPath"
    /// JSONata: `{% … %}` expressions in `Arguments`, `Output`, `Assign` and `Condition`.
    case jsonata = "JSONata"
}
