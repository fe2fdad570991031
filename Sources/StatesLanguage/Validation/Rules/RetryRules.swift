/// `ErrorEquals` is non-empty, and `States.ALL` stands alone in the last retrier or catcher
/// (`empty-error-equals`, `states-all-position`).
public struct ErrorMatcherRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.emptyErrorEquals, .statesAllPosition] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states {
            let lists: [(String, [[ErrorName]])] = [
                ("Retry", entry.state.retriers.map(\.errorEquals)), ("Catch", entry.state.catchers.map(\.errorEquals)),
            ]
            for (field, matchers) in lists {
                for (i, names) in matchers.enumerated() {
                    let at = entry.pointer.appending(field).appending(i).appending("ErrorEquals")
                    if names.isEmpty {
                        diagnostics.append(Diagnostic(.error, .emptyErrorEquals, "ErrorEquals must name at least one error", at: at,
                                                      hint: "use [\"States.ALL\"] to match every error"))
                    }
                    if names.contains(.all) {
                        if names.count > 1 {
                            diagnostics.append(Diagnostic(.error, .statesAllPosition,
                                "States.ALL must be the only name in its ErrorEquals", at: at, hint: "remove the other names: States.ALL already matches them"))
                        }
                        if i != matchers.count - 1 {
                            diagnostics.append(Diagnostic(.error, .statesAllPosition,
                                "the \(field) entry with States.ALL must be the last one: entries after it can never match", at: at,
                                hint: "move it to the end of \(field)"))
                        }
                    }
                }
            }
        }
    }
}

/// Retrier numbers and `JitterStrategy` are within Step Functions' ranges (`retry-range`).
public struct RetrierRangeRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.retryRange] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states {
            for (i, r) in entry.state.retriers.enumerated() {
                let at = entry.pointer.appending("Retry").appending(i)
                func report(_ field: String, _ message: String, hint: String? = nil) {
                    diagnostics.append(Diagnostic(.error, .retryRange, message, at: at.appending(field), hint: hint))
                }
                if let v = r.intervalSeconds, !(1...99_999_999).contains(v) {
                    report("IntervalSeconds", "IntervalSeconds is \(v); it must be from 1 to 99999999")
                }
                if let v = r.maxAttempts, !(0...99_999_999).contains(v) {
                    report("MaxAttempts", "MaxAttempts is \(v); it must be from 0 (never retry) to 99999999")
                }
                if let b = r.backoffRate, b.doubleValue < 1.0 {
                    report("BackoffRate", "BackoffRate is \(b.text); it must be at least 1.0", hint: "1.0 keeps the interval constant")
                }
                if let v = r.maxDelaySeconds, !(1...31_622_400).contains(v) {
                    report("MaxDelaySeconds", "MaxDelaySeconds is \(v); it must be from 1 to 31622400 (one year)")
                }
                if case .other(let s) = r.jitterStrategy {
                    report("JitterStrategy", "JitterStrategy is \"\(s)\"; it must be FULL or NONE",
                           hint: Spelling.suggestion(for: s, among: ["FULL", "NONE"]).map { "did you mean \"\($0)\"?" })
                }
            }
        }
    }
}

extension Diagnostic.Code {
    /// `empty-error-equals`: ErrorEquals names at least one error.
    public static let emptyErrorEquals: Self = "empty-error-equals"
    /// `states-all-position`: States.ALL stands alone, in the last retrier or catcher.
    public static let statesAllPosition: Self = "states-all-position"
    /// `retry-range`: IntervalSeconds 1–99999999, MaxAttempts 0–99999999, BackoffRate ≥ 1.0, MaxDelaySeconds 1–31622400, JitterStrategy FULL or NONE.
    public static let retryRange: Self = "retry-range"
}
