import Foundation
import Testing
import StatesLanguage
import Statecraft
@testable import StatecraftSimulator

/// Seed 000's machine: `ecs:runTask.sync` on Fargate, Retry `States.ALL` (3 s, 3 attempts, backoff 5),
/// Catch → SNS publish.
let seed000Machine = """
    {"Comment": "Example of Run Task", "StartAt": "Run Task", "States": {
      "Run Task": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
        "Parameters": {"LaunchType": "FARGATE", "Cluster": "jobs", "TaskDefinition": "batch",
          "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"], "SecurityGroups": ["sg-1"], "AssignPublicIp": "DISABLED"}}},
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "MaxAttempts": 3, "BackoffRate": 5}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Alert", "ResultPath": "$.error"}], "End": true},
      "Alert": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
        "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message.$": "$.error.Error"}, "End": true}}}
    """

/// Seed 002's retrier on a `.sync` RunTask.
let seed002Machine = """
    {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
      "Parameters": {"LaunchType": "FARGATE", "Cluster": "jobs", "TaskDefinition": "batch",
        "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"]}}},
      "Retry": [{"ErrorEquals": ["ECS.AmazonECSException"], "IntervalSeconds": 3, "MaxAttempts": 3, "BackoffRate": 2.0}],
      "End": true}}}
    """

/// The parsed JSON text of an event detail.
func detailJSON(_ event: HistoryEvent?, _ key: String) -> JSONValue? {
    guard let text = event?.details?[key]?.stringValue else { return nil }
    return try? JSONParser.parse(text)
}

@Suite struct ECSModelTests {
    static func aws(_ attempts: [ECSModel.Attempt] = []) -> AWSServices {
        let aws = AWSServices()
        aws.ecs.define("batch", ECSModel.TaskDefinition(attempts: attempts))
        return aws
    }

    @Test func seed000HappyPathEndsWithTheStoppedTask() throws {
        let aws = Self.aws()
        let execution = Simulator(services: [aws]).run(try program(seed000Machine))
        #expect(execution.status == .succeeded)
        let output = try #require(execution.output)
        #expect(output["LastStatus"] == "STOPPED")
        #expect(output["Containers"]?.arrayValue?.first?["ExitCode"] == 0)
        #expect(output["StopCode"] == "EssentialContainerExited")
        #expect(output["StartedBy"] == "AWS Step Functions")
        #expect(output["Group"] == "family:batch")
        // RunTask's response, as the task was created, is the TaskSubmitted event.
        let submitted = try #require(detailJSON(execution.events("TaskSubmitted").first, "output"))
        #expect(submitted["Tasks"]?.arrayValue?.first?["LastStatus"] == "PROVISIONING")
        #expect(submitted["Failures"] == [])
        #expect(submitted["SdkHttpMetadata"]?["HttpStatusCode"] == 200)
        // 10 s provisioning + 15 s pending + 60 s running by default.
        #expect(execution.events("TaskSucceeded").first?.time == 85)
        #expect(aws.ecs.tasks.count == 1)
        #expect(aws.ecs.tasks[0].lastStatus(at: 5) == "PROVISIONING")
        #expect(aws.ecs.tasks[0].lastStatus(at: 20) == "PENDING")
        #expect(aws.ecs.tasks[0].lastStatus(at: 30) == "RUNNING")
        #expect(aws.ecs.tasks[0].lastStatus(at: 85) == "STOPPED")
    }

    @Test func seed000ExitCodeOneRetriesThreeTimesThenAlerts() throws {
        let aws = Self.aws([.exit(1)])
        let execution = Simulator(services: [aws]).run(try program(seed000Machine))
        #expect(execution.status == .succeeded)
        let failures = execution.events("TaskFailed")
        #expect(failures.count == 4)
        #expect(failures.allSatisfy { $0.details?["error"] == "States.TaskFailed" })
        // The cause is the stopped Task object.
        let cause = try #require(detailJSON(failures.first, "cause"))
        #expect(cause["LastStatus"] == "STOPPED")
        #expect(cause["Containers"]?.arrayValue?.first?["ExitCode"] == 1)
        #expect(Array(retryWaits(execution).prefix(3)) == [3, 15, 75])
        // Catch → SNS: the message is recorded and visible in the history.
        #expect(aws.sns.published.map(\.message) == ["States.TaskFailed"])
        #expect(aws.sns.published.first?.topicArn == "arn:aws:sns:us-east-1:123456789012:alerts")
        let alert = try #require(detailJSON(execution.events("TaskScheduled").last, "parameters"))
        #expect(alert["Message"] == "States.TaskFailed")
        #expect(detailJSON(execution.events("TaskSucceeded").last, "output")?["MessageId"]?.stringValue == aws.sns.published.first?.messageId)
    }

