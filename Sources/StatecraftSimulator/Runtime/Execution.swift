import StatesLanguage

/// One run of a state machine in the simulator: its status, result and history.
public final class Execution {
    /// The status, as DescribeExecution names it.
    public enum Status: String, Sendable {
        /// Still running.
        case running = "RUNNING"
        /// Ended successfully.
        case succeeded = "SUCCEEDED"
        /// Ended with an error.
        case failed = "FAILED"
        /// Ran longer than the machine's `TimeoutSeconds`.
        case timedOut = "TIMED_OUT"
        /// Stopped from outside.
        case aborted = "ABORTED"
    }

    /// The execution's name (unique within its simulator).
    public let name: String
    /// The input it started with.
    public let input: JSONValue
    /// Where the execution stands; `running` until it ends.
    @exclusivity(unchecked) public internal(set) var status: Status = .running
    /// The execution's output when it succeeded.
    public internal(set) var output: JSONValue?
    /// The error it failed with; `nil` unless it failed or timed out.
    public internal(set) var error: String?
    /// The cause it failed with; `nil` unless it failed or timed out (or when the error has none).
    public internal(set) var cause: String?
    /// What the execution recorded of its events, in one value: recording an event is one access.
    struct EventLog {
        var history: [HistoryEvent] = []
        var count = 0
        var lastType = ""
        /// The program ordinal of the state of the last event that belonged to a state (-1: none yet).
        var lastStateOrdinal: Int32 = -1
    }
    /// Unchecked for exclusivity (a runtime call per access): its only `inout` access is the static
    /// append that records an event, which reaches nothing else.
    @exclusivity(unchecked) var log = EventLog()

    /// Every event, in order (empty when the simulator records summaries: ``Simulator/Configuration/history``).
    public var history: [HistoryEvent] { log.history }
    /// How many events the execution recorded (its history's length, also when only summarised).
    public var eventCount: Int { log.count }
    /// The type of the last event recorded.
    public var lastEventType: String { log.lastType }
    /// The virtual time the execution started.
    public internal(set) var startTime: VirtualTime
    /// The virtual time the execution ended, once it has.
    public internal(set) var stopTime: VirtualTime?

    let program: Program
    /// The execution's ARN (`arn:aws:states:…:execution:<machine>:<name>`), as `$$.Execution.Id` shows it.
    public let arn: String
    let machineArn: String
    /// `$$.Execution` and `$$.StateMachine`, the same for every state: built once, on first use.
    var contextHead: (execution: JSONValue, machine: JSONValue)?
    /// Invocations per state name; shared with a distributed Map's child executions.
    var invocationCounter = InvocationCounter()
    var invocations: [String: Int] {
        get { invocationCounter.counts }
        set { invocationCounter.counts = newValue }
    }
    var mainFrame: Frame?

    /// Breaks the reference cycles between an ended execution and its flows (a flow holds the closure
    /// that resumes its parent, and the parent holds its child flows), so that the execution's memory
    /// is freed once nothing else refers to it.
    /// - Returns: the calls the flows were still waiting for, for their services to cancel.
    @discardableResult
    func releaseFlows() -> [InflightCall] {
        var pending = mainFrame.map { [$0] } ?? []
        mainFrame = nil
        var inflight: [InflightCall] = []
        while let frame = pending.popLast() {
            if let call = frame.inflight { inflight.append(call) }
            frame.inflight = nil
            // A distributed Map's child executions end with their parent.
            for child in frame.childExecutions where child.status == .running {
                child.status = .aborted
                inflight += child.releaseFlows()
            }
            pending += frame.children
            frame.children.removeAll()
            frame.childExecutions.removeAll()
            frame.launchIterations = nil
            frame.mapRun?.end()
            frame.mapRun = nil
        }
        return inflight
    }

    init(name: String, input: JSONValue, program: Program, startTime: VirtualTime, arn: String, machineArn: String) {
        self.name = name
        self.input = input
        self.program = program
        self.startTime = startTime
        self.arn = arn
        self.machineArn = machineArn
    }

    /// The result as `statecraft run --format json` prints it: `{status, output, error, cause, events}`,
    /// with `events` exactly as GetExecutionHistory returns them.
    public func report(start: Timestamp) -> JSONValue {
        [
            "status": .string(status.rawValue),
            "output": output ?? .null,
            "error": error.map(JSONValue.string) ?? .null,
            "cause": cause.map(JSONValue.string) ?? .null,
            "events": .array(history.map { $0.json(start: start) }),
        ]
    }

