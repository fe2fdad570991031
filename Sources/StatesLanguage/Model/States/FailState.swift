/// A `Fail` state: ends the execution with an error and a cause.
public struct FailState: Sendable, Hashable {
    /// `Error` (literal or JSONata) or `ErrorPath`.
    public var error: Source?
    /// `Cause` (literal or JSONata) or `CausePath`.
    public var cause: Source?

    /// Where the error or cause text comes from.
    public enum Source: Sendable, Hashable {
        /// `Error`/`Cause`: a literal string (in JSONata mode it may be a `{% %}` expression).
        case literal(String)
        /// `ErrorPath`/`CausePath`: a path or an intrinsic call.
        case expression(Expression)
    }

    /// Makes a Fail state with its error name and cause, each literal, a path or JSONata; `nil` leaves a field out.
    public init(error: Source? = nil, cause: Source? = nil) {
        self.error = error
        self.cause = cause
    }
}
