import Testing
import StatesLanguage
import StatecraftSimulator

/// Expectations that explain themselves: when one fails, the issue Swift Testing records carries the
/// execution's error, cause and timeline, so the failing run can be read without running it again.
///
/// ```swift
/// execution.expect(status: .succeeded)
/// execution.expect(path: ["Plan batch", "Run batch", "Done"])
/// execution.expect(execution.attempts(of: "Run batch") == 3, "RunTask retried twice")
/// ```
extension SimulatedExecution: CustomTestStringConvertible {
    /// The timeline, so an execution shown in an `#expect` message reads as its history.
    public var testDescription: String { timeline }

    /// Expects the execution to have ended with `status`.
    /// - Returns: whether it did.
    @discardableResult
    public func expect(status expected: Execution.Status, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard status != expected else { return true }
        report("expected status \(expected.rawValue), got \(status.rawValue)", sourceLocation)
        return false
    }

    /// Expects the execution to have failed with `error` (and, when given, `cause`).
    @discardableResult
    public func expect(error expected: String, cause expectedCause: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        var problems: [String] = []
        if status == .succeeded || status == .running { problems.append("expected a failure with \(expected), got \(status.rawValue)") }
        else if error != expected { problems.append("expected error \(expected), got \(error ?? "none")") }
        if let expectedCause, cause != expectedCause { problems.append("expected cause \(expectedCause), got \(cause ?? "none")") }
        guard !problems.isEmpty else { return true }
        report(problems.joined(separator: "; "), sourceLocation)
        return false
    }

    /// Expects the states entered to be exactly `expected`, in order.
    @discardableResult
    public func expect(path expected: [String], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let actual = path
        guard actual != expected else { return true }
        let common = zip(actual, expected).prefix { $0 == $1 }.count
        report("expected path \(expected), got \(actual) (they differ from step \(common + 1))", sourceLocation)
        return false
    }

    /// Expects the execution's output to be `expected`.
    @discardableResult
    public func expect(output expected: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard output != expected else { return true }
        report("expected output \(JSONWriter.string(expected)), got \(output.map { JSONWriter.string($0) } ?? "none")", sourceLocation)
        return false
    }

    /// Expects `condition`, with the timeline in the issue when it is false.
    @discardableResult
    public func expect(_ condition: Bool, _ comment: @autoclosure () -> String = "expectation failed",
                       sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard !condition else { return true }
        report(comment(), sourceLocation)
        return false
    }

    /// What a failed expectation says: the problem, how the execution ended (the cause cut at 100
    /// characters), and its timeline.
    public func explanation(_ problem: String) -> String {
        var text = problem + "\n"
        text += "execution \(execution.name): \(status.rawValue)"
        if let error { text += " with \(error)" }
        if let cause { text += ": " + (cause.count > 100 ? cause.prefix(97) + "…" : cause) }
        text += "\n" + timeline
        return text
    }

    func report(_ problem: String, _ sourceLocation: SourceLocation) {
        Issue.record(Comment(rawValue: explanation(problem)), sourceLocation: sourceLocation)
    }
}
