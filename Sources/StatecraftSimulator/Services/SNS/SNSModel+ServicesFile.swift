import StatesLanguage

extension SNSModel: ServiceModel {
    /// `"sns"`.
    public var sectionName: String? { "sns" }

    /// `sns:publish`, in every pattern (`.waitForTaskToken` waits for the subscriber's callback).
    public var routes: [ServiceRoute] { [ServiceRoute(resourceType: "sns", actions: ["publish"], patterns: [.requestResponse, .sync, .callback])] }

    /// Answers `Publish`.
    public func answer(_ call: TaskCall, action: String, in context: inout ServiceContext) -> TaskOutcome? {
        publish(call, &context)
    }

    /// Reads the `sns` section: the topics that exist.
    public func readSection(_ section: JSONValue, at pointer: JSONPointer, with reader: ServicesFileReader,
                            in context: inout ServiceContext) throws(ServicesFileError) {
        try reader.readSNS(section, pointer, self)
    }
}

/// The `sns` section of a services file.
extension ServicesFileReader {
    func readSNS(_ value: JSONValue, _ at: JSONPointer, _ sns: SNSModel) throws(ServicesFileError) {
        let o = try object(value, at, allowed: ["topics"])
        if let t = o["topics"] {
            sns.topics = []
            for (i, entry) in try array(t, at.appending("topics")).enumerated() {
                let arn = try string(entry, at.appending("topics").appending(i))
                guard arn.hasPrefix("arn:"), arn.contains(":sns:") else { throw fail("expected a topic ARN (arn:aws:sns:…)", at.appending("topics").appending(i)) }
                sns.createTopic(arn)
            }
        }
    }
}
