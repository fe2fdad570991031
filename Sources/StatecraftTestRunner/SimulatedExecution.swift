import StatesLanguage
import StatecraftSimulator

/// An ended execution with the questions tests ask of it: which states ran, how often a state was
/// attempted, how long each retry waited, what a catcher caught, what was published or launched.
///
/// Everything is read from the execution's history (so it works with scripted mocks, MockConfigFile
/// mocks and modelled services alike), except ECS tasks, Lambda calls and gate holders, which the
/// modelled account (`AWSServices`) records.
public struct SimulatedExecution {
    /// The simulator's execution.
    public let execution: Execution
    /// The simulator it ran on (its clock, configuration and services).
    public let simulator: Simulator

    /// The states of the machine it ran, by name.
    let index: MachineIndex

    /// Wraps an execution of `machine` that ran on `simulator`.
    public init(_ execution: Execution, of machine: StateMachine, simulator: Simulator) {
        self.execution = execution
        self.simulator = simulator
        self.index = MachineIndex(machine)
    }

    /// How the execution ended (or `running`, when it waits for a callback that never came).
    public var status: Execution.Status { execution.status }
    /// The output, when the execution succeeded.
    public var output: JSONValue? { execution.output }
    /// The error the execution failed with.
    public var error: String? { execution.error }
    /// The cause the execution failed with.
    public var cause: String? { execution.cause }
    /// Every event, in order, as GetExecutionHistory returns them.
    public var history: [HistoryEvent] { execution.history }
    /// The history as a readable timeline (``StatecraftSimulator/Execution/timeline(detailLimit:)``).
    public var timeline: String { execution.timeline() }

    /// The state an event belongs to, or `nil` for the execution's own events.
    public func stateName(of event: HistoryEvent) -> String? {
        event.kind.name.hasPrefix("Execution") ? nil : execution.stateName(of: event)
    }

    /// The events of one kind, in order.
    public func events(_ kind: HistoryEventKind) -> [HistoryEvent] { history.filter { $0.kind == kind } }

    /// The events of one state, in order.
    public func events(of state: String) -> [HistoryEvent] { history.filter { stateName(of: $0) == state } }

    // MARK: Path

    /// The names of the states entered, in the order they were entered (Parallel branches and Map
    /// iterations interleaved as they ran).
    public var path: [String] {
        history.compactMap { $0.kind.isStateEntered ? stateName(of: $0) : nil }
    }

    /// How many times `state` was entered.
    public func visits(of state: String) -> Int {
        history.count { $0.kind.isStateEntered && stateName(of: $0) == state }
    }

    // MARK: Attempts and retries

    /// How many attempts `state` made: tasks, Lambda functions and activities scheduled, Map and
    /// Parallel states started, over every visit.
    public func attempts(of state: String) -> Int {
        history.count { $0.kind.startsAttempt && stateName(of: $0) == state }
    }

    /// How long each retry of `state` waited: from a failed attempt to the start of the next one,
    /// exact to the millisecond (compare with literals in seconds: `== [3, 6]`).
    public func retryDelays(of state: String) -> [VirtualTime] {
        var delays: [VirtualTime] = []
        var failedAt: VirtualTime?
        for event in events(of: state) {
            let kind = event.kind
            if kind.isStateEntered {
                failedAt = nil
            } else if kind.failsAttempt {
                failedAt = event.time
            } else if kind.startsAttempt {
                if let failed = failedAt { delays.append(event.time - failed) }
                failedAt = nil
            }
        }
        return delays
    }

    /// The errors of the failed attempts of `state`, in order.
    public func failures(of state: String) -> [Failure] {
        events(of: state).compactMap { event in
            guard event.kind.failsAttempt else { return nil }
            return Failure(state: state, error: event.details?["error"]?.stringValue,
                           cause: event.details?["cause"]?.stringValue, time: event.time)
        }
    }

    /// A failed attempt, or an error a catcher caught.
    public struct Failure: Sendable, Hashable {
        /// The state whose attempt failed.
        public let state: String
        /// The error name; `nil` when the event had none.
        public let error: String?
        /// The cause; `nil` when the event had none.
        public let cause: String?
        /// When the attempt failed.
        public let time: VirtualTime
    }

    // MARK: Catchers

    /// An error a catcher caught.
    public struct Caught: Sendable, Hashable {
        /// The state whose failure was caught.
        public let state: String
        /// The error name; `nil` when the event had none.
        public let error: String?
        /// The cause; `nil` when the event had none.
        public let cause: String?
        /// The index of the catcher in the state's `Catch`.
        public let catcherIndex: Int?
        /// The catcher's `Next`.
        public let next: String?
        /// When the caught attempt failed.
        public let time: VirtualTime
    }

    /// Every error a catcher caught, in order: a state whose last attempt failed and which was then
    /// left (rather than failing its flow).
    public var caught: [Caught] {
        var pending: [String: Failure] = [:]
        var result: [Caught] = []
        for event in history {
            guard let state = stateName(of: event) else { continue }
            let kind = event.kind
            if kind.isStateEntered || kind.startsAttempt {
                pending[state] = nil
            } else if kind.failsAttempt {
                pending[state] = Failure(state: state, error: event.details?["error"]?.stringValue,
                                         cause: event.details?["cause"]?.stringValue, time: event.time)
            } else if kind.isStateExited, let failure = pending.removeValue(forKey: state) {
                let catchers = index.state(named: state)?.catchers ?? []
                let index = catchers.firstIndex { ErrorMatching.matches($0.errorEquals, failure.error ?? "") }
                result.append(Caught(state: state, error: failure.error, cause: failure.cause, catcherIndex: index,
                                     next: index.map { catchers[$0].next }, time: failure.time))
            }
        }
        return result
    }

