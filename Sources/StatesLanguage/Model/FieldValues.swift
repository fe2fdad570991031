/// A value given literally (`TimeoutSeconds: 60`), read from the input at run time
/// (`TimeoutSecondsPath: "$.timeout"`), or computed by a JSONata expression (`"{% $x %}"`).
public enum ValueSource<Value: Sendable & Hashable>: Sendable, Hashable {
    /// A value written in the definition.
    case literal(Value)
    /// A JSONPath read from the state input when the state runs (the field's `Path` form).
    case path(Path)
    /// A JSONata expression, as written between `{%` and `%}`.
    case jsonata(String)
}

/// A path field that may also be `null`: `InputPath`, `OutputPath` and `ResultPath` use `null` to
/// mean "nothing" (an empty object in, an empty object out, or the result discarded).
public enum NullablePath: Sendable, Hashable {
    /// A path that selects part of the data.
    case path(Path)
    /// `null`: nothing is selected (or, for `ResultPath`, the result is discarded).
    case null
}

/// A dynamic value in JSONPath mode: a path or an intrinsic function call, as written in a
/// payload-template `.$` field, `ErrorPath` or `CausePath`.
public enum Expression: Sendable, Hashable, CustomStringConvertible {
    /// A reference path into the input, context object (`$$`) or a variable.
    case path(Path)
    /// An intrinsic function call such as `States.Format(...)`.
    case intrinsic(IntrinsicCall)

    /// The expression text as written.
    public var description: String {
        switch self {
        case .path(let p): p.text
        case .intrinsic(let c): c.text
        }
    }
}

/// The name of an error, as matched by `ErrorEquals` and raised by states and services.
public struct ErrorName: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Makes an error name from its text.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    /// Matches every error except `States.Runtime` and `States.DataLimitExceeded`.
    public static let all: ErrorName = "States.ALL"
    /// A task sent no heartbeat within its `HeartbeatSeconds`.
    public static let heartbeatTimeout: ErrorName = "States.HeartbeatTimeout"
    /// A task ran longer than its `TimeoutSeconds`, or sent no heartbeat in time.
    public static let timeout: ErrorName = "States.Timeout"
    /// Matches every task error except `States.Timeout`.
    public static let taskFailed: ErrorName = "States.TaskFailed"
    /// The execution lacked the privileges to run the task.
    public static let permissions: ErrorName = "States.Permissions"
    /// `ResultPath` could not place the result in the state input.
    public static let resultPathMatchFailure: ErrorName = "States.ResultPathMatchFailure"
    /// A path in `Parameters` or `ItemSelector` matched nothing in the input.
    public static let parameterPathFailure: ErrorName = "States.ParameterPathFailure"
    /// A JSONata expression failed to evaluate.
    public static let queryEvaluationError: ErrorName = "States.QueryEvaluationError"
    /// A branch of a Parallel state failed.
    public static let branchFailed: ErrorName = "States.BranchFailed"
    /// A Choice state without `Default` matched no rule.
    public static let noChoiceMatched: ErrorName = "States.NoChoiceMatched"
    /// An intrinsic function call failed.
    public static let intrinsicFailure: ErrorName = "States.IntrinsicFailure"
    /// A Map state's failed items exceeded its tolerated failure count or percentage.
    public static let exceedToleratedFailureThreshold: ErrorName = "States.ExceedToleratedFailureThreshold"
    /// A Distributed Map could not read its items.
    public static let itemReaderFailed: ErrorName = "States.ItemReaderFailed"
    /// A Distributed Map could not write its results.
    public static let resultWriterFailed: ErrorName = "States.ResultWriterFailed"
    /// A payload exceeded the 256 KiB quota; `States.ALL` does not match it, except for a task's too large result.
    public static let dataLimitExceeded: ErrorName = "States.DataLimitExceeded"
    /// An unrecoverable runtime error (such as a path on a non-object); not matched by `States.ALL`.
    public static let runtime: ErrorName = "States.Runtime"

    /// Every predefined `States.*` name.
    public static let predefined: [ErrorName] = [
        .all, .heartbeatTimeout, .timeout, .taskFailed, .permissions, .resultPathMatchFailure, .parameterPathFailure,
        .queryEvaluationError, .branchFailed, .noChoiceMatched, .intrinsicFailure, .exceedToleratedFailureThreshold,
        .itemReaderFailed, .resultWriterFailed, .dataLimitExceeded, .runtime,
    ]
}
