import StatesLanguage

/// One call of a Task state's resource, as the simulator hands it to a service.
public struct TaskCall: Sendable {
    /// The Task state's name.
    public let stateName: String
    /// The `Resource` ARN and how history names it.
    public let target: TaskTarget
    /// The effective parameters (after InputPath and Parameters).
    public let parameters: JSONValue
    /// How many times this state was invoked before in this execution (retries and Map iterations count), from 0.
    public let invocation: Int
    /// The retry attempt of the current visit of the state, from 0.
    public let attempt: Int
    /// The context object (`$$`), including `Task.Token` for callback tasks.
    public let context: JSONValue
    /// The execution's name.
    public let executionName: String
    /// The virtual time of the call, in seconds since the simulation started.
    public let now: Double
}

/// What a call produced.
public enum TaskOutcome: Sendable {
    /// The task succeeded with `output` after `duration` virtual seconds. `submitted` is the API
    /// response recorded as `TaskSubmitted` for `.sync` and callback tasks.
    case success(JSONValue, duration: Double = 0, submitted: JSONValue? = nil)
    /// The task failed with an error name and cause after `duration` virtual seconds (`submitted`:
    /// the API had accepted the request first, as for a `.sync` job that then failed). An empty error
    /// name is no name: what a callback failure without error and cause gives.
    case failure(error: String, cause: String?, duration: Double = 0, submitted: JSONValue? = nil)
    /// The task timed out (`States.Timeout`/`States.HeartbeatTimeout`) after `duration`.
    case timeout(error: String, duration: Double = 0, submitted: JSONValue? = nil)
    /// The request was accepted (`submitted` is the API response) and the task now waits for a
    /// callback with its token (`call.context["Task"]["Token"]`): ``Simulator/sendTaskSuccess(taskToken:output:)``,
    /// ``Simulator/sendTaskFailure(taskToken:error:cause:)``, ``Simulator/sendTaskHeartbeat(taskToken:)``,
    /// from test code or a responder scheduled with ``Simulator/after(_:_:)``. Its `TimeoutSeconds` and
    /// `HeartbeatSeconds` run on the virtual clock meanwhile. A service that knows how the worker
    /// will answer gives `answer` (a `.success` or `.failure`), sent `after` seconds later if the task
    /// is still waiting then.
    indirect case awaitCallback(submitted: JSONValue? = nil, answer: TaskOutcome? = nil, after: Double = 0)

    /// Virtual seconds until the outcome (0 for a callback wait, which ends when called back).
    var duration: Double {
        switch self {
        case .success(_, let d, _), .failure(_, _, let d, _), .timeout(_, let d, _): d
        case .awaitCallback: 0
        }
    }

    /// The API response recorded as `TaskSubmitted`.
    var submitted: JSONValue? {
        switch self {
        case .success(_, _, let s), .failure(_, _, _, let s), .timeout(_, _, let s), .awaitCallback(let s, _, _): s
        }
    }
}

/// Something that answers Task calls: scripted mocks, or modelled services.
public protocol ServiceIntegration: AnyObject {
    /// Answers a call, or returns `nil` when this integration does not handle it (the next one is asked).
    func invoke(_ call: TaskCall) -> TaskOutcome?

    /// The simulator gave up waiting for a call this integration answered, before its outcome: the
    /// execution ended, or the Parallel branch or Map iteration holding the task failed. Step
    /// Functions stops what it started (an ECS task is stopped); `time` is the virtual time.
    func cancel(_ call: TaskCall, at time: Double)

    /// An execution ended (any status): what an EventBridge rule on Step Functions' "Execution Status
    /// Change" events sees. Services that model such rules react here.
    func executionEnded(_ ended: EndedExecution)
}

extension ServiceIntegration {
    /// Nothing to stop.
    public func cancel(_ call: TaskCall, at time: Double) {}

    /// Nothing reacts to executions ending.
    public func executionEnded(_ ended: EndedExecution) {}
}

/// An execution that ended, as an "Execution Status Change" event describes it.
public struct EndedExecution: Sendable {
    /// The execution ARN (`$$.Execution.Id`).
    public let arn: String
    /// The execution name (`$$.Execution.Name`).
    public let name: String
    /// `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    public let status: Execution.Status
    /// Virtual time of the end, in seconds.
    public let time: Double

    /// An execution `arn` called `name` that ended with `status` at virtual time `time`.
    public init(arn: String, name: String, status: Execution.Status, time: Double) {
        self.arn = arn
        self.name = name
        self.status = status
        self.time = time
    }
}

/// A call whose outcome a flow is waiting for, and the integration that answered it.
struct InflightCall {
    let call: TaskCall
    let service: ServiceIntegration
}
