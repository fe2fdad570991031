/// State names are 1 to 80 characters (`state-name`).
public struct StateNameRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.stateName] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states {
            let length = entry.name.count
            if length == 0 {
                diagnostics.append(Diagnostic(.error, .stateName, "a state name cannot be empty", at: entry.pointer, key: true))
            } else if length > 80 {
                diagnostics.append(Diagnostic(.error, .stateName, "state name \"\(entry.name.prefix(30))…\" is \(length) characters; the limit is 80",
                                              at: entry.pointer, key: true, hint: "shorten the name"))
            }
        }
    }
}

/// State names are unique across the whole machine, nested branches and processors included (`duplicate-state-name`).
public struct DuplicateStateNameRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.duplicateStateName] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        var first: [String: Int] = [:]
        for (i, entry) in context.states.enumerated() {
            if let j = first[entry.name] {
                let other = context.states[j]
                diagnostics.append(Diagnostic(.error, .duplicateStateName,
                    "state name \"\(entry.name)\" is already used at \(other.pointer) (in \(context.scopes[other.scope].description)); names must be unique across the whole machine",
                    at: entry.pointer, key: true, hint: "rename one of them"))
            } else {
                first[entry.name] = i
            }
        }
    }
}

/// `StartAt`, `Next`, `Default` and Catch `Next` name a state of the same scope (`missing-target`,
/// `scope-escape` when the name exists only in another scope).
public struct TransitionTargetRule: ValidationRule {
    /// How many misspelled targets get a "did you mean" hint; later ones list the scope's first states.
    static let maximumSuggestions = 32

    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.missingTarget, .scopeEscape] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        let allNames = Set(context.states.map(\.name))
        // Each suggestion reads every name of its scope: a fixed number of them keeps the rule linear
        // in the definition's size however many transitions are misspelled.
        var suggestionsLeft = TransitionTargetRule.maximumSuggestions
        // Each scope's names, prepared once for all the suggestions asked in it.
        // By scope index: its names prepared for suggestions, and its "states here" hint, each made once.
        var candidates: [[Spelling.Candidate]?] = Array(repeating: nil, count: context.scopes.count)
        var listed: [String??] = Array(repeating: nil, count: context.scopes.count)
        func statesHere(_ index: Int) -> String? {
            if let known = listed[index] { return known }
            let firstNames = context.scopes[index].stateIndices.prefix(8).map { "\"\(context.states[$0].name)\"" }
            let hint = firstNames.isEmpty ? nil : "states here: \(firstNames.joined(separator: ", "))"
            listed[index] = .some(hint)
            return hint
        }
        func verify(_ target: String, field: String, at pointer: JSONPointer, scopeIndex: Int) {
            let scope = context.scopes[scopeIndex]
            guard scope.indexByName[target] == nil else { return }
            if allNames.contains(target) {
                diagnostics.append(Diagnostic(.error, .scopeEscape,
                    "\(field) \"\(target)\" names a state outside \(scope.description); transitions cannot leave a Parallel branch or Map processor, nor enter one",
                    at: pointer, hint: "end the branch (End: true) and continue after the enclosing state with its Next"))
            } else {
                var suggestion: String?
                if suggestionsLeft > 0 {
                    suggestionsLeft -= 1
                    let prepared = candidates[scopeIndex] ?? scope.stateIndices.map { Spelling.Candidate(context.states[$0].name) }
                    candidates[scopeIndex] = prepared
                    suggestion = Spelling.suggestion(for: target, among: prepared)
                }
                let hint = suggestion.map { "did you mean \"\($0)\"?" } ?? statesHere(scopeIndex)
                diagnostics.append(Diagnostic(.error, .missingTarget,
                    "\(field) \"\(target)\" does not name a state in \(scope.description)", at: pointer, hint: hint))
            }
        }
        for (i, scope) in context.scopes.enumerated() {
            verify(scope.startAt, field: "StartAt", at: scope.pointer.appending("StartAt"), scopeIndex: i)
        }
        for entry in context.states {
            let scope = entry.scope
            if case .next(let n) = entry.state.transition {
                verify(n, field: "Next", at: entry.pointer.appending("Next"), scopeIndex: scope)
            }
            if case .choice(let c) = entry.state.kind {
                for (i, branch) in c.choices.enumerated() {
                    verify(branch.next, field: "Next", at: entry.pointer.appending("Choices").appending(i).appending("Next"), scopeIndex: scope)
                }
                if let d = c.defaultState { verify(d, field: "Default", at: entry.pointer.appending("Default"), scopeIndex: scope) }
            }
            for (i, catcher) in entry.state.catchers.enumerated() {
                verify(catcher.next, field: "Catch Next", at: entry.pointer.appending("Catch").appending(i).appending("Next"), scopeIndex: scope)
            }
        }
    }
}

