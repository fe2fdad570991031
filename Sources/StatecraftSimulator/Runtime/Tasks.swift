import StatesLanguage

extension Simulator {
    /// Runs one attempt of a Task state: Scheduled, Started, the call, then Succeeded/Failed/TimedOut.
    func startTask(_ frame: Frame, _ cs: CompiledState, _ task: TaskState, attempt: Int, retryCounts: [Int], entered: VirtualTime) {
        let execution = frame.execution
        guard let behaviour = cs.behaviour as? TaskBehaviour else { return }
        let target = behaviour.target
        let retry: (Int, [Int]) -> Void = { [unowned self] next, counts in
            self.startTask(frame, cs, task, attempt: next, retryCounts: counts, entered: entered)
        }
        // Recorded: the token is in the context of callback and .sync tasks.
        let token: String? = target.pattern == .requestResponse ? nil : random.uuid()
        let visit = self.visit(frame, entered: entered, attempt: attempt, token: token, forceContext: true)
        let parameters: JSONValue
        let timeout: Int?
        let heartbeat: Int?
        var credentials: JSONValue?
        do throws(RuntimeError) {
            let effective = try cs.flow.effectiveInput(visit, self)
            parameters = try cs.flow.arguments(visit, effective: effective, self)
            if target.kind == .activity, let activities = configuration.activities, !activities.contains(target.resource) {
                throw RuntimeError("States.Runtime", "The activity \(target.resource) does not exist.")
            }
            if let problem = Simulator.requestProblem(parameters, for: target) {
                throw RuntimeError("States.Runtime",
                    "The Parameters '\(DataFlow.serialize(parameters))' could not be used to start the Task: [\(problem)]")
            }
            timeout = try seconds(task.timeoutSeconds, visit, effective: effective, field: "TimeoutSecondsPath")
            heartbeat = try seconds(task.heartbeatSeconds, visit, effective: effective, field: "HeartbeatSecondsPath")
            // The role the task runs as appears in the Scheduled event as `taskCredentials.roleArn`.
            if let template = task.credentials, let role = try DataFlow.evaluate(template, visit.scope(effective), random: &random)["RoleArn"] {
                credentials = ["roleArn": role]
            }
        } catch {
            if handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { resume(frame) }
            return
        }
        let invocation = execution.invocations[cs.name, default: 0]
        execution.invocations[cs.name] = invocation + 1
        // The Scheduled event's details (the request as JSON text) are written when the history is read.
        let request = Simulator.request(parameters, for: target)
        let constantText = behaviour.constantRequestText
        let region = target.region.isEmpty ? configuration.region : target.region
        let workerName = configuration.activityWorkerName
        let roleCredentials = credentials
        switch target.kind {
        case .integration:
            emit(execution, frame, "TaskScheduled", payload: .deferred {
                var details: [(String, JSONValue)] = [
                    ("resourceType", .string(target.resourceType)), ("resource", .string(target.resourceName)),
                    ("region", .string(region)), ("parameters", .string(constantText ?? DataFlow.serialize(request))),
                ]
                if let timeout { details.append(("timeoutInSeconds", .number(JSONNumber(timeout)))) }
                if let heartbeat { details.append(("heartbeatInSeconds", .number(JSONNumber(heartbeat)))) }
                if let roleCredentials { details.append(("taskCredentials", roleCredentials)) }
                return JSONObject(distinctPairs: details)
            })
            emit(execution, frame, "TaskStarted", [("resourceType", .string(target.resourceType)), ("resource", .string(target.resourceName))])
        case .lambdaFunction:
            emit(execution, frame, "LambdaFunctionScheduled", payload: .deferred {
                var details: [(String, JSONValue)] = [("input", .string(constantText ?? DataFlow.serialize(request))), ("inputDetails", Simulator.notTruncated),
                                                      ("resource", .string(target.resource))]
                if let timeout { details.append(("timeoutInSeconds", .number(JSONNumber(timeout)))) }
                if let roleCredentials { details.append(("taskCredentials", roleCredentials)) }
                return JSONObject(distinctPairs: details)
            })
            emit(execution, frame, "LambdaFunctionStarted", nil)
        case .activity:
            emit(execution, frame, "ActivityScheduled", payload: .deferred {
                var details: [(String, JSONValue)] = [("input", .string(constantText ?? DataFlow.serialize(request))), ("inputDetails", Simulator.notTruncated),
                                                      ("resource", .string(target.resource))]
                if let timeout { details.append(("timeoutInSeconds", .number(JSONNumber(timeout)))) }
                if let heartbeat { details.append(("heartbeatInSeconds", .number(JSONNumber(heartbeat)))) }
                return JSONObject(distinctPairs: details)
            })
            emit(execution, frame, "ActivityStarted", workerName.map { [("workerName", JSONValue.string($0))] } ?? [])
        }
        let call = TaskCall(stateName: cs.name, target: target, parameters: parameters, invocation: invocation, attempt: attempt,
                            context: visit.context, executionName: execution.name, now: time.seconds)
        let answered = answer(call)
        let outcome = answered?.outcome ?? .failure(error: MissingMock.error, cause: Simulator.missingMockHelp(cs.name, target))
        frame.inflight = answered.map { InflightCall(call: call, service: $0.service) }
        var resolved = outcome
        var duration = VirtualTime(seconds: outcome.duration)
        if let timeout, duration > .seconds(timeout) {
            resolved = .timeout(error: ErrorName.timeout.rawValue, duration: Double(timeout), submitted: outcome.submitted)
            duration = .seconds(timeout)
        } else if let heartbeat, duration > .seconds(heartbeat), target.pattern == .callback {
            // AWS records an expired heartbeat as States.Timeout.
            resolved = .timeout(error: ErrorName.timeout.rawValue, duration: Double(heartbeat), submitted: outcome.submitted)
            duration = .seconds(heartbeat)
        }
        if let submitted = outcome.submitted, target.kind == .integration {
            emit(execution, frame, "TaskSubmitted", [("resourceType", .string(target.resourceType)), ("resource", .string(target.resourceName)),
                                                     ("output", .string(DataFlow.serialize(submitted))), ("outputDetails", Simulator.notTruncated)])
        }
        if case .awaitCallback(_, let reply, let delay) = outcome {
            let waiting = PendingCallback(frame: frame, state: cs, task: task, target: target, retryCounts: retryCounts, retry: retry,
                                          visit: visit, heartbeat: heartbeat, lastBeat: time)
            let taskToken = token ?? random.uuid()
            awaitCallback(taskToken, waiting, timeout: timeout)
            if let reply {
                // The worker's answer, if the task still waits for it then.
                schedule(after: VirtualTime(seconds: delay)) { [unowned self] in
                    switch reply {
                    case .success(let output, _, _): try? self.sendTaskSuccess(taskToken: taskToken, output: output)
                    case .failure(let error, let cause, _, _): try? self.sendTaskFailure(taskToken: taskToken, error: error, cause: cause)
                    case .timeout, .awaitCallback: break
                    }
                }
            }
            return
        }
        schedule(after: duration) { [unowned self] in
            guard execution.status == .running, !frame.finished else { return }
            self.completeTask(frame, cs, task, target, resolved, retryCounts: retryCounts, retry: retry, visit: visit)
        }
    }

