import StatesLanguage

extension Simulator {
    // MARK: Parallel

    func startParallel(_ frame: Frame, _ cs: CompiledState, _ parallel: ParallelState, retryCounts: [Int], entered: Double) {
        let execution = frame.execution
        let retry: (Int, [Int]) -> Void = { [unowned self] _, counts in
            self.startParallel(frame, cs, parallel, retryCounts: counts, entered: entered)
        }
        let data = scope(frame, input: frame.input, state: cs.name, entered: entered)
        let branchInput: JSONValue
        do throws(RuntimeError) {
            if cs.jsonata {
                // JSONata mode: Arguments (the state input when absent) go to every branch.
                let bindings = jsonataBindings(frame, input: frame.input, context: data.context)
                branchInput = try parallel.arguments.map { a throws(RuntimeError) in try evaluateJSONata(a, field: "Arguments", bindings) } ?? frame.input
            } else {
                let effective = try DataFlow.inputPath(parallel.inputPath, data)
                let effectiveScope = DataScope(input: effective, context: data.context, variables: data.variables)
                branchInput = try parallel.parameters.map { t throws(RuntimeError) in try DataFlow.evaluate(t, effectiveScope, random: &random) } ?? effective
            }
        } catch {
            if handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { drive(frame) }
            return
        }
        emit(execution, frame, "ParallelStateStarted", nil)
        var results = [JSONValue?](repeating: nil, count: cs.branches.count)
        var remaining = cs.branches.count
        var failed = false
        let complete: (RuntimeError?) -> Void = { [unowned self] error in
            frame.children.removeAll()
            if let error {
                // As for Map: an attempt that will be retried ends without a Failed event (recorded).
                if !self.willRetry(cs, error, retryCounts) { self.emit(execution, frame, "ParallelStateFailed", nil) }
                if self.handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { self.drive(frame) }
                return
            }
            self.emit(execution, frame, "ParallelStateSucceeded", nil)
            let raw = JSONValue.array(results.map { $0 ?? .null })
            self.finishAggregate(frame, cs, raw: raw, resultSelector: parallel.resultSelector, resultPath: parallel.resultPath,
                                 outputPath: parallel.outputPath, assignTemplate: parallel.assign, transition: parallel.transition,
                                 data: data, retryCounts: retryCounts, retry: retry)
        }
        if cs.branches.isEmpty { complete(nil); return }
        for (i, branchScope) in cs.branches.enumerated() {
            guard let start = execution.program.scopes[branchScope].start else { continue }
            let child = Frame(execution: execution, scope: branchScope, index: start, input: branchInput,
                              variables: Variables(parent: frame.variables), mapItem: nil) { [unowned self] child, result in
                guard !failed else { return }
                switch result {
                case .success(let output):
                    results[i] = output
                    remaining -= 1
                    if remaining == 0 { complete(nil) }
                case .failure(let error):
                    failed = true
                    // A task that failed inside the branch is recorded as aborted with it.
                    if execution.history.last?.type == "TaskFailed" { self.emit(execution, child, "TaskStateAborted", nil) }
                    for other in frame.children where other !== child { self.abort(other) }
                    complete(error)
                }
            }
            frame.children.append(child)
        }
        for child in frame.children { schedule(after: 0) { [unowned self] in self.drive(child) } }
    }

    /// Stops a flow and its children (a failed sibling, an aborted execution).
    func abort(_ frame: Frame) {
        guard !frame.finished else { return }
        frame.finished = true
        if let inflight = frame.inflight {
            frame.inflight = nil
            inflight.service.cancel(inflight.call, at: now)
        }
        for child in frame.children { abort(child) }
        // A distributed Map's child executions stop with the state that runs them.
        for child in frame.childExecutions where child.status == .running {
            child.status = .aborted
            cancel(child.releaseFlows())
        }
    }