    /// What the catchers of `state` caught.
    public func caught(by state: String) -> [Caught] { caught.filter { $0.state == state } }

    // MARK: Data

    /// The input of each visit of `state`.
    public func inputs(of state: String) -> [JSONValue] {
        events(of: state).compactMap { $0.kind.isStateEntered ? SimulatedExecution.json($0.details?["input"]) : nil }
    }

    /// The output of each visit of `state` that left it.
    public func outputs(of state: String) -> [JSONValue] {
        events(of: state).compactMap { $0.kind.isStateExited ? SimulatedExecution.json($0.details?["output"]) : nil }
    }

    /// The input of the latest visit of `state`, or `nil` when it never ran.
    public func input(of state: String) -> JSONValue? { inputs(of: state).last }

    /// The output of the latest visit of `state`, or `nil` when it never left it.
    public func output(of state: String) -> JSONValue? { outputs(of: state).last }

    /// A details member holding JSON text, as a value.
    static func json(_ member: JSONValue?) -> JSONValue? {
        guard let text = member?.stringValue else { return nil }
        return try? JSONParser.parse(text)
    }

    // MARK: Services

    /// An SNS message a state published.
    public struct PublishedMessage: Sendable, Hashable {
        /// The state that published it.
        public let state: String
        /// The `TopicArn` parameter; `nil` when the call named no topic (a phone number or target ARN).
        public let topicArn: String?
        /// The `Message` parameter: a string, or the JSON a state passed.
        public let message: JSONValue
        /// The `Subject` parameter; `nil` when absent.
        public let subject: String?
        /// When the publish call succeeded.
        public let time: VirtualTime

        /// The message as text (a string message as it is, JSON as compact text).
        public var text: String { message.stringValue ?? JSONWriter.string(message) }
    }

    /// The SNS messages published (calls of `sns:publish` that succeeded), in order.
    public var published: [PublishedMessage] {
        var pending: [String: PublishedMessage] = [:]
        var result: [PublishedMessage] = []
        for event in history {
            guard let state = stateName(of: event) else { continue }
            switch event.kind {
            case .taskScheduled:
                pending[state] = nil
                guard event.details?["resourceType"]?.stringValue == "sns",
                      event.details?["resource"]?.stringValue?.hasPrefix("publish") == true,
                      let parameters = SimulatedExecution.json(event.details?["parameters"]) else { continue }
                pending[state] = PublishedMessage(state: state, topicArn: parameters["TopicArn"]?.stringValue,
                                                  message: parameters["Message"] ?? .null, subject: parameters["Subject"]?.stringValue,
                                                  time: event.time)
            case .taskSucceeded:
                if let message = pending.removeValue(forKey: state) { result.append(message) }
            default:
                continue
            }
        }
        return result
    }

    /// The modelled account among the simulator's services, if any.
    public var aws: AWSServices? { simulator.services.lazy.compactMap { $0 as? AWSServices }.first }

    /// An ECS task the modelled cluster ran for this execution.
    public struct LaunchedTask: Sendable {
        /// The state that ran it.
        public let state: String
        /// The task's ARN, as the modelled cluster made it.
        public let taskArn: String
        /// The task definition's family.
        public let family: String
        /// The RunTask request's `Overrides` (`ContainerOverrides`, …), or `nil` when it had none.
        public let overrides: JSONValue?
        /// Exit codes by container name; `nil` for a container that never ran.
        public let exitCodes: [String: Int?]
        /// Why the task stopped, such as `EssentialContainerExited`.
        public let stopCode: String
        /// The stop reason in words.
        public let stoppedReason: String
        /// When RunTask created it.
        public let time: VirtualTime

        /// The exit code when every container that ran exited with the same one.
        public var exitCode: Int? {
            let codes = Set(exitCodes.values.compactMap { $0 })
            return codes.count == 1 ? codes.first : nil
        }
    }

    /// The ECS tasks the modelled cluster (`AWSServices`) launched for this execution, in order.
    public var launchedTasks: [LaunchedTask] {
        guard let ecs = aws?.ecs else { return [] }
        let scheduled = events(.taskScheduled)
        return ecs.tasks.filter { $0.executionName == execution.name }.map { task in
            let time = VirtualTime(seconds: task.createdAt)
            let request = scheduled.first { $0.time == time && stateName(of: $0) == task.stateName }
            let parameters = SimulatedExecution.json(request?.details?["parameters"])
            return LaunchedTask(state: task.stateName, taskArn: task.arn, family: task.family, overrides: parameters?["Overrides"],
                                exitCodes: task.exitCodes, stopCode: task.stopCode, stoppedReason: task.stoppedReason, time: time)
        }
    }

    /// The calls this execution made to modelled Lambda functions, throttled ones included.
    public var lambdaCalls: [LambdaModel.Call] {
        (aws?.lambda.calls ?? []).filter { $0.executionName == execution.name }
    }

    /// The owners holding a modelled gate's lock at virtual time `time` (default: when the execution ended).
    public func gateHolders(of lock: String, at time: VirtualTime? = nil) -> [String] {
        aws?.lambda.gateLocks.holders(of: lock, at: (time ?? execution.stopTime ?? simulator.time).seconds) ?? []
    }
}