/// Every state can be reached from its scope's `StartAt` (`unreachable-state`).
public struct ReachabilityRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.unreachableState] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for scope in context.scopes {
            guard let start = scope.indexByName[scope.startAt] else { continue }  // reported as missing-target
            var seen: Set<Int> = [start]
            var stack = [start]
            while let i = stack.popLast() {
                for s in context.successors(of: i) where seen.insert(s).inserted { stack.append(s) }
            }
            for i in scope.stateIndices where !seen.contains(i) {
                let entry = context.states[i]
                diagnostics.append(Diagnostic(.error, .unreachableState,
                    "state \"\(entry.name)\" is never reached from StartAt \"\(scope.startAt)\"", at: entry.pointer, key: true,
                    hint: "point a Next, Default or Catch at it, or remove it"))
            }
        }
    }
}

/// Each scope can finish: some terminal state (End, Succeed, Fail) is reachable from `StartAt`
/// (`no-terminal`); a warning names states caught in a cycle that nothing can leave (`inescapable-loop`).
public struct TerminalRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.noTerminal, .inescapableLoop] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        // Indexed by the program-wide state index, made once and reset per scope (only the scope's own
        // entries are touched), so the rule stays linear however many scopes there are.
        var predecessors = Array(repeating: [Int](), count: context.states.count)
        var canFinish = Array(repeating: false, count: context.states.count)
        var seen = Array(repeating: false, count: context.states.count)
        for scope in context.scopes {
            guard !scope.stateIndices.isEmpty else { continue }
            defer {
                for i in scope.stateIndices { predecessors[i].removeAll(); canFinish[i] = false; seen[i] = false }
            }
            // States from which a terminal state can be reached: walk predecessors back from the terminals.
            // (Successors are within the scope: a target outside it is a dangling target.)
            for i in scope.stateIndices {
                for s in context.successors(of: i) { predecessors[s].append(i) }
            }
            // A state with a dangling target may finish through it: that is reported as missing-target, not here.
            var stack: [Int] = []
            for i in scope.stateIndices where context.states[i].state.isTerminal || context.states[i].hasDanglingTarget {
                canFinish[i] = true
                stack.append(i)
            }
            let anyFinishes = !stack.isEmpty
            while let i = stack.popLast() {
                for p in predecessors[i] where !canFinish[p] { canFinish[p] = true; stack.append(p) }
            }
            guard let start = scope.indexByName[scope.startAt] else {
                if !anyFinishes {
                    diagnostics.append(Diagnostic(.error, .noTerminal, "\(scope.description) has no terminal state", at: scope.pointer.appending("States"),
                                                  hint: "give a state \"End\": true, or add a Succeed or Fail state"))
                }
                continue
            }
            if !canFinish[start] {
                diagnostics.append(Diagnostic(.error, .noTerminal,
                    "no path from StartAt \"\(scope.startAt)\" reaches a terminal state in \(scope.description): every execution would loop forever",
                    at: scope.pointer.appending("StartAt"), hint: "give a state \"End\": true, or add a way out to a Succeed or Fail state"))
                continue
            }
            // Reachable states that can never finish: a cycle without an exit.
            seen[start] = true
            var work = [start]
            while let i = work.popLast() {
                for s in context.successors(of: i) where !seen[s] { seen[s] = true; work.append(s) }
            }
            for i in scope.stateIndices where seen[i] && !canFinish[i] {
                let entry = context.states[i]
                diagnostics.append(Diagnostic(.warning, .inescapableLoop,
                    "once the execution reaches \"\(entry.name)\" it can never finish: no path from it leads to a terminal state",
                    at: entry.pointer, key: true, hint: "add a Choice rule or Catch that leaves the loop"))
            }
        }
    }
}

extension Diagnostic.Code {
    /// `state-name`: state names are 1–80 characters.
    public static let stateName: Self = "state-name"
    /// `duplicate-state-name`: names are unique across the whole machine, including Parallel branches and Map processors.
    public static let duplicateStateName: Self = "duplicate-state-name"
    /// `missing-target`: StartAt, Next, Default and Catch Next name a state of the same scope.
    public static let missingTarget: Self = "missing-target"
    /// `scope-escape`: a transition names a state that exists, but in another scope.
    public static let scopeEscape: Self = "scope-escape"
    /// `unreachable-state`: every state can be reached from its scope's StartAt.
    public static let unreachableState: Self = "unreachable-state"
    /// `no-terminal`: from StartAt, some path reaches a terminal state.
    public static let noTerminal: Self = "no-terminal"
    /// `inescapable-loop`: a reachable state from which no terminal state can be reached.
    public static let inescapableLoop: Self = "inescapable-loop"
}
