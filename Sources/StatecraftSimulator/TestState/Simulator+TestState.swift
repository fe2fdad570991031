import StatesLanguage

extension Simulator {
    /// Runs one state of a definition, as Step Functions' `TestState` API does, and tells how it
    /// ended: `SUCCEEDED` (with its output and next state), `FAILED`, `RETRIABLE` (a retrier would
    /// retry, after `retryBackoffIntervalSeconds`) or `CAUGHT_ERROR` (a catcher's output and `Next`).
    ///
    /// The state runs through the same behaviours and data flows as in an execution. A Task calls its
    /// mock when the request has one, else this simulator's ``services`` (modelled ECS, SNS, Lambda,
    /// DynamoDB, or scripted mocks); a Map or Parallel state with a mock takes the mock as its result
    /// without running its iterations or branches, and without one runs them. A Wait state does not
    /// wait (the clock is virtual). With `DEBUG` or `TRACE`, the response has the state's data after
    /// each stage of its data flow.
    /// - Parameter request: the definition, the state, its input, and what to mock.
    /// - Returns: the response, whatever the state did.
    /// - Throws: ``TestStateError`` for a definition with errors, a state the definition does not have,
    ///   a mocked result that does not fit the API's response, or a Task nothing answers.
    public func testState(_ request: TestStateRequest) throws(TestStateError) -> TestStateResponse {
        let tested = try TestStateDefinition(request)
        let cs = tested.state
        let aggregate: Bool
        switch cs.state.kind {
        case .map, .parallel: aggregate = true
        default: aggregate = false
        }
        if let mock = request.mock {
            try Self.check(mock, for: cs, aggregate: aggregate)
        }
        if DataFlow.exceedsSize(request.input, configuration.maximumPayloadBytes) {
            throw .invalidRequest(field: "input", message: "the input exceeds Step Functions' limit of \(configuration.maximumPayloadBytes) bytes",
                                  position: nil)
        }
        if let inner = request.stateConfiguration.errorCausedByState, !tested.program.stateNames.contains(inner) {
            let hint = Spelling.suggestion(for: inner, among: tested.program.stateNames).map { "; did you mean \"\($0)\"?" } ?? ""
            throw .invalidRequest(field: "stateConfiguration.errorCausedByState",
                                  message: "the definition has no state named \"\(inner)\"\(hint)", position: nil)
        }

        executionCount += 1
        let execution = Execution(
            name: "test-state-\(executionCount)", input: request.input, program: tested.program, startTime: time,
            arn: "arn:\(configuration.partition):states:\(configuration.region):\(configuration.account):execution:\(configuration.stateMachineName):test-state-\(executionCount)",
            machineArn: "arn:\(configuration.partition):states:\(configuration.region):\(configuration.account):stateMachine:\(configuration.stateMachineName)")
        let variables = Variables(parent: nil)
        for member in request.variables.members { variables.values[member.key] = member.value }
        var outcome: FrameResult?
        let frame = Frame(execution: execution, scope: tested.scope, index: tested.index, input: request.input, variables: variables,
                          mapItem: nil) { [unowned self] _, result in
            outcome = result
            self.finishExecution(execution, result)
        }
        let inspector = StateInspector(retrierRetryCount: request.stateConfiguration.retrierRetryCount)
        frame.inspector = inspector
        execution.mainFrame = frame
        if let given = request.context { useContext(given, for: frame) }

        let servicesBefore = services
        defer { services = servicesBefore }
        if let mock = request.mock, !aggregate { services.insert(TestStateMock(stateName: cs.name, outcome: mock.outcome), at: 0) }
        schedule(after: .zero) { [unowned self] in
            if aggregate, let mock = request.mock {
                self.runMocked(frame, cs, mock.outcome, iterationFailures: request.stateConfiguration.mapIterationFailureCount)
            } else {
                self.drive(frame)
            }
        }
        run()
        defer { cancel(execution.releaseFlows()) }

        if execution.error == MissingMock.error {
            throw .invalidRequest(field: "mock", message: "nothing answers Task state \"\(cs.name)\" (\((cs.behaviour as? TaskBehaviour)?.target.resource ?? "")): "
                                  + "give a mock, or services that model it (--services)", position: nil)
        }
        guard let outcome else {
            throw .invalidRequest(field: "mock", message: "state \"\(cs.name)\" is still waiting (for a callback with its task token?): mock its result",
                                  position: nil)
        }
        return response(outcome, inspector, tested, request: request, variables: variables)
    }

