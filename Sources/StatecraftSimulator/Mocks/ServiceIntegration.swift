import StatesLanguage

/// One call of a Task state's resource, as the simulator hands it to a service.
public struct TaskCall: Sendable {
    /// The Task state's name.
    public let stateName: String
    /// The `Resource` ARN and how history names it.
    public let target: TaskTarget
    /// The effective parameters (after InputPath and Parameters).
    public let parameters: JSONValue
    /// How many times this state was invoked before in this execution (retries and Map iterations count), from 0.
    public let invocation: Int
    /// The retry attempt of the current visit of the state, from 0.
    public let attempt: Int
    /// The context object (`$$`), including `Task.Token` for callback tasks.
    public let context: JSONValue
    /// The execution's name.
    public let executionName: String
    /// The virtual time of the call, in seconds since the simulation started.
    public let now: Double
}

/// What a call produced.
public enum TaskOutcome: Sendable {
    /// The task succeeded with `output` after `duration` virtual seconds. `submitted` is the API
    /// response recorded as `TaskSubmitted` for `.sync` and callback tasks.
    case success(JSONValue, duration: Double = 0, submitted: JSONValue? = nil)
    /// The task failed with an error name and cause after `duration` virtual seconds (`submitted`:
    /// the API had accepted the request first, as for a `.sync` job that then failed).
    case failure(error: String, cause: String?, duration: Double = 0, submitted: JSONValue? = nil)
    /// The task timed out (`States.Timeout`/`States.HeartbeatTimeout`) after `duration`.
    case timeout(error: String, duration: Double = 0, submitted: JSONValue? = nil)
}

/// Something that answers Task calls: scripted mocks, or modelled services.
public protocol ServiceIntegration: AnyObject {
    /// Answers a call, or returns `nil` when this integration does not handle it (the next one is asked).
    func invoke(_ call: TaskCall) -> TaskOutcome?
}
