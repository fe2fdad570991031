/// A complete state machine: the top level of an Amazon States Language definition.
public struct StateMachine: Sendable, Hashable, StateContainer {
    public var comment: String?
    /// `QueryLanguage` at the top level: the default for every state (JSONPath when absent).
    public var queryLanguage: QueryLanguage?
    public var startAt: String
    /// The states in the order they were written.
    public var states: [NamedState]
    /// The execution timeout (`TimeoutSeconds`).
    public var timeoutSeconds: Int?
    /// The ASL version (`Version`), normally `"1.0"`.
    public var version: String?

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
    public var comment: String?
    public var startAt: String
    public var states: [NamedState]

    public init(comment: String? = nil, startAt: String, states: [NamedState]) {
        self.comment = comment
        self.startAt = startAt
        self.states = states
    }
}

/// Anything that holds a set of states and a start state: the machine, a Parallel branch, a Map processor.
public protocol StateContainer: Sendable {
    var startAt: String { get }
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
    public var name: String
    public var state: State

    public init(_ name: String, _ state: State) {
        self.name = name
        self.state = state
    }
}

/// `QueryLanguage`: how a state's expressions are written.
public enum QueryLanguage: String, Sendable, Hashable, CaseIterable {
    case jsonPath = "JSONPath"
    case jsonata = "JSONata"
}