    /// Builds the response from how the state's flow ended and what its inspector recorded.
    private func response(_ outcome: FrameResult, _ inspector: StateInspector, _ tested: TestStateDefinition, request: TestStateRequest,
                          variables: Variables) -> TestStateResponse {
        var response = TestStateResponse(status: .succeeded)
        switch outcome {
        case .success(let output):
            response.output = output
            response.nextState = inspector.nextState.map { tested.program.scopes[tested.scope].states[$0].name }
            if let caught = inspector.caught {
                response.status = .caughtError
                response.error = caught.error.error
                response.cause = caught.error.cause
            }
        case .failure(let error):
            response.status = inspector.retried == nil ? .failed : .retriable
            response.error = error.error.isEmpty ? nil : error.error
            response.cause = error.cause.isEmpty ? nil : error.cause
        }
        guard request.inspectionLevel != .info else { return response }

        var data = TestStateResponse.InspectionData()
        data.input = request.input
        data.afterInputPath = inspector.afterInputPath
        data.afterParameters = inspector.afterParameters
        data.afterArguments = inspector.afterArguments
        switch tested.state.state.kind {
        case .task, .map, .parallel:
            (data.result, data.afterResultSelector, data.afterResultPath) = (inspector.result, inspector.afterResultSelector, inspector.afterResultPath)
        case .pass:
            (data.result, data.afterResultPath) = (inspector.result, inspector.afterResultPath)
        case .choice, .wait, .succeed, .fail:
            break
        }
        let all = variables.all
        if !all.isEmpty { data.variables = .object(JSONObject(all.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })) }
        var details = TestStateResponse.InspectionData.ErrorDetails()
        details.catchIndex = inspector.caught?.index
        details.retryIndex = inspector.retried?.index ?? inspector.exhaustedRetrier
        details.retryBackoffIntervalSeconds = inspector.retried.map { Int($0.delay.milliseconds / 1000) }
        if details != TestStateResponse.InspectionData.ErrorDetails() { data.errorDetails = details }
        response.inspectionData = data
        return response
    }

    /// Rejects a mock the state cannot use, and a mocked result that does not fit the response of the
    /// API the Task calls (`fieldValidationMode`).
    static func check(_ mock: TestStateRequest.Mock, for cs: CompiledState, aggregate: Bool) throws(TestStateError) {
        guard let task = cs.behaviour as? TaskBehaviour else {
            guard aggregate else {
                throw .invalidRequest(field: "mock", message: "a mock stands for what a Task, Map or Parallel state calls; "
                                      + "\"\(cs.name)\" is a \(cs.state.typeName) state", position: nil)
            }
            return
        }
        guard case .result(let result) = mock.outcome, mock.fieldValidationMode != .none,
              let shape = MockResultShape.response(of: task.target) else { return }
        if let problem = shape.problem(in: result, field: nil, mode: mock.fieldValidationMode) {
            throw .invalidRequest(field: "mock.result", message: "Mock result schema validation error: \(problem)", position: nil)
        }
    }

    /// A Map or Parallel state with a mock: its data flow around the mocked result (or error), without
    /// running its iterations or branches. `iterationFailures` is checked against a Map's tolerated failures.
    func runMocked(_ frame: Frame, _ cs: CompiledState, _ mock: TestStateRequest.Mock.Outcome, iterationFailures: Int?) {
        frame.enteredId = emit(frame.execution, frame, cs.enteredType, payload: .entered(name: cs.name, input: frame.input))
        let visit = self.visit(frame, entered: time)
        let counts = Array(repeating: 0, count: cs.state.retriers.count)
        // Never called: the inspector reports a retry instead of scheduling it.
        let retry: (Int, [Int]) -> Void = { _, _ in }
        do throws(RuntimeError) {
            let effective = try cs.flow.effectiveInput(visit, self)
            if case .parallel = cs.state.kind { _ = try cs.flow.arguments(visit, effective: effective, self) }
            switch mock {
            case .error(let error, let cause):
                throw RuntimeError(error, cause, reportedByTask: true)
            case .result(let result):
                if case .map(let map) = cs.state.kind, let failures = iterationFailures,
                   Self.exceedsTolerance(map, failures: failures, items: result.arrayValue?.count ?? 0) {
                    throw RuntimeError("States.ExceedToleratedFailureThreshold", "The specified tolerated failure threshold was exceeded")
                }
                finishAggregate(frame, cs, raw: result, transition: cs.state.transition ?? .end, visit: visit, retryCounts: counts, retry: retry)
            }
        } catch {
            if handle(frame, cs, error, retryCounts: counts, retry: retry) == .next { resume(frame) }
        }
    }

    /// Whether `failures` failed iterations exceed a Map's `ToleratedFailureCount` or
    /// `ToleratedFailurePercentage` (given as numbers); a Map with neither tolerates no failure but
    /// fails with the iteration's own error, which a mocked result does not have, so it passes.
    static func exceedsTolerance(_ map: MapState, failures: Int, items: Int) -> Bool {
        var count: Int?
        var percentage: Double?
        if case .literal(let n)? = map.toleratedFailureCount { count = n }
        if case .literal(let p)? = map.toleratedFailurePercentage { percentage = p.doubleValue }
        guard count != nil || percentage != nil else { return false }
        let total = max(items, failures, 1)
        return failures > (count ?? 0) && Double(failures) * 100 / Double(total) > (percentage ?? 0)
    }

    /// The request's context object: its `Execution` and `StateMachine` members replace the simulated ones.
    func useContext(_ given: JSONValue, for frame: Frame) {
        _ = context(frame, state: frame.states[frame.index].name, enteredTime: time, retryCount: nil)
        guard let head = frame.execution.contextHead else { return }
        func merged(_ base: JSONValue, _ over: JSONValue?) -> JSONValue {
            guard case .object(var object) = base, case .object(let changes)? = over else { return over ?? base }
            for member in changes.members { object[member.key] = member.value }
            return .object(object)
        }
        frame.execution.contextHead = (execution: merged(head.execution, given["Execution"]), machine: merged(head.machine, given["StateMachine"]))
    }
}

/// Answers the tested Task state's call with the request's mock.
final class TestStateMock: ServiceIntegration {
    let stateName: String
    let outcome: TestStateRequest.Mock.Outcome

    init(stateName: String, outcome: TestStateRequest.Mock.Outcome) {
        self.stateName = stateName
        self.outcome = outcome
    }

    func invoke(_ call: TaskCall) -> TaskOutcome? {
        guard call.stateName == stateName else { return nil }
        switch outcome {
        case .result(let result): return .success(result)
        case .error(let error, let cause): return .failure(error: error, cause: cause)
        }
    }
}
