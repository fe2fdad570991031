import Foundation
import Testing
import StatesLanguage
import Statecraft
import StatecraftSimulator
import StatecraftTesting

/// Machines small enough to know their histories by heart.
enum Machines {
    /// A task retried on `Boom` (4 s, backoff 2, FULL jitter), caught on anything else.
    static var retried: Machine {
        Machine {
            AnyTask("Call", resource: "arn:aws:states:::lambda:invoke", parameters: ["FunctionName": "${Function}", "Payload": .path("$")])
                .retry(on: ["Boom"], interval: 4, maxAttempts: 3, backoffRate: 2.0, jitter: .full)
                .catch([.all], resultPath: "$.error") { Fail("Broken", error: "Broken") }
            Succeed("Done")
        }
    }
}

@Suite struct SimulatedExecutionTests {
    static func call(_ outcomes: [TaskOutcome]) -> ScriptedMocks {
        let mocks = ScriptedMocks()
        mocks.state("Call", responses: outcomes)
        return mocks
    }

    @Test func substitutionsReachTheDefinition() throws {
        let mocks = ScriptedMocks()
        var seen: [JSONValue] = []
        mocks.state("Call") { call in
            seen.append(call.parameters)
            return .success(["ok": true])
        }
        let run = try Machines.retried.simulate(input: ["n": 1], services: [mocks], substitutions: ["Function": "answer"])
        #expect(run.status == .succeeded)
        #expect(seen == [["FunctionName": "answer", "Payload": ["n": 1]]])
        #expect(run.input(of: "Call") == ["n": 1])
        #expect(run.output(of: "Call") == ["ok": true])
        #expect(run.path == ["Call", "Done"])
    }

    @Test func jitterOffGivesTheComputedDelays() throws {
        let boom = TaskOutcome.failure(error: "Boom", cause: "once more", duration: 0.25)
        let run = try Machines.retried.simulate(services: [Self.call([boom, boom, .success([:])])], jitter: .off)
        #expect(run.attempts(of: "Call") == 3)
        #expect(run.retryDelays(of: "Call") == [4, 8])
        #expect(run.failures(of: "Call").map(\.time) == [0.25, 4.5])
    }

    @Test func seededJitterDrawsAtMostTheComputedDelay() throws {
        let boom = TaskOutcome.failure(error: "Boom", cause: "once more")
        let first = try Machines.retried.simulate(services: [Self.call([boom, boom, .success([:])])], seed: 42)
        let again = try Machines.retried.simulate(services: [Self.call([boom, boom, .success([:])])], seed: 42)
        let delays = first.retryDelays(of: "Call")
        #expect(delays.count == 2)
        #expect(delays[0] <= 4 && delays[1] <= 8)
        #expect(delays == again.retryDelays(of: "Call"))
        let seeds = (0..<8).map { seed in
            (try? Machines.retried.simulate(services: [Self.call([boom, boom, .success([:])])], seed: UInt64(seed)))?.retryDelays(of: "Call")
        }
        #expect(Set(seeds.compactMap { $0 }).count > 1, "jitter draws different delays for different seeds")
    }

    @Test func aCatcherSaysWhatItCaught() throws {
        let run = try Machines.retried.simulate(services: [Self.call([.failure(error: "Other", cause: "no retry for this")])])
        #expect(run.status == .failed)
        #expect(run.error == "Broken")
        #expect(run.attempts(of: "Call") == 1)
        #expect(run.retryDelays(of: "Call").isEmpty)
        let caught = try #require(run.caught.first)
        #expect(caught.state == "Call")
        #expect(caught.error == "Other")
        #expect(caught.cause == "no retry for this")
        #expect(caught.catcherIndex == 0)
        #expect(caught.next == "Broken")
        #expect(run.output(of: "Call")?["error"] == ["Error": "Other", "Cause": "no retry for this"])
        #expect(run.path == ["Call", "Broken"])
    }

