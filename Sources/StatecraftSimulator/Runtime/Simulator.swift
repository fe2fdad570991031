import StatesLanguage

/// Runs state machines on a virtual clock. Waits, retry backoff and task durations are events on one
/// discrete-event queue, so a retry path that takes minutes on AWS takes microseconds here. Every
/// random choice (jitter, UUIDs, `States.MathRandom`) comes from the seeded generator: the same seed
/// gives the same history, byte for byte.
///
/// ```swift
/// let simulator = Simulator(services: [mocks])
/// let execution = simulator.run(Program(machine), input: ["orderId": "o-1"])
/// #expect(execution.status == .succeeded)
/// ```
public final class Simulator {
    /// How the simulated account behaves.
    public struct Configuration: Sendable {
        /// Seeds every random choice.
        public var seed: UInt64
        /// The instant simulated time starts at (history timestamps count from it).
        public var start: Timestamp
        /// The Region of the ARNs the simulator makes (`us-east-1`).
        public var region: String
        /// The account id of the ARNs the simulator makes.
        public var account: String
        /// The ARN partition (`aws`).
        public var partition: String
        /// The state machine's name in its ARN and in the context object.
        public var stateMachineName: String
        /// The execution role shown in `ExecutionStarted`.
        public var roleArn: String?
        /// Step Functions' history limit: an execution that reaches it fails.
        public var maximumHistoryEvents: Int
        /// Step Functions' payload limit for inputs and outputs, in bytes.
        public var maximumPayloadBytes: Int
        /// Which event a distributed Map's `MapStateExited` follows: `MapRunStarted` (AWS since late
        /// 2024, the default) or `MapRunSucceeded` (recordings before).
        public var mapStateExitedFollowsMapRunStarted: Bool = true
        /// The name the simulated activity worker gives in `GetActivityTask`, shown in `ActivityStarted`;
        /// `nil` for a worker that gives none (the event then has no `workerName`).
        public var activityWorkerName: String? = "statecraft-simulator"
        /// The activities that exist (ARNs); `nil`: every activity does. A Task state whose activity
        /// does not exist fails with `States.Runtime` (`The activity … does not exist.`) before it is
        /// scheduled, as on AWS when the activity was deleted.
        public var activities: Set<String>? = nil
        /// Whether retriers with `"JitterStrategy": "FULL"` draw their delay (`.seeded`, the default, as
        /// on AWS) or wait the computed delay exactly (`.off`, for tests asserting exact delays).
        public var jitter: Jitter = .seeded
        /// What an execution keeps of its events: all of them (`.full`, the default), or only their
        /// count and the last state (`.summary`: for runs of thousands of executions that need
        /// statistics, not histories; ``Simulator/eventRecorded`` still sees every event).
        public var history: HistoryRecording = .full

        /// What executions keep of their events.
        public enum HistoryRecording: Sendable, Hashable {
            /// Every event, as GetExecutionHistory returns them.
            case full
            /// The count of events (``Execution/eventCount``), the last state
            /// (``Execution/lastStateName``); ``Execution/history`` stays empty.
            case summary
        }

        /// How FULL jitter is applied to retry delays.
        public enum Jitter: Sendable, Hashable {
            /// A delay drawn between 0 and the computed one, from the seeded generator.
            case seeded
            /// The computed delay, as if the retrier had no jitter.
            case off
        }

        /// Makes a configuration; the defaults are those of a fresh AWS account in us-east-1.
        public init(
            seed: UInt64 = 0, start: Timestamp = VirtualClock.defaultStart, region: String = "us-east-1",
            account: String = "123456789012", partition: String = "aws", stateMachineName: String = "StateMachine", roleArn: String? = nil,
            maximumHistoryEvents: Int = 25_000, maximumPayloadBytes: Int = 262_144
        ) {
            self.seed = seed
            self.start = start
            self.region = region
            self.account = account
            self.partition = partition
            self.stateMachineName = stateMachineName
            self.roleArn = roleArn
            self.maximumHistoryEvents = maximumHistoryEvents
            self.maximumPayloadBytes = maximumPayloadBytes
        }
    }

