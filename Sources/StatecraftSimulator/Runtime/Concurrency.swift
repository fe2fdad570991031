import StatesLanguage

extension Simulator {
    // MARK: Parallel

    /// Runs a Parallel state: every branch gets the state's arguments, and the branches' outputs in
    /// order are its result.
    func startParallel(_ frame: Frame, _ cs: CompiledState, _ behaviour: ParallelBehaviour, retryCounts: [Int], entered: VirtualTime) {
        let execution = frame.execution
        let parallel = behaviour.parallel
        let branches = behaviour.branches
        let retry: (Int, [Int]) -> Void = { [unowned self] _, counts in
            self.startParallel(frame, cs, behaviour, retryCounts: counts, entered: entered)
        }
        let visit = self.visit(frame, entered: entered)
        let branchInput: JSONValue
        do throws(RuntimeError) {
            branchInput = try cs.flow.arguments(visit, effective: try cs.flow.effectiveInput(visit, self), self)
        } catch {
            if handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { resume(frame) }
            return
        }
        emit(execution, frame, "ParallelStateStarted", nil)
        // The event may have been the one past the history limit: the execution has ended and released
        // its flows, and branches attached now would hold their parent in a cycle nothing breaks.
        guard execution.status == .running else { return }
        var results = [JSONValue?](repeating: nil, count: branches.count)
        var remaining = branches.count
        var failed = false
        let complete: (RuntimeError?) -> Void = { [unowned self] error in
            frame.children.removeAll()
            if let error {
                // As for Map: an attempt that will be retried ends without a Failed event (recorded).
                if !self.willRetry(cs, error, retryCounts) { self.emit(execution, frame, "ParallelStateFailed", nil) }
                if self.handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { self.resume(frame) }
                return
            }
            self.emit(execution, frame, "ParallelStateSucceeded", nil)
            self.finishAggregate(frame, cs, raw: .array(results.map { $0 ?? .null }), transition: parallel.transition,
                                 visit: visit, retryCounts: retryCounts, retry: retry)
        }
        if branches.isEmpty { complete(nil); return }
        for (i, branchScope) in branches.enumerated() {
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
                    if execution.lastEventType == "TaskFailed" { self.emit(execution, child, "TaskStateAborted", nil) }
                    for other in frame.children where other !== child { self.abort(other) }
                    complete(error)
                }
            }
            frame.children.append(child)
        }
        for child in frame.children { schedule(after: .zero) { [unowned self] in self.drive(child) } }
    }

    /// Stops a flow and its children (a failed sibling, an aborted execution). Iterative: flows nest
    /// as deep as the definition's Maps and Parallels, and that must not decide the stack's depth.
    func abort(_ frame: Frame) {
        var pending = [frame]
        while let frame = pending.popLast() {
            guard !frame.finished else { continue }
            frame.finished = true
            frame.mapRun?.end()
            if let inflight = frame.inflight {
                frame.inflight = nil
                inflight.service.cancel(inflight.call, at: time.seconds)
            }
            pending += frame.children
            // A distributed Map's child executions stop with the state that runs them.
            for child in frame.childExecutions where child.status == .running {
                child.status = .aborted
                cancel(child.releaseFlows())
            }
        }
    }

    /// The common end of Parallel and Map: the data flow of the result (``StateDataFlow/leave(_:result:_:)``), then Exited.
    func finishAggregate(_ frame: Frame, _ cs: CompiledState, raw: JSONValue, transition: Transition, visit: Visit,
                         retryCounts: [Int], retry: @escaping (Int, [Int]) -> Void) {
        do throws(RuntimeError) {
            let leave = try cs.flow.leave(visit, result: raw, self)
            if exit(frame, cs, leave, transition: transition) == .next { resume(frame) }
        } catch {
            if handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { resume(frame) }
        }
    }

    // MARK: Map (inline)

    /// Runs a Map state: inline (iterations as child flows, at most `MaxConcurrency` at a time) or
    /// distributed (``startDistributedMap(_:_:_:visit:effective:retryCounts:retry:entered:maxConcurrency:)``).
    func startMap(_ frame: Frame, _ cs: CompiledState, _ behaviour: MapBehaviour, retryCounts: [Int], entered: VirtualTime) {
        let execution = frame.execution
        let map = behaviour.map
        let retry: (Int, [Int]) -> Void = { [unowned self] _, counts in
            self.startMap(frame, cs, behaviour, retryCounts: counts, entered: entered)
        }
        let visit = self.visit(frame, entered: entered)
        let items: [JSONValue]
        let effective: JSONValue
        let maxConcurrency: Int
        do throws(RuntimeError) {
            effective = try cs.flow.effectiveInput(visit, self)
            // A distributed Map reads its items itself (possibly through an ItemReader).
            items = map.isDistributed ? [] : try cs.flow.items(map, visit, effective: effective, self)
            switch map.maxConcurrency {
            case .literal(let n)?: maxConcurrency = n
            case .jsonata(let text)?:
                guard case .number(let n) = try evaluateJSONata(.string(text), field: "MaxConcurrency", visit.bindings()),
                      let i = n.intValue, i >= 0 else {
                    throw located(jsonataFailure("The MaxConcurrency field must evaluate to a non-negative integer"), "MaxConcurrency")
                }
                maxConcurrency = i
            case .path(let p)?:
                let value = try DataFlow.select(p, in: visit.scope(effective))
                guard let i = Simulator.integer(value) else {
                    throw RuntimeError("States.Runtime",
                        "The MaxConcurrencyPath field refers to value \"\(Simulator.shown(value))\" which is not a valid integer: \(p.text)")
                }
                maxConcurrency = max(0, i)
            default: maxConcurrency = 0
            }
        } catch {
            var error = error
            if error.error == "States.QueryEvaluationError" {
                // Recorded: EvaluationFailed, then MapStateFailed, then the failure.
                reportEvaluationFailure(frame, cs, &error)
                emit(execution, frame, "MapStateFailed", nil)
            }
            if handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { resume(frame) }
            return
        }
        if map.isDistributed {
            startDistributedMap(frame, cs, behaviour, visit: visit, effective: effective, retryCounts: retryCounts, retry: retry, entered: entered,
                                maxConcurrency: maxConcurrency)
            return
        }
        emit(execution, frame, "MapStateStarted", [("length", .number(JSONNumber(items.count)))])
        let processor = behaviour.processor
        guard let start = execution.program.scopes[processor].start else { return }
        let run = MapRun(count: items.count, limit: maxConcurrency <= 0 ? Int.max : maxConcurrency)
        frame.mapRun = run
        let finishMap: (RuntimeError?) -> Void = { [unowned self] error in
            run.end()
            frame.children.removeAll()
            frame.mapRun = nil
            if let error {
                // A Map about to be retried records no MapStateFailed: its next MapStateStarted follows.
                if !self.willRetry(cs, error, retryCounts) { self.emit(execution, frame, "MapStateFailed", nil) }
                if self.handle(frame, cs, error, retryCounts: retryCounts, retry: retry) == .next { self.resume(frame) }
                return
            }
            self.emit(execution, frame, "MapStateSucceeded", nil)
            self.finishAggregate(frame, cs, raw: .array(run.results.map { $0 ?? .null }), transition: map.transition,
                                 visit: visit, retryCounts: retryCounts, retry: retry)
        }
        // One step starts one iteration: it queues the step after it, then the iteration's flow on top,
        // so an iteration that ends at once is followed by the next one without any nesting of calls.
        run.launch = { [unowned self] in
            run.launchPending = false
            guard !run.finished, run.running < run.limit, run.next < items.count, execution.status == .running, !frame.finished else { return }
            let index = run.next
            run.next += 1
            run.running += 1
            let item = items[index]
            var input = item
            do throws(RuntimeError) {
                if map.itemSelector != nil {
                    input = try self.selectItem(map, index: index, item: item, frame: frame, cs: cs, visit: visit, effective: effective,
                                                entered: entered) ?? item
                }
            } catch {
                finishMap(error)
                return
            }
            self.emit(execution, frame, "MapIterationStarted", [("index", .number(JSONNumber(index))), ("name", .string(cs.name))])
            // As for a Parallel's branches: past the history limit the execution has ended, and an
            // iteration attached to a released flow would keep it (and the execution) alive.
            guard execution.status == .running else { return }
            let child = Frame(execution: execution, scope: processor, index: start, input: input,
                              variables: Variables(parent: frame.variables), mapItem: (index, item)) { [unowned self] child, result in
                guard !run.finished else { return }
                run.running -= 1
                switch result {
                case .success(let output):
                    run.results[index] = output
                    self.emit(execution, child, "MapIterationSucceeded", [("index", .number(JSONNumber(index))), ("name", .string(cs.name))])
                    if run.next >= items.count && run.running == 0 {
                        finishMap(nil)
                    } else {
                        self.queueLaunch(run)
                    }
                case .failure(let error):
                    self.emit(execution, child, "MapIterationFailed", [("index", .number(JSONNumber(index))), ("name", .string(cs.name))])
                    run.end()
                    for other in frame.children where other !== child && !other.finished {
                        self.abort(other)
                    }
                    finishMap(error)
                }
            }
            // Ended iterations leave the list now and then, so that it stays as long as the running ones.
            if frame.children.count >= 64 && frame.children.count > 2 * run.running { frame.children.removeAll { $0.finished } }
            frame.children.append(child)
            self.queueLaunch(run)
            self.ready.append { [unowned self] in self.drive(child) }
        }
        if items.isEmpty {
            finishMap(nil)
        } else {
            queueLaunch(run)
        }
    }

    /// A Map's `ItemSelector` for one item: `$` is the effective input (JSONPath) and `$$.Map.Item`
    /// (`$states.context.Map.Item`) the item.
    func selectItem(_ map: MapState, index: Int, item: JSONValue, frame: Frame, cs: CompiledState, visit: Visit,
                    effective: JSONValue, entered: VirtualTime) throws(RuntimeError) -> JSONValue? {
        let itemFrame = Frame(execution: frame.execution, scope: frame.scope, index: frame.index, input: item,
                              variables: frame.variables, mapItem: (index, item)) { _, _ in }
        let itemContext = context(itemFrame, state: cs.name, enteredTime: entered, retryCount: nil)
        return try cs.flow.evaluate(template: map.itemSelector, jsonata: nil, field: "ItemSelector", input: effective, context: itemContext,
                                    visit, self)
    }

    /// Queues an inline Map's next launch step, unless one is already queued.
    func queueLaunch(_ run: MapRun) {
        guard !run.launchPending, !run.finished, let launch = run.launch else { return }
        run.launchPending = true
        ready.append(launch)
    }
}

/// An inline Map's iterations while they run: which item starts next, how many are running, and the
/// results so far.
final class MapRun {
    var results: [JSONValue?]
    var next = 0
    var running = 0
    /// The Map state is over (done, failed, or its flow stopped): queued steps do nothing.
    private(set) var finished = false
    /// Whether a launch step is already queued.
    var launchPending = false
    let limit: Int
    /// Starts the next iteration; set by the Map state, cleared when it is over.
    var launch: (() -> Void)?

    init(count: Int, limit: Int) {
        results = Array(repeating: nil, count: count)
        self.limit = limit
    }

    /// Ends the run and lets go of the launch step (and the flow it holds).
    func end() {
        finished = true
        launch = nil
    }
}