    /// `TimeoutSeconds` or `HeartbeatSeconds`: a literal, a path over the effective input, or a
    /// JSONata expression; a positive integer.
    func seconds(_ source: ValueSource<Int>?, _ visit: Visit, effective: JSONValue, field: String) throws(RuntimeError) -> Int? {
        switch source {
        case nil: return nil
        case .literal(let s): return s
        case .path(let p):
            guard case .number(let n) = try DataFlow.select(p, in: visit.scope(effective)), let i = n.intValue, i > 0 else {
                throw RuntimeError("States.Runtime", "The \(field) parameter does not reference a valid positive integer: '\(p.text)'")
            }
            return i
        case .jsonata(let text):
            let name = String(field.dropLast("Path".count))
            guard case .number(let n) = try evaluateJSONata(.string(text), field: name, visit.bindings()), let i = n.intValue, i > 0 else {
                throw located(jsonataFailure("The \(name) field must evaluate to a positive integer"), name)
            }
            return i
        }
    }

    /// The request as history records it: Step Functions adds who started the task to a `.sync`
    /// ECS RunTask request.
    static func request(_ parameters: JSONValue, for target: TaskTarget) -> JSONValue {
        guard target.resourceType == "ecs", target.resourceName == "runTask.sync", case .object(var o) = parameters,
              o["StartedBy"] == nil else { return parameters }
        o["StartedBy"] = "AWS Step Functions"
        return .object(o)
    }

