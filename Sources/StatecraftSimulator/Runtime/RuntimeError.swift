/// An error raised while running a state machine, with the name and cause AWS would report.
public struct RuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error name, e.g. `States.Runtime`, `States.TaskFailed`, or a service error such as `ECS.AmazonECSException`.
    public var error: String
    /// The cause text.
    public var cause: String
    /// Whether a task's service reported the error (its `…Failed` event carries it), rather than the
    /// interpreter raising it. Matters for `States.DataLimitExceeded`: AWS lets `States.ALL` catch it
    /// when a task's result was too large, but not when a state's own output was.
    public var reportedByTask: Bool
    /// For a JSONata evaluation error, the field whose expression failed (`Output/result`).
    public var location: String? = nil

    /// Makes an error with its name and cause.
    public init(_ error: String, _ cause: String, reportedByTask: Bool = false) {
        self.error = error
        self.cause = cause
        self.reportedByTask = reportedByTask
    }

    public var description: String { "\(error): \(cause)" }
}
