import Testing
import StatesLanguage
import Statecraft
@testable import StatecraftSimulator

/// Issue 13's leak scenarios: each runs 200 executions of a gated ECS job against one modelled account
/// (one clock, one gate function, one cluster) and ends with no slot held, no slot given back by lease
/// expiry alone, never more holders than the limit, and an alert for every execution that did not succeed.
@Suite struct GateLeakTests {
    static let gateFunction = "arn:aws:lambda:us-east-1:123456789012:function:ecs-gate"
    static let alerts = "arn:aws:sns:us-east-1:123456789012:alerts"
    static let limit = 10

    /// The account: the gate function (alerting from its cleanup), the cleanup rule on FAILED, TIMED_OUT
    /// and ABORTED executions, and a short ECS job.
    static func account(reservedConcurrency: Int? = nil, cleanupRule: Bool = true, attempts: [ECSModel.Attempt] = []) -> AWSServices {
        let aws = AWSServices()
        aws.lambda.gate("ecs-gate", reservedConcurrency: reservedConcurrency, alertTopic: alerts)
        if cleanupRule { aws.onExecutionEnd(invoke: gateFunction) }
        aws.ecs.define("batch", ECSModel.TaskDefinition(provisioningSeconds: 5, pendingSeconds: 5, runningSeconds: 20, attempts: attempts))
        return aws
    }

    /// A gate around `work`, polling long enough for 200 executions to pass 10 at a time.
    static func gated(@StepsBuilder _ work: () -> AnySteps) -> Machine {
        Machine {
            ConcurrencyGate(lockName: "ecs-batch", limit: limit, lock: .lambda(function: .literal(.string(gateFunction))),
                            poll: .init(interval: 10, backoffRate: 1.5, maxInterval: 60), maxPolls: 200,
                            alertTopic: .literal(.string(alerts)), leaseSeconds: 900, work: work)
            Succeed("Done")
        }
    }

    static var job: ECS.RunTask {
        ECS.RunTask("Run job", .sync, cluster: "jobs", taskDefinition: "batch", compute: .fargate,
                    network: .awsvpc(subnets: ["subnet-0a1b2c3d"]))
    }

    struct Outcome {
        let executions: [Execution]
        let aws: AWSServices
        var statuses: [Execution.Status: Int] {
            executions.reduce(into: [:]) { $0[$1.status, default: 0] += 1 }
        }
        var errors: Set<String> { Set(executions.compactMap(\.error)) }
    }

