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

    func compiled(_ frame: Frame) -> CompiledState {
        frame.states[frame.index]
    }

    func scope(_ frame: Frame, input: JSONValue, state: String, entered: VirtualTime, retry: Int? = nil, token: String? = nil) -> DataScope {
        let needed = frame.states[frame.index].readsContext
        return DataScope(input: input, context: needed ? context(frame, state: state, enteredTime: entered, retryCount: retry, token: token) : .null,
                         variables: frame.variables.all)
    }

    func runState(_ frame: Frame) -> Step {
        let cs = compiled(frame)
        let entered = time
        frame.enteredId = emit(frame.execution, frame, cs.enteredType, object: JSONObject(uniqueMembers: [
            .init(key: "input", value: .string(frame.inputText ?? DataFlow.serialize(frame.input))),
            .init(key: "inputDetails", value: Simulator.notTruncated), .init(key: "name", value: .string(cs.name)),
        ]))
        if cs.jsonata { return runJSONataState(frame, cs, entered: entered) }
        let state = cs.state
        let data = scope(frame, input: frame.input, state: cs.name, entered: entered)
        do throws(RuntimeError) {
            switch state.kind {
            case .pass(let pass):
                let effective = try DataFlow.inputPath(pass.inputPath, data)
                let effectiveScope = DataScope(input: effective, context: data.context, variables: data.variables)
                let result: JSONValue
                if let parameters = pass.parameters {
                    result = try DataFlow.evaluate(parameters, effectiveScope, random: &random)
                } else {
                    result = pass.result ?? effective
                }
                let assigned = try assign(pass.assign, result: result, frame: frame, data: data)
                let output = try DataFlow.outputPath(pass.outputPath, try DataFlow.applyResultPath(pass.resultPath, result: result, input: frame.input), data)
                return exit(frame, cs, output: output, assigned: assigned, transition: pass.transition)
            case .succeed(let succeed):
                let effective = try DataFlow.inputPath(succeed.inputPath, data)
                let output = try DataFlow.outputPath(succeed.outputPath, effective, data)
                emit(frame.execution, frame, "SucceedStateExited", object: exitedDetails(cs.name, output, nil))
                return finish(frame, .success(output))
            case .fail(let fail):
                let error = try failText(fail.error, field: "ErrorPath", data)
                let cause = try failText(fail.cause, field: "CausePath", data)
                return finish(frame, .failure(RuntimeError(error ?? "", cause ?? "")))
            case .choice(let choice):
                let effective = try DataFlow.inputPath(choice.inputPath, data)
                let effectiveScope = DataScope(input: effective, context: data.context, variables: data.variables)
                var target: Int?
                var matched: Int?
                for i in choice.choices.indices where try ChoiceEvaluator.holds(choice.choices[i].condition, effectiveScope) {
                    target = cs.choiceTargets[i]
                    matched = i
                    break
                }
                if target == nil { target = cs.defaultTarget }
                guard let next = target else {
                    throw RuntimeError("States.NoChoiceMatched", "No Matches!")
                }
                var assigned = try assign(choice.assign, result: effective, frame: frame, data: data)
                if let matched, let branchAssign = choice.choices[matched].assign {
                    assigned = (assigned ?? []) + (try assign(branchAssign, result: effective, frame: frame, data: data) ?? [])
                }
                let output = try DataFlow.outputPath(choice.outputPath, effective, data)
                // Without InputPath and OutputPath the output is the input, whose text is often known.
                let passesInput = choice.inputPath == nil && choice.outputPath == nil
                let text = passesInput ? frame.inputText ?? DataFlow.serialize(output) : DataFlow.serialize(output)
                emit(frame.execution, frame, "ChoiceStateExited", object: exitedDetails(cs.name, outputText: text, assigned))
                return goto(frame, next, input: output, text: text)
            case .wait(let wait):
                let effective = try DataFlow.inputPath(wait.inputPath, data)
                let effectiveScope = DataScope(input: effective, context: data.context, variables: data.variables)
                let delay = try waitDelay(wait.duration, effectiveScope)
                schedule(after: delay) { [unowned self] in
                    guard frame.execution.status == .running, !frame.finished else { return }
                    do throws(RuntimeError) {
                        let assigned = try self.assign(wait.assign, result: effective, frame: frame, data: data)
                        let output = try DataFlow.outputPath(wait.outputPath, effective, data)
                        if self.exit(frame, cs, output: output, assigned: assigned, transition: wait.transition) == .next { self.drive(frame) }
                    } catch {
                        self.fail(frame, cs, error)
                    }
                }
                return .suspended
            case .task(let task):
                startTask(frame, cs, task, attempt: 0, retryCounts: Array(repeating: 0, count: task.retry.count), entered: entered)
                return .suspended
            case .parallel(let parallel):
                startParallel(frame, cs, parallel, retryCounts: Array(repeating: 0, count: parallel.retry.count), entered: entered)
                return .suspended
            case .map(let map):
                startMap(frame, cs, map, retryCounts: Array(repeating: 0, count: map.retry.count), entered: entered)
                return .suspended
            }
        } catch {
            return handle(frame, cs, error, retryCounts: [], retry: nil)
        }
    }

    // MARK: Leaving states

    func exitedDetails(_ name: String, _ output: JSONValue, _ assigned: [(String, JSONValue)]?) -> JSONObject {
        exitedDetails(name, outputText: DataFlow.serialize(output), assigned)
    }

    func exitedDetails(_ name: String, outputText: String, _ assigned: [(String, JSONValue)]?) -> JSONObject {
        var members: [JSONObject.Member] = []
        members.reserveCapacity(assigned == nil ? 3 : 5)
        if let assigned {
            var variables = JSONObject()
            for (k, v) in assigned.sorted(by: { $0.0 < $1.0 }) { variables[k] = .string(DataFlow.serialize(v)) }
            members.append(.init(key: "assignedVariables", value: .object(variables)))
            members.append(.init(key: "assignedVariablesDetails", value: Simulator.notTruncated))
        }
        members.append(.init(key: "name", value: .string(name)))
        members.append(.init(key: "output", value: .string(outputText)))
        members.append(.init(key: "outputDetails", value: Simulator.notTruncated))
        return JSONObject(uniqueMembers: members)
    }

    /// Emits the Exited event and follows the transition.
    func exit(_ frame: Frame, _ cs: CompiledState, output: JSONValue, assigned: [(String, JSONValue)]?, transition: Transition) -> Step {
        let text = DataFlow.serialize(output)
        if text.utf8.count > configuration.maximumPayloadBytes {
            return handle(frame, cs, RuntimeError("States.DataLimitExceeded",
                "The state/task '\(cs.name)' returned a result with a size exceeding the maximum number of bytes service limit."), retryCounts: [], retry: nil)
        }
        emit(frame.execution, frame, cs.exitedType, object: exitedDetails(cs.name, outputText: text, assigned))
        switch transition {
        case .end: return finish(frame, .success(output))
        case .next: return goto(frame, cs.next ?? -1, input: output, text: text)
        }
    }

    /// Moves the flow to state `index`; `text` is `input` serialized, when the caller has it.
    func goto(_ frame: Frame, _ index: Int, input: JSONValue, text: String? = nil) -> Step {
        guard index >= 0 else {
            return finish(frame, .failure(RuntimeError("States.Runtime", "a transition names a state that does not exist")))
        }
        frame.index = index
        frame.input = input
        frame.inputText = text
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

    /// Evaluates `Assign` (with `$` the state's result) and sets the variables; returns what was assigned.
    func assign(_ template: PayloadTemplate?, result: JSONValue, frame: Frame, data: DataScope) throws(RuntimeError) -> [(String, JSONValue)]? {
        guard let template else { return nil }
        if case .object(let fields) = template, fields.isEmpty { return nil }
        let value = try DataFlow.evaluate(template, DataScope(input: result, context: data.context, variables: data.variables), random: &random)
        guard case .object(let fields) = value else { return nil }
        var assigned: [(String, JSONValue)] = []
        for field in fields {
            frame.variables.assign(field.key, field.value)
            assigned.append((field.key, field.value))
        }
        return assigned
    }

    func failText(_ source: FailState.Source?, field: String, _ data: DataScope) throws(RuntimeError) -> String? {
        switch source {
        case nil: return nil
        case .literal(let s): return s
        case .expression(let e):
            let value = try DataFlow.evaluate(e, data, field: field, random: &random)
            guard case .string(let s) = value else {
                throw RuntimeError("States.Runtime", "The value of \(field) must be a string, found \(DataFlow.serialize(value))")
            }
            return s
        }
    }

    /// How long a Wait state waits: its seconds, or the time left until its timestamp (none if past).
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
            case .jsonata: throw RuntimeError("States.Runtime", "JSONata expressions are not evaluated by the simulator yet")
            }
            guard let t = Timestamp(parsing: text) else {
                throw RuntimeError("States.Runtime", "The Timestamp '\(text)' is not a valid ISO-8601 extended offset date-time")
            }
            return delay(until: t)
        case .seconds(.jsonata):
            throw RuntimeError("States.Runtime", "JSONata expressions are not evaluated by the simulator yet")
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
        if retrier.jitterStrategy == .full {
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
                guard counts[i] < maxAttempts else { break }
                counts[i] += 1
                let delay = retryDelay(retrier, attempt: counts[i])
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
                if cs.jsonata {
                    let context = self.context(frame, state: cs.name, enteredTime: time, retryCount: nil)
                    let bindings = jsonataBindings(frame, input: frame.input, context: context, errorOutput: errorOutput)
                    let output = try catcher.output.map { o throws(RuntimeError) in try evaluateJSONata(o, field: "Output", bindings) } ?? errorOutput
                    let assigned = try assignJSONata(catcher.assign, frame, bindings)
                    commit(assigned, frame)
                    emit(frame.execution, frame, cs.exitedType, object: exitedDetails(cs.name, output, assigned))
                    return goto(frame, cs.catchTargets[i], input: output)
                }
                let data = scope(frame, input: frame.input, state: cs.name, entered: time)
                let output = try DataFlow.applyResultPath(catcher.resultPath, result: errorOutput, input: frame.input)
                let assigned = try assign(catcher.assign, result: errorOutput, frame: frame, data: data)
                emit(frame.execution, frame, cs.exitedType, object: exitedDetails(cs.name, output, assigned))
                return goto(frame, cs.catchTargets[i], input: output)
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