    /// The common end of Parallel and Map: ResultSelector, ResultPath, OutputPath, Assign, Exited.
    func finishAggregate(_ frame: Frame, _ cs: CompiledState, raw: JSONValue, resultSelector: PayloadTemplate?, resultPath: NullablePath?,
                         outputPath: NullablePath?, assignTemplate: PayloadTemplate?, transition: Transition, data: DataScope,
                         retryCounts: [Int], retry: @escaping (Int, [Int]) -> Void) {
        do throws(RuntimeError) {
            if cs.jsonata {
                // JSONata mode: Output (the result when absent) and Assign see $states.result.
                let bindings = jsonataBindings(frame, input: frame.input, context: data.context, result: raw)
                let template: JSONValue? = switch cs.state.kind {
                case .map(let m): m.output
                case .parallel(let p): p.output
                default: nil
                }
                let output = try template.map { o throws(RuntimeError) in try evaluateJSONata(o, field: "Output", bindings) } ?? raw
                let assigned = try assignJSONata(assignTemplate, frame, bindings)
                commit(assigned, frame)
                if exit(frame, cs, output: output, assigned: assigned, transition: transition) == .next { drive(frame) }
                return
            }
            let resultScope = DataScope(input: raw, context: data.context, variables: data.variables)
            let selected = try resultSelector.map { t throws(RuntimeError) in try DataFlow.evaluate(t, resultScope, random: &random) } ?? raw
            let assigned = try assign(assignTemplate, result: selected, frame: frame, data: data)
            let output = try DataFlow.outputPath(outputPath, try DataFlow.applyResultPath(resultPath, result: selected, input: frame.input), data)
            if exit(frame, cs, output: output, assigned: assigned, transition: transition) == .next { drive(frame) }
        } catch {
            if handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { drive(frame) }
        }
    }

    // MARK: Map (inline)

