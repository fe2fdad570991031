import StatesLanguage

/// A callback task (`TaskOutcome.awaitCallback`) waiting for its token.
final class PendingCallback {
    let frame: Frame
    let state: CompiledState
    let task: TaskState
    let target: TaskTarget
    let retryCounts: [Int]
    let retry: (Int, [Int]) -> Void
    let visit: Visit
    let heartbeat: Int?
    /// When the task last showed life (its start, then each heartbeat).
    var lastBeat: VirtualTime

    init(frame: Frame, state: CompiledState, task: TaskState, target: TaskTarget, retryCounts: [Int],
         retry: @escaping (Int, [Int]) -> Void, visit: Visit, heartbeat: Int?, lastBeat: VirtualTime) {
        self.frame = frame
        self.state = state
        self.task = task
        self.target = target
        self.retryCounts = retryCounts
        self.retry = retry
        self.visit = visit
        self.heartbeat = heartbeat
        self.lastBeat = lastBeat
    }
}

/// Why a callback call was refused, with the API error name AWS gives.
public struct CallbackError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `InvalidToken` (never issued) or `TaskTimedOut` (no longer waiting: completed, timed out, or
    /// its execution ended).
    public let name: String
    /// What happened, in words.
    public let message: String

    public var description: String { "\(name): \(message)" }
}

extension Simulator {
    // MARK: Callback API

    /// The tokens of callback tasks waiting now, oldest first.
    public var pendingTaskTokens: [String] {
        tokenOrder.filter { token in callbacks[token].map { $0.frame.execution.status == .running } ?? false }
    }

    /// `SendTaskSuccess`: the waiting task succeeds with `output` at the current virtual time.
    public func sendTaskSuccess(taskToken: String, output: JSONValue) throws(CallbackError) {
        let waiting = try take(taskToken)
        completeCallback(waiting, .success(output))
        drainReady()
    }

    /// `SendTaskFailure`: the waiting task fails. Error and cause are optional, as in the API; a failure
    /// with neither reaches a catcher as `{"Error": null, "Cause": null}`.
    public func sendTaskFailure(taskToken: String, error: String? = nil, cause: String? = nil) throws(CallbackError) {
        let waiting = try take(taskToken)
        completeCallback(waiting, .failure(error: error ?? "", cause: cause))
        drainReady()
    }

    /// `SendTaskHeartbeat`: restarts the task's `HeartbeatSeconds` countdown.
    public func sendTaskHeartbeat(taskToken: String) throws(CallbackError) {
        let waiting = try find(taskToken)
        waiting.lastBeat = time
        watchHeartbeat(taskToken, waiting)
    }

    /// Runs `action` after `delay` of virtual time: a scheduled responder, e.g. a worker that calls
    /// back later.
    public func after(_ delay: VirtualTime, _ action: @escaping (Simulator) -> Void) {
        schedule(after: delay) { [unowned self] in action(self) }
    }

    // MARK: Internals

    func awaitCallback(_ token: String, _ waiting: PendingCallback, timeout: Int?) {
        callbacks[token] = waiting
        tokenOrder.append(token)
        if let timeout {
            schedule(after: .seconds(timeout)) { [unowned self] in
                guard self.callbacks[token] === waiting else { return }
                self.expire(token, waiting)
            }
        }
        watchHeartbeat(token, waiting)
    }

    func watchHeartbeat(_ token: String, _ waiting: PendingCallback) {
        guard let heartbeat = waiting.heartbeat else { return }
        let beat = waiting.lastBeat
        schedule(after: .seconds(heartbeat)) { [unowned self] in
            // A later heartbeat scheduled its own check.
            guard self.callbacks[token] === waiting, waiting.lastBeat == beat else { return }
            self.expire(token, waiting)
        }
    }

    /// A timeout or missed heartbeat: AWS records both as `States.Timeout`.
    func expire(_ token: String, _ waiting: PendingCallback) {
        callbacks[token] = nil
        closedTokens.insert(token)
        completeCallback(waiting, .timeout(error: ErrorName.timeout.rawValue))
    }

    func find(_ token: String) throws(CallbackError) -> PendingCallback {
        guard let waiting = callbacks[token], waiting.frame.execution.status == .running, !waiting.frame.finished else {
            if callbacks[token] != nil || closedTokens.contains(token) {
                throw CallbackError(name: "TaskTimedOut", message: "the task of token \(token) is no longer waiting for a callback")
            }
            throw CallbackError(name: "InvalidToken", message: "no callback task was given the token \(token)")
        }
        return waiting
    }

    func take(_ token: String) throws(CallbackError) -> PendingCallback {
        let waiting = try find(token)
        callbacks[token] = nil
        closedTokens.insert(token)
        return waiting
    }

    func completeCallback(_ waiting: PendingCallback, _ outcome: TaskOutcome) {
        let frame = waiting.frame
        guard frame.execution.status == .running, !frame.finished else { return }
        completeTask(frame, waiting.state, waiting.task, waiting.target, outcome, retryCounts: waiting.retryCounts,
                     retry: waiting.retry, visit: waiting.visit)
    }
}