    @Test func failuresWithoutATaskAreAmazonECSUnknown() throws {
        let aws = Self.aws([.failures([["Reason": "RESOURCE:MEMORY"]]), .exit(0)])
        let execution = Simulator(services: [aws]).run(try program(seed000Machine))
        #expect(execution.status == .succeeded)
        let failed = try #require(execution.events("TaskFailed").first)
        #expect(failed.details?["error"] == "AmazonECS.Unknown")
        #expect(failed.details?["cause"]?.stringValue?.contains("RESOURCE:MEMORY") == true)
        // HTTP 200: the response is recorded, and no task was started by that call.
        #expect(detailJSON(execution.events("TaskSubmitted").first, "output")?["Tasks"] == [])
        #expect(aws.ecs.tasks.count == 1)
        #expect(execution.output?["LastStatus"] == "STOPPED")
    }

    @Test func seed002ThrottledTwiceWaitsThreeThenSix() throws {
        let aws = Self.aws([.throttle, .throttle, .exit(0)])
        let execution = Simulator(services: [aws]).run(try program(seed002Machine))
        #expect(execution.status == .succeeded)
        #expect(retryWaits(execution) == [3, 6])
        let cause = try #require(execution.events("TaskFailed").first?.details?["cause"]?.stringValue)
        #expect(cause.hasPrefix("Rate exceeded (Service: AmazonECS; Status Code: 400; Error Code: ThrottlingException; Request ID: "))
        #expect(cause.hasSuffix("; Proxy: null)"))
        #expect(execution.events("TaskFailed").allSatisfy { $0.details?["error"] == "ECS.AmazonECSException" })
    }

    @Test func aConcurrentTaskLimitOfZeroThrottlesEveryAttempt() throws {
        let aws = Self.aws()
        aws.ecs.quotas.maxConcurrentTasks = 0
        let execution = Simulator(services: [aws]).run(try program(seed002Machine))
        #expect(execution.status == .failed)
        #expect(execution.error == "ECS.AmazonECSException")
        #expect(execution.cause?.contains("Error Code: ThrottlingException") == true)
        #expect(execution.events("TaskFailed").count == 4)
        #expect(aws.ecs.tasks.isEmpty)
    }

    @Test func theRunTaskTokenBucketThrottlesBurstsAndRefills() throws {
        let aws = Self.aws()
        aws.ecs.quotas.runTaskBurst = 2
        aws.ecs.quotas.runTaskRefillPerSecond = 0.5
        let simulator = Simulator(services: [aws])
        let p = try program(seed002Machine)
        let executions = (0..<3).map { _ in simulator.start(p) }
        simulator.run()
        #expect(executions.allSatisfy { $0.status == .succeeded })
        // Two tokens at t=0; the third call is throttled and its retry at t=3 finds a refilled token.
        #expect(aws.ecs.calls.map(\.result) == ["started", "started", "throttled", "started"])
        #expect(aws.ecs.calls.map(\.time) == [0, 0, 0, 3])
        #expect(retryWaits(executions[2]) == [3])
    }

    @Test func concurrentTasksCountUntilTheyStopAndRefusedCallsKeepTheScript() throws {
        let aws = Self.aws([.exit(0), .exit(7), .exit(0)])
        aws.ecs.quotas.maxConcurrentTasks = 1
        let simulator = Simulator(services: [aws])
        let p = try program(seed002Machine)
        let first = simulator.start(p)
        let second = simulator.start(p)
        simulator.run()
        #expect(first.status == .succeeded)
        // The second is throttled at 0, 3, 9 and 21 s while the first task (85 s) runs.
        #expect(second.status == .failed)
        #expect(second.error == "ECS.AmazonECSException")
        #expect(second.cause?.hasPrefix("You've reached the limit on the number of tasks you can run concurrently") == true)
        // The next call takes the script's second entry: the refused calls took none.
        let third = simulator.run(p)
        #expect(third.error == "States.TaskFailed")
        #expect(detailJSON(third.events("TaskFailed").first, "cause")?["Containers"]?.arrayValue?.first?["ExitCode"] == 7)
    }

