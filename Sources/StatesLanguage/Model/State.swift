/// One state of a state machine. The fields every state type shares live here; the rest live in
/// the type-specific value of ``kind``.
public struct State: Sendable, Hashable {
    /// `Comment`: free text for readers; `nil` when absent.
    public var comment: String?
    /// The state's own `QueryLanguage`, overriding the machine's.
    public var queryLanguage: QueryLanguage?
    /// The state's type and its type-specific fields.
    public var kind: Kind

    /// Makes a state from its type-specific fields and the fields every state has.
    public init(_ kind: Kind, comment: String? = nil, queryLanguage: QueryLanguage? = nil) {
        self.kind = kind
        self.comment = comment
        self.queryLanguage = queryLanguage
    }

    /// The eight state types. (Indirect: states are copied far more often than changed, and a boxed
    /// payload copies with one retain instead of hundreds of bytes.)
    public indirect enum Kind: Sendable, Hashable {
        /// A `Task` state.
        case task(TaskState)
        /// A `Pass` state.
        case pass(PassState)
        /// A `Choice` state.
        case choice(ChoiceState)
        /// A `Wait` state.
        case wait(WaitState)
        /// A `Succeed` state.
        case succeed(SucceedState)
        /// A `Fail` state.
        case fail(FailState)
        /// A `Parallel` state.
        case parallel(ParallelState)
        /// A `Map` state.
        case map(MapState)
    }

    /// The `Type` name (`"Task"`, `"Pass"`, ...).
    public var typeName: String { kind.typeName }
}

extension State.Kind {
    /// The `Type` name (`"Task"`, `"Pass"`, ...).
    public var typeName: String {
        switch self {
        case .task: "Task"
        case .pass: "Pass"
        case .choice: "Choice"
        case .wait: "Wait"
        case .succeed: "Succeed"
        case .fail: "Fail"
        case .parallel: "Parallel"
        case .map: "Map"
        }
    }
}

extension State {
    /// Where control goes after this state, for the types that have `Next`/`End`.
    public var transition: Transition? {
        switch kind {
        case .task(let s): s.transition
        case .pass(let s): s.transition
        case .wait(let s): s.transition
        case .parallel(let s): s.transition
        case .map(let s): s.transition
        case .choice, .succeed, .fail: nil
        }
    }

    /// Whether the state ends its scope: `End: true`, Succeed or Fail.
    public var isTerminal: Bool {
        switch kind {
        case .succeed, .fail: true
        case .choice: false
        default: transition == .end
        }
    }

    /// The names of every state this state can move to in its own scope: `Next`, Choice targets and `Default`, Catch targets.
    public var successors: [String] {
        var names: [String] = []
        if case .next(let n) = transition { names.append(n) }
        if case .choice(let c) = kind {
            names.append(contentsOf: c.choices.map(\.next))
            if let d = c.defaultState { names.append(d) }
        }
        names.append(contentsOf: catchers.map(\.next))
        return names
    }

    /// The retriers of a Task, Parallel or Map state (empty otherwise).
    public var retriers: [Retrier] {
        switch kind {
        case .task(let s): s.retry
        case .parallel(let s): s.retry
        case .map(let s): s.retry
        default: []
        }
    }

    /// The catchers of a Task, Parallel or Map state (empty otherwise).
    public var catchers: [Catcher] {
        switch kind {
        case .task(let s): s.catchers
        case .parallel(let s): s.catchers
        case .map(let s): s.catchers
        default: []
        }
    }
}

/// `Next` or `End: true`.
public enum Transition: Sendable, Hashable {
    /// `Next`: continue with the named state.
    case next(String)
    /// `End: true`: the state machine (or branch, or iteration) ends here.
    case end
}
