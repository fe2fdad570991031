import StatecraftSimulator

/// The type of a history event, as a value tests can switch over instead of a string.
///
/// Every type GetExecutionHistory documents has a case; a type it does not know (a newer event, or a
/// misspelling in a recorded history) is ``unknown(_:)`` with its name.
///
/// ```swift
/// let retries = execution.history.filter { $0.kind == .taskFailed }
/// ```
public enum HistoryEventKind: Hashable, Sendable {
    /// The events of an activity task: `ActivityFailed`, `ActivityScheduled`, … (the case name is the event type in lower camel case).
    case activityFailed, activityScheduled, activityScheduleFailed, activityStarted, activitySucceeded, activityTimedOut
    /// A Choice state entered and exited.
    case choiceStateEntered, choiceStateExited
    /// `EvaluationFailed`: a JSONata expression or a path failed to evaluate.
    case evaluationFailed
    /// The events of the execution itself: started, redriven, and how it ended.
    case executionAborted, executionFailed, executionRedriven, executionStarted, executionSucceeded, executionTimedOut
    /// A Fail state entered (it has no exit event).
    case failStateEntered
    /// The events of a Task whose `Resource` is a plain Lambda function ARN.
    case lambdaFunctionFailed, lambdaFunctionScheduled, lambdaFunctionScheduleFailed, lambdaFunctionStarted
    /// The events of a Task whose `Resource` is a plain Lambda function ARN (continued).
    case lambdaFunctionStartFailed, lambdaFunctionSucceeded, lambdaFunctionTimedOut
    /// The events of one iteration of an inline Map.
    case mapIterationAborted, mapIterationFailed, mapIterationStarted, mapIterationSucceeded
    /// The events of a Distributed Map's run.
    case mapRunAborted, mapRunFailed, mapRunRedriven, mapRunStarted, mapRunSucceeded
    /// The events of a Map state.
    case mapStateAborted, mapStateEntered, mapStateExited, mapStateFailed, mapStateStarted, mapStateSucceeded
    /// The events of a Parallel state.
    case parallelStateAborted, parallelStateEntered, parallelStateExited, parallelStateFailed, parallelStateStarted, parallelStateSucceeded
    /// A Pass state entered and exited.
    case passStateEntered, passStateExited
    /// A Succeed state entered and exited.
    case succeedStateEntered, succeedStateExited
    /// The events of a Task state and of its service call.
    case taskFailed, taskScheduled, taskStarted, taskStartFailed, taskStateAborted, taskStateEntered, taskStateExited
    /// The events of a Task's service call (continued).
    case taskSubmitFailed, taskSubmitted, taskSucceeded, taskTimedOut
    /// A Wait state aborted, entered and exited.
    case waitStateAborted, waitStateEntered, waitStateExited
    /// A type this enumeration does not know, by its name.
    case unknown(String)

    /// The kind of the event type named `type` (e.g. `"TaskScheduled"`).
    public init(_ type: String) {
        self = HistoryEventKind.byName[type] ?? .unknown(type)
    }

    /// The type's name as GetExecutionHistory writes it.
    public var name: String {
        if case .unknown(let name) = self { return name }
        return HistoryEventKind.names[self] ?? ""
    }

    /// Whether the event enters a state (`…StateEntered`).
    public var isStateEntered: Bool { name.hasSuffix("StateEntered") }
    /// Whether the event leaves a state normally or after a catcher (`…StateExited`).
    public var isStateExited: Bool { name.hasSuffix("StateExited") }

    /// Whether the event starts one attempt of a state (the work a retrier repeats): a task, Lambda
    /// function or activity scheduled, or a Map or Parallel state started.
    public var startsAttempt: Bool {
        switch self {
        case .taskScheduled, .lambdaFunctionScheduled, .activityScheduled, .mapStateStarted, .parallelStateStarted: true
        default: false
        }
    }

    /// Whether the event ends an attempt with an error (its details carry `error` and `cause`).
    public var failsAttempt: Bool {
        switch self {
        case .taskFailed, .taskTimedOut, .taskStartFailed, .taskSubmitFailed,
             .lambdaFunctionFailed, .lambdaFunctionTimedOut, .lambdaFunctionStartFailed, .lambdaFunctionScheduleFailed,
             .activityFailed, .activityTimedOut, .activityScheduleFailed,
             .mapStateFailed, .parallelStateFailed, .evaluationFailed:
            true
        default: false
        }
    }

    static let all: [HistoryEventKind] = [
        .activityFailed, .activityScheduled, .activityScheduleFailed, .activityStarted, .activitySucceeded, .activityTimedOut,
        .choiceStateEntered, .choiceStateExited, .evaluationFailed,
        .executionAborted, .executionFailed, .executionRedriven, .executionStarted, .executionSucceeded, .executionTimedOut,
        .failStateEntered,
        .lambdaFunctionFailed, .lambdaFunctionScheduled, .lambdaFunctionScheduleFailed, .lambdaFunctionStarted,
        .lambdaFunctionStartFailed, .lambdaFunctionSucceeded, .lambdaFunctionTimedOut,
        .mapIterationAborted, .mapIterationFailed, .mapIterationStarted, .mapIterationSucceeded,
        .mapRunAborted, .mapRunFailed, .mapRunRedriven, .mapRunStarted, .mapRunSucceeded,
        .mapStateAborted, .mapStateEntered, .mapStateExited, .mapStateFailed, .mapStateStarted, .mapStateSucceeded,
        .parallelStateAborted, .parallelStateEntered, .parallelStateExited, .parallelStateFailed, .parallelStateStarted, .parallelStateSucceeded,
        .passStateEntered, .passStateExited, .succeedStateEntered, .succeedStateExited,
        .taskFailed, .taskScheduled, .taskStarted, .taskStartFailed, .taskStateAborted, .taskStateEntered, .taskStateExited,
        .taskSubmitFailed, .taskSubmitted, .taskSucceeded, .taskTimedOut,
        .waitStateAborted, .waitStateEntered, .waitStateExited,
    ]

    /// Names from the case names: `taskScheduled` → `TaskScheduled` (the enumeration is deliberately not
    /// `CustomStringConvertible`, so `String(describing:)` gives the case name).
    static let names: [HistoryEventKind: String] = Dictionary(uniqueKeysWithValues: all.map { kind in
        let label = String(describing: kind)
        return (kind, label.prefix(1).uppercased() + label.dropFirst())
    })
    static let byName: [String: HistoryEventKind] = Dictionary(uniqueKeysWithValues: names.map { ($1, $0) })
}

extension HistoryEvent {
    /// The event's type as a ``HistoryEventKind``.
    public var kind: HistoryEventKind { HistoryEventKind(type) }
}