    /// How the simulated account behaves.
    public let configuration: Configuration
    /// The services Task states call, asked in order; the first that answers wins.
    public var services: [ServiceIntegration]
    /// The current virtual time, exact to the millisecond.
    @exclusivity(unchecked) public private(set) var time: VirtualTime = .zero
    /// The current virtual time in seconds since the start instant (``time`` as a `Double`, for services).
    public var now: Double { time.seconds }
    var random: SeededRandom
    /// Work at a later (or the same) virtual time, in time order.
    var queue = EventQueue()
    /// Work to do now, before the clock moves: the continuations of flows. Last in, first out, so a
    /// continuation pushed by a flow runs before the work that was waiting beneath it, exactly as a
    /// nested call would, but without growing the native stack (see ``resume(_:)``).
    var ready: [() -> Void] = []
    /// Every execution started here, kept while the simulator lives: scheduled work may still refer
    /// to an ended execution's flows.
    public private(set) var executions: [Execution] = []
    /// Called with each execution as it ends (after its last event, before services hear of it), for
    /// statistics gathered as a run goes (``LoadRun`` frees the ended execution's history here).
    public var executionDidEnd: ((Execution) -> Void)?
    /// Called with every event as it is recorded (its execution, type and time), whether histories are
    /// kept or summarised: statistics over events without keeping them.
    @exclusivity(unchecked) public var eventRecorded: ((Execution, String, VirtualTime) -> Void)?
    /// Callback tasks waiting for their token, and the tokens that were once waiting.
    var callbacks: [String: PendingCallback] = [:]
    var closedTokens: Set<String> = []
    var tokenOrder: [String] = []
    var executionCount = 0
    /// JSONata's built-in functions, made once (their `$random` and `$uuid` draw from the seed).
    lazy var jsonataBuiltins = JSONataEvaluator.makeBuiltins(random: SeededRandom(seed: configuration.seed ^ 0x4A53_4F4E_4154_41))
    /// JSONata templates parsed and compiled once per simulator (`{% … %}` text → compiled expression or syntax error).
    var jsonataTemplates: [String: Result<JSONataEvaluator.Compiled, JSONataSyntaxError>?] = [:]

    /// Makes a simulator at virtual time zero that calls `services`, in order, for Task states.
    public init(configuration: Configuration = Configuration(), services: [ServiceIntegration] = []) {
        self.configuration = configuration
        self.services = services
        self.random = SeededRandom(seed: configuration.seed)
    }

    /// Flows and their execution refer to each other; a finished execution lets go of its flows, and
    /// the ones still running (waiting for a callback that never came) let go here.
    deinit {
        for execution in executions { execution.releaseFlows() }
    }

    /// Starts an execution; it runs as ``run()`` advances the clock.
    public func start(_ program: Program, input: JSONValue = [:], name: String? = nil) -> Execution {
        executionCount += 1
        let executionName = name ?? "execution-\(executionCount)"
        let machineArn = "arn:\(configuration.partition):states:\(configuration.region):\(configuration.account):stateMachine:\(configuration.stateMachineName)"
        let arn = "arn:\(configuration.partition):states:\(configuration.region):\(configuration.account):execution:\(configuration.stateMachineName):\(executionName)"
        let execution = Execution(name: executionName, input: input, program: program, startTime: time, arn: arn, machineArn: machineArn)
        executions.append(execution)
        let roleArn = self.roleArn
        record(execution, nil, "ExecutionStarted", JSONObject(distinctPairs: [
            ("input", .string(DataFlow.serialize(input))), ("inputDetails", Simulator.notTruncated), ("roleArn", .string(roleArn)),
        ]), prev: 0)
        guard let start = program.scopes[program.root].start else {
            finishExecution(execution, .failure(RuntimeError("States.Runtime", "StartAt does not name a state")))
            return execution
        }
        if DataFlow.serialize(input).utf8.count > configuration.maximumPayloadBytes {
            finishExecution(execution, .failure(RuntimeError("States.DataLimitExceeded",
                "The execution input exceeds the maximum of \(configuration.maximumPayloadBytes) bytes")))
            return execution
        }
        let frame = Frame(execution: execution, scope: program.root, index: start, input: input, variables: Variables(parent: nil),
                          mapItem: nil) { [unowned self, unowned execution] frame, result in
            self.finishExecution(execution, result)
        }
        execution.mainFrame = frame
        schedule(after: .zero) { [unowned self] in self.drive(frame) }
        if let limit = program.machine.timeoutSeconds {
            // The machine's TimeoutSeconds: whatever is still running then stops, TIMED_OUT.
            schedule(after: .seconds(limit)) { [unowned self] in self.timeOut(execution) }
        }
        return execution
    }

