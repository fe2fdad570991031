import StatesLanguage

/// What a state does when a flow enters it, compiled once per state with everything it needs
/// resolved: transitions as indexes, its fields read out of the model, its data flow chosen
/// (``StateDataFlow``). The interpreter records the Entered event and calls ``run(_:_:entered:_:)``;
/// nothing switches on the state's type while the machine runs.
protocol StateBehaviour: AnyObject, Sendable {
    /// Runs the state for `frame` (its Entered event is recorded): leaves it, or suspends the flow
    /// until a scheduled event resumes it.
    func run(_ frame: Frame, _ state: CompiledState, entered: VirtualTime, _ simulator: Simulator) -> Step
}

/// `Pass`: the data flow alone.
final class PassBehaviour: StateBehaviour {
    let transition: Transition
    init(_ transition: Transition) { self.transition = transition }

    func run(_ frame: Frame, _ state: CompiledState, entered: VirtualTime, _ simulator: Simulator) -> Step {
        let visit = simulator.visit(frame, entered: entered)
        do throws(RuntimeError) {
            let effective = try state.flow.effectiveInput(visit, simulator)
            let leave = try state.flow.leave(visit, effective: effective, rule: nil, assigns: true, simulator)
            return simulator.exit(frame, state, leave, transition: transition)
        } catch {
            return simulator.handle(frame, state, error, retryCounts: [], retry: nil)
        }
    }
}

/// `Succeed`: ends its flow with its output (no payload check: the output is the input's).
final class SucceedBehaviour: StateBehaviour {
    func run(_ frame: Frame, _ state: CompiledState, entered: VirtualTime, _ simulator: Simulator) -> Step {
        let visit = simulator.visit(frame, entered: entered)
        do throws(RuntimeError) {
            let effective = try state.flow.effectiveInput(visit, simulator)
            let leave = try state.flow.leave(visit, effective: effective, rule: nil, assigns: false, simulator)
            simulator.emitExited(frame, state, type: "SucceedStateExited", leave)
            return simulator.finish(frame, .success(leave.output))
        } catch {
            return simulator.handle(frame, state, error, retryCounts: [], retry: nil)
        }
    }
}

/// `Fail`: ends its flow with an error and cause.
final class FailBehaviour: StateBehaviour {
    let error: FailState.Source?
    let cause: FailState.Source?
    init(_ fail: FailState) { (error, cause) = (fail.error, fail.cause) }

    func run(_ frame: Frame, _ state: CompiledState, entered: VirtualTime, _ simulator: Simulator) -> Step {
        let visit = simulator.visit(frame, entered: entered)
        do throws(RuntimeError) {
            let name = try state.flow.failText(error, field: "Error", visit, simulator)
            let text = try state.flow.failText(cause, field: "Cause", visit, simulator)
            return simulator.finish(frame, .failure(RuntimeError(name ?? "", text ?? "")))
        } catch {
            return simulator.handle(frame, state, error, retryCounts: [], retry: nil)
        }
    }
}

/// `Choice`: the first rule that holds picks the next state, else `Default`, else `States.NoChoiceMatched`.
final class ChoiceBehaviour: StateBehaviour {
    let rules: [ChoiceBranch]
    /// Each rule's target, and the default's, as state indexes (-1: no such state).
    let targets: [Int]
    let defaultTarget: Int?
    init(_ choice: ChoiceState, targets: [Int], defaultTarget: Int?) {
        rules = choice.choices
        self.targets = targets
        self.defaultTarget = defaultTarget
    }

