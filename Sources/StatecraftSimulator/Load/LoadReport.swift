import Foundation
import StatesLanguage

/// What a load run did: final statuses and errors, per-state attempts, RunTask outcomes, latency, the
/// account's peaks against its quotas, the gates, and the largest history. All times are virtual seconds.
public struct LoadReport: Sendable, Equatable {
    /// Executions started, and starts rejected by the StartExecution bucket (`ThrottlingException`).
    public var started = 0
    /// Starts rejected by the StartExecution bucket (`ThrottlingException`), not run.
    public var throttledStarts = 0
    /// Ended executions by final status (`SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED`); still running: `RUNNING`.
    public var statuses: [String: Int] = [:]
    /// Failed executions by error and the state where they failed.
    public struct Failure: Sendable, Equatable {
        /// The error name; empty when the execution failed without one.
        public var error: String
        /// The state it failed in.
        public var state: String
        /// How many executions failed so.
        public var count: Int
    }
    /// Failed executions by error and state.
    public var failures: [Failure] = []
    /// Task states: calls (attempts) and those that were retries.
    public struct StateCalls: Sendable, Equatable {
        /// The Task state's name.
        public var state: String
        /// Its calls, over all executions.
        public var attempts: Int
        /// How many of those calls were retries.
        public var retries: Int
    }
    /// Task states' calls, by state.
    public var states: [StateCalls] = []
    /// RunTask calls: accepted (tasks started), throttled, answered with `failures`, refused otherwise.
    public var runTaskAccepted = 0, runTaskThrottled = 0, runTaskFailures = 0, runTaskErrors = 0
    /// The most RunTask throttles in one virtual second.
    public var runTaskThrottledPeakPerSecond = 0
    /// SNS messages published (alerts).
    public var alertsPublished = 0
    /// Start-to-end latency percentiles (nearest rank) and the makespan (first arrival to last end).
    public var latencyP50 = 0.0, latencyP90 = 0.0, latencyP99 = 0.0, latencyMax = 0.0, makespan = 0.0
    /// ECS tasks at once (not yet `STOPPED`) and their vCPUs, against the quotas (`nil`: not enforced).
    public var peakRunningTasks = 0, peakVCPUs = 0.0
    /// The quotas the peaks are measured against (`nil`: not enforced).
    public var maxConcurrentTasks: Int?, fargateVCPUQuota: Double?
    /// One gate lock: the most holders at once, acquire calls, the time executions spent waiting (first
    /// to last acquire call, summed), and the slots still held when the run ended (leaks).
    public struct Gate: Sendable, Equatable {
        /// The lock's name, its limit (`nil`: unknown), the most holders at once, acquire calls, seconds spent waiting, and slots held at the end.
        public var lock: String, limit: Int?, peakHolders: Int, polls: Int, totalWaitSeconds: Double, heldAtEnd: Int
    }
    /// The gates' figures, by lock.
    public var gates: [Gate] = []
    /// State transitions (every `…StateEntered`) and those beyond the StateTransition bucket.
    public var stateTransitions = 0, stateTransitionsOverBucket = 0
    /// The most history events one execution used, and the limit.
    public var maxHistoryEvents = 0, historyEventLimit = 25_000

    /// The executions that ended (every final status).
    public var ended: Int { statuses.filter { $0.key != "RUNNING" }.values.reduce(0, +) }

    /// Gathers statistics as executions end, without keeping them.
    struct Collector {
        var started = 0, throttledStarts = 0, ended = 0
        var firstArrival: Int?
        var statuses: [String: Int] = [:]
        var failures: [String: Int] = [:]
        var latencies: [Int64] = []
        var lastEnd: Int64 = 0
        var maxHistory = 0
        var transitionsPerSecond: [Int64: Int] = [:]
        var transitions = 0
        /// Each ended execution's start and end, in seconds (for the chart).
        var spans: [(Double, Double)] = []

        /// A state was entered at `time` (a state transition).
        mutating func entered(at time: VirtualTime) {
            transitions += 1
            transitionsPerSecond[time.milliseconds / 1000, default: 0] += 1
        }

