import StatesLanguage

/// Runs its work only while holding one of `limit` slots, so that at most `limit` executions do the
/// work at once (seed 002's problem: ECS RunTask throttling and the Fargate task quota at volume).
///
/// The flow, with every state named after the gate:
///
/// 1. `<name>: start` records `{"polls": 0}` at `$.gate`.
/// 2. `<name>: acquire slot` asks the lock for a slot, atomically (a Lambda function implementing the
///    gate contract, or a conditional DynamoDB update). On no slot, `<name>: slot acquired?` gives up
///    after `maxPolls` polls (`<name>: timed out` fails with `Statecraft.GateTimeout`), else
///    `<name>: count poll` and `<name>: wait for a slot` wait by the poll schedule and try again.
/// 3. The work runs. Every Task, Parallel and Map state of the work catches `States.ALL` into
///    `$.error` and goes to `<name>: release slot after failure`, then (with `alertTopic`)
///    `<name>: alert`, then `<name>: work failed`, which fails with the work's own error and cause.
///    The work's own Succeed and Fail states get a release in front of them, and a Choice without
///    `Default` gets one that fails through the release; what still leaves the gate holding the slot
///    (a `Goto` out of it) is refused at build time (`gate-leak`).
/// 4. `<name>: release slot` gives the slot back and the flow continues. A release that keeps failing
///    alerts and fails the execution, so that the cleanup rule releases.
///
/// A failure of the acquire call itself (throttled past its jittered retries, or the function stopped)
/// is caught: alert, then `<name>: acquire failed`, holding nothing. The acquire, release and waiting
/// states carry `Comment` markers (`GateLeakRule`) so the emitted JSON can be checked on its own.
///
/// ## The Lambda gate contract
///
/// Input: `{"action": "acquire" | "renew" | "release", "lockName": String, "owner": String, "limit": Int,
/// "leaseSeconds": Int}`, where `owner` is the execution ARN. Output: for `acquire`, `{"acquired": Bool,
/// "holders": Int}` (`acquired` is true when the owner holds a slot after the call, including when it
/// already held one, whose lease is then renewed); for `renew`, `{"renewed": Bool, "holders": Int}`; for
/// `release`, `{"released": Bool, "holders": Int}` (`released` is false when the owner held no slot).
/// A slot is a lease that ends `leaseSeconds` after it was taken or renewed. A lease that ran out is
/// checked, not taken on trust: an acquire that finds no slot asks Step Functions about each holder
/// whose lease ran out (`DescribeExecution` on the owner ARN); a holder still `RUNNING` is renewed (it
/// is inside its gated work, which may be a `.sync` task of hours), one that ended is reclaimed, and one
/// Step Functions cannot answer for keeps its slot. So the lease bounds how long a dead holder's slot
/// stays taken when the cleanup rule did not run, never how long the work may take. The cleanup rule
/// sends `{"action": "cleanup", "owner": …, "status": …}` when an execution ends FAILED, TIMED_OUT or
/// ABORTED. Every action must be atomic (e.g. one conditional DynamoDB update).
///
/// ## The DynamoDB lock
///
/// One item per lock, key `LockName`; attribute `currentlockcount` counts holders and one attribute per
/// holder (named by its execution ARN) records when it acquired. Acquire:
/// `ADD #count :one SET #owner = :now` if `(attribute_not_exists(#count) OR #count < :limit) AND
/// attribute_not_exists(#owner)`; release: `ADD #count :minusone REMOVE #owner` if `attribute_exists(#owner)`.
public struct ConcurrencyGate: Component, Sendable {
    /// The step falls through to the step written after it.
    public typealias Ending = Continues

    /// How slots are acquired and released.
    public enum Lock: Sendable {
        /// A Lambda function implementing the gate contract.
        case lambda(function: PayloadValue)
        /// Conditional updates of an item in a DynamoDB table (key attribute `LockName`).
        case dynamoDB(table: String)
    }

    /// How long to wait between polls: `interval` seconds, multiplied by `backoffRate` after each poll,
    /// at most `maxInterval`.
    public struct PollSchedule: Sendable {
        /// Seconds before the first poll.
        public var interval: Int
        /// The factor applied to the interval after each poll.
        public var backoffRate: Double
        /// The longest interval, in seconds.
        public var maxInterval: Int
        /// Makes a schedule; an interval below 1 second counts as 1.
        public init(interval: Int = 10, backoffRate: Double = 1.5, maxInterval: Int = 60) {
            self.interval = max(1, interval)
            self.backoffRate = max(1, backoffRate)
            self.maxInterval = max(self.interval, maxInterval)
        }

