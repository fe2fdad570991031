import Testing
import StatesLanguage
// Public API only: a model of one's own needs nothing internal.
import StatecraftSimulator

/// A toy SQS: `sqs:sendMessage` to the queues its section of the services file declares.
final class ToyQueueModel: ServiceModel {
    /// Queue URL → the bodies sent to it, in order.
    private(set) var sent: [String: [String]] = [:]
    private(set) var cancelled = 0
    private(set) var ended: [String] = []

    var sectionName: String? { "sqs" }
    var routes: [ServiceRoute] { [ServiceRoute(resourceType: "sqs", actions: ["sendMessage"], patterns: [.requestResponse, .callback])] }

    func answer(_ call: TaskCall, action: String, in context: inout ServiceContext) -> TaskOutcome? {
        guard let queue = call.parameters["QueueUrl"]?.stringValue, sent[queue] != nil else {
            return ServiceError(error: "SQS.QueueDoesNotExistException", service: "AmazonSQS", statusCode: 400,
                                code: "AWS.SimpleQueueService.NonExistentQueue", message: "The specified queue does not exist.")
                .outcome(&context)
        }
        sent[queue, default: []].append(call.parameters["MessageBody"]?.stringValue ?? "")
        let response: JSONValue = ["MessageId": .string(context.uuid()), "Queue": .string(queue), "Region": .string(context.region),
                                   "SentAt": context.epochMilliseconds(call.now)]
        if call.target.pattern == .callback { return .awaitCallback(submitted: response) }
        return .success(response, duration: 1)
    }

    func readSection(_ section: JSONValue, at pointer: JSONPointer, with reader: ServicesFileReader,
                     in context: inout ServiceContext) throws(ServicesFileError) {
        let o = try reader.object(section, pointer, allowed: ["queues"])
        guard let queues = o["queues"] else { throw reader.fail("the sqs section needs \"queues\"", pointer) }
        for (i, entry) in try reader.array(queues, pointer.appending("queues")).enumerated() {
            let url = try reader.string(entry, pointer.appending("queues").appending(i))
            guard url.hasPrefix("https://sqs.") else {
                throw reader.fail("expected a queue URL (https://sqs.…)", pointer.appending("queues").appending(i))
            }
            sent[url] = []
        }
    }

    func cancel(_ call: TaskCall, at time: Double, in context: inout ServiceContext) { cancelled += 1 }

    func executionEnded(_ ended: EndedExecution, in context: inout ServiceContext) { self.ended.append(ended.name) }
}

@Suite struct ServiceModelPluginTests {
    static let queue = "https://sqs.eu-west-1.amazonaws.com/210987654321/jobs"

    static func machine(_ resource: String = "arn:aws:states:::sqs:sendMessage", queue: String = Self.queue) -> String {
        """
        {"StartAt": "Send", "States": {
          "Send": {"Type": "Task", "Resource": "\(resource)",
            "Parameters": {"QueueUrl": "\(queue)", "MessageBody.$": "$.body"},
            "Catch": [{"ErrorEquals": ["SQS.QueueDoesNotExistException"], "Next": "Missing"}], "End": true},
          "Missing": {"Type": "Fail", "Error": "NoQueue", "Cause": "the queue is missing"}}}
        """
    }

    static let file = #"{"region": "eu-west-1", "account": "210987654321", "sqs": {"queues": ["\#(queue)"]}}"#

    @Test func aModelFromATestTargetAnswersThroughItsServicesFileSection() throws {
        let toy = ToyQueueModel()
        let aws = try AWSServices.load(Array(Self.file.utf8), models: [toy])
        #expect(aws.model(ToyQueueModel.self) === toy)
        let execution = Simulator(services: [aws]).run(try program(Self.machine()), input: ["body": "hello"])
        #expect(execution.status == .succeeded)
        #expect(toy.sent[Self.queue] == ["hello"])
        // The output is the model's, in history as well, with the account's region and the start instant.
        let output = try #require(execution.output)
        #expect(output["Queue"] == .string(Self.queue))
        #expect(output["Region"] == "eu-west-1")
        #expect(output["SentAt"] == .number(JSONNumber(Int(VirtualClock.defaultStart.secondsSinceEpoch) * 1000)))
        let succeeded = try #require(execution.events("TaskSucceeded").first)
        #expect(detailJSON(succeeded, "output")?["MessageId"] == output["MessageId"])
        #expect(succeeded.time == 1)
        #expect(execution.events("TaskScheduled").first?.details?["resourceType"] == "sqs")
        #expect(toy.ended == [execution.name])
    }

