/// A `Succeed` state: ends its scope successfully.
public struct SucceedState: Sendable, Hashable {
    public var inputPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?

    public init(inputPath: NullablePath? = nil, outputPath: NullablePath? = nil, output: JSONValue? = nil) {
        self.inputPath = inputPath
        self.outputPath = outputPath
        self.output = output
    }
}
