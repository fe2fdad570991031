/// A `Wait` state: pauses for a duration or until a timestamp.
public struct WaitState: Sendable, Hashable {
    public var duration: Duration
    public var transition: Transition
    public var inputPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?
    public var assign: PayloadTemplate?

    /// The four forms of a wait (and their JSONata expressions).
    public enum Duration: Sendable, Hashable {
        /// `Seconds` or `SecondsPath`.
        case seconds(ValueSource<Int>)
        /// `Timestamp` or `TimestampPath` (an RFC 3339 timestamp).
        case timestamp(ValueSource<String>)
    }

    public init(
        duration: Duration, transition: Transition, inputPath: NullablePath? = nil, outputPath: NullablePath? = nil,
        output: JSONValue? = nil, assign: PayloadTemplate? = nil
    ) {
        self.duration = duration
        self.transition = transition
        self.inputPath = inputPath
        self.outputPath = outputPath
        self.output = output
        self.assign = assign
    }
}
