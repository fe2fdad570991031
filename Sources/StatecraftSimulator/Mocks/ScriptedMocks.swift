import StatesLanguage

/// Mocks written in Swift, per state name or per resource ARN: a closure, or a list of responses
/// given in order (the last one repeats).
///
/// ```swift
/// let mocks = ScriptedMocks()
/// mocks.state("Run Task", responses: [
///     .failure(error: "ECS.AmazonECSException", cause: "Rate exceeded"),
///     .success(["LastStatus": "STOPPED"]),
/// ])
/// mocks.resource("arn:aws:states:::sns:publish") { call in .success(["MessageId": "m-1"]) }
/// ```
///
/// Not `Sendable`: its handlers are closures that may keep their own state, and a simulator answers
/// calls on one thread. Give each simulator that runs on another thread its own mocks.
public final class ScriptedMocks: ServiceIntegration {
    /// Answers one call.
    public typealias Handler = (TaskCall) -> TaskOutcome

    private var byState: [String: Handler] = [:]
    private var byResource: [String: Handler] = [:]

    /// Mocks that answer nothing until told.
    public init() {}

    /// Answers every call of the state called `name` with `handler`.
    public func state(_ name: String, _ handler: @escaping Handler) { byState[name] = handler }

    /// Answers calls of the state called `name` with `responses` in order (by invocation count); the last repeats.
    public func state(_ name: String, responses: [TaskOutcome]) { byState[name] = ScriptedMocks.sequence(responses) }

    /// Answers every call of `resource` (an ARN) with `handler`, for states without their own mock.
    public func resource(_ resource: String, _ handler: @escaping Handler) { byResource[resource] = handler }

    /// Answers calls of `resource` with `responses` in order; the last repeats.
    public func resource(_ resource: String, responses: [TaskOutcome]) { byResource[resource] = ScriptedMocks.sequence(responses) }

    /// Answers with the mock of the call's state, else of its resource, else `nil`.
    public func invoke(_ call: TaskCall) -> TaskOutcome? {
        if let handler = byState[call.stateName] { return handler(call) }
        if let handler = byResource[call.target.resource] { return handler(call) }
        return nil
    }

    static func sequence(_ responses: [TaskOutcome]) -> Handler {
        { call in
            guard !responses.isEmpty else { return .failure(error: "States.Runtime", cause: "the mock has no responses") }
            return responses[min(call.invocation, responses.count - 1)]
        }
    }
}
