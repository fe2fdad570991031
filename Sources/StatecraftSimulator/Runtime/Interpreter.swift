import StatesLanguage

/// What running one state did to its flow.
enum Step {
    /// Go on with the flow's next state now.
    case next
    /// The flow waits for a scheduled event (a Wait, a task, a retry, children).
    case suspended
    /// The flow ended.
    case finished
}

extension Simulator {
    /// Runs a flow's states until it waits or ends. A loop, not recursion, so that long synchronous
    /// runs (a counting loop of thousands of states) use constant stack; the history limit is applied
    /// by every event (``emit(_:_:_:object:prev:)``).
    func drive(_ frame: Frame) {
        while !frame.finished && frame.execution.status == .running {
            switch runState(frame) {
            case .next: continue
            case .suspended, .finished: return
            }
        }
    }

    func abortExecution(_ execution: Execution, _ error: RuntimeError) {
        guard execution.status == .running else { return }
        finishExecution(execution, .failure(error))
    }

    /// Runs the frame's current state: records its Entered event, then lets its behaviour run it.
    func runState(_ frame: Frame) -> Step {
        let cs = frame.states[frame.index]
        let entered = time
        frame.enteredId = emit(frame.execution, frame, cs.enteredType, payload: .entered(name: cs.name, input: frame.input))
        return cs.behaviour.run(frame, cs, entered: entered, self)
    }

    // MARK: Leaving states

    /// Records a state's Exited event.
    func emitExited(_ frame: Frame, _ cs: CompiledState, type: String? = nil, _ leave: Leave) {
        var assigned: JSONObject?
        if let values = leave.assigned {
            var variables = JSONObject()
            for (k, v) in values.sorted(by: { $0.0 < $1.0 }) { variables[k] = .string(DataFlow.serialize(v)) }
            assigned = variables
        }
        emit(frame.execution, frame, type ?? cs.exitedType, payload: .exited(name: cs.name, output: leave.output, assigned: assigned))
    }

    /// Emits the Exited event and follows the transition; an output over the payload limit fails the
    /// state with `States.DataLimitExceeded` instead.
    func exit(_ frame: Frame, _ cs: CompiledState, _ leave: Leave, transition: Transition) -> Step {
        if !leave.passesInput && DataFlow.exceedsSize(leave.output, configuration.maximumPayloadBytes) {
            return handle(frame, cs, RuntimeError("States.DataLimitExceeded",
                "The state/task '\(cs.name)' returned a result with a size exceeding the maximum number of bytes service limit."), retryCounts: [], retry: nil)
        }
        emitExited(frame, cs, leave)
        switch transition {
        case .end: return finish(frame, .success(leave.output))
        case .next: return goto(frame, cs.next ?? -1, input: leave.output)
        }
    }

    /// Moves the flow to state `index`; `text` is `input` serialized, when the caller has it.
    func goto(_ frame: Frame, _ index: Int, input: JSONValue) -> Step {
        guard index >= 0 else {
            return finish(frame, .failure(RuntimeError("States.Runtime", "a transition names a state that does not exist")))
        }
        // TestState runs one state: the transition is its answer (`nextState`), not more work.
        if let inspector = frame.inspector {
            inspector.nextState = index
            return finish(frame, .success(input))
        }
        frame.index = index
        frame.input = input
        return .next
    }

    /// Ends a flow. Whoever waits for it (the enclosing Map, Parallel or execution) hears of it as soon
    /// as the work in progress returns, through the ready stack: ends of flows nested a hundred deep
    /// then follow one another instead of nesting a hundred calls.
    func finish(_ frame: Frame, _ result: FrameResult) -> Step {
        guard !frame.finished else { return .finished }
        frame.finished = true
        let onFinish = frame.onFinish
        ready.append { onFinish(frame, result) }
        return .finished
    }