    /// What Step Functions itself rejects in an integration's request before calling the service
    /// (recorded: API Gateway header values must be lists of strings); `nil` when nothing is.
    static func requestProblem(_ parameters: JSONValue, for target: TaskTarget) -> String? {
        if target.resourceType == "apigateway", target.resourceName.hasPrefix("invoke"), let headers = parameters["Headers"] {
            guard case .object(let fields) = headers,
                  fields.allSatisfy({ $0.value.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false }) else {
                return "The value of the field 'Headers' has an invalid format"
            }
        }
        return nil
    }

    /// The first service's answer to `call`. Each service is asked once at most (services may keep
    /// state, such as a worker remembering the task token).
    func answer(_ call: TaskCall) -> (outcome: TaskOutcome, service: ServiceIntegration)? {
        for service in services {
            if let outcome = service.invoke(call) { return (outcome, service) }
        }
        return nil
    }

    static func missingMockHelp(_ state: String, _ target: TaskTarget) -> String {
        "no mock answers Task state \"\(state)\" (\(target.resource)). Mock it with ScriptedMocks().state(\"\(state)\", responses: [...]), "
            + "a MockConfigFile test case mapping \"\(state)\" to a response, or a modelled service in --services"
    }

    func completeTask(_ frame: Frame, _ cs: CompiledState, _ task: TaskState, _ target: TaskTarget, _ outcome: TaskOutcome,
                      retryCounts: [Int], retry: @escaping (Int, [Int]) -> Void, visit: Visit) {
        let execution = frame.execution
        frame.inflight = nil
        let prefix: String
        switch target.kind {
        case .integration: prefix = "Task"
        case .lambdaFunction: prefix = "LambdaFunction"
        case .activity: prefix = "Activity"
        }
        func typed(_ details: [(String, JSONValue)]) -> [(String, JSONValue)] {
            target.kind == .integration ? [("resourceType", .string(target.resourceType)), ("resource", .string(target.resourceName))] + details : details
        }
        switch outcome {
        case .success(let raw, _, _):
            emit(execution, frame, prefix + "Succeeded",
                 payload: .succeeded(resource: target.kind == .integration ? (target.resourceType, target.resourceName) : nil, output: raw))
            do throws(RuntimeError) {
                let leave = try cs.flow.leave(visit, result: raw, self)
                if exit(frame, cs, leave, transition: task.transition) == .next { resume(frame) }
            } catch {
                if handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { resume(frame) }
            }
        case .failure(let error, let cause, _, _):
            if error == MissingMock.error {
                abortExecution(execution, RuntimeError(error, cause ?? ""))
                return
            }
            // An empty error name is no error name (a callback failure may give neither).
            var details: [(String, JSONValue)] = error.isEmpty ? [] : [("error", .string(error))]
            if let cause, !(cause.isEmpty && error.isEmpty) { details.append(("cause", .string(cause))) }
            emit(execution, frame, prefix + "Failed", typed(details))
            if handle(frame, cs, RuntimeError(error, cause ?? "", reportedByTask: true), retryCounts: retryCounts, retry: retry) == .next { resume(frame) }
        case .timeout(let error, _, _):
            emit(execution, frame, prefix + "TimedOut", typed([("error", .string(error))]))
            if handle(frame, cs, RuntimeError(error, "", reportedByTask: true), retryCounts: retryCounts, retry: retry) == .next { resume(frame) }
        case .awaitCallback:
            // Never scheduled: startTask parks callback waits instead (see Callbacks.swift).
            return
        }
    }
}
