/// A `Parallel` state: runs its branches concurrently and outputs their results as an array.
public struct ParallelState: Sendable, Hashable {
    /// `Branches`: the state machines run in parallel, each on the same input.
    public var branches: [ParallelBranch]
    /// Where the execution goes next: a `Next` state or the end.
    public var transition: Transition
    /// `InputPath`: selects the part of the state input the state works on; `nil` when absent (the whole input), `.null` for an empty object.
    public var inputPath: NullablePath?
    /// `Parameters` (JSONPath): the payload template that builds the state's effective input; `nil` when absent.
    public var parameters: PayloadTemplate?
    /// `Arguments` (JSONata): the value built from expressions that the state passes on; `nil` when absent.
    public var arguments: JSONValue?
    /// `ResultSelector` (JSONPath): the payload template that reshapes the result before `ResultPath`; `nil` when absent.
    public var resultSelector: PayloadTemplate?
    /// `ResultPath`: where the result goes in the state input; `nil` when absent (the result replaces the input), `.null` to discard it.
    public var resultPath: NullablePath?
    /// `OutputPath`: selects the part of the state output passed on; `nil` when absent (all of it), `.null` for an empty object.
    public var outputPath: NullablePath?
    /// `Output` (JSONata): the state output, a value with `{% … %}` expressions; `nil` when absent (the result is the output).
    public var output: JSONValue?
    /// `Assign`: the variables the state sets when it exits; `nil` when absent.
    public var assign: PayloadTemplate?
    /// `Retry`: the retriers, tried in order; empty when the state never retries.
    public var retry: [Retrier]
    /// `Catch`: the catchers, tried in order once retries are exhausted; empty when nothing is caught.
    public var catchers: [Catcher]

    /// Makes a Parallel state.
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
