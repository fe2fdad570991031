/// A `Parallel` state: runs its branches concurrently and outputs their results as an array.
public struct ParallelState: Sendable, Hashable {
    public var branches: [ParallelBranch]
    public var transition: Transition
    public var inputPath: NullablePath?
    public var parameters: PayloadTemplate?
    public var arguments: JSONValue?
    public var resultSelector: PayloadTemplate?
    public var resultPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?
    public var assign: PayloadTemplate?
    public var retry: [Retrier]
    public var catchers: [Catcher]

    public init(
        branches: [ParallelBranch], transition: Transition, inputPath: NullablePath? = nil, parameters: PayloadTemplate? = nil,
        arguments: JSONValue? = nil, resultSelector: PayloadTemplate? = nil, resultPath: NullablePath? = nil,
        outputPath: NullablePath? = nil, output: JSONValue? = nil, assign: PayloadTemplate? = nil,
        retry: [Retrier] = [], catchers: [Catcher] = []
    ) {
        self.branches = branches
        self.transition = transition
        self.inputPath = inputPath
        self.parameters = parameters
        self.arguments = arguments
        self.resultSelector = resultSelector
        self.resultPath = resultPath
        self.outputPath = outputPath
        self.output = output
        self.assign = assign
        self.retry = retry
        self.catchers = catchers
    }
}
