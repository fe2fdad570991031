/// A `Pass` state: passes its input (or `Result`) to its output.
public struct PassState: Sendable, Hashable {
    public var transition: Transition
    public var inputPath: NullablePath?
    public var parameters: PayloadTemplate?
    public var result: JSONValue?
    public var resultPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?
    public var assign: PayloadTemplate?

    public init(
        transition: Transition, inputPath: NullablePath? = nil, parameters: PayloadTemplate? = nil,
        result: JSONValue? = nil, resultPath: NullablePath? = nil, outputPath: NullablePath? = nil,
        output: JSONValue? = nil, assign: PayloadTemplate? = nil
    ) {
        self.transition = transition
        self.inputPath = inputPath
        self.parameters = parameters
        self.result = result
        self.resultPath = resultPath
        self.outputPath = outputPath
        self.output = output
        self.assign = assign
    }
}
