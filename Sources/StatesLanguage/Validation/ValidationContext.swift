/// Everything a rule needs, computed once per validation: every scope (the machine, each Parallel
/// branch, each Map processor) and every state with its JSON pointer and effective query language.
public struct ValidationContext: Sendable {
    /// The machine being validated.
    public let machine: StateMachine
    /// Every scope: the machine first, then each Parallel branch and Map processor, in document order.
    public let scopes: [Scope]
    /// Every state of every scope, in document order.
    public let states: [Entry]

    /// A set of states that transitions stay within.
    public struct Scope: Sendable {
        /// What holds the scope's states.
        public enum Kind: Sendable, Hashable {
            case machine
            case parallelBranch(index: Int)
            case mapProcessor
        }
        /// What holds the scope's states.
        public var kind: Kind
        /// Pointer of the object holding `StartAt` and `States`.
        public var pointer: JSONPointer
        /// The scope's `StartAt`.
        public var startAt: String
        /// Indices into ``ValidationContext/states`` of the states of this scope, in order.
        public var stateIndices: [Int]
        /// The index of the Parallel or Map state that owns this scope (`nil` for the machine).
        public var owner: Int?
        /// State name → index into ``ValidationContext/states``.
        public var indexByName: [String: Int]

        /// What to call this scope in messages.
        public var description: String {
            switch kind {
            case .machine: "the state machine"
            case .parallelBranch(let i): "Parallel branch \(i)"
            case .mapProcessor: "the Map item processor"
            }
        }
    }

    /// One state anywhere in the machine. (A class, so that rules iterate without copying states.)
    public final class Entry: Sendable {
        /// The state's name.
        public let name: String
        /// The state.
        public let state: State
        /// Where the state is in the definition.
        public let pointer: JSONPointer
        /// The index (into ``ValidationContext/scopes``) of the scope the state belongs to.
        public let scope: Int
        /// The query language in force: the state's own, else the machine's, else JSONPath.
        public let queryLanguage: QueryLanguage
        /// Indices (into ``ValidationContext/states``) of the states this one can move to in its scope;
        /// names that do not exist are left out.
        public let successors: [Int]
        /// Whether some `Next`, `Default` or Catch target of this state names no state of its scope.
        public let hasDanglingTarget: Bool
        /// The state's payload templates, computed once (see `templates`).
        nonisolated(unsafe) var cachedTemplates: [(pointer: JSONPointer, field: String, template: PayloadTemplate)]?

        init(name: String, state: State, pointer: JSONPointer, scope: Int, queryLanguage: QueryLanguage, successors: [Int],
             hasDanglingTarget: Bool) {
            self.successors = successors
            self.hasDanglingTarget = hasDanglingTarget
            self.name = name
            self.state = state
            self.pointer = pointer
            self.scope = scope
            self.queryLanguage = queryLanguage
        }
    }

    /// Lists the scopes and states of `machine` and resolves each state's successors.
    public init(_ machine: StateMachine) {
        self.machine = machine
        var scopes: [Scope] = []
        // Successors need every name of a scope: states are listed first, made into entries after.
        var states: [(name: String, state: State, pointer: JSONPointer, scope: Int, queryLanguage: QueryLanguage)] = []
        let language = machine.queryLanguage ?? .jsonPath
        func add(_ container: some StateContainer, kind: Scope.Kind, pointer: JSONPointer, owner: Int?) {
            let scopeIndex = scopes.count
            var indices: [Int] = []
            indices.reserveCapacity(container.states.count)
            scopes.append(Scope(kind: kind, pointer: pointer, startAt: container.startAt, stateIndices: indices, owner: owner,
                                indexByName: Dictionary(minimumCapacity: container.states.count)))
            for named in container.states {
                let statePointer = JSONPointer(tokens: pointer.tokens + ["States", named.name])
                let index = states.count
                states.append((named.name, named.state, statePointer, scopeIndex, named.state.queryLanguage ?? language))
                scopes[scopeIndex].stateIndices.append(index)
                if scopes[scopeIndex].indexByName[named.name] == nil { scopes[scopeIndex].indexByName[named.name] = index }
                switch named.state.kind {
                case .parallel(let p):
                    for (i, b) in p.branches.enumerated() {
                        add(b, kind: .parallelBranch(index: i), pointer: statePointer.appending("Branches").appending(i), owner: index)
                    }
                case .map(let m):
                    add(m.itemProcessor, kind: .mapProcessor, pointer: statePointer.appending(m.itemProcessor.field.rawValue), owner: index)
                default:
                    break
                }
            }
        }
        add(machine, kind: .machine, pointer: .root, owner: nil)
        self.states = states.map { s in
            let scope = scopes[s.scope]
            var successors: [Int] = []
            var dangling = false
            for name in s.state.successors {
                if let i = scope.indexByName[name] { successors.append(i) } else { dangling = true }
            }
            return Entry(name: s.name, state: s.state, pointer: s.pointer, scope: s.scope, queryLanguage: s.queryLanguage,
                         successors: successors, hasDanglingTarget: dangling)
        }
        self.scopes = scopes
    }

    /// Successor indices of a state within its scope (targets that do not exist are skipped).
    public func successors(of index: Int) -> [Int] { states[index].successors }
}

/// One check over a state machine. Rules are small, independent and all run.
public protocol ValidationRule: Sendable {
    /// The stable codes this rule reports (documented in Docs/Validation.md).
    var codes: [Diagnostic.Code] { get }
    /// Adds what the rule finds to `diagnostics`.
    func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic])
}