    @Test func theModelsErrorsAndUnroutedCallsBehaveAsForBuiltInModels() throws {
        let toy = ToyQueueModel()
        let aws = try AWSServices.load(Array(Self.file.utf8), models: [toy])
        // An undeclared queue: the model's error, caught by the machine.
        let missing = Simulator(services: [aws]).run(try program(Self.machine(queue: "https://sqs.eu-west-1.amazonaws.com/210987654321/other")),
                                                     input: ["body": "x"])
        #expect(missing.status == .failed)
        let failed = try #require(missing.events("TaskFailed").first)
        #expect(failed.details?["error"] == "SQS.QueueDoesNotExistException")
        #expect(failed.details?["cause"]?.stringValue?.contains("Service: AmazonSQS; Status Code: 400") == true)
        // `.sync` is not among the routes' patterns, and deleteMessage is not an action: the next integration is asked.
        let mocks = ScriptedMocks()
        mocks.state("Send", responses: [.success(["from": "mock"])])
        for resource in ["arn:aws:states:::sqs:sendMessage.sync", "arn:aws:states:::sqs:deleteMessage"] {
            let execution = Simulator(services: [aws, mocks]).run(try program(Self.machine(resource)), input: ["body": "y"])
            #expect(execution.output == ["from": "mock"], "\(resource)")
        }
        #expect(toy.sent[Self.queue] == [])
    }

    @Test func aCallbackTheSimulatorAbandonsIsCancelledOnTheModel() throws {
        let toy = ToyQueueModel()
        let aws = try AWSServices.load(Array(Self.file.utf8), models: [toy])
        let machine = """
            {"StartAt": "Send", "TimeoutSeconds": 5, "States": {"Send": {"Type": "Task",
              "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
              "Parameters": {"QueueUrl": "\(Self.queue)", "MessageBody.$": "$$.Task.Token"}, "End": true}}}
            """
        let execution = Simulator(services: [aws]).run(try program(machine))
        #expect(execution.status == .timedOut)
        #expect(toy.cancelled == 1)
        #expect(toy.sent[Self.queue]?.count == 1)
    }

    @Test(arguments: [
        (#"{"sqs": {"queues": ["http://example.com/q"]}}"#, "/sqs/queues/0", "expected a queue URL", "1:21"),
        (#"{"sqs": {"queue": []}}"#, "/sqs/queue", "unknown key \"queue\"; expected \"queues\"", "1:10"),
        (#"{"sqs": {}}"#, "/sqs", "the sqs section needs \"queues\"", "1:9"),
        (#"{"sqs": {"queues": [1]}}"#, "/sqs/queues/0", "expected a string", "1:21"),
    ])
    func theSectionsBadInputGetsALocatedError(file: String, pointer: String, message: String, place: String) {
        do {
            _ = try AWSServices.load(Array(file.utf8), models: [ToyQueueModel()])
            Issue.record("\(file) was accepted")
        } catch {
            #expect(error.pointer.description == pointer)
            #expect(error.message.hasPrefix(message), "\(error.message)")
            #expect(error.position.map { "\($0)" } == place)
        }
    }

    @Test func withoutTheModelItsSectionIsAnUnknownKey() {
        #expect {
            _ = try AWSServices.load(Array(Self.file.utf8))
        } throws: { error in
            let error = error as? ServicesFileError
            return error?.pointer.description == "/sqs"
                && error?.message == #"unknown key "sqs"; expected "region", "account", "ecs", "sns", "lambda", "dynamodb", "events""#
        }
    }

    @Test func aRegisteredModelAnswersWithoutAFileAndKeepsBuiltInRoutes() throws {
        let aws = AWSServices()
        let toy = ToyQueueModel()
        aws.register(toy)
        #expect(aws.models.count == 5)
        // No section read: no queue exists, so the model refuses, and the built-in SNS still answers.
        let execution = Simulator(services: [aws]).run(try program(Self.machine()), input: ["body": "z"])
        #expect(execution.events("TaskFailed").first?.details?["error"] == "SQS.QueueDoesNotExistException")
        let publish = """
            {"StartAt": "P", "States": {"P": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
              "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "m"}, "End": true}}}
            """
        #expect(Simulator(services: [aws]).run(try program(publish)).status == .succeeded)
        #expect(aws.sns.published.count == 1)
    }
}
