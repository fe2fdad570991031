/// Inside a concurrency gate, every path releases the slot (`gate-leak`).
///
/// A definition declares a gate with the `Comment` of its states (Statecraft's `ConcurrencyGate`
/// writes them; hand-written definitions may too):
///
/// - `statecraft:gate acquire <lock>` on the Task that takes a slot of lock `<lock>`;
/// - `statecraft:gate release <lock>` on each Task that gives it back;
/// - `statecraft:gate waiting <lock>` on the states of the waiting loop and of the paths that give up
///   before a slot is held (they hold nothing, so they may end the execution).
///
/// From the acquire state's `Next` (its Catch paths hold no slot), every state reachable in its scope
/// without passing a release or waiting state holds the slot. Each such state must keep the slot on a
/// path to a release: it must not end the execution (Succeed, Fail, `End: true`); a Choice needs a
/// `Default` (otherwise `States.NoChoiceMatched` ends the execution); a Task, Parallel or Map needs a
/// catcher on `States.ALL` (an error it does not catch ends the execution).
public struct GateLeakRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.gateLeak] }

    /// The part a state plays in a gate.
    public enum Role: String, Sendable, CaseIterable {
        case acquire
        case release
        case waiting
    }

    /// The prefix of every gate marker.
    public static let markerPrefix = "statecraft:gate "

    /// The `Comment` that marks a state as `role` of the gate on `lock`.
    public static func marker(_ role: Role, lock: String) -> String { "\(markerPrefix)\(role.rawValue) \(lock)" }

    /// The role and lock a `Comment` declares, if it is a gate marker.
    public static func role(of comment: String?) -> (role: Role, lock: String)? {
        guard let comment, comment.hasPrefix(markerPrefix) else { return nil }
        let rest = comment.dropFirst(markerPrefix.count)
        guard let space = rest.firstIndex(of: " ") else { return nil }
        guard let role = Role(rawValue: String(rest[..<space])) else { return nil }
        let lock = rest[rest.index(after: space)...]
        return lock.isEmpty ? nil : (role, String(lock))
    }

    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for (index, entry) in context.states.enumerated() {
            guard let (role, lock) = Self.role(of: entry.state.comment), role == .acquire else { continue }
            guard case .next(let next)? = entry.state.transition,
                  let start = context.scopes[entry.scope].indexByName[next] else { continue }
            var seen: Set<Int> = [index]
            var queue = [start]
            while let current = queue.popLast() {
                guard seen.insert(current).inserted else { continue }
                let state = context.states[current]
                if let (role, _) = Self.role(of: state.state.comment), role != .acquire { continue }
                func leak(_ message: String, hint: String) {
                    diagnostics.append(Diagnostic(.error, .gateLeak, "\(message) while holding a slot of lock \"\(lock)\" (acquired in \"\(entry.name)\")",
                                                  at: state.pointer, hint: hint))
                }
                switch state.state.kind {
                case .succeed, .fail:
                    leak("\(state.state.typeName) state \"\(state.name)\" ends the execution",
                         hint: "go through a release state (Comment \"\(Self.marker(.release, lock: lock))\") first")
                case .choice(let choice):
                    if choice.defaultState == nil {
                        leak("Choice \"\(state.name)\" has no Default: when no rule matches, States.NoChoiceMatched ends the execution",
                             hint: "add a Default that leads to a release")
                    }
                case .task, .parallel, .map:
                    if !state.state.catchers.contains(where: { $0.errorEquals.contains(.all) }) {
                        leak("\(state.state.typeName) state \"\(state.name)\" has no Catch on States.ALL: an error it does not catch ends the execution",
                             hint: "add a Catch on [\"States.ALL\"] that leads to a release")
                    }
                default:
                    break
                }
                if state.state.transition == .end {
                    leak("state \"\(state.name)\" ends the execution (End: true)", hint: "make its Next a release state")
                }
                queue.append(contentsOf: context.successors(of: current))
            }
        }
    }
}

extension Diagnostic.Code {
    /// `gate-leak`: inside a concurrency gate, every path keeps its slot until a release.
    public static let gateLeak: Self = "gate-leak"
}