    func run(_ frame: Frame, _ state: CompiledState, entered: VirtualTime, _ simulator: Simulator) -> Step {
        let visit = simulator.visit(frame, entered: entered)
        do throws(RuntimeError) {
            let effective = try state.flow.effectiveInput(visit, simulator)
            var target = defaultTarget
            var matched: ChoiceBranch?
            for i in rules.indices where try state.flow.holds(rules[i], visit, effective: effective, simulator) {
                target = targets[i]
                matched = rules[i]
                break
            }
            guard let next = target else { throw RuntimeError("States.NoChoiceMatched", "No Matches!") }
            let leave = try state.flow.leave(visit, effective: effective, rule: matched, assigns: true, simulator)
            simulator.emitExited(frame, state, type: "ChoiceStateExited", leave)
            return simulator.goto(frame, next, input: leave.output)
        } catch {
            return simulator.handle(frame, state, error, retryCounts: [], retry: nil)
        }
    }
}

/// `Wait`: suspends the flow for its duration, then leaves.
final class WaitBehaviour: StateBehaviour {
    let duration: WaitState.Duration
    let transition: Transition
    init(_ wait: WaitState) { (duration, transition) = (wait.duration, wait.transition) }

    func run(_ frame: Frame, _ state: CompiledState, entered: VirtualTime, _ simulator: Simulator) -> Step {
        let visit = simulator.visit(frame, entered: entered)
        do throws(RuntimeError) {
            let effective = try state.flow.effectiveInput(visit, simulator)
            let delay = try state.flow.waitDelay(duration, visit, effective: effective, simulator)
            simulator.schedule(after: delay) { [unowned simulator, transition] in
                guard frame.execution.status == .running, !frame.finished else { return }
                do throws(RuntimeError) {
                    let leave = try state.flow.leave(visit, effective: effective, rule: nil, assigns: true, simulator)
                    if simulator.exit(frame, state, leave, transition: transition) == .next { simulator.drive(frame) }
                } catch {
                    simulator.fail(frame, state, error)
                }
            }
            return .suspended
        } catch {
            return simulator.handle(frame, state, error, retryCounts: [], retry: nil)
        }
    }
}

/// `Task`: calls its resource through the services (see Tasks.swift).
final class TaskBehaviour: StateBehaviour {
    let task: TaskState
    let target: TaskTarget
    /// The request's JSON text as history records it, when `Parameters` hold no path or intrinsic
    /// (common for ECS tasks): written once, here.
    let constantRequestText: String?
    init(_ task: TaskState, jsonata: Bool) {
        let target = TaskTarget(resource: task.resource)
        self.task = task
        self.target = target
        constantRequestText = jsonata ? nil : task.parameters?.literalValue.map { DataFlow.serialize(Simulator.request($0, for: target)) }
    }

    func run(_ frame: Frame, _ state: CompiledState, entered: VirtualTime, _ simulator: Simulator) -> Step {
        simulator.startTask(frame, state, task, attempt: 0, retryCounts: Array(repeating: 0, count: task.retry.count), entered: entered)
        return .suspended
    }
}

/// `Parallel`: runs its branches as child flows (see Concurrency.swift).
final class ParallelBehaviour: StateBehaviour {
    let parallel: ParallelState
    /// The scope of each branch.
    let branches: [Int]
    init(_ parallel: ParallelState, branches: [Int]) { (self.parallel, self.branches) = (parallel, branches) }

    func run(_ frame: Frame, _ state: CompiledState, entered: VirtualTime, _ simulator: Simulator) -> Step {
        simulator.startParallel(frame, state, self, retryCounts: Array(repeating: 0, count: parallel.retry.count), entered: entered)
        return .suspended
    }
}

/// `Map`: runs its item processor per item, inline or as child executions (see Concurrency.swift and
/// DistributedMap.swift).
final class MapBehaviour: StateBehaviour {
    let map: MapState
    /// The scope of the item processor.
    let processor: Int
    init(_ map: MapState, processor: Int) { (self.map, self.processor) = (map, processor) }

    func run(_ frame: Frame, _ state: CompiledState, entered: VirtualTime, _ simulator: Simulator) -> Step {
        simulator.startMap(frame, state, self, retryCounts: Array(repeating: 0, count: map.retry.count), entered: entered)
        return .suspended
    }
}