    @Test func callbackTasksRunOnWhenTheirStateIsAbandoned() throws {
        let aws = Self.aws()
        let p = try program("""
            {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.waitForTaskToken",
                "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch"}, "End": true}}},
              {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom"}}}]}}}
            """)
        #expect(Simulator(services: [aws]).run(p).status == .failed)
        #expect(aws.ecs.tasks.first?.stopCode == "EssentialContainerExited")
        #expect(aws.ecs.tasks.first?.stoppedAt == 85)
    }

    @Test func requestResponseReturnsTheRunTaskResponseAndTheTaskRunsOn() throws {
        let aws = Self.aws()
        let p = try program("""
            {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",
              "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch:1"}, "End": true}}}
            """)
        let execution = Simulator(services: [aws]).run(p)
        #expect(execution.status == .succeeded)
        let output = try #require(execution.output)
        #expect(output["Tasks"]?.arrayValue?.first?["LastStatus"] == "PROVISIONING")
        #expect(output["Tasks"]?.arrayValue?.first?["StartedBy"] == nil)
        #expect(output["SdkResponseMetadata"]?["RequestId"]?.stringValue?.count == 36)
        #expect(execution.events("TaskSubmitted").isEmpty)
        #expect(execution.stopTime == 0)
        #expect(aws.ecs.runningTasks(at: 50).count == 1)
        #expect(aws.ecs.runningTasks(at: 85).isEmpty)
    }

    @Test func callbackTasksAreAnsweredByTheTaskOrTimeOut() throws {
        let machine = """
            {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.waitForTaskToken",
              "TimeoutSeconds": 300,
              "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch", "Overrides": {"ContainerOverrides": [
                {"Name": "app", "Environment": [{"Name": "TOKEN", "Value.$": "$$.Task.Token"}]}]}}, "End": true}}}
            """
        var definition = ECSModel.TaskDefinition()
        definition.callbackOutput = ["rows": 12]
        let clean = AWSServices()
        clean.ecs.define("batch", definition)
        let succeeded = Simulator(services: [clean]).run(try program(machine))
        #expect(succeeded.status == .succeeded)
        #expect(succeeded.output == ["rows": 12])
        #expect(succeeded.stopTime == 85)
        definition.attempts = [.exit(2)]
        let crashing = AWSServices()
        crashing.ecs.define("batch", definition)
        let timedOut = Simulator(services: [crashing]).run(try program(machine))
        #expect(timedOut.status == .failed)
        #expect(timedOut.error == "States.Timeout")
        #expect(timedOut.stopTime == 300)
        definition.attempts = [.failures([["Reason": "RESOURCE:CPU"]])]
        let unplaced = AWSServices()
        unplaced.ecs.define("batch", definition)
        let unknown = Simulator(services: [unplaced]).run(try program(machine))
        #expect(unknown.error == "AmazonECS.Unknown")
        #expect(unknown.stopTime == 0)
    }

    @Test func aTaskIsStoppedWhenItsParallelBranchFails() throws {
        let aws = Self.aws()
        let p = try program("""
            {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
                "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch"}, "End": true}}},
              {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "Next": "F"}, "F": {"Type": "Fail", "Error": "Boom"}}}]}}}
            """)
        let execution = Simulator(services: [aws]).run(p)
        #expect(execution.status == .failed)
        let task = try #require(aws.ecs.tasks.first)
        #expect(task.stopCode == "UserInitiated")
        #expect(task.stoppedAt == 30)
        #expect(task.exitCodes["app"] == 143)
        #expect(aws.ecs.runningTasks(at: 31).isEmpty)
    }

    @Test func aTaskIsStoppedWhenItsExecutionTimesOut() throws {
        let aws = Self.aws()
        let machine = seed002Machine.replacingOccurrences(of: "{\"StartAt\": \"Run\",", with: "{\"TimeoutSeconds\": 20, \"StartAt\": \"Run\",")
        let execution = Simulator(services: [aws]).run(try program(machine))
        #expect(execution.status == .timedOut)
        let task = try #require(aws.ecs.tasks.first)
        #expect(task.stoppedAt == 20)
        #expect(task.exitCodes["app"] == .some(nil))  // stopped in PENDING: the container never ran
    }

