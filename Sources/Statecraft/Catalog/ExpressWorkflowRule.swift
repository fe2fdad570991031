import StatesLanguage

/// An Express workflow waits for no job and no callback: Step Functions refuses `.sync` and
/// `.waitForTaskToken` integrations in Express state machines (`express-unsupported`). The catalog adds
/// this rule when a workflow deploys as `EXPRESS`, so the finding points at the Swift line of the task.
public struct ExpressWorkflowRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.expressUnsupported] }

    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states {
            guard case .task(let task) = entry.state.kind else { continue }
            let resource = task.resource
            let pattern = resource.hasSuffix(".sync") || resource.hasSuffix(".sync:2") ? ".sync (wait for the job)"
                : resource.hasSuffix(".waitForTaskToken") ? ".waitForTaskToken (wait for a callback)" : nil
            guard let pattern else { continue }
            diagnostics.append(Diagnostic(.error, .expressUnsupported,
                "Express workflows do not support \(pattern): \(resource)", at: entry.pointer.appending("Resource"),
                hint: "deploy as STANDARD, or use the request-response integration and poll"))
        }
    }
}

extension Diagnostic.Code {
    /// `express-unsupported`: a `.sync` or `.waitForTaskToken` integration in an Express workflow.
    public static let expressUnsupported: Self = "express-unsupported"
}