    func startMap(_ frame: Frame, _ cs: CompiledState, _ map: MapState, retryCounts: [Int], entered: Double) {
        let execution = frame.execution
        let retry: (Int, [Int]) -> Void = { [unowned self] _, counts in
            self.startMap(frame, cs, map, retryCounts: counts, entered: entered)
        }
        let data = scope(frame, input: frame.input, state: cs.name, entered: entered)
        let items: [JSONValue]
        let effectiveScope: DataScope
        let maxConcurrency: Int
        do throws(RuntimeError) {
            let effective = try DataFlow.inputPath(map.inputPath, data)
            effectiveScope = DataScope(input: effective, context: data.context, variables: data.variables)
            if cs.jsonata {
                // A distributed Map reads its items itself (possibly through an ItemReader).
                items = map.isDistributed ? [] : try jsonataItems(map, jsonataBindings(frame, input: frame.input, context: data.context))
            } else {
                let list = map.isDistributed ? .array([]) : try map.itemsPath.map { p throws(RuntimeError) in try DataFlow.select(p, in: effectiveScope) } ?? effective
                guard case .array(let array) = list else {
                    throw RuntimeError("States.Runtime", "Map state input must be an array, found \(list.typeName) at ItemsPath '\(map.itemsPath?.text ?? "$")'")
                }
                items = array
            }
            switch map.maxConcurrency {
            case .literal(let n)?: maxConcurrency = n
            case .jsonata(let text)?:
                guard case .number(let n) = try evaluateJSONata(.string(text), field: "MaxConcurrency",
                                                                 jsonataBindings(frame, input: frame.input, context: data.context)),
                      let i = n.intValue, i >= 0 else {
                    throw located(_JSONataEvaluator.failure("The MaxConcurrency field must evaluate to a non-negative integer"), "MaxConcurrency")
                }
                maxConcurrency = i
            case .path(let p)?:
                let value = try DataFlow.select(p, in: effectiveScope)
                guard let i = Simulator.integer(value) else {
                    throw RuntimeError("States.Runtime",
                        "The MaxConcurrencyPath field refers to value \"\(Simulator.shown(value))\" which is not a valid integer: \(p.text)")
                }
                maxConcurrency = max(0, i)
            default: maxConcurrency = 0
            }
        } catch {
            var error = error
            if cs.jsonata && error.error == "States.QueryEvaluationError" {
                // Recorded: EvaluationFailed, then MapStateFailed, then the failure.
                reportEvaluationFailure(frame, cs, &error)
                emit(execution, frame, "MapStateFailed", nil)
            }
            if handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { drive(frame) }
            return
        }
        if map.isDistributed {
            startDistributedMap(frame, cs, map, effective: effectiveScope, data: data, retryCounts: retryCounts, retry: retry, entered: entered,
                                maxConcurrency: maxConcurrency)
            return
        }
        emit(execution, frame, "MapStateStarted", [("length", .number(JSONNumber(items.count)))])
        guard let processor = cs.processor, let start = execution.program.scopes[processor].start else { return }
        var results = [JSONValue?](repeating: nil, count: items.count)
        var next = 0
        var running = 0
        var failed = false
        let limit = maxConcurrency <= 0 ? Int.max : maxConcurrency
        let finishMap: (RuntimeError?) -> Void = { [unowned self] error in
            frame.children.removeAll()
            frame.launchIterations = nil
            if let error {
                // A Map about to be retried records no MapStateFailed: its next MapStateStarted follows.
                if !self.willRetry(cs, error, retryCounts) { self.emit(execution, frame, "MapStateFailed", nil) }
                if self.handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { self.drive(frame) }
                return
            }
            self.emit(execution, frame, "MapStateSucceeded", nil)
            self.finishAggregate(frame, cs, raw: .array(results.map { $0 ?? .null }), resultSelector: map.resultSelector,
                                 resultPath: map.resultPath, outputPath: map.outputPath, assignTemplate: map.assign,
                                 transition: map.transition, data: data, retryCounts: retryCounts, retry: retry)
        }
        // Kept on the frame (not in a local that would capture itself), so ending the flow frees it.
        frame.launchIterations = { [unowned self, unowned frame] in
            while running < limit && next < items.count && !failed {
                let index = next
                next += 1
                running += 1
                let item = items[index]
                var input = item
                do throws(RuntimeError) {
                    if let selector = map.itemSelector {
                        let itemContext = self.context(Frame(execution: execution, scope: frame.scope, index: frame.index, input: item,
                                                              variables: frame.variables, mapItem: (index, item)) { _, _ in },
                                                        state: cs.name, enteredTime: entered, retryCount: nil)
                        if cs.jsonata, let literal = selector.literalValue {
                            input = try self.evaluateJSONata(literal, field: "ItemSelector",
                                                             self.jsonataBindings(frame, input: frame.input, context: itemContext))
                        } else {
                            input = try DataFlow.evaluate(selector, DataScope(input: effectiveScope.input, context: itemContext,
                                                                              variables: effectiveScope.variables), random: &self.random)
                        }
                    }
                } catch {
                    failed = true
                    finishMap(error)
                    return
                }
                self.emit(execution, frame, "MapIterationStarted", [("index", .number(JSONNumber(index))), ("name", .string(cs.name))])
                let child = Frame(execution: execution, scope: processor, index: start, input: input,
                                  variables: Variables(parent: frame.variables), mapItem: (index, item)) { [unowned self] child, result in
                    guard !failed else { return }
                    running -= 1
                    switch result {
                    case .success(let output):
                        results[index] = output
                        self.emit(execution, child, "MapIterationSucceeded", [("index", .number(JSONNumber(index))), ("name", .string(cs.name))])
                        if next >= items.count && running == 0 {
                            finishMap(nil)
                        } else {
                            frame.launchIterations?()
                        }
                    case .failure(let error):
                        failed = true
                        self.emit(execution, child, "MapIterationFailed", [("index", .number(JSONNumber(index))), ("name", .string(cs.name))])
                        for other in frame.children where other !== child && !other.finished {
                            self.abort(other)
                        }
                        finishMap(error)
                    }
                }
                frame.children.append(child)
                self.drive(child)
            }
        }
        if items.isEmpty {
            finishMap(nil)
        } else {
            frame.launchIterations?()
        }
    }
}
