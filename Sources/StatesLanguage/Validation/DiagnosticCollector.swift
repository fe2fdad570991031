/// Gathers the findings of every stage of a check (decode, lower, validate) and keeps one diagnostic
/// per problem.
///
/// Each stage hands its findings over as one batch (``collect(_:)``). The rule for "the same problem":
/// a finding at a JSON pointer where an *earlier* stage already reported an **error** is a
/// consequence of that error, and is left out. Findings of one stage are all kept (a rule may find
/// two things wrong at one place), and an earlier warning suppresses nothing.
///
/// ```swift
/// var collector = DiagnosticCollector()
/// collector.collect(decoded.diagnostics)          // decode
/// collector.collect(validator.validate(machine))  // validate: nothing at a place decoding rejected
/// ```
public struct DiagnosticCollector: Sendable {
    /// The findings kept so far, in the order they were collected.
    public private(set) var diagnostics: [Diagnostic] = []
    /// The places earlier stages reported errors at.
    private var rejected: Set<JSONPointer> = []

    /// An empty collector.
    public init() {}

    /// Adds one stage's findings, leaving out those at a place an earlier stage reported an error at.
    /// - Parameter findings: everything the stage found.
    /// - Returns: the findings kept, in order.
    @discardableResult
    public mutating func collect(_ findings: [Diagnostic]) -> [Diagnostic] {
        let kept = kept(findings)
        diagnostics += kept
        rejected.reserveCapacity(rejected.count + kept.count)
        for d in kept where d.severity == .error { rejected.insert(d.pointer) }
        return kept
    }

    /// The findings ``collect(_:)`` would keep, without adding them or remembering their places: for
    /// the last stage of a check, whose findings the caller combines with ``diagnostics`` itself.
    /// - Parameter findings: everything the stage found.
    /// - Returns: those not at a place an earlier stage reported an error at, in order.
    public func kept(_ findings: [Diagnostic]) -> [Diagnostic] {
        rejected.isEmpty ? findings : findings.filter { !rejected.contains($0.pointer) }
    }

    /// Whether an earlier stage reported an error at `pointer`, so that a finding there would be left out.
    public func isRejected(_ pointer: JSONPointer) -> Bool { rejected.contains(pointer) }
}