    /// Runs 200 executions and checks what every scenario must end with.
    static func run(_ machine: Machine, _ aws: AWSServices, input: (Int) -> JSONValue = { _ in [:] },
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let built = machine.build()
        let problems = built.diagnostics.map(\.description)
        #expect(problems.isEmpty, "\(problems)", sourceLocation: sourceLocation)
        let program = Program(built.machine)
        let simulator = Simulator(services: [aws])
        let executions = (0..<200).map { simulator.start(program, input: input($0), name: "run-\($0)") }
        simulator.run()
        let locks = aws.lambda.gateLocks
        #expect(executions.allSatisfy { $0.status != .running }, sourceLocation: sourceLocation)
        #expect(locks.holders(of: "ecs-batch", at: simulator.now).isEmpty, "slots still held", sourceLocation: sourceLocation)
        #expect(locks.lapsedLeases(of: "ecs-batch", at: .infinity).isEmpty, "slots given back only by lease expiry",
                sourceLocation: sourceLocation)
        #expect(locks.peakHolders(of: "ecs-batch") <= limit, sourceLocation: sourceLocation)
        let alerted = Set(aws.sns.messages(to: alerts).map(\.executionName))
        let silent = executions.filter { $0.status != .succeeded && !alerted.contains($0.name) }
        #expect(silent.isEmpty, "failed without an alert: \(silent.prefix(5).map { "\($0.name) \($0.error ?? "")" })",
                sourceLocation: sourceLocation)
        return Outcome(executions: executions, aws: aws)
    }

    /// The user's own Catch inside the gate, ending in its own Fail: the DSL puts a release before that Fail.
    @Test func aCatchInsideTheGateThatEndsInFailReleases() throws {
        let aws = Self.account(attempts: Array(repeating: .exit(1), count: 100) + [.exit(0)])
        let machine = Self.gated {
            Self.job.catch([.all], resultPath: "$.error") {
                SNS.Publish("Alert", topic: .literal(.string(Self.alerts)), message: .path("$.error.Cause")).resultPath(nil)
                Fail("Failed", error: "JobFailed")
            }
        }
        let definition = try machine.definition()
        let alert = try #require(definition.states.first { $0.name == "Alert" })
        #expect(alert.state.transition == .next("Gate: release slot before Failed"))
        let outcome = try Self.run(machine, aws)
        #expect(outcome.statuses == [.failed: 100, .succeeded: 100])
        #expect(outcome.errors == ["JobFailed"])
        #expect(aws.ecs.tasks.count == 200)
    }

    /// `States.Runtime` inside the gate (the input has no `command`) cannot be caught: the cleanup rule
    /// releases the slot and alerts. Without the rule, the same run leaks.
    @Test func anUncatchableFailureIsCleanedUpByTheRule() throws {
        let machine = Self.gated {
            Pass("Prepare").parameters(["command.$": "$.command"]).resultPath("$.prepared")
            Self.job.resultPath("$.task")
        }
        let input: (Int) -> JSONValue = { $0.isMultiple(of: 2) ? ["command": ["echo", "hi"]] : [:] }
        let outcome = try Self.run(machine, Self.account(), input: input)
        #expect(outcome.statuses == [.failed: 100, .succeeded: 100])
        #expect(outcome.errors == ["States.Runtime"])
        let cleanups = outcome.aws.ruleDeliveries
        #expect(cleanups.count == 100 && cleanups.allSatisfy { $0.ranAt != nil })

        // The control: no rule, and the 100 failed executions keep their slots until their leases run out.
        let leaky = Self.account(cleanupRule: false)
        let simulator = Simulator(services: [leaky])
        let program = Program(try machine.definition())
        for i in 0..<200 { _ = simulator.start(program, input: input(i)) }
        simulator.run()
        #expect(leaky.lambda.gateLocks.lapsedLeases(of: "ecs-batch", at: .infinity).count == 100)
    }

    /// The gate function throttled (reserved concurrency 1): acquire retries with capped FULL-jitter
    /// backoff; what still fails is caught, alerted, and holds no slot; a release that cannot get
    /// through fails the execution, and the rule releases.
    @Test func aThrottledGateFunctionNeverLeavesASlotHeld() throws {
        let outcome = try Self.run(Self.gated { Self.job.resultPath("$.task") }, Self.account(reservedConcurrency: 1))
        #expect(outcome.statuses[.succeeded, default: 0] > 0)
        #expect(outcome.errors.isSubset(of: ["Lambda.TooManyRequestsException", ConcurrencyGate.timeoutError]))
    }

    /// A 2-hour `.sync` task under a 15-minute lease keeps its slot: each time its lease runs out, the
    /// lock finds its execution still running and renews it. The other 199 executions pass through the
    /// 9 other slots, never more than 10 tasks run at once, and nothing is held at the end.
    @Test func aTaskLongerThanTheLeaseKeepsItsSlot() throws {
        let aws = Self.account()
        var first = true
        aws.ecs.taskRunningSeconds = { _ in
            defer { first = false }
            return first ? 7_200 : 20
        }
        let outcome = try Self.run(Self.gated { Self.job.resultPath("$.task") }, aws)
        #expect(outcome.statuses == [.succeeded: 200])
        let long = try #require(aws.ecs.tasks.first)
        #expect(long.stoppingAt - long.startedAt == 7_200)
        let owner = try #require(outcome.executions.first { $0.name == long.executionName }?.arn)
        let locks = aws.lambda.gateLocks
        for time in stride(from: long.createdAt, to: long.stoppedAt, by: 300) {
            #expect(locks.holders(of: "ecs-batch", at: time).contains(owner), "the long task's slot was lost at \(time) s")
        }
        #expect(locks.leasesRenewedByOwnerCheck(of: "ecs-batch", at: .infinity) == 1)
        #expect(Self.peakTasks(aws) <= Self.limit)

        // The control: a lock that takes expired leases without asking gives the long task's slot away
        // after 15 minutes, and 11 tasks run at once.
        let unchecked = AWSServices()
        unchecked.lambda.gate("ecs-gate", alertTopic: Self.alerts, checksOwners: false)
        unchecked.onExecutionEnd(invoke: Self.gateFunction)
        unchecked.ecs.define("batch", ECSModel.TaskDefinition(provisioningSeconds: 5, pendingSeconds: 5, runningSeconds: 20))
        var firstUnchecked = true
        unchecked.ecs.taskRunningSeconds = { _ in
            defer { firstUnchecked = false }
            return firstUnchecked ? 7_200 : 20
        }
        let simulator = Simulator(services: [unchecked])
        let program = Program(try Self.gated { Self.job.resultPath("$.task") }.definition())
        for i in 0..<200 { _ = simulator.start(program, input: [:], name: "run-\(i)") }
        simulator.run()
        #expect(unchecked.lambda.gateLocks.lapsedLeases(of: "ecs-batch", at: .infinity).count == 1)
        #expect(Self.peakTasks(unchecked) == Self.limit + 1)
    }

    /// The most ECS tasks alive (created, not yet stopped) at once.
    static func peakTasks(_ aws: AWSServices) -> Int {
        var changes = aws.ecs.tasks.flatMap { [($0.createdAt, 1), ($0.stoppedAt, -1)] }
        changes.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var current = 0, peak = 0
        for change in changes {
            current += change.1
            peak = max(peak, current)
        }
        return peak
    }

    /// Reserved concurrency 0 (AWS's way of stopping a function): every execution alerts and fails at
    /// acquire, and none ever holds a slot.
    @Test func aStoppedGateFunctionFailsEveryExecutionWithAnAlert() throws {
        let outcome = try Self.run(Self.gated { Self.job.resultPath("$.task") }, Self.account(reservedConcurrency: 0))
        #expect(outcome.statuses == [.failed: 200])
        #expect(outcome.errors == ["Lambda.TooManyRequestsException"])
        #expect(outcome.aws.lambda.gateLocks.acquisitions(of: "ecs-batch") == 0)
        #expect(outcome.aws.ecs.tasks.isEmpty)
        #expect(outcome.executions.allSatisfy { $0.history.contains { $0.type == "TaskFailed" } })
    }
}