    /// The name of the state an event belongs to (`nil` for the execution's own events). Histories
    /// interleave the events of parallel branches; this tells them apart.
    public func stateName(of event: HistoryEvent) -> String? {
        let ordinal = Int(event.stateOrdinal)
        return program.stateNames.indices.contains(ordinal) ? program.stateNames[ordinal] : nil
    }

    /// The state of the last event that belonged to one (where a failed execution failed); `nil` when
    /// no state was entered.
    public var lastStateName: String? {
        let ordinal = Int(log.lastStateOrdinal)
        return program.stateNames.indices.contains(ordinal) ? program.stateNames[ordinal] : nil
    }

    /// The events of one type, in order.
    public func events(_ type: String) -> [HistoryEvent] { history.filter { $0.type == type } }
}

/// How many times each state was invoked.
final class InvocationCounter {
    var counts: [String: Int] = [:]
}

/// Workflow variables visible to a flow: its own, then its parent's (Parallel branches and Map
/// iterations see the enclosing scope's variables, and their own assignments stay local).
final class Variables {
    var values: [String: JSONValue] = [:]
    let parent: Variables?
    init(parent: Variables?) { self.parent = parent }

    /// Every visible variable, inner ones hiding outer ones.
    var all: [String: JSONValue] {
        guard let parent else { return values }
        var merged = parent.all
        for (k, v) in values { merged[k] = v }
        return merged
    }

    /// Assigns to the scope that already holds the name, or to this one.
    func assign(_ name: String, _ value: JSONValue) {
        var scope: Variables? = self
        while let s = scope {
            if s.values[name] != nil { s.values[name] = value; return }
            scope = s.parent
        }
        values[name] = value
    }
}

/// One flow of control: the execution's main flow, a Parallel branch, or a Map iteration.
final class Frame {
    /// Strong: the interpreter reads it for every state. The cycle with the execution's flows is
    /// broken by ``Execution/releaseFlows()``.
    let execution: Execution
    let scope: Int
    /// The states of `scope`, looked up once rather than for every state the flow runs.
    let states: [CompiledState]
    /// The program-wide number of this scope's first state (events record `ordinalBase + index`).
    let ordinalBase: Int
    // The properties the interpreter touches for every state skip the dynamic exclusivity check (one
    // runtime call per access): the simulator runs on one thread, and every access to them is a plain
    // read or a whole assignment, never an `inout` access that could overlap another.
    @exclusivity(unchecked) var index: Int
    @exclusivity(unchecked) var input: JSONValue
    let variables: Variables
    /// `$$.Map.Item` for Map iterations.
    let mapItem: (index: Int, value: JSONValue)?
    @exclusivity(unchecked) var finished = false
    /// The id of the `…StateEntered` event of the state this flow is in.
    @exclusivity(unchecked) var enteredId = 0
    /// The Task call this flow waits for, while it does.
    var inflight: InflightCall?
    /// Child flows still running (aborted when this flow's state fails).
    var children: [Frame] = []
    /// A distributed Map's "start the next children while below MaxConcurrency" step, while it runs.
    var launchIterations: (() -> Void)?
    /// An inline Map's iterations, while they run.
    var mapRun: MapRun?
    /// Child executions of a distributed Map.
    var childExecutions: [Execution] = []
    /// TestState's recorder of this flow's one state (its data-flow stages and how it ended); `nil`
    /// in every ordinary run, where it costs one test per hook.
    @exclusivity(unchecked) var inspector: StateInspector?
    let onFinish: (Frame, FrameResult) -> Void

    init(execution: Execution, scope: Int, index: Int, input: JSONValue, variables: Variables,
         mapItem: (Int, JSONValue)?, onFinish: @escaping (Frame, FrameResult) -> Void) {
        self.execution = execution
        self.scope = scope
        self.states = execution.program.scopes[scope].states
        self.ordinalBase = execution.program.ordinalBases[scope]
        self.index = index
        self.input = input
        self.variables = variables
        self.mapItem = mapItem
        self.onFinish = onFinish
    }
}

enum FrameResult {
    case success(JSONValue)
    case failure(RuntimeError)
}