    @Test(arguments: [
        (#"{"Cluster": "jobs", "TaskDefinition": "batch", "LaunchType": "FARGATE"}"#, "ECS.InvalidParameterException",
         "Network Configuration must be provided when networkMode 'awsvpc' is specified."),
        (#"{"Cluster": "other", "TaskDefinition": "batch"}"#, "ECS.ClusterNotFoundException", "Cluster not found."),
        (#"{"Cluster": "jobs", "TaskDefinition": "batch", "Count": 11}"#, "ECS.InvalidParameterException", "Count must be between 1 and 10."),
        (#"{"Cluster": "jobs", "TaskDefinition": "nightly"}"#, "ECS.ClientException", "Unable to describe task definition."),
    ])
    func apiErrorsHaveAWSNamesAndCauses(parameters: String, error: String, message: String) throws {
        let aws = Self.aws()
        aws.ecs.clusters = ["jobs"]
        aws.ecs.onlyDefinedTaskDefinitions = true
        let p = try program(#"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": "#
                            + parameters + #", "End": true}}}"#)
        let execution = Simulator(services: [aws]).run(p)
        #expect(execution.error == error)
        #expect(execution.cause?.hasPrefix(message + " (Service: AmazonECS; Status Code: 400; Error Code: ") == true)
    }

    @Test func taskDefinitionsMatchByFamilyRevisionOrARN() throws {
        let aws = AWSServices()
        aws.ecs.define("arn:aws:ecs:us-east-1:123456789012:task-definition/batch:3", ECSModel.TaskDefinition(revision: 3, attempts: [.exit(7)]))
        for reference in ["batch", "batch:3", "arn:aws:ecs:us-east-1:123456789012:task-definition/batch:3"] {
            let p = try program(seed002Machine.replacingOccurrences(of: "\"TaskDefinition\": \"batch\"", with: "\"TaskDefinition\": \"\(reference)\""))
            let execution = Simulator(services: [aws]).run(p)
            #expect(execution.error == "States.TaskFailed", "\(reference)")
            #expect(detailJSON(execution.events("TaskFailed").first, "cause")?["TaskDefinitionArn"]
                    == "arn:aws:ecs:us-east-1:123456789012:task-definition/batch:3")
        }
    }

    @Test func onlyEssentialContainersDecideByDefault() throws {
        var definition = ECSModel.TaskDefinition(containers: [.init(name: "app"), .init(name: "sidecar", essential: false)])
        definition.attempts = [.exits(["app": 0, "sidecar": 1])]
        let aws = AWSServices()
        aws.ecs.define("batch", definition)
        #expect(Simulator(services: [aws]).run(try program(seed002Machine)).status == .succeeded)
        let strict = AWSServices()
        strict.ecs.define("batch", definition)
        strict.ecs.nonEssentialExitCodesFail = true
        #expect(Simulator(services: [strict]).run(try program(seed002Machine)).error == "States.TaskFailed")
    }

    @Test func theSameSeedGivesTheSameResponses() throws {
        func report() throws -> String {
            let execution = Simulator(services: [Self.aws([.throttle, .exit(1)])]).run(try program(seed000Machine))
            return JSONWriter.string(execution.report(start: VirtualClock.defaultStart))
        }
        #expect(try report() == report())
    }
}

@Suite struct SNSModelTests {
    static func publish(_ parameters: String, topics: [String]? = nil) throws -> (Execution, AWSServices) {
        let aws = AWSServices()
        if let topics { for t in topics { aws.sns.createTopic(t) } }
        let p = try program(#"{"StartAt": "P", "States": {"P": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": "#
                            + parameters + #", "End": true}}}"#)
        return (Simulator(services: [aws]).run(p), aws)
    }

    @Test func publishReturnsAWSShapeAndRecordsTheMessage() throws {
        let (execution, aws) = try Self.publish(#"{"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message": {"job": "b"}, "Subject": "s"}"#)
        #expect(execution.status == .succeeded)
        let output = try #require(execution.output)
        #expect(output.objectValue?.keys == ["MessageId", "SdkHttpMetadata", "SdkResponseMetadata"])
        #expect(output["SdkHttpMetadata"]?["HttpHeaders"]?["Content-Type"] == "text/xml")
        // A non-string message is sent as JSON text.
        #expect(aws.sns.published.first?.message == #"{"job":"b"}"#)
        #expect(aws.sns.published.first?.subject == "s")
    }

    @Test func fifoTopicsNeedAGroupAndNumberTheirMessages() throws {
        let topic = "arn:aws:sns:us-east-1:123456789012:jobs.fifo"
        let (missing, _) = try Self.publish(#"{"TopicArn": "\#(topic)", "Message": "m"}"#)
        #expect(missing.error == "SNS.InvalidParameterException")
        #expect(missing.cause?.hasPrefix("Invalid parameter: The MessageGroupId parameter is required for FIFO topics (Service: AmazonSNS; Status Code: 400; Error Code: InvalidParameter; Request ID: ") == true)
        let (grouped, aws) = try Self.publish(#"{"TopicArn": "\#(topic)", "Message": "m", "MessageGroupId": "g"}"#)
        #expect(grouped.output?["SequenceNumber"]?.stringValue?.count == 20)
        #expect(aws.sns.published.first?.messageGroupId == "g")
    }

    @Test func unknownTopicsAndLongMessagesFail() throws {
        let (missing, _) = try Self.publish(#"{"TopicArn": "arn:aws:sns:us-east-1:123456789012:nope", "Message": "m"}"#,
                                            topics: ["arn:aws:sns:us-east-1:123456789012:alerts"])
        #expect(missing.error == "SNS.NotFoundException")
        #expect(missing.cause?.hasPrefix("Topic does not exist (Service: AmazonSNS; Status Code: 404; Error Code: NotFound;") == true)
        // Over SNS's limit (the simulator's payload limit raised so that the input gets through).
        let long = String(repeating: "x", count: 262_145)
        let p = try program(#"{"StartAt": "P", "States": {"P": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message.$": "$.m"}, "End": true}}}"#)
        var configuration = Simulator.Configuration()
        configuration.maximumPayloadBytes = 1_000_000
        let aws = AWSServices()
        let execution = Simulator(configuration: configuration, services: [aws]).run(p, input: ["m": .string(long)])
        #expect(execution.error == "SNS.InvalidParameterException")
        #expect(aws.sns.published.isEmpty)
        #expect(execution.cause?.hasPrefix("Invalid parameter: Message too long") == true)
    }
}

@Suite struct LambdaModelTests {
    static let optimized = """
        {"StartAt": "L", "States": {"L": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:work:live", "Payload.$": "$"}, "End": true}}}
        """

    @Test func optimizedAndLegacyOutputs() throws {
        let aws = AWSServices()
        aws.lambda.function("work") { invocation in .returns(["doubled": .number(JSONNumber((invocation.payload["n"]?.numberValue?.intValue ?? 0) * 2))]) }
        let optimized = Simulator(services: [aws]).run(try program(Self.optimized), input: ["n": 21])
        let output = try #require(optimized.output)
        #expect(output.objectValue?.keys == ["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"])
        #expect(output["Payload"] == ["doubled": 42])
        #expect(output["StatusCode"] == 200)
        let legacy = Simulator(services: [aws]).run(try program("""
            {"StartAt": "L", "States": {"L": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "End": true}}}
            """), input: ["n": 5])
        #expect(legacy.output == ["doubled": 10])
        #expect(legacy.history.map(\.type).contains("LambdaFunctionSucceeded"))
        #expect(optimized.events("TaskSucceeded").first?.time == 0.2)
    }

    @Test func functionErrorsAndCrashes() throws {
        let aws = AWSServices()
        aws.lambda.function("work", responses: [.raises(errorType: "ValueError", errorMessage: "bad input", stackTrace: ["line 1"]), .crashes("Task timed out after 3.00 seconds")])
        let raised = Simulator(services: [aws]).run(try program(Self.optimized))
        #expect(raised.error == "ValueError")
        let cause = try JSONParser.parse(raised.cause ?? "")
        #expect(cause.objectValue?.keys == ["errorMessage", "errorType", "requestId", "stackTrace"])
        #expect(cause["errorMessage"] == "bad input")
        let crashed = Simulator(services: [aws]).run(try program(Self.optimized))
        #expect(crashed.error == "Lambda.Unknown")
        #expect(crashed.cause?.hasPrefix("The cause could not be determined because Lambda did not return an error type.") == true)
    }

    @Test func reservedConcurrencyThrottles() throws {
        let aws = AWSServices()
        aws.lambda.function("work", reservedConcurrency: 1, durationSeconds: 5) { _ in .returns("ok") }
        let simulator = Simulator(services: [aws])
        let p = try program(Self.optimized)
        let first = simulator.start(p)
        let second = simulator.start(p)
        simulator.run()
        #expect(first.status == .succeeded)
        #expect(second.error == "Lambda.TooManyRequestsException")
        #expect(second.cause?.hasPrefix("Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException;") == true)
    }

    @Test func callbackInvocationsAnswerWithWhatTheFunctionReturns() throws {
        let aws = AWSServices()
        aws.lambda.function("approve", durationSeconds: 30) { invocation in
            .returns(["approved": true, "tokenSeen": .bool(invocation.payload["token"]?.stringValue?.isEmpty == false)])
        }
        let p = try program("""
            {"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "approve", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}
            """)
        let execution = Simulator(services: [aws]).run(p)
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["approved": true, "tokenSeen": true])
        #expect(execution.stopTime == 30)
        #expect(detailJSON(execution.events("TaskSubmitted").first, "output")?["StatusCode"] == 200)
    }

    @Test func unknownFunctionsAreLeftToOtherMocksOrNotFound() throws {
        let aws = AWSServices()
        let untouched = Simulator(services: [aws]).run(try program(Self.optimized))
        #expect(untouched.error == MissingMock.error)
        aws.lambda.onlyDefinedFunctions = true
        let strict = Simulator(services: [aws]).run(try program(Self.optimized))
        #expect(strict.error == "Lambda.ResourceNotFoundException")
    }
}

/// The DSL's gate components end to end against the gate models, many executions on one clock.
@Suite struct GateModelTests {
    static func gateMachine(limit: Int, lock: ConcurrencyGate.Lock) throws -> Program {
        let machine = Machine {
            ConcurrencyGate(lockName: "ecs-batch", limit: limit, lock: lock, poll: .init(interval: 10, backoffRate: 1.5, maxInterval: 60),
                            maxPolls: 40) {
                ECSJob("Run batch", cluster: "jobs", taskDefinition: "batch", subnets: ["subnet-0a1b2c3d"])
            }
            Succeed("Done")
        }
        return Program(try machine.definition())
    }

    /// The most ECS tasks alive at once.
    static func peakTasks(_ ecs: ECSModel) -> Int {
        ecs.tasks.map { t in ecs.tasks.filter { $0.createdAt <= t.createdAt && t.createdAt < $0.stoppedAt }.count }.max() ?? 0
    }

    @Test func theAtomicGateNeverLetsMoreThanTheLimitIn() throws {
        let aws = AWSServices()
        aws.lambda.gate("ecs-gate")
        let simulator = Simulator(services: [aws])
        let p = try Self.gateMachine(limit: 2, lock: .lambda(function: "arn:aws:lambda:us-east-1:123456789012:function:ecs-gate"))
        let executions = (0..<6).map { _ in simulator.start(p) }
        simulator.run()
        #expect(executions.allSatisfy { $0.status == .succeeded })
        #expect(aws.lambda.gateLocks.peakHolders(of: "ecs-batch") == 2)
        #expect(Self.peakTasks(aws.ecs) == 2)
        #expect(aws.ecs.tasks.count == 6)
        #expect(aws.lambda.gateLocks.holders(of: "ecs-batch", at: simulator.now).isEmpty)
    }

    @Test func theNaiveGateLetsTwoExecutionsInAtOnce() throws {
        let aws = AWSServices()
        aws.lambda.gate("ecs-gate", atomic: false)
        let simulator = Simulator(services: [aws])
        let p = try Self.gateMachine(limit: 1, lock: .lambda(function: "arn:aws:lambda:us-east-1:123456789012:function:ecs-gate"))
        let executions = (0..<2).map { _ in simulator.start(p) }
        simulator.run()
        #expect(executions.allSatisfy { $0.status == .succeeded })
        // Both read "no holder" before either write landed: the race of seed 002.
        #expect(aws.lambda.gateLocks.peakHolders(of: "ecs-batch") == 2)
        #expect(Self.peakTasks(aws.ecs) == 2)
    }

    @Test func theDynamoDBLockNeverLetsMoreThanTheLimitIn() throws {
        let aws = AWSServices()
        try aws.dynamodb.createTable("locks", key: ["LockName"])
        let simulator = Simulator(services: [aws])
        let p = try Self.gateMachine(limit: 2, lock: .dynamoDB(table: "locks"))
        let executions = (0..<5).map { _ in simulator.start(p) }
        simulator.run()
        #expect(executions.allSatisfy { $0.status == .succeeded })
        #expect(Self.peakTasks(aws.ecs) == 2)
        #expect(aws.ecs.tasks.count == 5)
        let key: JSONValue = ["S": "ecs-batch"]
        let lock = try #require(aws.dynamodb.item(in: "locks", key: JSONObject([("LockName", key)])))
        #expect(lock["currentlockcount"] == ["N": "0"])
        #expect(lock.keys == ["LockName", "currentlockcount"])  // every owner removed itself
    }

    @Test func aFailedJobReleasesItsSlot() throws {
        let aws = AWSServices()
        aws.lambda.gate("ecs-gate")
        aws.ecs.define("batch", ECSModel.TaskDefinition(attempts: [.exit(1)]))
        let simulator = Simulator(services: [aws])
        let p = try Self.gateMachine(limit: 1, lock: .lambda(function: "ecs-gate"))
        let execution = simulator.run(p)
        #expect(execution.status == .failed)
        #expect(execution.error == "States.TaskFailed")
        #expect(aws.lambda.gateLocks.holders(of: "ecs-batch", at: simulator.now).isEmpty)
        #expect(aws.lambda.gateLocks.peakHolders(of: "ecs-batch") == 1)
    }
}

@Suite struct ServicesFileTests {
    /// The issue's example, exactly as written.
    static let example = """
        {
          "region": "us-east-1",
          "account": "123456789012",
          "ecs": {
            "quotas": {"maxConcurrentTasks": 100, "runTaskBurst": 100, "runTaskRefillPerSecond": 40},
            "taskDefinitions": {
              "batch": {
                "containers": [{"name": "app", "essential": true}],
                "provisioningSeconds": 20,
                "runningSeconds": 60,
                "attempts": [{"throttle": true}, {"failures": [{"Reason": "RESOURCE:MEMORY"}]}, {"exitCode": 1}, {"exitCode": 0}]
              }
            }
          },
          "sns": {"topics": ["arn:aws:sns:us-east-1:123456789012:alerts"]},
          "lambda": {"functions": {"gate": {"responses": [{"Return": {"acquired": false}}, {"Return": {"acquired": true}}]}}},
          "dynamodb": {"tables": {"locks": {"key": ["pk"], "items": []}}}
        }
        """

    @Test func theExampleLoadsAsWritten() throws {
        let aws = try AWSServices.load(Array(Self.example.utf8))
        #expect(aws.ecs.quotas == ECSModel.Quotas(maxConcurrentTasks: 100, runTaskBurst: 100, runTaskRefillPerSecond: 40))
        let batch = try #require(aws.ecs.taskDefinitions["batch"])
        let expected: [ECSModel.Attempt] = [.throttle, .failures([["Reason": "RESOURCE:MEMORY"]]), .exit(1), .exit(0)]
        #expect(batch.attempts == expected)
        #expect(batch.provisioningSeconds == 20)
        #expect(batch.runningSeconds == 60)
        #expect(aws.sns.topics == ["arn:aws:sns:us-east-1:123456789012:alerts"])
        #expect(aws.lambda.functions["gate"] != nil)
        #expect(aws.dynamodb.tables["locks"]?.key == ["pk"])
    }

    /// Seed 000's machine against the example: throttled, failures, exit 1, then exit 0.
    @Test func theExampleDrivesSeed000ThroughEveryKindOfAttempt() throws {
        let aws = try AWSServices.load(Array(Self.example.utf8))
        let execution = Simulator(services: [aws]).run(try program(seed000Machine))
        #expect(execution.status == .succeeded)
        #expect(execution.events("TaskFailed").compactMap { $0.details?["error"]?.stringValue }
                == ["ECS.AmazonECSException", "AmazonECS.Unknown", "States.TaskFailed"])
        #expect(execution.output?["Containers"]?.arrayValue?.first?["ExitCode"] == 0)
        #expect(aws.sns.published.isEmpty)
    }

    @Test(arguments: [
        (#"{"ecs": {"quota": {}}}"#, #"1:10: unknown key "quota"; expected "quotas", "clusters", "taskDefinitions", "nonEssentialExitCodesFail", "ec2Capacity" (at /ecs/quota)"#),
        (#"{"ecs": {"taskDefinitions": {"b": {"attempts": [{"exitCode": 1, "throttle": true}]}}}}"#,
         #"1:49: an attempt holds exactly one of "exitCode", "exitCodes", "throttle", "failures" or "error" (at /ecs/taskDefinitions/b/attempts/0)"#),
        (#"{"ecs": {"quotas": {"runTaskBurst": -1}}}"#, "1:37: expected an integer of at least 0 (at /ecs/quotas/runTaskBurst)"),
        (#"{"sns": {"topics": ["alerts"]}}"#, "1:21: expected a topic ARN (arn:aws:sns:…) (at /sns/topics/0)"),
        (#"{"lambda": {"functions": {"f": {"responses": [{"Return": 1, "Throw": {}}]}}}}"#,
         #"1:47: a response holds exactly one of "Return", "Throw", "Crash" or "ServiceError" (at /lambda/functions/f/responses/0)"#),
        (#"{"dynamodb": {"tables": {"t": {"key": ["pk"], "items": [{"other": {"S": "x"}}]}}}}"#,
         #"1:57: the item lacks the key attribute "pk" (at /dynamodb/tables/t/items/0)"#),
        (#"{"account": "42"}"#, "1:13: an account id has 12 digits (at /account)"),
        ("{\"ecs\": ", "1:9: not valid JSON: unexpected end of input; expected a value"),
    ])
    func mistakesAreReportedWithTheirPlace(text: String, message: String) {
        do {
            _ = try AWSServices.load(Array(text.utf8))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description == message)
        }
    }
}

@Suite struct DynamoDBModelTests {
    static func run(_ action: String, _ parameters: String, _ aws: AWSServices) throws -> Execution {
        let p = try program(#"{"StartAt": "D", "States": {"D": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:"# + action
                            + #"", "Parameters": "# + parameters + #", "End": true}}}"#)
        return Simulator(services: [aws]).run(p)
    }

    @Test func putGetUpdateDeleteWithAWSShapes() throws {
        let aws = AWSServices()
        try aws.dynamodb.createTable("jobs", key: ["id"])
        let put = try Self.run("putItem", #"{"TableName": "jobs", "Item": {"id": {"S": "j1"}, "runs": {"N": "0"}}}"#, aws)
        #expect(put.output?.objectValue?.keys == ["SdkHttpMetadata", "SdkResponseMetadata"])
        let updated = try Self.run("updateItem", #"{"TableName": "jobs", "Key": {"id": {"S": "j1"}}, "UpdateExpression": "SET runs = runs + :one", "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "UPDATED_NEW"}"#, aws)
        #expect(updated.output?["Attributes"] == ["runs": ["N": "1"]])
        let got = try Self.run("getItem", #"{"TableName": "jobs", "Key": {"id": {"S": "j1"}}}"#, aws)
        #expect(got.output?["Item"] == ["id": ["S": "j1"], "runs": ["N": "1"]])
        let headers = got.output?["SdkHttpMetadata"]?["HttpHeaders"]
        #expect(headers?["Content-Type"] == "application/x-amz-json-1.0")
        _ = try Self.run("deleteItem", #"{"TableName": "jobs", "Key": {"id": {"S": "j1"}}}"#, aws)
        let gone = try Self.run("getItem", #"{"TableName": "jobs", "Key": {"id": {"S": "j1"}}}"#, aws)
        #expect(gone.status == .succeeded)
        #expect(gone.output?["Item"] == nil)
    }

    @Test func failedConditionsAndValidationErrors() throws {
        let aws = AWSServices()
        let id: JSONValue = ["S": "j1"]
        try aws.dynamodb.createTable("jobs", key: ["id"], items: [JSONObject([("id", id)])])
        let conditional = try Self.run("putItem", #"{"TableName": "jobs", "Item": {"id": {"S": "j1"}}, "ConditionExpression": "attribute_not_exists(id)"}"#, aws)
        #expect(conditional.error == "DynamoDB.ConditionalCheckFailedException")
        #expect(conditional.cause?.hasPrefix("The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException;") == true)
        let badKey = try Self.run("getItem", #"{"TableName": "jobs", "Key": {"other": {"S": "j1"}}}"#, aws)
        #expect(badKey.error == "DynamoDB.AmazonDynamoDBException")
        #expect(badKey.cause?.hasPrefix("The provided key element does not match the schema (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ValidationException;") == true)
        let keyUpdate = try Self.run("updateItem", #"{"TableName": "jobs", "Key": {"id": {"S": "j1"}}, "UpdateExpression": "SET id = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}}"#, aws)
        #expect(keyUpdate.cause?.hasPrefix("One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key") == true)
        let unused = try Self.run("updateItem", #"{"TableName": "jobs", "Key": {"id": {"S": "j1"}}, "UpdateExpression": "SET a = :v", "ExpressionAttributeValues": {":v": {"S": "x"}, ":w": {"S": "y"}}}"#, aws)
        #expect(unused.error == "DynamoDB.AmazonDynamoDBException")
        #expect(unused.cause?.contains(":w") == true)
        aws.dynamodb.onlyDefinedTables = true
        let missing = try Self.run("getItem", #"{"TableName": "nope", "Key": {"id": {"S": "j1"}}}"#, aws)
        #expect(missing.error == "DynamoDB.ResourceNotFoundException")
    }
}
