/// A `Pass` state: passes its input (or `Result`) to its output.
public struct PassState: Sendable, Hashable {
    /// Where the execution goes next: a `Next` state or the end.
    public var transition: Transition
    /// `InputPath`: selects the part of the state input the state works on; `nil` when absent (the whole input), `.null` for an empty object.
    public var inputPath: NullablePath?
    /// `Parameters` (JSONPath): the payload template that builds the state's effective input; `nil` when absent.
    public var parameters: PayloadTemplate?
    /// `Result`: a fixed value used as the state's result; `nil` when absent (the input is passed through).
    public var result: JSONValue?
    /// `ResultPath`: where the result goes in the state input; `nil` when absent (the result replaces the input), `.null` to discard it.
    public var resultPath: NullablePath?
    /// `OutputPath`: selects the part of the state output passed on; `nil` when absent (all of it), `.null` for an empty object.
    public var outputPath: NullablePath?
    /// `Output` (JSONata): the state output, a value with `{% … %}` expressions; `nil` when absent (the result is the output).
    public var output: JSONValue?
    /// `Assign`: the variables the state sets when it exits; `nil` when absent.
    public var assign: PayloadTemplate?

    /// Makes a Pass state.
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