        /// The wait before each poll after the first, in seconds.
        func waits(count: Int) -> [Int] {
            var waits: [Int] = []
            var current = Double(interval)
            for _ in 0..<max(count, 1) {
                waits.append(min(Int(current.rounded()), maxInterval))
                current = min(current * backoffRate, Double(maxInterval))
            }
            return waits
        }
    }

    let name: String
    let lockName: String
    let limit: Int
    let lock: Lock
    let poll: PollSchedule
    let maxPolls: Int
    let alertTopic: PayloadValue?
    let leaseSeconds: Int
    let work: [_StepNode]
    let location: SwiftLocation

    /// - Parameters:
    ///   - name: prefix of every state the gate adds (unique per gate in a machine).
    ///   - lockName: the lock's name: executions sharing it share the `limit`.
    ///   - limit: how many executions may hold a slot at once.
    ///   - maxPolls: polls without a slot before the execution fails with `Statecraft.GateTimeout`.
    ///   - alertTopic: an SNS topic to alert when the work fails or no slot can be asked for (after the slot is released).
    ///   - leaseSeconds: how long the lock trusts a holder without asking (Lambda lock): when it runs out,
    ///     the next acquire that finds the gate full asks Step Functions whether the holder still runs,
    ///     renews it if so and takes the slot back if not. The work may run longer than the lease; a
    ///     shorter lease gives a dead holder's slot back sooner when the cleanup rule could not.
    ///   - lock: where the slots are counted: a Lambda function or a DynamoDB table.
    ///   - poll: how long to wait between polls when the gate is full.
    ///   - fileID: the file where the step is written; the default captures the call site, so diagnostics point at it.
    ///   - line: the line where the step is written (the call site by default).
    ///   - work: the steps that run while the slot is held.
    public init(
        _ name: String = "Gate", lockName: String, limit: Int, lock: Lock, poll: PollSchedule = PollSchedule(),
        maxPolls: Int = 30, alertTopic: PayloadValue? = nil, leaseSeconds: Int = 900, fileID: String = #fileID, line: Int = #line,
        @StepsBuilder work: () -> AnySteps
    ) {
        self.name = name
        self.lockName = lockName
        self.limit = limit
        self.lock = lock
        self.poll = poll
        self.maxPolls = max(1, maxPolls)
        self.alertTopic = alertTopic
        self.leaseSeconds = max(1, leaseSeconds)
        self.work = work().nodes
        self.location = SwiftLocation(fileID: fileID, line: line)
    }

    /// The error of an execution that gave up waiting for a slot.
    public static let timeoutError = "Statecraft.GateTimeout"

    /// The `Comment` marking a state of the gate for the `gate-leak` rule (`GateLeakRule`).
    func marker(_ role: GateLeakRule.Role) -> String { GateLeakRule.marker(role, lock: lockName) }

    var fileID: String { location.fileID }
    var line: Int { location.line }

    /// The gate's states: acquire (polling until a slot is free), the work, release, and the failure path that releases and alerts.
    public var body: Steps {
        Pass("\(name): start", result: ["polls": 0], fileID: fileID, line: line).resultPath("$.gate")
        Loop(fileID: fileID, line: line) {
            switch lock {
            case .lambda(let function):
                lambdaCall("\(name): acquire slot", function: function, action: "acquire")
                    .comment(marker(.acquire))
                    .resultSelector(["acquired": .path("$.Payload.acquired")])
                    .resultPath("$.gate.lock")
                    .catch([.all], resultPath: "$.error", assign: ["failedState": .literal(.string("\(name): acquire slot"))],
                           fileID: fileID, line: line) { acquireFailed }
                Choice("\(name): slot acquired?", fileID: fileID, line: line) {
                    When(Variable("$.gate.lock.acquired") == true, fileID: fileID, line: line) { Break(fileID: fileID, line: line) }
                    When(Variable("$.gate.polls") >= maxPolls, fileID: fileID, line: line) { timedOut }
                    Otherwise(fileID: fileID, line: line) { waitForSlot }
                }
            case .dynamoDB(let table):
                dynamoUpdate("\(name): acquire slot", table: table, acquire: true)
                    .comment(marker(.acquire))
                    .resultPath(nil)
                    .retry(on: [.dynamoDBConditionalCheckFailed], maxAttempts: 0, fileID: fileID, line: line)
                    .retry(on: [.all], interval: 1, maxAttempts: 6, backoffRate: 2.0, maxDelay: 20, jitter: .full, fileID: fileID, line: line)
                    .catch([.dynamoDBConditionalCheckFailed], resultPath: nil, fileID: fileID, line: line) {
                        Choice("\(name): give up?", fileID: fileID, line: line) {
                            When(Variable("$.gate.polls") >= maxPolls, fileID: fileID, line: line) { timedOut }
                            Otherwise(fileID: fileID, line: line) {
                                waitForSlot
                                Continue(fileID: fileID, line: line)
                            }
                        }
                    }
                    .catch([.all], resultPath: "$.error", assign: ["failedState": .literal(.string("\(name): acquire slot"))],
                           fileID: fileID, line: line) { acquireFailed }
                Break(fileID: fileID, line: line)
            }
        }
        Guarded(work: work, handler: failureHandler, location: location,
                gate: GateRouting(name: name, release: { [self] stateName in self.releaseSpec(stateName) }))
        release("\(name): release slot")
        GateDetached(nodes: releaseFailed.nodes)
    }

