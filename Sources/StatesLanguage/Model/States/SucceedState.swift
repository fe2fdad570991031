/// A `Succeed` state: ends its scope successfully.
public struct SucceedState: Sendable, Hashable {
    /// `InputPath`: selects the part of the state input the state works on; `nil` when absent (the whole input), `.null` for an empty object.
    public var inputPath: NullablePath?
    /// `OutputPath`: selects the part of the state output passed on; `nil` when absent (all of it), `.null` for an empty object.
    public var outputPath: NullablePath?
    /// `Output` (JSONata): the state output, a value with `{% … %}` expressions; `nil` when absent (the result is the output).
    public var output: JSONValue?

    /// Makes a Succeed state.
    public init(inputPath: NullablePath? = nil, outputPath: NullablePath? = nil, output: JSONValue? = nil) {
        self.inputPath = inputPath
        self.outputPath = outputPath
        self.output = output
    }
}