    @Test func exhaustedRetriesThenCaught() throws {
        let boom = TaskOutcome.failure(error: "Boom", cause: "always")
        let run = try Machines.retried.simulate(services: [Self.call([boom])], jitter: .off)
        #expect(run.attempts(of: "Call") == 4)
        #expect(run.retryDelays(of: "Call") == [4, 8, 16])
        #expect(run.caught(by: "Call").map(\.error) == ["Boom"])
    }

    @Test(arguments: ["TaskScheduled", "MapIterationStarted", "ExecutionSucceeded", "EvaluationFailed", "WaitStateAborted"])
    func eventKindsNameTheirType(_ type: String) {
        let kind = HistoryEventKind(type)
        #expect(kind.name == type)
        if case .unknown = kind { Issue.record("\(type) is a known type") }
    }

    @Test func unknownEventTypesKeepTheirName() {
        #expect(HistoryEventKind("TaskSomethingNew") == .unknown("TaskSomethingNew"))
        #expect(HistoryEventKind("TaskSomethingNew").name == "TaskSomethingNew")
        #expect(HistoryEventKind("taskScheduled") == .unknown("taskScheduled"))
    }

    @Test func everyRecordedEventHasAKnownKind() throws {
        let boom = TaskOutcome.failure(error: "Boom", cause: "once more")
        let run = try Machines.retried.simulate(services: [Self.call([boom, .success([:])])])
        #expect(!run.history.isEmpty)
        for event in run.history {
            if case .unknown(let name) = event.kind { Issue.record("unknown kind \(name)") }
        }
        #expect(run.events(.taskFailed).count == 1)
        #expect(run.history.first?.kind == .executionStarted)
    }

    @Test func aFailedExpectationCarriesTheTimeline() throws {
        let run = try Machines.retried.simulate(services: [Self.call([.failure(error: "Other", cause: "no retry")])])
        let explanation = run.explanation("expected status SUCCEEDED, got FAILED")
        #expect(explanation.contains("expected status SUCCEEDED, got FAILED"))
        #expect(explanation.contains("FAILED with Broken"))
        #expect(explanation.contains(run.timeline))
        #expect(run.timeline.contains("TaskFailed"))
        withKnownIssue {
            run.expect(status: .succeeded)
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("TaskFailed") && $0.rawValue.contains("expected status SUCCEEDED") }
        }
        withKnownIssue {
            run.expect(path: ["Call", "Done"])
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("differ from step 2") }
        }
        #expect(run.expect(status: .failed))
        #expect(run.expect(error: "Broken"))
    }

    @Test func snsMessagesAreReadFromTheHistory() throws {
        let machine = Machine {
            SNS.Publish("Tell", topic: "arn:aws:sns:us-east-1:123456789012:t", message: .path("$.text"), subject: "Hello")
            Succeed("Done")
        }
        let mocks = ScriptedMocks()
        mocks.state("Tell", responses: [.success(["MessageId": "m-1"])])
        let run = try machine.simulate(input: ["text": "it ran"], services: [mocks])
        let message = try #require(run.published.first)
        #expect(run.published.count == 1)
        #expect(message.state == "Tell")
        #expect(message.topicArn == "arn:aws:sns:us-east-1:123456789012:t")
        #expect(message.message == "it ran")
        #expect(message.text == "it ran")
        #expect(message.subject == "Hello")
        #expect(message.time == 0)
    }

    @Test func launchedTasksCarryTheirOverrides() throws {
        let machine = Machine {
            ECS.RunTask("Run", .sync, cluster: "jobs", taskDefinition: "batch", compute: .fargate,
                        network: .awsvpc(subnets: ["subnet-1"]), overrides: [.init("app", command: ["run", "--fast"])])
            Succeed("Done")
        }
        let aws = AWSServices()
        aws.ecs.define("batch", .init(attempts: [.exits(["app": 3])]))
        let run = try machine.simulate(services: [aws])
        let task = try #require(run.launchedTasks.first)
        #expect(task.state == "Run")
        #expect(task.exitCode == 3)
        #expect(task.overrides == ["ContainerOverrides": [["Name": "app", "Command": ["run", "--fast"]]]])
    }
}
