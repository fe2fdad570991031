import Testing
import StatesLanguage
@testable import StatecraftSimulator

/// The local TestState: AWS's recorded answers, the four statuses, the inspection levels, mock field
/// validation and bad requests.
///
/// AWS's answers below come from TestState calls recorded against AWS (marked `aws.validated`) in
/// LocalStack's test suite, and from the API reference:
/// - https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/test_state/test_state_configuration.snapshot.json
/// - https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/test_state/test_field_validation_mode.snapshot.json
/// - https://docs.aws.amazon.com/step-functions/latest/apireference/API_MockInput.html (STRICT, PRESENT, NONE)
/// - https://docs.aws.amazon.com/step-functions/latest/apireference/API_InspectionErrorDetails.html
@Suite struct TestStateTests {
    static func request(_ definition: String, state: String? = nil, input: JSONValue = [:], level: TestStateRequest.InspectionLevel = .info,
                        mock: TestStateRequest.Mock? = nil, configuration: TestStateRequest.StateConfiguration = .init()) -> TestStateRequest {
        TestStateRequest(definition: definition, stateName: state, input: input, inspectionLevel: level, mock: mock,
                         stateConfiguration: configuration)
    }

    static let mockException = TestStateRequest.Mock(.error(error: "MockException", cause: "Mock the cause of the error."))

    // MARK: AWS's recorded answers