    /// How long a JSONPath Wait state waits (`Seconds`, `SecondsPath`, `Timestamp`, `TimestampPath`).
    func waitDelay(_ duration: WaitState.Duration, _ data: DataScope) throws(RuntimeError) -> VirtualTime {
        switch duration {
        case .seconds(.literal(let s)): return .seconds(s)
        case .seconds(.path(let p)):
            let value: JSONValue
            do { value = try DataFlow.select(p, in: data) } catch {
                throw RuntimeError("States.Runtime", "The SecondsPath parameter does not reference an input value: \(p.text)")
            }
            guard case .number(let n) = value, n.isIntegerLiteral || n.intValue != nil, let seconds = n.intValue else {
                throw RuntimeError("States.Runtime", "The SecondsPath parameter cannot be parsed as a long value: \(p.text) == \(Simulator.shown(value))")
            }
            guard seconds >= 0 else {
                throw RuntimeError("States.Runtime", "The SecondsPath parameter references a negative value: \(p.text) == \(Simulator.shown(value))")
            }
            return .seconds(seconds)
        case .timestamp(let source):
            let text: String
            switch source {
            case .literal(let s): text = s
            case .path(let p):
                let value: JSONValue
                do { value = try DataFlow.select(p, in: data) } catch {
                    throw RuntimeError("States.Runtime", "The TimestampPath parameter does not reference an input value: \(p.text)")
                }
                guard case .string(let s) = value, Timestamp(parsing: s) != nil else {
                    throw RuntimeError("States.Runtime",
                        "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(p.text) == \(Simulator.shown(value))")
                }
                text = s
            case .jsonata: throw RuntimeError("States.Runtime", "a JSONata expression in a JSONPath state (QueryLanguage decides which one a state reads)")
            }
            guard let t = Timestamp(parsing: text) else {
                throw RuntimeError("States.Runtime", "The Timestamp '\(text)' is not a valid ISO-8601 extended offset date-time")
            }
            return delay(until: t)
        case .seconds(.jsonata):
            throw RuntimeError("States.Runtime", "a JSONata expression in a JSONPath state (QueryLanguage decides which one a state reads)")
        }
    }

    /// The virtual time left until `timestamp` (zero when it has passed), to the millisecond.
    func delay(until timestamp: Timestamp) -> VirtualTime {
        let (seconds, overflow) = timestamp.secondsSinceEpoch.subtractingReportingOverflow(configuration.start.secondsSinceEpoch)
        let (ms, overflow2) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow, !overflow2 else { return seconds > 0 ? .max : .zero }
        let target = VirtualTime(milliseconds: ms) + .milliseconds(Int64(timestamp.nanoseconds / 1_000_000))
        return max(.zero, target - time)
    }

    /// The wait before retry `attempt` (1, 2, ...) of `retrier`: `IntervalSeconds × BackoffRate^(attempt-1)`,
    /// capped by `MaxDelaySeconds`, and with FULL jitter a uniform draw in [0, that], in whole milliseconds.
    func retryDelay(_ retrier: Retrier, attempt: Int) -> VirtualTime {
        let interval = Double(retrier.intervalSeconds ?? Retrier.defaultIntervalSeconds)
        let rate = retrier.backoffRate?.doubleValue ?? Retrier.defaultBackoffRate
        var seconds = interval * pow(rate, Double(attempt - 1))
        if let cap = retrier.maxDelaySeconds { seconds = min(seconds, Double(cap)) }
        var delay = VirtualTime(seconds: seconds)
        if retrier.jitterStrategy == .full, configuration.jitter == .seeded {
            delay = .milliseconds(Int64(random.next() % UInt64(delay.milliseconds + 1)))
        }
        return delay
    }

    /// A value as AWS quotes it in runtime errors: strings raw, anything else as JSON text.
    static func shown(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return DataFlow.serialize(value)
    }

    // MARK: Errors: retry, catch, fail

    /// Whether an `ErrorEquals` list matches `failure`.
    static func matches(_ names: [ErrorName], _ failure: RuntimeError) -> Bool {
        let error = failure.error
        return names.contains { name in
            switch name.rawValue {
            case error: true
            // Not States.Runtime, and not States.DataLimitExceeded unless a task reported it (recorded AWS behaviour).
            case ErrorName.all.rawValue:
                error != ErrorName.runtime.rawValue && (error != ErrorName.dataLimitExceeded.rawValue || failure.reportedByTask)
            // A task error: anything but the States.* errors (States.TaskFailed itself excepted).
            case ErrorName.taskFailed.rawValue: error == ErrorName.taskFailed.rawValue || !error.hasPrefix("States.")
            default: false
            }
        }
    }

    /// Whether a retrier of the state matches `error` and has attempts left.
    func willRetry(_ cs: CompiledState, _ error: RuntimeError, _ counts: [Int]) -> Bool {
        guard error.error != ErrorName.runtime.rawValue else { return false }
        for (i, retrier) in cs.state.retriers.enumerated() where Simulator.matches(retrier.errorEquals, error) {
            return i < counts.count && counts[i] < (retrier.maxAttempts ?? Retrier.defaultMaxAttempts)
        }
        return false
    }