    /// Runs every scheduled event, advancing the virtual clock, until nothing is left to do.
    public func run() {
        drainReady()
        while let (at, action) = queue.pop() {
            time = max(time, at)
            action()
            drainReady()
        }
    }

    /// Runs events up to virtual time `limit` (since the start instant), then sets the clock to it.
    public func run(until limit: VirtualTime) {
        drainReady()
        while let next = queue.nextTime, next <= limit, let (at, action) = queue.pop() {
            time = max(time, at)
            action()
            drainReady()
        }
        time = max(time, limit)
    }

    /// Does the work that is due now (flow continuations), one item at a time.
    func drainReady() {
        while let work = ready.popLast() { work() }
    }

    /// Continues `frame` once the work in progress returns: the trampoline that keeps the native stack
    /// bounded however many states, iterations and branches a run goes through.
    func resume(_ frame: Frame) {
        ready.append { [unowned self] in self.drive(frame) }
    }

    /// Starts an execution and runs the simulation until it (and everything else) is done.
    public func run(_ program: Program, input: JSONValue = [:], name: String? = nil) -> Execution {
        let execution = start(program, input: input, name: name)
        run()
        return execution
    }

    func schedule(after delay: VirtualTime, _ action: @escaping () -> Void) {
        queue.schedule(at: time + max(.zero, delay), action)
    }

    // MARK: History

    /// Pairs (previous event type → event types) where the event shares the previous one's parent: both
    /// were caused by the same earlier event (recorded AWS behaviour, see Docs/Simulator.md).
    static let siblings: [String: Set<String>] = [
        "MapIterationSucceeded": ["MapIterationStarted"], "MapStateSucceeded": ["MapStateExited"],
        "MapIterationFailed": ["MapStateFailed", "MapStateStarted"], "TaskStateAborted": ["ParallelStateFailed", "ParallelStateStarted"],
        "ParallelStateSucceeded": ["ParallelStateExited"],
    ]

    /// Whether an event of this type can have another predecessor than the event before it: only Map
    /// and Parallel events can (a cheap test that spares most events the lookups).
    static func mayBeSibling(_ type: String) -> Bool {
        let utf8 = type.utf8
        guard let first = utf8.first else { return false }
        if first == UInt8(ascii: "M") { return true }
        // `Pa`rallel but not `Pa`ss: the third letter tells them apart before the full comparison.
        return first == UInt8(ascii: "P") && utf8.count > 8 && utf8[utf8.index(utf8.startIndex, offsetBy: 2)] == UInt8(ascii: "r")
            && type.hasPrefix("Parallel")
    }

    /// Records an event. Its `previousEventId` is the event just before it, except that nothing
    /// chains to `ExecutionStarted` (the first state's event has 0) and a sibling shares its predecessor's.
    @discardableResult
    func emit(_ execution: Execution, _ frame: Frame?, _ type: String, _ details: [(String, JSONValue)]?, prev: Int? = nil) -> Int {
        emit(execution, frame, type, object: details.map { JSONObject(uniqueMembers: $0.map { JSONObject.Member(key: $0.0, value: $0.1) }) }, prev: prev)
    }