    /// Alerts (with a topic), then fails the execution: no slot within `maxPolls` polls.
    @StepsBuilder var timedOut: TerminalSteps {
        if let alertTopic {
            SNS.Publish("\(name): alert (no slot free)", topic: alertTopic,
                        message: .format("No slot of lock {} became free for {} after {} polls", .literal(.string(lockName)), .executionId,
                                         .literal(.number(JSONNumber(maxPolls)))),
                        subject: "Workflow step failed", fileID: fileID, line: line)
                .resultPath(nil).comment(marker(.waiting))
        }
        Fail("\(name): timed out", error: .init(stringLiteral: Self.timeoutError),
             cause: .init(stringLiteral: "no slot of lock \(lockName) became free after \(maxPolls) polls"), fileID: fileID, line: line)
            .comment(marker(.waiting))
    }

    /// Asking for a slot failed (the lock's function throttled, stopped or broken): no slot is held.
    /// Alert, then fail with the call's error.
    @StepsBuilder var acquireFailed: TerminalSteps {
        if let alertTopic {
            SNS.Publish("\(name): alert (no slot asked)", topic: alertTopic, message: AlertOnFailure.message, subject: "Workflow step failed",
                        fileID: fileID, line: line).resultPath(nil)
        }
        Fail("\(name): acquire failed", error: .path("$.error.Error"), cause: .path("$.error.Cause"), fileID: fileID, line: line)
            .comment(marker(.waiting))
    }

    /// Counts the poll and waits by the schedule.
    @StepsBuilder var waitForSlot: Steps {
        let waits = poll.waits(count: maxPolls).map { PayloadValue.literal(.number(JSONNumber($0))) }
        Pass("\(name): count poll", fileID: fileID, line: line)
            .parameters([
                "polls": .mathAdd(.path("$.gate.polls"), 1),
                "wait": .arrayGetItem(.intrinsic(.array, waits), .path("$.gate.polls")),
            ])
            .resultPath("$.gate")
            .comment(marker(.waiting))
        Wait("\(name): wait for a slot", secondsPath: "$.gate.wait", fileID: fileID, line: line)
            .comment(marker(.waiting))
    }

    /// Release, optional alert, then fail with the work's error.
    @StepsBuilder var failureHandler: TerminalSteps {
        release("\(name): release slot after failure", afterFailure: true)
        alert
        Fail("\(name): work failed", error: .path("$.error.Error"), cause: .path("$.error.Cause"), fileID: fileID, line: line)
    }

    /// The alert, when there is a topic.
    var alert: Steps {
        guard let alertTopic else { return Steps([]) }
        let publish = SNS.Publish("\(name): alert", topic: alertTopic, message: AlertOnFailure.message, subject: "Workflow step failed",
                                  fileID: fileID, line: line).resultPath(nil)
        return Steps([publish._node])
    }

    func release(_ stateName: String, afterFailure: Bool = false) -> AnyRecoverable {
        AnyRecoverable(ReleaseStep(_spec: releaseSpec(stateName, afterFailure: afterFailure)))
    }

    /// The state a release that keeps failing goes to: alert, then fail, so that the cleanup rule
    /// (on FAILED executions) gives the slot back.
    var releaseFailedName: String { alertTopic == nil ? "\(name): release failed" : "\(name): alert (release failed)" }

