import Foundation
import StatesLanguage

/// Runs a ``LoadPlan``: every execution on one simulator (one virtual clock) against one modelled
/// account, each started at its arrival time, statistics gathered as each execution ends.
///
/// ```swift
/// var plan = LoadPlan()
/// plan.executions = 200; plan.overSeconds = 4; plan.arrival = .uniform
/// let report = try LoadRun(program: program, plan: plan, services: { try AWSServices.load(servicesBytes) }).run()
/// report.statuses["SUCCEEDED"]
/// ```
public final class LoadRun {
    /// The compiled machine every execution runs.
    public let program: Program
    /// The plan: arrivals, inputs, durations and quotas.
    public let plan: LoadPlan
    /// Services asked before the account (e.g. MockConfigFile mocks).
    public let mocks: [ServiceIntegration]
    let makeAccount: () throws -> AWSServices

    /// - Parameters:
    ///   - program: the definition to run.
    ///   - plan: arrivals, inputs, durations and quotas.
    ///   - mocks: services asked first (a mock configuration's responses win for their states).
    ///   - services: makes a fresh account (each run needs its own).
    public init(program: Program, plan: LoadPlan, mocks: [ServiceIntegration] = [], services: @escaping () throws -> AWSServices) {
        self.program = program
        self.plan = plan
        self.mocks = mocks
        self.makeAccount = services
    }

    /// The account of the last run (for assertions beyond the report). Its Lambda model keeps no list
    /// of calls (``LambdaModel/recordsCalls`` is off in a load run); gate locks, ECS and SNS records are whole.
    public private(set) var account: AWSServices?
    /// The last run over virtual time, for ``LoadChart/svg``.
    public private(set) var chart: LoadChart?
    /// The simulator of the last run (its executions keep their histories only with `plan.keepHistories`).
    public private(set) var simulator: Simulator?

    /// Runs the plan to the end.
    /// - Parameter progress: called every 1,000 ended executions with (ended, virtual seconds).
    /// - Returns: the report.
    /// - Throws: the account factory's error, or ``LoadPlanError`` for an input template that is not JSON.
    public func run(progress: ((Int, Double) -> Void)? = nil) throws -> LoadReport {
        let aws = try makeAccount()
        // The report counts Lambda calls as they come (`CallObserver`); keeping each one is what made
        // memory grow with the executions.
        aws.lambda.recordsCalls = false
        aws.ecs.quotas = plan.ecsQuotas(account: aws.ecs.quotas)
        if let duration = plan.duration {
            var random = SeededRandom(seed: plan.seed ^ 0x4455_5241_5449_4F4E)
            aws.ecs.taskRunningSeconds = { _ in (duration.draw(&random) * 1000).rounded() / 1000 }
        }
        let observer = CallObserver()
        var configuration = Simulator.Configuration(seed: plan.seed)
        configuration.region = aws.region
        configuration.account = aws.account
        // Statistics come from events as they are recorded: without histories, memory stays flat.
        configuration.history = plan.keepHistories ? .full : .summary
        let simulator = Simulator(configuration: configuration, services: [observer] + mocks + [aws])
        self.account = aws
        self.simulator = simulator

        var collector = LoadReport.Collector()
        simulator.eventRecorded = { _, type, time in
            if type.utf8.count > 12, type.hasSuffix("StateEntered") { collector.entered(at: time) }
        }
        simulator.executionDidEnd = { execution in
            collector.ended(execution)
            if let progress, collector.ended % 1_000 == 0 { progress(collector.ended, execution.stopTime?.seconds ?? 0) }
        }

        // StartExecution: a start without a token is rejected, as AWS throttles the API.
        let arrivals = plan.arrivalTimes()
        var tokens = plan.startExecutionBucket.burst
        var last = 0
        for (index, at) in arrivals.enumerated() {
            tokens = min(plan.startExecutionBucket.burst, tokens + Double(at - last) / 1000 * plan.startExecutionBucket.refillPerSecond)
            last = at
            guard tokens >= 1 else { collector.throttledStarts += 1; continue }
            tokens -= 1
            let input = try plan.input(index)
            collector.started += 1
            collector.firstArrival = min(collector.firstArrival ?? at, at)
            simulator.after(.milliseconds(Int64(at))) { [program] simulator in
                _ = simulator.start(program, input: input, name: "load-\(index)")
            }
        }
        simulator.run()
        simulator.executionDidEnd = nil
        simulator.eventRecorded = nil
        chart = collector.chart(account: aws, observer: observer)
        return collector.report(account: aws, observer: observer, plan: plan, end: simulator.time)
    }
}

/// Sees every Task call before the other services and answers none: attempts per state and the gate's
/// calls (lock name, limit, acquire polls).
final class CallObserver: ServiceIntegration {
    struct StateCalls { var attempts = 0, retries = 0 }
    var states: [String: StateCalls] = [:]
    /// A lock's limit, its acquire calls, and the time executions spent between their first and
    /// latest acquire, summed as the calls come (so in the same order on every run).
    struct Gate { var limit: Int?; var polls = 0; var totalWait = 0.0 }
    var gates: [String: Gate] = [:]
    struct WaitKey: Hashable { let execution: String; let lock: String }
    /// Per execution and lock: the latest acquire call.
    var lastAcquire: [WaitKey: Double] = [:]

    func invoke(_ call: TaskCall) -> TaskOutcome? {
        count(&states[call.stateName, default: StateCalls()], retry: call.attempt > 0)
        if let payload = call.parameters["Payload"], payload["action"]?.stringValue == "acquire",
           let lock = payload["lockName"]?.stringValue ?? payload["lock"]?.stringValue {
            let previous = lastAcquire.updateValue(call.now, forKey: WaitKey(execution: call.executionName, lock: lock))
            poll(&gates[lock, default: Gate()], limit: payload["limit"]?.numberValue?.intValue, waited: previous.map { call.now - $0 } ?? 0)
        }
        return nil
    }

    private func count(_ calls: inout StateCalls, retry: Bool) {
        calls.attempts += 1
        if retry { calls.retries += 1 }
    }

    private func poll(_ gate: inout Gate, limit: Int?, waited: Double) {
        gate.polls += 1
        if let limit { gate.limit = limit }
        gate.totalWait += waited
    }
}
