/// A `Task` state: calls a service integration, an activity or a Lambda function.
public struct TaskState: Sendable, Hashable {
    /// `Resource`: the ARN of the integration, activity or Lambda function to call.
    public var resource: String
    /// Where the execution goes next: a `Next` state or the end.
    public var transition: Transition
    /// `InputPath`: selects the part of the state input the state works on; `nil` when absent (the whole input), `.null` for an empty object.
    public var inputPath: NullablePath?
    /// `Parameters` (JSONPath): the payload template that builds the state's effective input; `nil` when absent.
    public var parameters: PayloadTemplate?
    /// JSONata mode: the request built from expressions.
    public var arguments: JSONValue?
    /// `ResultSelector` (JSONPath): the payload template that reshapes the result before `ResultPath`; `nil` when absent.
    public var resultSelector: PayloadTemplate?
    /// `ResultPath`: where the result goes in the state input; `nil` when absent (the result replaces the input), `.null` to discard it.
    public var resultPath: NullablePath?
    /// `OutputPath`: selects the part of the state output passed on; `nil` when absent (all of it), `.null` for an empty object.
    public var outputPath: NullablePath?
    /// JSONata mode: the state output.
    public var output: JSONValue?
    /// `Assign`: the variables the state sets when it exits; `nil` when absent.
    public var assign: PayloadTemplate?
    /// `TimeoutSeconds` (or `TimeoutSecondsPath`): how long, in seconds, the task may run before it fails with `States.Timeout`; `nil` when absent (no limit but the execution's).
    public var timeoutSeconds: ValueSource<Int>?
    /// `HeartbeatSeconds` (or `HeartbeatSecondsPath`): the longest gap, in seconds, between heartbeats before the task fails with `States.HeartbeatTimeout`; `nil` when absent.
    public var heartbeatSeconds: ValueSource<Int>?
    /// `Credentials`: a role to assume (`RoleArn` or `RoleArn.$`).
    public var credentials: PayloadTemplate?
    /// `Retry`: the retriers, tried in order; empty when the state never retries.
    public var retry: [Retrier]
    /// `Catch`: the catchers, tried in order once retries are exhausted; empty when nothing is caught.
    public var catchers: [Catcher]

    /// Makes a Task state.
    public init(
        resource: String, transition: Transition, inputPath: NullablePath? = nil, parameters: PayloadTemplate? = nil,
        arguments: JSONValue? = nil, resultSelector: PayloadTemplate? = nil, resultPath: NullablePath? = nil,
        outputPath: NullablePath? = nil, output: JSONValue? = nil, assign: PayloadTemplate? = nil,
        timeoutSeconds: ValueSource<Int>? = nil, heartbeatSeconds: ValueSource<Int>? = nil,
        credentials: PayloadTemplate? = nil, retry: [Retrier] = [], catchers: [Catcher] = []
    ) {
        self.resource = resource
        self.transition = transition
        self.inputPath = inputPath
        self.parameters = parameters
        self.arguments = arguments
        self.resultSelector = resultSelector
        self.resultPath = resultPath
        self.outputPath = outputPath
        self.output = output
        self.assign = assign
        self.timeoutSeconds = timeoutSeconds
        self.heartbeatSeconds = heartbeatSeconds
        self.credentials = credentials
        self.retry = retry
        self.catchers = catchers
    }
}
