import StatesLanguage

/// Every state of a machine, nested scopes included, found by name.
struct MachineIndex {
    struct Entry {
        let name: String
        let state: State
        /// The scope the state belongs to: 0 for the machine, then one number per branch and item processor.
        let scope: Int
    }

    /// In definition order, scopes depth first.
    private(set) var entries: [Entry] = []
    private var positions: [String: Int] = [:]
    /// For each nested scope, the Map or Parallel state that owns it and (for Parallel) the branch index.
    private(set) var owners: [Int: (state: String, branch: Int?)] = [:]

    let machine: StateMachine

    init(_ machine: StateMachine) {
        self.machine = machine
        var scopes = 0
        // An explicit stack, so deeply nested definitions cannot exhaust the native one.
        var pending: [(states: ArraySlice<NamedState>, scope: Int)] = [(machine.states[...], 0)]
        while var top = pending.popLast() {
            guard let named = top.states.popFirst() else { continue }
            pending.append(top)
            positions[named.name] = positions[named.name] ?? entries.count
            entries.append(Entry(name: named.name, state: named.state, scope: top.scope))
            switch named.state.kind {
            case .parallel(let parallel):
                for (i, branch) in parallel.branches.enumerated().reversed() {
                    scopes += 1
                    owners[scopes] = (named.name, i)
                    pending.append((branch.states[...], scopes))
                }
            case .map(let map):
                scopes += 1
                owners[scopes] = (named.name, nil)
                pending.append((map.itemProcessor.states[...], scopes))
            default:
                break
            }
        }
    }

    /// The state called `name`, in any scope.
    func state(named name: String) -> State? { positions[name].map { entries[$0].state } }

    func scope(of name: String) -> Int? { positions[name].map { entries[$0].scope } }

    /// The Map or Parallel state owning a nested scope (and the branch number for Parallel).
    func owner(of scope: Int) -> (state: String, branch: Int?)? { owners[scope] }

    /// Every state name.
    var names: [String] { entries.map(\.name) }
}

/// Whether an `ErrorEquals` list matches an error, as Step Functions decides it.
enum ErrorMatching {
    static func matches(_ names: [ErrorName], _ error: String) -> Bool {
        names.contains { name in
            switch name.rawValue {
            case error: true
            // Not States.Runtime (never retried or caught) nor States.DataLimitExceeded (unless a task reported it).
            case ErrorName.all.rawValue: error != ErrorName.runtime.rawValue && error != ErrorName.dataLimitExceeded.rawValue
            case ErrorName.taskFailed.rawValue: !error.hasPrefix("States.")
            default: false
            }
        }
    }
}