    /// AWS's BASE_TASK_STATE_RETRY template (recorded 2025-11-22): a JSONata Lambda task retrying
    /// MockException 5 times from 1 s, doubling.
    static let taskStateRetry = #"""
        {"QueryLanguage": "JSONata", "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
         "Arguments": {"FunctionName": "foo", "Payload": "bar"},
         "Retry": [{"ErrorEquals": ["MockException"], "IntervalSeconds": 1, "MaxAttempts": 5, "BackoffRate": 2.0}],
         "End": true}
        """#

    @Test(arguments: [TestStateRequest.InspectionLevel.debug, .trace])
    func aRetrierWithAttemptsLeftIsRetriableWithItsBackoff(_ level: TestStateRequest.InspectionLevel) throws {
        let input: JSONValue = ["Values": ["first", "second", "third"]]
        let retriable = try Simulator().testState(Self.request(Self.taskStateRetry, input: input, level: level, mock: Self.mockException,
                                                               configuration: .init(retrierRetryCount: 4)))
        #expect(retriable.status == .retriable)
        #expect(retriable.error == "MockException")
        #expect(retriable.cause == "Mock the cause of the error.")
        #expect(retriable.output == nil && retriable.nextState == nil)
        let data = try #require(retriable.inspectionData)
        #expect(data.input == input)
        #expect(data.afterArguments == ["FunctionName": "foo", "Payload": "bar"])
        #expect(data.errorDetails == .init(retryIndex: 0, retryBackoffIntervalSeconds: 16))
        #expect(data.afterInputPath == nil && data.result == nil)

        let exhausted = try Simulator().testState(Self.request(Self.taskStateRetry, input: input, level: level, mock: Self.mockException,
                                                               configuration: .init(retrierRetryCount: 5)))
        #expect(exhausted.status == .failed)
        #expect(exhausted.error == "MockException")
        #expect(exhausted.inspectionData?.errorDetails == .init(retryIndex: 0))
    }

    /// AWS's BASE_MAP_STATE_CATCH template (recorded 2025-11-13): a mocked Map result with more failed
    /// iterations than ToleratedFailureCount is caught by the second catcher.
    static let mapStateCatch = #"""
        {"Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.Values %}",
         "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "TestState",
                           "States": {"TestState": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:hello", "End": true}}},
         "Catch": [{"ErrorEquals": ["MockException"], "Output": "{% $states %}", "Next": "HandleMockError"},
                   {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Output": "{% $states %}", "Next": "HandleThreshold"}],
         "ToleratedFailureCount": 1, "End": true}
        """#

    @Test func aMapOverItsToleratedFailuresIsCaught() throws {
        let input: JSONValue = ["Values": ["first", "second", "third"]]
        let below = try Simulator().testState(Self.request(Self.mapStateCatch, input: input, level: .debug,
                                                           mock: .init(.result([1, 1, 1])), configuration: .init(mapIterationFailureCount: 0)))
        #expect(below.status == .succeeded)
        #expect(below.output == [1, 1, 1])
        #expect(below.inspectionData?.errorDetails == nil)

        let caught = try Simulator().testState(Self.request(Self.mapStateCatch, input: input, level: .debug,
                                                            mock: .init(.result([0, 0, 1])), configuration: .init(mapIterationFailureCount: 2)))
        #expect(caught.status == .caughtError)
        #expect(caught.nextState == "HandleThreshold")
        #expect(caught.error == "States.ExceedToleratedFailureThreshold")
        #expect(caught.cause == "The specified tolerated failure threshold was exceeded")
        #expect(caught.inspectionData?.errorDetails == .init(catchIndex: 1))
        #expect(caught.output?["errorOutput"] == ["Error": "States.ExceedToleratedFailureThreshold",
                                                  "Cause": "The specified tolerated failure threshold was exceeded"])
        #expect(caught.output?["input"] == input)

        // At INFO the same answer has no inspection data.
        let info = try Simulator().testState(Self.request(Self.mapStateCatch, input: input, mock: .init(.result([0, 0, 1])),
                                                          configuration: .init(mapIterationFailureCount: 2)))
        #expect(info.status == .caughtError && info.nextState == "HandleThreshold")
        #expect(info.inspectionData == nil)
        #expect(info.json["inspectionData"] == nil)
    }

    /// AWS's BASE_MAP_STATE_RETRY template (recorded 2025-11-13): the second retrier matches the
    /// threshold error; its default interval is 1 s.
    @Test func aMapOverItsToleratedFailuresIsRetriable() throws {
        let definition = Self.mapStateCatch.replacingOccurrences(
            of: #""Catch": [{"ErrorEquals": ["MockException"], "Output": "{% $states %}", "Next": "HandleMockError"},"#,
            with: #""Retry": [{"ErrorEquals": ["MockException"], "MaxAttempts": 3},"#)
            .replacingOccurrences(of: #"{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Output": "{% $states %}", "Next": "HandleThreshold"}],"#,
                                  with: #"{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "MaxAttempts": 2}],"#)
        #expect(definition.contains("\"Retry\"") && !definition.contains("\"Catch\""))
        let response = try Simulator().testState(Self.request(definition, input: ["Values": ["first", "second", "third"]], level: .debug,
                                                              mock: .init(.result([0, 0, 1])), configuration: .init(mapIterationFailureCount: 2)))
        #expect(response.status == .retriable)
        #expect(response.error == "States.ExceedToleratedFailureThreshold")
        #expect(response.inspectionData?.errorDetails == .init(retryIndex: 1, retryBackoffIntervalSeconds: 1))
    }

    /// Mocked results against the API's response shape: AWS's messages for each mode.
    @Test(arguments: [
        // EventBridge PutEvents (recorded 2025-11-26).
        ("arn:aws:states:::events:putEvents", #"{"Entries": "wrong_type_top_level_field"}"#, "Field 'Entries' must be an array"),
        ("arn:aws:states:::events:putEvents", #"{"Entries": [{"EventId": ["wrong"]}]}"#, "Field 'EventId' must be a string"),
        ("arn:aws:states:::events:putEvents", #"{"Entries": [{"EventId": "a"}, {"EventId": 1}]}"#, "Field 'EventId' must be a string"),
        // StartExecution: its required fields (recorded 2025-11-26).
        ("arn:aws:states:::states:startExecution", #"{}"#, "Required field 'ExecutionArn' is missing"),
        ("arn:aws:states:::states:startExecution", #"{"executionArn": "arn:x", "StartDate": "2025"}"#, "Required field 'ExecutionArn' is missing"),
        ("arn:aws:states:::states:startExecution", #"{"ExecutionArn": "arn:x", "StartDate": true}"#, "Field 'StartDate' must be a string"),
        // Lambda Invoke and DynamoDB (recorded 2025-11-26).
        ("arn:aws:states:::lambda:invoke", #"{"StatusCode": "200"}"#, "Field 'StatusCode' must be a number"),
        ("arn:aws:states:::dynamodb:getItem", #"{"ConsumedCapacity": {"CapacityUnits": "1.0"}}"#, "Field 'CapacityUnits' must be a number"),
        // The modelled ECS and SNS responses.
        ("arn:aws:states:::ecs:runTask.sync", #"{"StopCode": "Stopped"}"#, "Field 'StopCode' is not an expected value"),
        ("arn:aws:states:::ecs:runTask", #"{"Tasks": [{"Containers": [{"ExitCode": "1"}]}]}"#, "Field 'ExitCode' must be a number"),
        ("arn:aws:states:::sns:publish", #"{"MessageId": 7}"#, "Field 'MessageId' must be a string"),
        ("arn:aws:states:::dynamodb:putItem", #"{"Attributes": {"id": {"M": {"n": {"N": 1}}}}}"#, "Field 'N' must be a string"),
    ])
    func aMockedResultThatDoesNotFitTheAPIIsRefused(_ resource: String, _ result: String, _ message: String) throws {
        let definition = #"{"Type": "Task", "Resource": "\#(resource)", "End": true}"#
        let mock = TestStateRequest.Mock(.result(try JSONParser.parse(result)))
        #expect {
            try Simulator().testState(Self.request(definition, mock: mock))
        } throws: { error in
            guard case .invalidRequest(let field, let text, _) = error as? TestStateError else { return false }
            return field == "mock.result" && text == "Mock result schema validation error: " + message
        }
        // NONE checks nothing.
        let none = try Simulator().testState(Self.request(definition, mock: .init(mock.outcome, fieldValidationMode: .none)))
        #expect(none.status == .succeeded)
        #expect(none.output == (try JSONParser.parse(result)))
    }

    @Test func fieldsTheAPIDoesNotHavePassAndPresentSkipsRequiredFields() throws {
        // Recorded 2025-11-26: STRICT accepts a field the API does not have, and an empty result for an API without required fields.
        let putEvents = #"{"Type": "Task", "Resource": "arn:aws:states:::events:putEvents", "End": true}"#
        #expect(try Simulator().testState(Self.request(putEvents, mock: .init(.result(["random": "json"])))).output == ["random": "json"])
        #expect(try Simulator().testState(Self.request(putEvents, mock: .init(.result([:])))).status == .succeeded)
        // PRESENT checks the fields present only; STRICT also wants the required ones.
        let start = #"{"Type": "Task", "Resource": "arn:aws:states:::states:startExecution", "End": true}"#
        let partial: JSONValue = ["StartDate": "2025-11-26T00:00:00Z"]
        #expect(try Simulator().testState(Self.request(start, mock: .init(.result(partial), fieldValidationMode: .present))).status == .succeeded)
        #expect(throws: TestStateError.self) { try Simulator().testState(Self.request(start, mock: .init(.result(partial)))) }
        #expect(throws: TestStateError.self) {
            try Simulator().testState(Self.request(start, mock: .init(.result(["StartDate": 1]), fieldValidationMode: .present)))
        }
        // A target without an API model (a Lambda function ARN returns the payload itself) is not checked.
        let legacy = #"{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}"#
        #expect(try Simulator().testState(Self.request(legacy, mock: .init(.result("any payload")))).output == "any payload")
    }

    /// The shapes agree with the modelled services: what they answer passes STRICT.
    @Test func theModelledServicesAnswersPassStrictValidation() throws {
        let aws = AWSServices()
        aws.ecs.define("batch", ECSModel.TaskDefinition(containers: [ECSModel.Container(name: "app")]))
        aws.lambda.function("charge") { _ in .returns(["ok": true]) }
        try aws.dynamodb.createTable("t", key: ["id"])
        let simulator = Simulator(services: [aws])
        let ecs = #""Parameters": {"LaunchType": "FARGATE", "Cluster": "jobs", "TaskDefinition": "batch", "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"]}}}"#
        let tasks = [
            #"{"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", \#(ecs), "End": true}"#,
            #"{"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask", \#(ecs), "End": true}"#,
            #"{"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message": "hi"}, "End": true}"#,
            #"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "charge", "Payload": {}}, "End": true}"#,
            #"{"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {"TableName": "t", "Item": {"id": {"S": "1"}, "tags": {"L": [{"M": {"n": {"N": "2"}}}]}}}, "End": true}"#,
            #"{"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem", "Parameters": {"TableName": "t", "Key": {"id": {"S": "1"}}, "UpdateExpression": "SET c = :one", "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "ALL_NEW"}, "End": true}"#,
            #"{"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem", "Parameters": {"TableName": "t", "Key": {"id": {"S": "1"}}}, "End": true}"#,
        ]
        for definition in tasks {
            let response = try simulator.testState(Self.request(definition))
            #expect(response.status == .succeeded, "\(definition): \(response.error ?? "") \(response.cause ?? "")")
            let output = try #require(response.output)
            let target = TaskTarget(resource: try #require(JSONParser.parse(definition)["Resource"]?.stringValue))
            let shape = try #require(MockResultShape.response(of: target))
            #expect(shape.problem(in: output, field: nil, mode: .strict) == nil, "\(definition)")
        }
    }

    // MARK: Statuses and state types

    static let machine = #"""
        {"StartAt": "Check", "States": {
          "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"}], "Default": "Small"},
          "Big": {"Type": "Pass", "InputPath": "$.order", "Parameters": {"size": "big", "id.$": "$.id"}, "ResultPath": "$.verdict", "Next": "Wait"},
          "Wait": {"Type": "Wait", "Seconds": 86400, "Next": "Charge"},
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                     "Parameters": {"FunctionName": "charge", "Payload.$": "$"}, "ResultSelector": {"ok.$": "$.Payload.ok"}, "ResultPath": "$.charge",
                     "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 3, "MaxAttempts": 2}],
                     "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Small"}],
                     "Next": "Both"},
          "Both": {"Type": "Parallel", "Branches": [
                     {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}},
                     {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": 2, "End": true}}}], "Next": "Done"},
          "Small": {"Type": "Fail", "Error": "TooSmall", "Cause": "n is 10 or less"},
          "Done": {"Type": "Succeed"}}}
        """#

    @Test func eachStateTypeAnswersWithItsStatusAndNextState() throws {
        let simulator = Simulator()
        let choice = try simulator.testState(Self.request(Self.machine, state: "Check", input: ["n": 12]))
        #expect(choice.status == .succeeded && choice.nextState == "Big" && choice.output == ["n": 12])
        #expect(try simulator.testState(Self.request(Self.machine, state: "Check", input: ["n": 2])).nextState == "Small")

        let pass = try simulator.testState(Self.request(Self.machine, state: "Big", input: ["order": ["id": 7]]))
        #expect(pass.output == ["order": ["id": 7], "verdict": ["size": "big", "id": 7]])
        #expect(pass.nextState == "Wait")

        // A Wait state does not wait: the clock is virtual.
        let wait = try simulator.testState(Self.request(Self.machine, state: "Wait", input: ["a": 1]))
        #expect(wait.status == .succeeded && wait.nextState == "Charge" && wait.output == ["a": 1])

        let fail = try simulator.testState(Self.request(Self.machine, state: "Small"))
        #expect(fail.status == .failed && fail.error == "TooSmall" && fail.cause == "n is 10 or less" && fail.output == nil)

        let succeed = try simulator.testState(Self.request(Self.machine, state: "Done", input: ["x": true]))
        #expect(succeed.status == .succeeded && succeed.nextState == nil && succeed.output == ["x": true])

        // Without a mock, a Parallel state runs its branches.
        let parallel = try simulator.testState(Self.request(Self.machine, state: "Both"))
        #expect(parallel.status == .succeeded && parallel.output == [1, 2] && parallel.nextState == "Done")
        // A state inside a branch can be tested too.
        #expect(try simulator.testState(Self.request(Self.machine, state: "B")).output == 2)
    }

    @Test func aTaskSucceedsIsRetriableIsCaughtOrFails() throws {
        let simulator = Simulator()
        let input: JSONValue = ["n": 12]
        let succeeded = try simulator.testState(Self.request(Self.machine, state: "Charge", input: input,
                                                             mock: .init(.result(["Payload": ["ok": true], "StatusCode": 200]))))
        #expect(succeeded.status == .succeeded && succeeded.nextState == "Both")
        #expect(succeeded.output == ["n": 12, "charge": ["ok": true]])

        let throttled = TestStateRequest.Mock(.error(error: "Lambda.TooManyRequestsException", cause: "Rate exceeded"))
        let retriable = try simulator.testState(Self.request(Self.machine, state: "Charge", input: input, level: .debug, mock: throttled,
                                                             configuration: .init(retrierRetryCount: 1)))
        #expect(retriable.status == .retriable)
        // The second retry waits IntervalSeconds × BackoffRate (default 2.0) = 6 s.
        #expect(retriable.inspectionData?.errorDetails == .init(retryIndex: 0, retryBackoffIntervalSeconds: 6))

        // Retries used up: the catcher (States.TaskFailed matches a task's error) takes it.
        let caught = try simulator.testState(Self.request(Self.machine, state: "Charge", input: input, level: .debug, mock: throttled,
                                                          configuration: .init(retrierRetryCount: 2)))
        #expect(caught.status == .caughtError && caught.nextState == "Small")
        #expect(caught.output == ["n": 12, "error": ["Error": "Lambda.TooManyRequestsException", "Cause": "Rate exceeded"]])
        #expect(caught.inspectionData?.errorDetails == .init(catchIndex: 0, retryIndex: 0))

        // An error no retrier or catcher matches fails the state.
        let failed = try simulator.testState(Self.request(
            Self.machine.replacingOccurrences(of: #""States.TaskFailed""#, with: #""Other""#), state: "Charge", input: input,
            mock: .init(.error(error: "Lambda.ServiceException", cause: "boom"))))
        #expect(failed.status == .failed && failed.error == "Lambda.ServiceException" && failed.cause == "boom" && failed.nextState == nil)
    }

    @Test func withoutAMockATaskCallsTheServices() throws {
        let aws = AWSServices()
        aws.lambda.function("charge") { _ in .returns(["ok": false]) }
        let response = try Simulator(services: [aws]).testState(Self.request(Self.machine, state: "Charge", input: ["n": 1]))
        #expect(response.status == .succeeded)
        #expect(response.output == ["n": 1, "charge": ["ok": false]])
        #expect(aws.lambda.invocations.count == 1)
        // Nothing answers: a bad request, not a FAILED state.
        #expect {
            try Simulator().testState(Self.request(Self.machine, state: "Charge"))
        } throws: { error in
            guard case .invalidRequest(let field, let message, _) = error as? TestStateError else { return false }
            return field == "mock" && message.contains("nothing answers Task state \"Charge\"")
        }
    }

    // MARK: Inspection levels

    @Test func debugShowsEachDataFlowStageAndTraceTheSame() throws {
        let mock = TestStateRequest.Mock(.result(["Payload": ["ok": true], "StatusCode": 200]))
        let info = try Simulator().testState(Self.request(Self.machine, state: "Charge", input: ["n": 3], level: .info, mock: mock))
        #expect(info.inspectionData == nil)
        for level in [TestStateRequest.InspectionLevel.debug, .trace] {
            let response = try Simulator().testState(Self.request(Self.machine, state: "Charge", input: ["n": 3], level: level, mock: mock))
            let data = try #require(response.inspectionData)
            #expect(data.input == ["n": 3])
            #expect(data.afterInputPath == ["n": 3])
            #expect(data.afterParameters == ["FunctionName": "charge", "Payload": ["n": 3]])
            #expect(data.result == ["Payload": ["ok": true], "StatusCode": 200])
            #expect(data.afterResultSelector == ["ok": true])
            #expect(data.afterResultPath == ["n": 3, "charge": ["ok": true]])
            #expect(data.afterArguments == nil && data.errorDetails == nil && data.variables == nil)
        }
        // The API's shape: JSON values as JSON text, in the API's order.
        let debug = try Simulator().testState(Self.request(Self.machine, state: "Charge", input: ["n": 3], level: .debug, mock: mock))
        #expect(debug.json.objectValue?.keys == ["output", "inspectionData", "nextState", "status"])
        #expect(debug.json["inspectionData"]?["afterParameters"] == #"{"FunctionName":"charge","Payload":{"n":3}}"#)
        #expect(debug.json["output"] == #"{"n":3,"charge":{"ok":true}}"#)
    }

    @Test func jsonataStatesShowArgumentsResultAndVariables() throws {
        let definition = #"""
            {"QueryLanguage": "JSONata", "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Arguments": {"FunctionName": "charge", "Payload": "{% $states.input.order %}"},
             "Assign": {"charged": "{% $states.result.Payload.ok %}"}, "Output": "{% $states.result.Payload %}", "Next": "Ship"}
            """#
        let request = TestStateRequest(definition: definition, input: ["order": 7], inspectionLevel: .debug, variables: JSONObject([("limit", 3)]),
                                       mock: .init(.result(["Payload": ["ok": true]])))
        let response = try Simulator().testState(request)
        #expect(response.status == .succeeded && response.nextState == "Ship" && response.output == ["ok": true])
        let data = try #require(response.inspectionData)
        #expect(data.afterArguments == ["FunctionName": "charge", "Payload": 7])
        #expect(data.result == ["Payload": ["ok": true]])
        #expect(data.afterInputPath == nil && data.afterParameters == nil)
        #expect(data.variables == ["charged": true, "limit": 3])
    }

    // MARK: Requests

    @Test func aRequestInTheAPIShapeIsRead() throws {
        let json = try JSONParser.parse(#"""
            {"definition": "{\"Type\": \"Pass\", \"End\": true}", "roleArn": "arn:aws:iam::123456789012:role/x",
             "input": "{\"a\": 1}", "inspectionLevel": "DEBUG", "revealSecrets": false, "variables": "{\"v\": 2}",
             "mock": {"errorOutput": {"error": "E", "cause": "C"}, "fieldValidationMode": "NONE"},
             "context": "{\"Execution\": {\"Name\": \"mine\"}}",
             "stateConfiguration": {"retrierRetryCount": 1, "errorCausedByState": "Inner", "mapIterationFailureCount": 2, "mapItemReaderData": "[1]"}}
            """#)
        let request = try TestStateRequest(json: json)
        #expect(request.input == ["a": 1] && request.inspectionLevel == .debug && request.variables["v"] == 2)
        #expect(request.mock?.fieldValidationMode == TestStateRequest.FieldValidationMode.none)
        guard case .error(let error, let cause)? = request.mock?.outcome else { Issue.record("no error mock"); return }
        #expect(error == "E" && cause == "C")
        #expect(request.stateConfiguration.retrierRetryCount == 1 && request.stateConfiguration.mapIterationFailureCount == 2)
        #expect(request.stateConfiguration.mapItemReaderData == [1])
        #expect(request.context?["Execution"]?["Name"] == "mine")
    }

    @Test func theRequestsContextObjectIsTheStates() throws {
        let definition = #"{"Type": "Pass", "Parameters": {"name.$": "$$.Execution.Name", "state.$": "$$.State.Name"}, "End": true}"#
        var request = Self.request(definition, state: "Shape")
        request.context = ["Execution": ["Name": "from-the-request"]]
        #expect(try Simulator().testState(request).output == ["name": "from-the-request", "state": "Shape"])
    }

    @Test(arguments: [
        (#"{"definition": "{}", "stateNme": "A"}"#, "stateNme", "unknown field \"stateNme\"; did you mean \"stateName\"?"),
        (#"{"definition": "{}", "input": "{\"a\": }"}"#, "input", "input is not valid JSON: 1:7: "),
        (#"{"definition": "{}", "inspectionLevel": "VERBOSE"}"#, "inspectionLevel", "inspectionLevel is INFO, DEBUG or TRACE, not \"VERBOSE\""),
        (#"{"definition": "{}", "mock": {}}"#, "mock", "a mock needs a result or an errorOutput"),
        (#"{"definition": "{}", "mock": {"result": "1", "fieldValidationMode": "LAX"}}"#, "mock.fieldValidationMode", "fieldValidationMode is STRICT"),
        (#"{"definition": "{}", "stateConfiguration": {"retrierRetryCount": -1}}"#, "stateConfiguration.retrierRetryCount", "a whole number of at least 0"),
        (#"{"input": "{}"}"#, "definition", "the request needs a definition"),
    ])
    func aBadRequestNamesItsFieldAndPlace(_ text: String, _ field: String, _ message: String) throws {
        let (json, map) = try JSONParser.parseWithSourceMap(Array(text.utf8))
        #expect {
            try TestStateRequest(json: json, sourceMap: map)
        } throws: { error in
            guard case .invalidRequest(let f, let m, let position) = error as? TestStateError else { return false }
            return f == field && m.contains(message) && position?.line == 1
        }
    }

    @Test func anUnknownStateGetsADidYouMean() throws {
        #expect {
            try Simulator().testState(Self.request(Self.machine, state: "Chrge"))
        } throws: { error in
            guard case .invalidRequest(let field, let message, _) = error as? TestStateError else { return false }
            return field == "stateName" && message == "the definition has no state named \"Chrge\"; did you mean \"Charge\"?"
        }
        #expect(throws: TestStateError.self) { try Simulator().testState(Self.request(Self.machine)) }
        // errorCausedByState names a state of the definition.
        #expect {
            try Simulator().testState(Self.request(Self.mapStateCatch, mock: Self.mockException, configuration: .init(errorCausedByState: "TestStat")))
        } throws: { error in
            guard case .invalidRequest(let field, let message, _) = error as? TestStateError else { return false }
            return field == "stateConfiguration.errorCausedByState" && message.hasSuffix("did you mean \"TestState\"?")
        }
        let caused = try Simulator().testState(Self.request(Self.mapStateCatch, mock: Self.mockException,
                                                            configuration: .init(errorCausedByState: "TestState")))
        #expect(caused.status == .caughtError && caused.nextState == "HandleMockError" && caused.error == "MockException")
        // An input over the payload limit.
        #expect(throws: TestStateError.self) {
            try Simulator().testState(Self.request(Self.machine, state: "Done", input: .string(String(repeating: "x", count: 262_144))))
        }
        // A mock on a state that calls nothing.
        #expect(throws: TestStateError.self) { try Simulator().testState(Self.request(Self.machine, state: "Big", mock: .init(.result(1)))) }
    }

    @Test func anInvalidStateIsReportedInItsOwnText() throws {
        let definition = "{\"Type\": \"Pass\",\n \"Nxt\": \"X\"}"
        #expect {
            try Simulator().testState(Self.request(definition))
        } throws: { error in
            guard case .invalidDefinition(let diagnostics) = error as? TestStateError else { return false }
            let unknown = diagnostics.first { $0.code == "unknown-field" }
            guard case .json(let position)? = unknown?.location else { return false }
            return position.line == 2 && position.column == 2 && unknown?.pointer == JSONPointer(tokens: ["Nxt"])
        }
    }
}
