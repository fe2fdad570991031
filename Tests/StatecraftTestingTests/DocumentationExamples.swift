// The Swift examples of Docs/Testing.md, verbatim: this file must compile and its tests pass, and
// TestingDocsTests checks that every ```swift block of the guide appears here.
import Testing
import StatesLanguage
import Statecraft
import StatecraftSimulator
import StatecraftTesting

struct NightlyBatch: Workflow {
    let name = "nightly-batch"
    var machine: Machine {
        Machine(comment: "Plan with Lambda, run on ECS, alert on failure") {
            AlertOnFailure(topic: "${AlertTopicArn}", subject: "Batch failed") {
                Lambda.Invoke("Plan batch", function: "${PlannerFunctionArn}")
                    .retry(on: [.lambdaTooManyRequests], interval: 2, maxAttempts: 6, backoffRate: 2.0, maxDelay: 30, jitter: .full)
                    .resultSelector(["plan": .path("$.Payload")])
                    .resultPath("$.planner")
                ECSJob("Run batch", cluster: "${ClusterArn}", taskDefinition: "${TaskDefinitionArn}",
                       subnets: ["${SubnetId}"], securityGroups: ["${SecurityGroupId}"])
                    .resultPath("$.task")
            }
            Succeed("Done")
        }
    }

    static let account = [
        "ClusterArn": "jobs", "TaskDefinitionArn": "batch", "SubnetId": "subnet-0a1b2c3d", "SecurityGroupId": "sg-0e1f2a3b",
        "PlannerFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:plan-batch",
        "AlertTopicArn": "arn:aws:sns:us-east-1:123456789012:batch-alerts",
    ]
}

@Suite struct NightlyBatchTests {
    @Test func throttledTwiceThenRuns() throws {
        let aws = AWSServices()
        aws.lambda.function("plan-batch", responses: [.returns(["items": 3])])
        aws.ecs.define("batch", .init(attempts: [.throttle, .throttle, .exit(0)]))

        let run = try NightlyBatch().simulate(services: [aws], substitutions: NightlyBatch.account, jitter: .off)

        run.expect(status: .succeeded)
        run.expect(path: ["Plan batch", "Run batch", "Done"])
        #expect(run.attempts(of: "Run batch") == 3)
        #expect(run.retryDelays(of: "Run batch") == [3, 6])
        run.expectMatchesGolden("nightly-batch-throttled-twice")
    }

    @Test func exitCodeOneEveryTimeAlerts() throws {
        let aws = AWSServices()
        aws.lambda.function("plan-batch", responses: [.returns(["items": 3])])
        aws.ecs.define("batch", .init(attempts: [.exit(1)]))

        let run = try NightlyBatch().simulate(services: [aws], substitutions: NightlyBatch.account, jitter: .off)

        run.expect(status: .failed)
        run.expect(error: "WorkflowFailed")
        #expect(run.launchedTasks.map(\.exitCode) == [1, 1, 1])
        #expect(run.retryDelays(of: "Run batch").count == 2)
        #expect(run.caught(by: "Run batch").map(\.error) == ["States.TaskFailed"])
        #expect(run.published.map(\.subject) == ["Batch failed"])
        #expect(run.published.first?.text.contains("States.TaskFailed") == true)
    }

    @Test func aFailuresEntryIsCaught() throws {
        let aws = AWSServices()
        aws.lambda.function("plan-batch", responses: [.returns(["items": 3])])
        aws.ecs.define("batch", .init(attempts: [.failures([["Reason": "RESOURCE:MEMORY", "Arn": "arn:aws:ecs:us-east-1:123456789012:container-instance/jobs/1"]])]))

        let run = try NightlyBatch().simulate(services: [aws], substitutions: NightlyBatch.account, jitter: .off)

        run.expect(status: .failed)
        #expect(run.launchedTasks.isEmpty)
        #expect(run.caught(by: "Run batch").first?.cause?.contains("RESOURCE:MEMORY") == true)
        #expect(run.published.count == 1)
    }

    @Test func aPlannerThrottledOnEveryAttemptAlerts() throws {
        let aws = AWSServices()
        aws.lambda.function("plan-batch", reservedConcurrency: 0) { _ in .returns(["items": 3]) }
        aws.ecs.define("batch", .init(attempts: [.exit(0)]))

        let run = try NightlyBatch().simulate(services: [aws], substitutions: NightlyBatch.account, seed: 7)

        #expect(run.lambdaCalls.allSatisfy { $0.isThrottled })
        #expect(run.lambdaCalls.count == 7)   // the first call and 6 retries
        #expect(run.lambdaCalls.first?.stateName == "Plan batch")
        #expect(run.caught(by: "Plan batch").first?.error == "Lambda.TooManyRequestsException")
    }
}