    /// A state failed: retry it (calling `retry` after the backoff), catch it, or fail the flow.
    /// A JSONata evaluation error names the state, and is recorded as an `EvaluationFailed` event of its
    /// own, beside the state's Entered event (recorded AWS behaviour); Retry and Catch may still handle it.
    func reportEvaluationFailure(_ frame: Frame, _ cs: CompiledState, _ error: inout RuntimeError) {
        guard error.error == "States.QueryEvaluationError", !error.cause.hasPrefix("An error occurred while executing the state") else { return }
        error.cause = "An error occurred while executing the state '\(cs.name)' (entered at the event id #\(frame.enteredId)). " + error.cause
        var details: [(String, JSONValue)] = [("cause", .string(error.cause)), ("error", .string(error.error))]
        if let location = error.location { details.append(("location", .string(location))) }
        details.append(("state", .string(cs.name)))
        // Its predecessor is the Entered event's own predecessor, except for a Wait (recorded).
        var previous = frame.execution.history.first { $0.id == frame.enteredId }?.previousEventId
        if case .wait = cs.state.kind { previous = frame.enteredId }
        emit(frame.execution, frame, "EvaluationFailed", details, prev: previous)
    }

    func handle(_ frame: Frame, _ cs: CompiledState, _ error: RuntimeError, retryCounts: [Int], retry: ((Int, [Int]) -> Void)?) -> Step {
        guard frame.execution.status == .running, !frame.finished else { return .finished }
        if error.error == MissingMock.error {
            abortExecution(frame.execution, error)
            return .finished
        }
        // A runtime error names the state and its entered event, and no Retry or Catch handles it
        // (recorded AWS behaviour: even an explicit "States.Runtime" catcher does not).
        if error.error == ErrorName.runtime.rawValue {
            let prefix = "An error occurred while executing the state '\(cs.name)' (entered at the event id #\(frame.enteredId)). "
            let cause = error.cause.hasPrefix("An error occurred while executing the state") ? error.cause : prefix + error.cause
            return finish(frame, .failure(RuntimeError(error.error, cause)))
        }
        // A JSONata evaluation error names the state too, but Retry and Catch may handle it.
        var error = error
        reportEvaluationFailure(frame, cs, &error)
        let state = cs.state
        if let retry {
            var counts = retryCounts
            for (i, retrier) in state.retriers.enumerated() where Simulator.matches(retrier.errorEquals, error) {
                let maxAttempts = retrier.maxAttempts ?? Retrier.defaultMaxAttempts
                if let given = frame.inspector?.retrierRetryCount { counts[i] = given }
                guard counts[i] < maxAttempts else { frame.inspector?.exhaustedRetrier = i; break }
                counts[i] += 1
                let delay = retryDelay(retrier, attempt: counts[i])
                if let inspector = frame.inspector {
                    // TestState reports the retry (RETRIABLE, with its backoff) instead of waiting for it.
                    inspector.retried = (i, delay)
                    return finish(frame, .failure(error))
                }
                let attempt = counts.reduce(0, +)
                schedule(after: delay) {
                    guard frame.execution.status == .running, !frame.finished else { return }
                    retry(attempt, counts)
                }
                return .suspended
            }
        }
        for (i, catcher) in state.catchers.enumerated() where Simulator.matches(catcher.errorEquals, error) {
            // A failure without an error name (a callback that gave none) shows both as null, as on AWS.
            let errorOutput: JSONValue = error.error.isEmpty && error.cause.isEmpty
                ? ["Error": .null, "Cause": .null]
                : ["Error": .string(error.error), "Cause": .string(error.cause)]
            do throws(RuntimeError) {
                // The catcher's fields see the context object as of now.
                let visit = self.visit(frame, entered: time)
                let leave = try cs.flow.caught(visit, by: catcher, errorOutput: errorOutput, self)
                frame.inspector?.caught = (i, error)
                emitExited(frame, cs, leave)
                return goto(frame, cs.catchTargets[i], input: leave.output)
            } catch let inner {
                return finish(frame, .failure(inner))
            }
        }
        return finish(frame, .failure(error))
    }

    func fail(_ frame: Frame, _ cs: CompiledState, _ error: RuntimeError) {
        if handle(frame, cs, error, retryCounts: [], retry: nil) == .next { resume(frame) }
    }
}

import Foundation