    /// ``emit(_:_:_:_:prev:)`` with details already made into an object (distinct keys).
    ///
    /// Every event counts against ``Configuration/maximumHistoryEvents``: the event that would leave no
    /// room for the execution's own failure fails it instead (`States.Runtime`), and nothing is recorded
    /// once the execution has ended.
    @discardableResult
    func emit(_ execution: Execution, _ frame: Frame?, _ type: String, object details: JSONObject?, prev: Int? = nil) -> Int {
        emit(execution, frame, type, payload: details.map(EventPayload.object) ?? .none, prev: prev)
    }

    /// ``emit(_:_:_:object:prev:)`` with the event's payload.
    @discardableResult
    func emit(_ execution: Execution, _ frame: Frame?, _ type: String, payload: EventPayload, prev: Int? = nil) -> Int {
        guard execution.status == .running else { return 0 }
        if execution.eventCount >= configuration.maximumHistoryEvents - 1 {
            finishExecution(execution, .failure(RuntimeError("States.Runtime",
                "The execution reached the maximum of \(configuration.maximumHistoryEvents) history events; a loop without an exit?")))
            return 0
        }
        return record(execution, frame, type, payload, prev: prev)
    }

    /// Appends an event without the checks of ``emit(_:_:_:object:prev:)``: the execution's last event.
    @discardableResult
    func record(_ execution: Execution, _ frame: Frame?, _ type: String, _ details: JSONObject?, prev: Int? = nil) -> Int {
        record(execution, frame, type, details.map(EventPayload.object) ?? .none, prev: prev)
    }

    @discardableResult
    func record(_ execution: Execution, _ frame: Frame?, _ type: String, _ payload: EventPayload, prev: Int? = nil) -> Int {
        let state = frame.map { Int32(truncatingIfNeeded: $0.ordinalBase + $0.index) } ?? -1
        eventRecorded?(execution, type, time)
        return Simulator.append(to: &execution.log, type: type, payload: payload, time: time, prev: prev,
                                mapRunOrder: configuration.mapStateExitedFollowsMapRunStarted, state: state,
                                keep: configuration.history == .full)
    }

    /// The body of ``record(_:_:_:_:prev:)``, on the execution's log as one `inout` access.
    private static func append(to log: inout Execution.EventLog, type: String, payload: EventPayload, time: VirtualTime, prev: Int?,
                               mapRunOrder: Bool, state: Int32, keep: Bool) -> Int {
        log.count += 1
        log.lastType = type
        if state >= 0 { log.lastStateOrdinal = state }
        guard keep else { return log.count }
        let id = log.count
        var previous = 0
        if let prev {
            previous = prev
        } else if id == 2 {
            previous = 0  // nothing chains to `ExecutionStarted`, always the first event
        } else if id > 1 && !mayBeSibling(type) {
            previous = id - 1  // the last event's id (read without copying the event)
        } else if let last = log.history.last {
            if mapRunOrder, type == "MapStateExited", last.type == "MapStateSucceeded",
                    let run = log.history.last(where: { $0.type == "MapRunStarted" }),
                    log.history.dropLast().last?.type == "MapRunSucceeded" {
                // A distributed Map's exit follows its map run's start (recordings from 2024-11 on).
                previous = run.id
            }
            else if siblings[last.type]?.contains(type) == true { previous = last.previousEventId }
            else { previous = last.id }
        }
        // Long histories grow four-fold rather than two-fold: fewer copies of a large array.
        if log.history.count == log.history.capacity, log.history.count >= 256 {
            log.history.reserveCapacity(log.history.count * 4)
        }
        var event = HistoryEvent(id: id, previousEventId: previous, time: time, type: type, payload: payload)
        event.stateOrdinal = state
        log.history.append(event)
        return id
    }