@Suite struct NightlyBatchCoverage {
    /// The coverage of a run that succeeds and one whose task exits with 1.
    static func report() throws -> CoverageReport {
        let machine = try SimulatedMachine(NightlyBatch(), substitutions: NightlyBatch.account)
        let coverage = PathCoverage()
        for attempts: [ECSModel.Attempt] in [[.exit(0)], [.exit(1)]] {
            let aws = AWSServices()
            aws.lambda.function("plan-batch", responses: [.returns(["items": 3])])
            aws.ecs.define("batch", .init(attempts: attempts))
            coverage.record(machine.run(services: [aws], jitter: .off))
        }
        return coverage.report(for: machine)
    }

    @Test func theTaskCatcherIsExercisedThePlannerOneIsNot() throws {
        let report = try Self.report()
        #expect(report.fraction(of: .state) == 1)
        #expect(report.uncovered.map(\.label).contains("catcher 0 of \"Plan batch\""))
        #expect(report.fraction(of: .catcher) == 0.5, "\(report.text)")
    }
}

struct GatedBatch: Workflow {
    let name = "gated-batch"
    var machine: Machine {
        Machine(comment: "At most 10 batches at once") {
            ConcurrencyGate(lockName: "ecs-batch", limit: 10, lock: .lambda(function: "${GateFunctionArn}"),
                            poll: .init(interval: 10, backoffRate: 1.5, maxInterval: 60), maxPolls: 30, alertTopic: "${AlertTopicArn}") {
                ECSJob("Run batch", cluster: "${ClusterArn}", taskDefinition: "${TaskDefinitionArn}",
                       subnets: ["${SubnetId}"], securityGroups: ["${SecurityGroupId}"])
                    .resultPath("$.task")
            }
            Succeed("Done")
        }
    }
    /// Every placeholder's value: the gate function and the task definition are the modelled ones.
    static let account = [
        "GateFunctionArn": "ecs-gate", "AlertTopicArn": "arn:aws:sns:us-east-1:123456789012:batch-alerts",
        "ClusterArn": "jobs", "TaskDefinitionArn": "batch", "SubnetId": "subnet-0a1b2c3d", "SecurityGroupId": "sg-0e1f2a3b",
    ]
}

@Suite struct GatedBatchTests {
    @Test func theGateAnswersNoSlotTwice() throws {
        let mocks = ScriptedMocks()
        mocks.state("Gate: acquire slot", responses: [
            .success(["Payload": ["acquired": false, "holders": 10]]),
            .success(["Payload": ["acquired": false, "holders": 10]]),
            .success(["Payload": ["acquired": true, "holders": 10]]),
        ])
        mocks.state("Run batch", responses: [.success(["LastStatus": "STOPPED"])])
        mocks.state("Gate: release slot", responses: [.success(["Payload": ["released": true, "holders": 9]])])

        let run = try GatedBatch().simulate(services: [mocks], substitutions: GatedBatch.account)

        run.expect(status: .succeeded)
        #expect(run.visits(of: "Gate: wait for a slot") == 2)
        #expect(run.events(.waitStateExited).map(\.time) == [10, 25])
        #expect(run.output(of: "Gate: slot acquired?")?["gate"]?["lock"]?["acquired"] == true)
    }

    @Test func theSlotIsReleasedAfterTheJob() throws {
        let aws = AWSServices()
        aws.lambda.gate("ecs-gate")
        aws.ecs.define("batch", .init(attempts: [.exit(0)]))

        let run = try GatedBatch().simulate(services: [aws], substitutions: GatedBatch.account)

        run.expect(status: .succeeded)
        #expect(run.gateHolders(of: "ecs-batch", at: run.launchedTasks[0].time) == [run.execution.arn])
        #expect(run.gateHolders(of: "ecs-batch").isEmpty)
    }
}

@Suite struct ChargeStateTests {
    /// One state, as the TestState API runs it: no execution, no deployment, no waiting.
    static let charge = """
        {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
         "Parameters": {"FunctionName": "charge", "Payload.$": "$.order"},
         "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 3, "MaxAttempts": 2}],
         "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
         "Next": "Ship"}
        """

    @Test func throttlingIsRetriedAfterSixSecondsThenRefunded() throws {
        let throttled = TestStateRequest.Mock(.error(error: "Lambda.TooManyRequestsException", cause: "Rate exceeded"))
        var request = TestStateRequest(definition: Self.charge, input: ["order": ["id": 7]], inspectionLevel: .debug, mock: throttled)

        request.stateConfiguration.retrierRetryCount = 1
        let retry = try Simulator().testState(request)
        #expect(retry.status == .retriable)
        #expect(retry.inspectionData?.errorDetails?.retryBackoffIntervalSeconds == 6)

        request.stateConfiguration.retrierRetryCount = 2
        let refund = try Simulator().testState(request)
        #expect(refund.status == .caughtError)
        #expect(refund.nextState == "Refund")
        #expect(refund.output?["error"]?["Cause"] == "Rate exceeded")
    }

    @Test func aMockThatIsNotLambdasResponseIsRefused() {
        let request = TestStateRequest(definition: Self.charge, mock: .init(.result(["StatusCode": "200"])))
        #expect(throws: TestStateError.self) { try Simulator().testState(request) }
    }
}
