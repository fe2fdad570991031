import Foundation
import StatesLanguage
import StatecraftSimulator

/// Which parts of a machine a set of executions exercised: states, transitions, Choice rules (and
/// `Default`), retriers, catchers, Map iterations and Parallel branches.
///
/// Every execution run through ``SimulatedMachine`` is recorded in ``shared``, so coverage accumulates
/// over all the tests of a process; a test (or a suite's last test) asks for a machine's report:
///
/// ```swift
/// let machine = try SimulatedMachine(NightlyBatch(), substitutions: account)
/// // … runs of `machine` …
/// let report = PathCoverage.shared.report(for: machine)
/// #expect(report.fraction(of: .catcher) == 1, "\(report.text)")
/// ```
public final class PathCoverage: @unchecked Sendable {
    /// Coverage of every execution run through ``SimulatedMachine`` in this process.
    public static let shared = PathCoverage()

    private let lock = NSLock()
    /// Covered item keys, by machine.
    private var covered: [StateMachine: Set<CoverageItem.Key>] = [:]

    /// Makes an empty record, separate from ``shared``.
    public init() {}

    /// Adds what `execution` exercised.
    public func record(_ execution: SimulatedExecution) {
        record(execution.execution, of: execution.machine)
    }

    /// Adds what an execution of `machine` exercised.
    public func record(_ execution: Execution, of machine: StateMachine) {
        let keys = PathCoverage.exercised(by: execution, index: MachineIndex(machine))
        lock.lock()
        covered[machine, default: []].formUnion(keys)
        lock.unlock()
    }

    /// The coverage of `machine` by the executions recorded so far.
    public func report(for machine: StateMachine) -> CoverageReport {
        lock.lock()
        let keys = covered[machine] ?? []
        lock.unlock()
        return CoverageReport(machine: machine, covered: keys)
    }

    /// The coverage of a compiled machine (substitutions applied) by the executions recorded so far.
    public func report(for machine: SimulatedMachine) -> CoverageReport {
        report(for: machine.program.machine)
    }

    /// Forgets every recorded execution.
    public func reset() {
        lock.lock()
        covered.removeAll()
        lock.unlock()
    }

    /// The items one execution exercised, read from its history.
    static func exercised(by execution: Execution, index: MachineIndex) -> Set<CoverageItem.Key> {
        var keys: Set<CoverageItem.Key> = []
        // The state each scope last left, and the error each state's last attempt failed with.
        var lastExited: [Int: String] = [:]
        var failed: [String: String] = [:]
        for event in execution.history {
            guard !event.type.hasPrefix("Execution"), let name = execution.stateName(of: event),
                  let state = index.state(named: name), let scope = index.scope(of: name) else { continue }
            let kind = event.kind
            if kind.isStateEntered {
                keys.insert(.init(kind: .state, state: name))
                if let owner = index.owner(of: scope) {
                    keys.insert(owner.branch.map { .init(kind: .parallelBranch, state: owner.state, index: $0) }
                                ?? .init(kind: .mapIterations, state: owner.state))
                }
                if let previous = lastExited.removeValue(forKey: scope), let from = index.state(named: previous),
                   from.successors.contains(name) {
                    keys.insert(.init(kind: .transition, state: previous, target: name))
                    if case .choice(let choice) = from.kind {
                        if let rule = choice.choices.firstIndex(where: { $0.next == name }) {
                            keys.insert(.init(kind: .choiceRule, state: previous, index: rule))
                        } else if choice.defaultState == name {
                            keys.insert(.init(kind: .choiceDefault, state: previous))
                        }
                    }
                }
                failed[name] = nil
            } else if kind.failsAttempt {
                failed[name] = event.details?["error"]?.stringValue ?? ""
            } else if kind.startsAttempt {
                if let error = failed.removeValue(forKey: name),
                   let retrier = state.retriers.firstIndex(where: { ErrorMatching.matches($0.errorEquals, error) }) {
                    keys.insert(.init(kind: .retrier, state: name, index: retrier))
                }
            } else if kind.isStateExited {
                lastExited[scope] = name
                if let error = failed.removeValue(forKey: name),
                   let catcher = state.catchers.firstIndex(where: { ErrorMatching.matches($0.errorEquals, error) }) {
                    keys.insert(.init(kind: .catcher, state: name, index: catcher))
                }
            }
        }
        return keys
    }
}

/// One thing coverage counts.
public struct CoverageItem: Sendable, Hashable {
    /// What kind of thing an item is.
    public enum Kind: String, Sendable, CaseIterable {
        /// A state; a transition between two states; a Choice rule; a Choice's `Default`; a retrier; a catcher; a Map's iterations; a Parallel branch.
        case state, transition, choiceRule, choiceDefault, retrier, catcher, mapIterations, parallelBranch

        /// How the text report names the kind, in the plural.
        public var title: String {
            switch self {
            case .state: "states"
            case .transition: "transitions"
            case .choiceRule: "Choice rules"
            case .choiceDefault: "Choice defaults"
            case .retrier: "retriers"
            case .catcher: "catchers"
            case .mapIterations: "Map iterations"
            case .parallelBranch: "Parallel branches"
            }
        }
    }

    /// Identifies an item within a machine.
    struct Key: Sendable, Hashable {
        var kind: Kind
        var state: String
        var index: Int? = nil
        var target: String? = nil
    }

    let key: Key
    /// What kind of thing the item is.
    public var kind: Kind { key.kind }
    /// The state the item belongs to (for a transition: where it starts).
    public var state: String { key.state }
    /// The rule, retrier, catcher or branch number (0-based), where there is one.
    public var index: Int? { key.index }
    /// A transition's target.
    public var target: String? { key.target }
    /// Whether a recorded execution exercised it.
    public let isCovered: Bool

    /// `catcher 0 of "Run batch"`, `transition "Plan" → "Run"`.
    public var label: String {
        switch kind {
        case .state: "state \"\(state)\""
        case .transition: "transition \"\(state)\" → \"\(target ?? "")\""
        case .choiceRule: "Choice rule \(index ?? 0) of \"\(state)\""
        case .choiceDefault: "Default of \"\(state)\""
        case .retrier: "retrier \(index ?? 0) of \"\(state)\""
        case .catcher: "catcher \(index ?? 0) of \"\(state)\""
        case .mapIterations: "iterations of Map \"\(state)\""
        case .parallelBranch: "branch \(index ?? 0) of Parallel \"\(state)\""
        }
    }
}

extension SimulatedExecution {
    var machine: StateMachine { index.machine }
}
