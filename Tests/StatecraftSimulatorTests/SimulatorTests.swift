import Foundation
import Testing
import StatesLanguage
@testable import StatecraftSimulator

func program(_ json: String) throws -> Program {
    try Program(json: Array(json.utf8))
}

/// The virtual time between each `TaskFailed` and the next `TaskScheduled`.
func retryWaits(_ execution: Execution) -> [VirtualTime] {
    var waits: [VirtualTime] = []
    var failedAt: VirtualTime?
    for e in execution.history {
        if e.type == "TaskFailed" { failedAt = e.time }
        if e.type == "TaskScheduled", let f = failedAt { waits.append(e.time - f); failedAt = nil }
    }
    return waits
}

@Suite struct RetryTests {
    static let seed002 = """
        {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
          "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch"},
          "Retry": [{"ErrorEquals": ["ECS.AmazonECSException"], "IntervalSeconds": 3, "MaxAttempts": 3, "BackoffRate": 2.0}],
          "End": true}}}
        """

    static func throttledTwice() -> ScriptedMocks {
        let mocks = ScriptedMocks()
        mocks.state("Run", responses: [
            .failure(error: "ECS.AmazonECSException", cause: "Rate exceeded (Service: AmazonECS; Status Code: 400; Error Code: ThrottlingException; Request ID: r; Proxy: null)"),
            .failure(error: "ECS.AmazonECSException", cause: "Rate exceeded"),
            .success(["LastStatus": "STOPPED"]),
        ])
        return mocks
    }

    @Test func seed002RetrierWaitsThreeThenSixSeconds() throws {
        let execution = Simulator(services: [Self.throttledTwice()]).run(try program(Self.seed002))
        #expect(execution.status == .succeeded)
        #expect(retryWaits(execution) == [3, 6])
        #expect(execution.events("TaskScheduled").count == 3)
        #expect(execution.output == ["LastStatus": "STOPPED"])
    }

    @Test func exhaustedRetriesFailWithTheLastError() throws {
        let mocks = ScriptedMocks()
        mocks.state("Run", responses: [.failure(error: "ECS.AmazonECSException", cause: "Rate exceeded")])
        let execution = Simulator(services: [mocks]).run(try program(Self.seed002))
        #expect(execution.status == .failed)
        #expect(execution.error == "ECS.AmazonECSException")
        #expect(retryWaits(execution) == [3, 6, 12])
        #expect(execution.history.last?.type == "ExecutionFailed")
    }

    @Test func maxDelayCapsTheBackoff() throws {
        let json = Self.seed002.replacingOccurrences(of: "\"BackoffRate\": 2.0}", with: "\"BackoffRate\": 2.0, \"MaxDelaySeconds\": 5}")
        let mocks = ScriptedMocks()
        mocks.state("Run", responses: [.failure(error: "ECS.AmazonECSException", cause: "x")])
        let execution = Simulator(services: [mocks]).run(try program(json))
        #expect(retryWaits(execution) == [3, 5, 5])
    }

    @Test func fullJitterIsBoundedAndSeeded() throws {
        let json = Self.seed002.replacingOccurrences(of: "\"BackoffRate\": 2.0}", with: "\"BackoffRate\": 2.0, \"JitterStrategy\": \"FULL\"}")
        func waits(seed: UInt64) throws -> [VirtualTime] {
            let mocks = ScriptedMocks()
            mocks.state("Run", responses: [.failure(error: "ECS.AmazonECSException", cause: "x")])
            return retryWaits(Simulator(configuration: .init(seed: seed), services: [mocks]).run(try program(json)))
        }
        let a = try waits(seed: 1), b = try waits(seed: 1), c = try waits(seed: 2)
        #expect(a == b)
        #expect(a != c)
        for (w, cap) in zip(a, [3, 6, 12] as [VirtualTime]) { #expect(w >= 0 && w <= cap) }
    }

    @Test func sameSeedSameBytes() throws {
        func report() throws -> String {
            let simulator = Simulator(configuration: .init(seed: 42), services: [Self.throttledTwice()])
            let execution = simulator.run(try program(Self.seed002))
            return JSONWriter.string(execution.report(start: simulator.configuration.start))
        }
        #expect(try report() == report())
    }
}

@Suite struct SimulatorBehaviourTests {
    @Test func aTaskWithoutAMockFailsNamingTheStateAndHowToMockIt() throws {
        let execution = Simulator().run(try program(RetryTests.seed002))
        #expect(execution.status == .failed)
        #expect(execution.error == MissingMock.error)
        #expect(execution.cause?.contains("\"Run\"") == true)
        #expect(execution.cause?.contains("ScriptedMocks().state(\"Run\"") == true)
        // It bypasses Retry: a configuration problem is not a task failure.
        #expect(execution.events("TaskScheduled").count == 1)
    }

