/// A `Task` state: calls a service integration, an activity or a Lambda function.
public struct TaskState: Sendable, Hashable {
    public var resource: String
    public var transition: Transition
    public var inputPath: NullablePath?
    public var parameters: PayloadTemplate?
    /// JSONata mode: the request built from expressions.
    public var arguments: JSONValue?
    public var resultSelector: PayloadTemplate?
    public var resultPath: NullablePath?
    public var outputPath: NullablePath?
    /// JSONata mode: the state output.
    public var output: JSONValue?
    public var assign: PayloadTemplate?
    public var timeoutSeconds: ValueSource<Int>?
    public var heartbeatSeconds: ValueSource<Int>?
    /// `Credentials`: a role to assume (`RoleArn` or `RoleArn.$`).
    public var credentials: PayloadTemplate?
    public var retry: [Retrier]
    public var catchers: [Catcher]

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
