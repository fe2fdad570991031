import Testing
import StatesLanguage
@testable import Statecraft

/// The three seed workflows as components: golden definitions, and clean validation.
@Suite struct ComponentTests {
    static let alerts: PayloadValue = "arn:aws:sns:us-east-1:123456789012:alerts"
    static let gateFunction: PayloadValue = "arn:aws:lambda:us-east-1:123456789012:function:ecs-gate"

    static let ecsJob = Machine(comment: "ECS job with backoff") {
        ECSJob("Run batch", cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/jobs",
               taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/batch:3",
               subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0e1f2a3b"],
               overrides: [.init("app", command: ["run", "--date", .path("$.date")], environment: ["STAGE": "prod"])])
            .resultPath("$.task")
    }

    static let alertOnFailure = Machine(comment: "Alert on failure") {
        AlertOnFailure(topic: alerts) {
            ECSJob("Extract", cluster: "jobs", taskDefinition: "extract", subnets: ["subnet-0a1b2c3d"])
            Lambda.Invoke("Transform", function: "arn:aws:lambda:us-east-1:123456789012:function:transform")
                .resultSelector(["rows": .path("$.Payload.rows")])
                .resultPath("$.transform")
        }
        Succeed("Done")
    }

    static let alertAndContinue = Machine(comment: "Alert on failure, then continue") {
        AlertOnFailure(topic: alerts, name: "Report cleanup failure", then: .continue) {
            AnyTask("Clean up", resource: "arn:aws:states:::aws-sdk:s3:deleteObject", parameters: ["Bucket": "tmp", "Key.$": "$.key"])
        }
        Succeed("Done")
    }

    static let lambdaGate = Machine(comment: "Concurrency gate (Lambda lock)") {
        ConcurrencyGate(lockName: "ecs-batch", limit: 50, lock: .lambda(function: gateFunction), maxPolls: 20, alertTopic: alerts) {
            ECSJob("Run batch", cluster: "jobs", taskDefinition: "batch", subnets: ["subnet-0a1b2c3d"])
        }
        Succeed("Done")
    }

    static let dynamoGate = Machine(comment: "Concurrency gate (DynamoDB lock)") {
        ConcurrencyGate("Slot", lockName: "ecs-batch", limit: 50, lock: .dynamoDB(table: "locks"),
                        poll: .init(interval: 5, backoffRate: 2, maxInterval: 40), maxPolls: 8) {
            ECSJob("Run batch", cluster: "jobs", taskDefinition: "batch", subnets: ["subnet-0a1b2c3d"])
        }
        Succeed("Done")
    }

    static let goldens: [String: Machine] = [
        "ecs-job.asl.json": ecsJob, "alert-on-failure.asl.json": alertOnFailure,
        "alert-and-continue.asl.json": alertAndContinue, "gate-lambda.asl.json": lambdaGate,
        "gate-dynamodb.asl.json": dynamoGate,
    ]

    @Test(arguments: goldens.keys.sorted())
    func componentMatchesItsGoldenFileAndValidatesCleanly(_ name: String) throws {
        let machine = try #require(Self.goldens[name])
        let result = buildClean(machine)
        try Golden.check(result.json, named: name)
        // The canonical text decodes and validates on its own, with no warnings either.
        let again = Validator().check(Array(result.json.utf8))
        #expect(again.diagnostics.isEmpty, "\(again.diagnostics)")
    }

    @Test func theJobRetriesThrottlingBeforeTaskFailures() throws {
        let m = buildClean(Self.ecsJob).machine
        let retriers = try #require(state("Run batch", in: m)?.retriers)
        #expect(retriers.map(\.errorEquals) == [[.ecsAmazonECSException], [.taskFailed]])
        #expect(retriers[0].jitterStrategy == .full)
        #expect(retriers[0].maxDelaySeconds == 60)
        let noTaskRetry = buildClean(Machine { ECSJob("J", cluster: "jobs", taskDefinition: "t", subnets: ["s"], taskFailures: nil) }).machine
        #expect(state("J", in: noTaskRetry)?.retriers.count == 1)
    }

    @Test func alertCatchesEveryTaskAndNamesTheFailingState() throws {
        let m = buildClean(Self.alertOnFailure).machine
        for name in ["Extract", "Transform"] {
            let catcher = try #require(state(name, in: m)?.catchers.last)
            #expect(catcher.errorEquals == [.all])
            #expect(catcher.next == "Alert")
            #expect(catcher.assign?.literalValue == ["failedState": .string(name)])
        }
        if case .fail? = state("Alert: failed", in: m)?.kind {} else { Issue.record("the alert does not end in Fail") }
        let continuing = buildClean(Self.alertAndContinue).machine
        #expect(state("Report cleanup failure", in: continuing)?.transition == .next("Done"))
    }

    @Test func everyFailurePathOfTheGatedWorkReleasesTheSlot() throws {
        for machine in [Self.lambdaGate, Self.dynamoGate] {
            let m = buildClean(machine).machine
            let work = try #require(state("Run batch", in: m))
            let release = try #require(work.catchers.last?.next)
            #expect(release.hasSuffix("release slot after failure"))
            #expect(work.transition.map { if case .next(let n) = $0 { n.hasSuffix("release slot") } else { false } } == true)
        }
    }

    @Test func theGateLoopIsBoundedAndBacksOff() throws {
        let m = buildClean(Self.dynamoGate).machine
        guard case .pass(let count)? = state("Slot: count poll", in: m)?.kind else { Issue.record("no poll counter"); return }
        let wait = try #require(count.parameters?.field(named: "wait"))
        guard case .expression(let e) = wait.value else { Issue.record("wait is not computed"); return }
        #expect(e.description == "States.ArrayGetItem(States.Array(5, 10, 20, 40, 40, 40, 40, 40), $.gate.polls)")
        guard case .choice(let giveUp)? = state("Slot: give up?", in: m)?.kind else { Issue.record("no bound"); return }
        #expect(giveUp.choices.first?.next == "Slot: timed out")
    }
}
