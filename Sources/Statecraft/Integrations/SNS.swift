import StatesLanguage

/// Amazon SNS integrations.
public enum SNS {
    /// Publishes a message to a topic (`sns:publish`).
    public struct Publish: TaskStep {
        /// The step falls through to the step written after it.
        public typealias Ending = Continues
        public var _spec: _StateSpec

        /// Publishes to a standard topic.
        /// - Parameters:
        ///   - topic: the topic ARN (literal, or `.path(...)`).
        ///   - message: the message: a literal, a path, or composed with `.format(...)`; a non-string value
        ///     is sent as JSON text.
        ///   - attributes: message attributes, e.g. `["severity": .string("high")]`.
        ///   - name: the state's name, unique in the machine.
        ///   - subject: the `Subject` of email deliveries; `nil` for none.
        ///   - pattern: `.requestResponse` (the default) or `.waitForTaskToken`.
        ///   - fileID: the file where the step is written; the default captures the call site, so diagnostics point at it.
        ///   - line: the line where the step is written (the call site by default).
        public init(
            _ name: String, topic: PayloadValue, message: PayloadValue, subject: PayloadValue? = nil,
            attributes: KeyValuePairs<String, MessageAttribute> = [:], pattern: IntegrationPattern = .requestResponse,
            fileID: String = #fileID, line: Int = #line
        ) {
            _spec = Publish.spec(name, topic: topic, message: message, subject: subject, attributes: attributes, groupId: nil,
                                 deduplicationId: nil, pattern: pattern, fileID: fileID, line: line)
            if case .literal(.string(let arn)) = topic, arn.hasSuffix(".fifo") {
                _spec.problem("sns-fifo-group", "\"\(arn)\" is a FIFO topic: publishing to it needs a message group id", field: "Parameters",
                              hint: "use SNS.Publish(_:fifoTopic:message:messageGroupId:)")
            }
        }

        /// Publishes to a FIFO topic, which requires a message group id.
        /// - Parameters:
        ///   - messageGroupId: messages of one group are delivered in order.
        ///   - deduplicationId: needed unless the topic has content-based deduplication.
        ///   - name: the state's name, unique in the machine.
        ///   - fifoTopic: the FIFO topic ARN (literal, or `.path(...)`).
        ///   - message: the message, as for a standard topic.
        ///   - subject: the `Subject`; `nil` for none.
        ///   - attributes: message attributes.
        ///   - pattern: `.requestResponse` (the default) or `.waitForTaskToken`.
        ///   - fileID: the file where the step is written; the default captures the call site, so diagnostics point at it.
        ///   - line: the line where the step is written (the call site by default).
        public init(
            _ name: String, fifoTopic: PayloadValue, message: PayloadValue, messageGroupId: PayloadValue,
            deduplicationId: PayloadValue? = nil, subject: PayloadValue? = nil,
            attributes: KeyValuePairs<String, MessageAttribute> = [:], pattern: IntegrationPattern = .requestResponse,
            fileID: String = #fileID, line: Int = #line
        ) {
            _spec = Publish.spec(name, topic: fifoTopic, message: message, subject: subject, attributes: attributes,
                                 groupId: messageGroupId, deduplicationId: deduplicationId, pattern: pattern, fileID: fileID, line: line)
        }

        static func spec(
            _ name: String, topic: PayloadValue, message: PayloadValue, subject: PayloadValue?,
            attributes: KeyValuePairs<String, MessageAttribute>, groupId: PayloadValue?, deduplicationId: PayloadValue?,
            pattern: IntegrationPattern, fileID: String, line: Int
        ) -> _StateSpec {
            var p: Payload = ["TopicArn": topic, "Message": message]
            p.add("Subject", subject)
            p.add("MessageGroupId", groupId)
            p.add("MessageDeduplicationId", deduplicationId)
            if attributes.count > 0 {
                p.append("MessageAttributes", .object(Payload(attributes.map { ($0.key, $0.value.value) })))
            }
            return .task(name, service: "sns", action: "publish", pattern: pattern, parameters: p, fileID: fileID, line: line)
        }
    }

    /// A message attribute.
    public struct MessageAttribute: Sendable {
        var value: PayloadValue
        /// A `String` attribute.
        public static func string(_ value: PayloadValue) -> MessageAttribute { MessageAttribute(value: ["DataType": "String", "StringValue": value]) }
        /// A `Number` attribute (its value is written as a string).
        public static func number(_ value: PayloadValue) -> MessageAttribute { MessageAttribute(value: ["DataType": "Number", "StringValue": value]) }
        /// A `Binary` attribute, its value Base64-encoded.
        public static func binary(_ base64: PayloadValue) -> MessageAttribute { MessageAttribute(value: ["DataType": "Binary", "BinaryValue": base64]) }
    }
}
