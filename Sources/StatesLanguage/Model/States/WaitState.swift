/// A `Wait` state: pauses for a duration or until a timestamp.
public struct WaitState: Sendable, Hashable {
    /// How long the state waits: `Seconds`, `Timestamp`, or their `Path` forms.
    public var duration: Duration
    /// Where the execution goes next: a `Next` state or the end.
    public var transition: Transition
    /// `InputPath`: selects the part of the state input the state works on; `nil` when absent (the whole input), `.null` for an empty object.
    public var inputPath: NullablePath?
    /// `OutputPath`: selects the part of the state output passed on; `nil` when absent (all of it), `.null` for an empty object.
    public var outputPath: NullablePath?
    /// `Output` (JSONata): the state output, a value with `{% … %}` expressions; `nil` when absent (the result is the output).
    public var output: JSONValue?
    /// `Assign`: the variables the state sets when it exits; `nil` when absent.
    public var assign: PayloadTemplate?

    /// The four forms of a wait (and their JSONata expressions).
    public enum Duration: Sendable, Hashable {
        /// `Seconds` or `SecondsPath`.
        case seconds(ValueSource<Int>)
        /// `Timestamp` or `TimestampPath` (an RFC 3339 timestamp).
        case timestamp(ValueSource<String>)
    }

    /// Makes a Wait state.
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