    func finishExecution(_ execution: Execution, _ result: FrameResult) {
        guard execution.status == .running else { return }
        defer { cancel(execution.releaseFlows()) }
        execution.stopTime = time
        switch result {
        case .success(let output):
            execution.status = .succeeded
            execution.output = output
            record(execution, nil, "ExecutionSucceeded", JSONObject(distinctPairs: [("output", .string(DataFlow.serialize(output))), ("outputDetails", Simulator.notTruncated)]))
        case .failure(let error):
            execution.status = .failed
            // As DescribeExecution and the ExecutionFailed event: an empty error or cause is none.
            execution.error = error.error.isEmpty ? nil : error.error
            execution.cause = error.cause.isEmpty ? nil : error.cause
            var details: [(String, JSONValue)] = []
            if !error.error.isEmpty { details.append(("error", .string(error.error))) }
            if !error.cause.isEmpty { details.append(("cause", .string(error.cause))) }
            record(execution, nil, "ExecutionFailed", JSONObject(distinctPairs: details))
        }
        announceEnd(of: execution)
    }

    /// Tells every service that `execution` ended (EventBridge rules on execution status changes).
    func announceEnd(of execution: Execution) {
        executionDidEnd?(execution)
        let ended = EndedExecution(arn: execution.arn, name: execution.name, status: execution.status, time: now)
        for service in services { service.executionEnded(ended) }
    }

    /// Tells services that their calls are no longer waited for.
    func cancel(_ calls: [InflightCall]) {
        for inflight in calls { inflight.service.cancel(inflight.call, at: time.seconds) }
    }

    /// `{"truncated": false}`, the `…Details` member of every event with a payload.
    static let notTruncated: JSONValue = ["truncated": false]

    /// Ends a still-running execution with `ExecutionTimedOut` (`States.Timeout`).
    func timeOut(_ execution: Execution) {
        guard execution.status == .running else { return }
        defer { cancel(execution.releaseFlows()) }
        execution.stopTime = time
        execution.status = .timedOut
        execution.error = "States.Timeout"
        record(execution, nil, "ExecutionTimedOut", JSONObject(distinctPairs: [("error", "States.Timeout")]))
        announceEnd(of: execution)
    }

    var roleArn: String {
        configuration.roleArn ?? "arn:\(configuration.partition):iam::\(configuration.account):role/StatecraftSimulator"
    }

    /// The context object (`$$`) for a state.
    func context(_ frame: Frame, state: String, enteredTime: VirtualTime, retryCount: Int?, token: String? = nil) -> JSONValue {
        let execution = frame.execution
        let head: (execution: JSONValue, machine: JSONValue)
        if let built = execution.contextHead {
            head = built
        } else {
            head = (execution: [
                "Id": .string(execution.arn), "Input": execution.input,
                "StartTime": .string(VirtualClock.format(configuration.start, plus: execution.startTime)), "Name": .string(execution.name),
                "RoleArn": .string(roleArn), "RedriveCount": 0,
            ], machine: ["Id": .string(execution.machineArn), "Name": .string(configuration.stateMachineName)])
            execution.contextHead = head
        }
        var stateObject = JSONObject(uniqueMembers: [
            .init(key: "Name", value: .string(state)),
            .init(key: "EnteredTime", value: .string(VirtualClock.format(configuration.start, plus: enteredTime))),
        ])
        // Only Task states carry RetryCount (recorded context objects).
        if let retryCount { stateObject["RetryCount"] = .number(JSONNumber(retryCount)) }
        var context = JSONObject(uniqueMembers: [
            .init(key: "Execution", value: head.execution), .init(key: "StateMachine", value: head.machine),
            .init(key: "State", value: .object(stateObject)),
        ])
        if let token { context["Task"] = ["Token": .string(token)] }
        if let item = frame.mapItem {
            context["Map"] = ["Item": ["Index": .number(JSONNumber(item.index)), "Value": item.value]]
        }
        return .object(context)
    }
}