        mutating func ended(_ execution: Execution) {
            ended += 1
            statuses[execution.status.rawValue, default: 0] += 1
            let stop = execution.stopTime ?? execution.startTime
            latencies.append(stop.milliseconds - execution.startTime.milliseconds)
            lastEnd = max(lastEnd, stop.milliseconds)
            spans.append((execution.startTime.seconds, stop.seconds))
            maxHistory = max(maxHistory, execution.eventCount)
            if execution.status != .succeeded {
                let state = execution.lastStateName ?? "(execution)"
                failures[(execution.error ?? "") + "\u{0}" + state, default: 0] += 1
            }
        }

        func report(account aws: AWSServices, observer: CallObserver, plan: LoadPlan, end: VirtualTime) -> LoadReport {
            var r = LoadReport()
            r.started = started
            r.throttledStarts = throttledStarts
            r.statuses = statuses
            if started > ended { r.statuses["RUNNING"] = started - ended }
            r.failures = failures.map { key, count in
                let parts = key.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                return Failure(error: parts[0], state: parts.count > 1 ? parts[1] : "", count: count)
            }.sorted { ($0.count, $1.error, $1.state) > ($1.count, $0.error, $0.state) }
            r.states = observer.states.map { StateCalls(state: $0.key, attempts: $0.value.attempts, retries: $0.value.retries) }
                .sorted { $0.state < $1.state }
            var throttlesPerSecond: [Int: Int] = [:]
            for call in aws.ecs.calls {
                switch call.result {
                case "started": r.runTaskAccepted += 1
                case "throttled":
                    r.runTaskThrottled += 1
                    throttlesPerSecond[Int(call.time), default: 0] += 1
                case "failures": r.runTaskFailures += 1
                default: r.runTaskErrors += 1
                }
            }
            r.runTaskThrottledPeakPerSecond = throttlesPerSecond.values.max() ?? 0
            r.alertsPublished = aws.sns.published.count
            let sorted = latencies.sorted()
            func rank(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                let index = min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))
                return Double(sorted[index]) / 1000
            }
            r.latencyP50 = rank(0.5); r.latencyP90 = rank(0.9); r.latencyP99 = rank(0.99)
            r.latencyMax = Double(sorted.last ?? 0) / 1000
            r.makespan = ended > 0 ? Double(lastEnd - Int64(firstArrival ?? 0)) / 1000 : 0

            // Tasks at once: +1 when created, −1 when stopped (stops first at the same instant).
            var changes: [(time: Double, tasks: Int, vcpus: Double)] = []
            for task in aws.ecs.tasks {
                let vcpus = Double(ECSModel.cpuUnits(task.definition.cpu) ?? 256) / 1024
                changes.append((task.createdAt, 1, vcpus))
                changes.append((task.stoppedAt, -1, -vcpus))
            }
            changes.sort { $0.time != $1.time ? $0.time < $1.time : $0.tasks < $1.tasks }
            var tasks = 0, vcpus = 0.0
            for change in changes {
                tasks += change.tasks; vcpus += change.vcpus
                r.peakRunningTasks = max(r.peakRunningTasks, tasks)
                r.peakVCPUs = max(r.peakVCPUs, vcpus)
            }
            r.maxConcurrentTasks = aws.ecs.quotas.maxConcurrentTasks == Int.max ? nil : aws.ecs.quotas.maxConcurrentTasks
            r.fargateVCPUQuota = aws.ecs.quotas.fargateOnDemandVCPUs

            r.gates = observer.gates.map { lock, gate in
                Gate(lock: lock, limit: gate.limit, peakHolders: aws.lambda.gateLocks.peakHolders(of: lock), polls: gate.polls,
                     totalWaitSeconds: (gate.totalWait * 1000).rounded() / 1000,
                     heldAtEnd: aws.lambda.gateLocks.holders(of: lock, at: end.seconds).count)
            }.sorted { $0.lock < $1.lock }

            r.stateTransitions = transitions
            var tokens = plan.stateTransitionBucket.burst
            var previous: Int64?
            for second in transitionsPerSecond.keys.sorted() {
                if let previous { tokens = min(plan.stateTransitionBucket.burst, tokens + Double(second - previous) * plan.stateTransitionBucket.refillPerSecond) }
                previous = second
                let count = Double(transitionsPerSecond[second] ?? 0)
                if count > tokens { r.stateTransitionsOverBucket += Int(count - tokens); tokens = 0 } else { tokens -= count }
            }
            r.maxHistoryEvents = maxHistory
            return r
        }
    }
}
