/// An error raised while running a state machine, with the name and cause AWS would report.
public struct RuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error name, e.g. `States.Runtime`, `States.TaskFailed`, or a service error such as `ECS.AmazonECSException`.
    public var error: String
    /// The cause text.
    public var cause: String

    public init(_ error: String, _ cause: String) {
        self.error = error
        self.cause = cause
    }

    public var description: String { "\(error): \(cause)" }
}
