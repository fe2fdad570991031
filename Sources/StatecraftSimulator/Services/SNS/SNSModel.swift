import StatesLanguage

/// SNS topics, modelled after AWS (SEMANTICS.md, "sns:publish"): standard and FIFO topics (a name
/// ending in `.fifo`), `Publish` with AWS's output shape (`MessageId`, `Sdk*` metadata, and
/// `SequenceNumber` for FIFO topics), and its errors: `SNS.NotFoundException` for a topic that does
/// not exist, `SNS.InvalidParameterException` for a FIFO publish without `MessageGroupId` or a
/// message over 262,144 bytes. Every published message is kept in ``published``.
public final class SNSModel {
    /// The headers of a Publish response, laid out once.
    private static let publishHeaders = ServiceContext.HeaderLayout(contentType: "text/xml")

    /// A message that was published.
    public struct Message: Sendable, Equatable {
        /// The topic ARN (empty for an SMS to `PhoneNumber`).
        public let topicArn: String
        /// The message text (a non-string `Message` is written as JSON, as Step Functions does).
        public let message: String
        /// The `Subject`, if given.
        public let subject: String?
        /// The FIFO topic's `MessageGroupId`, if given.
        public let messageGroupId: String?
        /// The `MessageId` Publish returned.
        public let messageId: String
        /// Virtual time of the publish.
        public let time: Double
        /// The execution that published it.
        public let executionName: String
        /// The state that published it.
        public let stateName: String
    }

    /// The topics that exist (ARNs); `nil`: every topic exists.
    public var topics: Set<String>?
    /// SNS's message size limit, in bytes.
    public var maximumMessageBytes = 262_144
    /// Every message published, in order.
    public private(set) var published: [Message] = []

    private var sequence: [String: Int] = [:]

    /// Declares a topic (switching from "every topic exists" to "only declared topics exist").
    public func createTopic(_ arn: String) {
        topics = (topics ?? []).union([arn])
    }

    /// The messages published to one topic.
    public func messages(to topicArn: String) -> [Message] {
        published.filter { $0.topicArn == topicArn }
    }

    func publish(_ call: TaskCall, _ context: inout ServiceContext) -> TaskOutcome {
        let p = call.parameters
        guard let topic = p["TopicArn"]?.stringValue ?? p["TargetArn"]?.stringValue else {
            if p["PhoneNumber"] != nil { return record(call, topic: "", &context) }
            return Self.invalid("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter").outcome(&context)
        }
        if let topics, !topics.contains(topic) {
            return ServiceError(error: "SNS.NotFoundException", service: "AmazonSNS", statusCode: 404, code: "NotFound",
                                message: "Topic does not exist").outcome(&context)
        }
        return record(call, topic: topic, &context)
    }

    private func record(_ call: TaskCall, topic: String, _ context: inout ServiceContext) -> TaskOutcome {
        let p = call.parameters
        guard let body = p["Message"] else {
            return Self.invalid("Invalid parameter: Message Reason: no value for required parameter").outcome(&context)
        }
        let text = body.stringValue ?? DataFlow.serialize(body)
        guard text.utf8.count <= maximumMessageBytes else {
            return Self.invalid("Invalid parameter: Message too long").outcome(&context)
        }
        let fifo = topic.hasSuffix(".fifo")
        let group = p["MessageGroupId"]?.stringValue
        if fifo, group == nil {
            return Self.invalid("Invalid parameter: The MessageGroupId parameter is required for FIFO topics").outcome(&context)
        }
        if !fifo, group != nil {
            return Self.invalid("Invalid parameter: MessageGroupId Reason: The request includes MessageGroupId parameter that is not valid for this topic type")
                .outcome(&context)
        }
        let messageId = context.uuid()
        published.append(Message(topicArn: topic, message: text, subject: p["Subject"]?.stringValue, messageGroupId: group,
                                 messageId: messageId, time: call.now, executionName: call.executionName, stateName: call.stateName))
        let requestId = context.requestId()
        var members: [(String, JSONValue)] = [("MessageId", .string(messageId))]
        members += SNSModel.publishHeaders.metadata(contentLength: fifo ? 352 : 294, requestId: requestId)
        if fifo {
            let next = sequence[topic, default: 0] + 1
            sequence[topic] = next
            let digits = String(10_000_000_000_000_000 + next)
            members.append(("SequenceNumber", .string(String(repeating: "0", count: max(0, 20 - digits.count)) + digits)))
        }
        let response = JSONValue.object(JSONObject(distinctPairs: members))
        if call.target.pattern == .callback { return .awaitCallback(submitted: response) }
        return .success(response)
    }

    /// Records a message published by something other than a Task state (a Lambda function the model
    /// runs, such as the gate's cleanup).
    func deliver(topic: String, subject: String?, message: String, time: Double, executionName: String, stateName: String,
                 _ context: inout ServiceContext) {
        guard topics?.contains(topic) ?? true else { return }
        published.append(Message(topicArn: topic, message: message, subject: subject, messageGroupId: nil, messageId: context.uuid(),
                                 time: time, executionName: executionName, stateName: stateName))
    }

    static func invalid(_ message: String) -> ServiceError {
        ServiceError(error: "SNS.InvalidParameterException", service: "AmazonSNS", statusCode: 400, code: "InvalidParameter", message: message)
    }
}