    @Test func waitsAdvanceTheVirtualClockExactly() throws {
        let p = try program(#"{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 3600, "Next": "B"}, "B": {"Type": "Wait", "Seconds": 60, "End": true}}}"#)
        let simulator = Simulator()
        let execution = simulator.run(p)
        #expect(execution.status == .succeeded)
        #expect(execution.stopTime == 3660)
        #expect(execution.events("WaitStateExited").map(\.time) == [3600, 3660])
    }

    /// Choice comparisons: strings by code point (canonically equivalent spellings differ, as in
    /// Java), numbers by value whatever their spelling, large integers included.
    @Test(arguments: [
        (#"{"s": "\u00e9"}"#, #""Variable": "$.s", "StringEquals": "e\u0301""#, false),
        (#"{"s": "\u00e9"}"#, #""Variable": "$.s", "StringEquals": "\u00e9""#, true),
        (#"{"n": 2}"#, #""Variable": "$.n", "NumericLessThan": 2.5"#, true),
        (#"{"n": 1e1}"#, #""Variable": "$.n", "NumericGreaterThanEquals": 10"#, true),
        (#"{"n": -3, "m": -2}"#, #""Variable": "$.n", "NumericLessThanPath": "$.m""#, true),
        (#"{"n": 123456789012345678901}"#, #""Variable": "$.n", "NumericGreaterThan": 123456789012345678"#, true),
    ])
    func choiceComparesLikeStepFunctions(input: String, rule: String, matches: Bool) throws {
        let choices = "[{" + rule + #", "Next": "Yes"}]"#
        let p = try program(#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": "# + choices
            + #", "Default": "No"}, "Yes": {"Type": "Succeed"}, "No": {"Type": "Succeed"}}}"#)
        let execution = Simulator().run(p, input: try JSONParser.parse(input))
        #expect(execution.history.contains { $0.type == "SucceedStateEntered" && $0.details?["name"] == (matches ? "Yes" : "No") })
    }

    @Test func anActivityThatDoesNotExistIsARuntimeError() throws {
        let arn = "arn:aws:states:us-east-1:123456789012:activity:review"
        let p = try program(#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "\#(arn)", "End": true}}}"#)
        var configuration = Simulator.Configuration()
        configuration.activities = []
        let execution = Simulator(configuration: configuration).run(p)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause == "An error occurred while executing the state 'A' (entered at the event id #2). The activity \(arn) does not exist.")
        #expect(execution.history.map(\.type) == ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"])
        configuration.activities = [arn]
        let mocks = ScriptedMocks()
        mocks.state("A", responses: [.success(["ok": true])])
        #expect(Simulator(configuration: configuration, services: [mocks]).run(p).status == .succeeded)
    }

    @Test func aLoopThatNeverEndsStopsAtTheHistoryLimit() throws {
        // Valid (the Choice has an exit) but the exit never fires.
        let p = try program(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}], "Default": "A"}, "Done": {"Type": "Succeed"}}}"#)
        let execution = Simulator(configuration: .init(maximumHistoryEvents: 1_000)).run(p)
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(execution.cause?.contains("1000 history events") == true)
    }

    @Test func catchersRouteTheErrorToTheirState() throws {
        let p = try program("""
            {"StartAt": "Run", "States": {
              "Run": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Alert"}], "End": true},
              "Alert": {"Type": "Pass", "End": true}}}
            """)
        let mocks = ScriptedMocks()
        mocks.state("Run", responses: [.failure(error: "Lambda.Unknown", cause: "boom")])
        let execution = Simulator(services: [mocks]).run(p, input: ["id": 1])
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["id": 1, "error": ["Error": "Lambda.Unknown", "Cause": "boom"]])
        #expect(execution.history.map(\.type) == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed",
                                                  "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
    }

    /// Recorded on AWS: a task whose result was too large fails with States.DataLimitExceeded, and
    /// States.ALL catches that; a state whose own output is too large fails the execution regardless.
    @Test func statesAllCatchesDataLimitExceededOnlyWhenATaskReportedIt() throws {
        let p = try program("""
            {"StartAt": "Run", "States": {
              "Run": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
              "Caught": {"Type": "Pass", "End": true}}}
            """)
        let reported = ScriptedMocks()
        reported.state("Run", responses: [.failure(error: "States.DataLimitExceeded", cause: "too large")])
        let caught = Simulator(services: [reported]).run(p)
        #expect(caught.status == .succeeded)
        #expect(caught.output == ["Error": "States.DataLimitExceeded", "Cause": "too large"])

        let large = ScriptedMocks()
        large.state("Run", responses: [.success(["blob": .string(String(repeating: "x", count: 300))])])
        let uncaught = Simulator(configuration: .init(maximumPayloadBytes: 256), services: [large]).run(p)
        #expect(uncaught.status == .failed)
        #expect(uncaught.error == "States.DataLimitExceeded")
    }

    @Test func credentialsShowAsTheScheduledTasksRole() throws {
        let p = try program("""
            {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "f"}, "Credentials": {"RoleArn.$": "$.role"}, "End": true}}}
            """)
        let mocks = ScriptedMocks()
        mocks.state("Run", responses: [.success(["ok": true])])
        let execution = Simulator(services: [mocks]).run(p, input: ["role": "arn:aws:iam::123456789012:role/worker"])
        #expect(execution.events("TaskScheduled").first?.details?["taskCredentials"] == ["roleArn": "arn:aws:iam::123456789012:role/worker"])
    }

    @Test func aRetriedParallelAttemptEndsWithoutAFailedEvent() throws {
        let p = try program("""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
              "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "c"}}}],
              "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 1, "IntervalSeconds": 2}]}}}
            """)
        let execution = Simulator().run(p)
        #expect(execution.error == "Boom")
        #expect(execution.history.map(\.type) == ["ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted", "FailStateEntered",
                                                  "ParallelStateStarted", "FailStateEntered", "ParallelStateFailed", "ExecutionFailed"])
        #expect(execution.events("ParallelStateStarted").last?.time == 2)
    }

    @Test func theMachinesTimeoutSecondsEndsTheExecution() throws {
        let p = try program(#"{"TimeoutSeconds": 60, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "Next": "Done"}, "Done": {"Type": "Succeed"}}}"#)
        let execution = Simulator().run(p)
        #expect(execution.status == .timedOut)
        #expect(execution.error == "States.Timeout")
        #expect(execution.history.last?.type == "ExecutionTimedOut")
        #expect(execution.history.last?.time == 60)
        #expect(execution.events("WaitStateExited").isEmpty)
        // Finishing first wins.
        let quick = try program(#"{"TimeoutSeconds": 60, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}}"#)
        #expect(Simulator().run(quick).status == .succeeded)
    }

    /// Recorded: Step Functions rejects API Gateway headers that are not lists of strings, before
    /// scheduling the task.
    @Test func apiGatewayHeadersMustBeListsOfStrings() throws {
        let p = try program(#"{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::apigateway:invoke", "Parameters": {"ApiEndpoint": "e", "Method": "GET", "Headers.$": "$.h"}, "End": true}}}"#)
        let mocks = ScriptedMocks()
        mocks.state("Call", responses: [.success(["StatusCode": 200])])
        let bad = Simulator(services: [mocks]).run(p, input: ["h": ["x": "one"]])
        #expect(bad.error == "States.Runtime")
        #expect(bad.cause?.hasSuffix("could not be used to start the Task: [The value of the field 'Headers' has an invalid format]") == true)
        #expect(bad.events("TaskScheduled").isEmpty)
        let good = Simulator(services: [mocks]).run(p, input: ["h": ["x": ["one", "two"]]])
        #expect(good.status == .succeeded)
    }

    @Test func taskTimeoutsRaiseStatesTimeoutOnVirtualTime() throws {
        let p = try program(#"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "TimeoutSeconds": 30, "End": true}}}"#)
        let mocks = ScriptedMocks()
        mocks.state("Run", responses: [.success(["ok": true], duration: 120)])
        let execution = Simulator(services: [mocks]).run(p)
        #expect(execution.error == "States.Timeout")
        #expect(execution.events("TaskTimedOut").first?.time == 30)
    }
}

@Suite struct MockConfigFileTests {
    static let file = """
        {"StateMachines": {"Orders": {"TestCases": {
            "HappyPath": {"Charge": "ChargeOK"},
            "RetryPath": {"Charge": "ChargeThrottledThenOK"}}}},
         "MockedResponses": {
            "ChargeOK": {"0": {"Return": {"charged": true}}},
            "ChargeThrottledThenOK": {"0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
                                      "2": {"Return": {"charged": true}}}}}
        """
    static let machine = """
        {"StartAt": "Charge", "States": {"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "charge"},
          "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 1, "MaxAttempts": 3}], "End": true}}}
        """

    @Test func testCasesAnswerByInvocationCount() throws {
        let file = try MockConfigFile(json: try JSONParser.parse(Self.file))
        let happy = Simulator(services: [try file.mocks(testCase: "HappyPath")]).run(try program(Self.machine))
        #expect(happy.status == .succeeded)
        let retry = Simulator(services: [try file.mocks(testCase: "RetryPath", machine: "Orders")]).run(try program(Self.machine))
        #expect(retry.status == .succeeded)
        #expect(retry.events("TaskFailed").count == 2)
        #expect(retryWaits(retry) == [1, 2])
    }

    @Test(arguments: [
        (#"[]"#, "must be a JSON object"),
        (#"{"Oops": {}}"#, "unknown top-level key \"Oops\""),
        (#"{"MockedResponses": {"R": {"1": {"Return": 1}}}}"#, "consecutive from 0"),
        (#"{"MockedResponses": {"R": {"zero": {"Return": 1}}}}"#, "invocation keys"),
        (#"{"MockedResponses": {"R": {"0": {"Return": 1, "Throw": {}}}}}"#, "exactly one of Return or Throw"),
        (#"{"StateMachines": {"M": {"TestCases": {"T": {"S": "Missing"}}}}}"#, "names \"Missing\""),
    ])
    func problemsAreNamed(_ json: String, _ message: String) throws {
        #expect(throws: MockConfigError.self) { try MockConfigFile(json: try JSONParser.parse(json)) }
        do { _ = try MockConfigFile(json: try JSONParser.parse(json)) } catch let error as MockConfigError {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func unknownTestCasesAreNamed() throws {
        let file = try MockConfigFile(json: try JSONParser.parse(Self.file))
        #expect { try file.mocks(testCase: "Nope") } throws: { ($0 as? MockConfigError)?.message.contains("HappyPath, RetryPath") == true }
    }

    @Test func runningPastTheLastResponseFailsClearly() throws {
        let file = try MockConfigFile(json: try JSONParser.parse(Self.file.replacingOccurrences(of: "\"2\": {\"Return\": {\"charged\": true}}", with: "\"2\": {\"Throw\": {\"Error\": \"Lambda.TooManyRequestsException\", \"Cause\": \"x\"}}")))
        let execution = Simulator(services: [try file.mocks(testCase: "RetryPath")]).run(try program(Self.machine))
        #expect(execution.error == MissingMock.error)
        #expect(execution.cause?.contains("invocation 3") == true)
    }
}

/// An ended execution is freed with its simulator: no reference cycles through its flows.
@Suite struct MemoryTests {
    @Test(arguments: [
        #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#,
        #"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}}, {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}]}}}"#,
        #"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": 1, "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}}}"#,
        #"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}}}"#,
        #"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}}}}"#,
        #"{"TimeoutSeconds": 1, "StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}}]}}}"#,
        #"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}}}}}"#,
        #"{"TimeoutSeconds": 2, "StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}}}}}"#,
    ])
    func executionsAreFreed(_ definition: String) throws {
        weak var released: Execution?
        weak var simulatorReleased: Simulator?
        do {
            let simulator = Simulator()
            let execution = simulator.run(try program(definition), input: [1, 2, 3])
            #expect(execution.status != .running)
            released = execution
            simulatorReleased = simulator
        }
        #expect(simulatorReleased == nil)
        #expect(released == nil)
    }

    /// An execution that reaches the history limit inside a Map or a Parallel (`States.Runtime`) is
    /// freed too, whichever event reaches it: an iteration's or a branch's start (after which nothing
    /// may attach to the released flows), or one inside an iteration.
    @Test(arguments: [(1, 50, 0), (1, 100, 0), (1, 100, 1), (2, 50, 0), (2, 50, 3), (1, 500, 0)])
    func executionsStoppedByTheHistoryLimitAreFreed(states: Int, limit: Int, maxConcurrency: Int) throws {
        let processor = states == 1 ? #"{"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}"#
            : #"{"StartAt": "I", "States": {"I": {"Type": "Pass", "Next": "J"}, "J": {"Type": "Pass", "End": true}}}"#
        // Branch states need names unique across the machine.
        let branches = (0..<300).map { #"{"StartAt": "B\#($0)", "States": {"B\#($0)": {"Type": "Pass", "End": true}}}"# }.joined(separator: ",")
        let items = JSONValue.array((0..<300).map { .number(JSONNumber($0)) })
        for (definition, input) in [
            (#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": \#(maxConcurrency), "ItemProcessor": \#(processor)}}}"#, items),
            (#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [\#(branches)]}}}"#, [:]),
        ] {
            weak var released: Execution?
            weak var simulatorReleased: Simulator?
            do {
                let simulator = Simulator(configuration: .init(maximumHistoryEvents: limit))
                let execution = simulator.run(try program(definition), input: input)
                #expect(execution.status == .failed)
                #expect(execution.error == "States.Runtime")
                released = execution
                simulatorReleased = simulator
            }
            #expect(simulatorReleased == nil, "\(definition.prefix(40))")
            #expect(released == nil, "\(definition.prefix(40))")
        }
    }

    /// A distributed Map's child executions end with their parent: their ECS tasks are stopped at the
    /// parent's timeout, and nothing of theirs reaches the parent's history afterwards.
    @Test func distributedMapChildrenStopWithTheirParent() throws {
        let p = try program(#"{"TimeoutSeconds": 30, "StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch"}, "End": true}}}}}}"#)
        let aws = AWSServices()
        let simulator = Simulator(services: [aws])
        let execution = simulator.run(p, input: [1, 2])
        #expect(execution.status == .timedOut)
        #expect(execution.history.last?.type == "ExecutionTimedOut")
        #expect(aws.ecs.tasks.count == 2)
        #expect(aws.ecs.tasks.allSatisfy { $0.createdAt == 0 && $0.stoppedAt == 30 && $0.stopCode == "UserInitiated" })
        // With MaxConcurrency 1 the second child would start only after the first: it never does.
        let one = try program(#"{"TimeoutSeconds": 30, "StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": 1, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch"}, "End": true}}}}}}"#)
        let serial = AWSServices()
        #expect(Simulator(services: [serial]).run(one, input: [1, 2]).status == .timedOut)
        #expect(serial.ecs.tasks.count == 1)
        #expect(serial.ecs.tasks.first?.stoppedAt == 30)
    }

    /// A distributed Map runs at most MaxConcurrency child executions at once, in item order.
    @Test func distributedMapHonoursMaxConcurrency() throws {
        let p = try program(#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": 2, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}}}}"#)
        let execution = Simulator().run(p, input: [1, 2, 3, 4, 5])
        #expect(execution.status == .succeeded)
        #expect(execution.output == [1, 2, 3, 4, 5])
        #expect(execution.stopTime == 30)  // 2 + 2 + 1 children, 10 s each
    }

    /// An execution left waiting for a callback (inside a Parallel) is freed with its simulator.
    @Test func runningExecutionsAreFreedWithTheirSimulator() throws {
        weak var released: Execution?
        do {
            let simulator = Simulator(services: [CallbackTests.Queue()])
            let execution = simulator.run(try program("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "Ask", "States": {
                  "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                          "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}]}}}
                """))
            #expect(execution.status == .running)
            released = execution
        }
        #expect(released == nil)
    }
}
