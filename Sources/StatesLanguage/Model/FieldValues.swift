/// A value given literally (`TimeoutSeconds: 60`), read from the input at run time
/// (`TimeoutSecondsPath: "$.timeout"`), or computed by a JSONata expression (`"{% $x %}"`).
public enum ValueSource<Value: Sendable & Hashable>: Sendable, Hashable {
    case literal(Value)
    case path(Path)
    case jsonata(String)
}

/// A path field that may also be `null`: `InputPath`, `OutputPath` and `ResultPath` use `null` to
/// mean "nothing" (an empty object in, an empty object out, or the result discarded).
public enum NullablePath: Sendable, Hashable {
    case path(Path)
    case null
}

/// A dynamic value in JSONPath mode: a path or an intrinsic function call, as written in a
/// payload-template `.$` field, `ErrorPath` or `CausePath`.
public enum Expression: Sendable, Hashable, CustomStringConvertible {
    case path(Path)
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
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    /// Matches every error except `States.Runtime` and `States.DataLimitExceeded`.
    public static let all: ErrorName = "States.ALL"
    public static let heartbeatTimeout: ErrorName = "States.HeartbeatTimeout"
    public static let timeout: ErrorName = "States.Timeout"
    /// Matches every task error except `States.Timeout`.
    public static let taskFailed: ErrorName = "States.TaskFailed"
    public static let permissions: ErrorName = "States.Permissions"
    public static let resultPathMatchFailure: ErrorName = "States.ResultPathMatchFailure"
    public static let parameterPathFailure: ErrorName = "States.ParameterPathFailure"
    public static let queryEvaluationError: ErrorName = "States.QueryEvaluationError"
    public static let branchFailed: ErrorName = "States.BranchFailed"
    public static let noChoiceMatched: ErrorName = "States.NoChoiceMatched"
    public static let intrinsicFailure: ErrorName = "States.IntrinsicFailure"
    public static let exceedToleratedFailureThreshold: ErrorName = "States.ExceedToleratedFailureThreshold"
    public static let itemReaderFailed: ErrorName = "States.ItemReaderFailed"
    public static let resultWriterFailed: ErrorName = "States.ResultWriterFailed"
    public static let dataLimitExceeded: ErrorName = "States.DataLimitExceeded"
    public static let runtime: ErrorName = "States.Runtime"

    /// Every predefined `States.*` name.
    public static let predefined: [ErrorName] = [
        .all, .heartbeatTimeout, .timeout, .taskFailed, .permissions, .resultPathMatchFailure, .parameterPathFailure,
        .queryEvaluationError, .branchFailed, .noChoiceMatched, .intrinsicFailure, .exceedToleratedFailureThreshold,
        .itemReaderFailed, .resultWriterFailed, .dataLimitExceeded, .runtime,
    ]
}