    /// A release state, retried on transient errors. When it still fails, the flow goes to
    /// ``releaseFailedName`` (the execution fails, so the cleanup rule releases); after a failure of the
    /// work (`afterFailure`) it goes on to the alert and the failure it was already on its way to.
    func releaseSpec(_ stateName: String, afterFailure: Bool = false) -> _StateSpec {
        var spec: _StateSpec
        switch lock {
        case .lambda(let function):
            spec = lambdaCall(stateName, function: function, action: "release").comment(marker(.release)).resultPath(nil)._spec
        case .dynamoDB(let table):
            // A failed condition means the slot is not held (any more): nothing to release.
            spec = dynamoUpdate(stateName, table: table, acquire: false).comment(marker(.release)).resultPath(nil)
                .retry(on: [.dynamoDBConditionalCheckFailed], maxAttempts: 0, fileID: fileID, line: line)
                .retry(on: [.all], interval: 1, maxAttempts: 5, backoffRate: 2.0, maxDelay: 20, jitter: .full, fileID: fileID, line: line)
                .catch([.dynamoDBConditionalCheckFailed], resultPath: nil, fileID: fileID, line: line) {}._spec
        }
        let step = ReleaseStep(_spec: spec)
        if afterFailure { return step.catch([.all], resultPath: nil, fileID: fileID, line: line) {}._spec }
        return step.catch([.all], resultPath: "$.error", assign: ["failedState": .literal(.string(stateName))], goto: releaseFailedName,
                          fileID: fileID, line: line)._spec
    }

    /// Alert (with a topic) and fail: a release that did not succeed.
    @StepsBuilder var releaseFailed: TerminalSteps {
        if let alertTopic {
            SNS.Publish("\(name): alert (release failed)", topic: alertTopic, message: AlertOnFailure.message, subject: "Workflow step failed",
                        fileID: fileID, line: line).resultPath(nil)
        }
        Fail("\(name): release failed", error: .path("$.error.Error"), cause: .path("$.error.Cause"), fileID: fileID, line: line)
    }

    /// A call of the gate Lambda, retried on throttling (exponential backoff, capped, FULL jitter so that
    /// executions throttled together do not come back together) and on transient Lambda errors.
    func lambdaCall(_ stateName: String, function: PayloadValue, action: String) -> Lambda.Invoke {
        Lambda.Invoke(stateName, function: function, payload: [
            "action": .literal(.string(action)), "lockName": .literal(.string(lockName)), "owner": .executionId,
            "limit": .literal(.number(JSONNumber(limit))), "leaseSeconds": .literal(.number(JSONNumber(leaseSeconds))),
        ], fileID: fileID, line: line)
        .retry(on: [.lambdaTooManyRequests], interval: 2, maxAttempts: 6, backoffRate: 2.0, maxDelay: 30, jitter: .full, fileID: fileID, line: line)
        .retry(on: [.lambdaServiceException, .lambdaAWSLambdaException, .lambdaSdkClientException], interval: 2, maxAttempts: 6,
               backoffRate: 2.0, jitter: .full, fileID: fileID, line: line)
    }

    func dynamoUpdate(_ stateName: String, table: String, acquire: Bool) -> DynamoDB.UpdateItem {
        if acquire {
            return DynamoDB.UpdateItem(
                stateName, table: .literal(.string(table)), key: ["LockName": .s(.literal(.string(lockName)))],
                update: "ADD #count :one SET #owner = :now",
                condition: "(attribute_not_exists(#count) OR #count < :limit) AND attribute_not_exists(#owner)",
                names: ["#count": "currentlockcount", "#owner": .executionId],
                values: [":one": .number(1), ":limit": .number(limit), ":now": .s(.stateEnteredTime)],
                fileID: fileID, line: line)
        }
        return DynamoDB.UpdateItem(
            stateName, table: .literal(.string(table)), key: ["LockName": .s(.literal(.string(lockName)))],
            update: "ADD #count :minusone REMOVE #owner", condition: "attribute_exists(#owner)",
            names: ["#count": "currentlockcount", "#owner": .executionId], values: [":minusone": .number(-1)],
            fileID: fileID, line: line)
    }
}

/// The work of a gate: every failure is caught into `$.error` and handled by `handler`.
struct Guarded: Step {
    typealias Ending = Continues
    let _node: _StepNode
    init(work: [_StepNode], handler: TerminalSteps, location: SwiftLocation, gate: GateRouting) {
        _node = .guarded(GuardSpec(
            body: work, errors: [.all], resultPath: AlertOnFailure.errorPath, failedStateVariable: "failedState",
            handler: handler.nodes, handlerRejoins: false, location: location, gate: gate))
    }
}

/// Steps reached by name only, inside a gate's flow.
struct GateDetached: Step {
    typealias Ending = Continues
    let _node: _StepNode
    init(nodes: [_StepNode]) { _node = .detached(nodes) }
}

/// A release state made by the gate.
struct ReleaseStep: RecoverableStep {
    typealias Ending = Continues
    var _spec: _StateSpec
}

/// One of several recoverable step types, erased (for a `switch` in a builder).
struct AnyRecoverable: Step {
    typealias Ending = Continues
    let _node: _StepNode
    init<S: Step>(_ step: S) where S.Ending == Continues { _node = step._node }
}
