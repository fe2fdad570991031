import StatesLanguage

extension LambdaModel: ServiceModel {
    /// `"lambda"`.
    public var sectionName: String? { "lambda" }

    /// `lambda:invoke` (request-response and `.waitForTaskToken`) and function ARNs as `Resource`.
    public var routes: [ServiceRoute] {
        [ServiceRoute(resourceType: "lambda", actions: ["invoke"], patterns: [.requestResponse, .callback]),
         ServiceRoute(resourceType: "lambda", actions: [ServiceRoute.resourceARN])]
    }

    /// Answers `Invoke`, or a call of a function ARN (the payload alone).
    public func answer(_ call: TaskCall, action: String, in context: inout ServiceContext) -> TaskOutcome? {
        invoke(call, legacy: action == ServiceRoute.resourceARN, &context)
    }

    /// Releases the gate slots an ended execution held past its leases.
    public func executionEnded(_ ended: EndedExecution, in context: inout ServiceContext) {
        gateLocks.ownerEnded(ended.arn, at: ended.time)
    }

    /// Reads the `lambda` section: functions with scripted responses, or gates.
    public func readSection(_ section: JSONValue, at pointer: JSONPointer, with reader: ServicesFileReader,
                            in context: inout ServiceContext) throws(ServicesFileError) {
        try reader.readLambda(section, pointer, self)
    }
}

/// The `lambda` section of a services file.
extension ServicesFileReader {
    func readLambda(_ value: JSONValue, _ at: JSONPointer, _ lambda: LambdaModel) throws(ServicesFileError) {
        let o = try object(value, at, allowed: ["functions"])
        guard let f = o["functions"] else { return }
        let fa = at.appending("functions")
        for member in try map(f, fa).members {
            let ea = fa.appending(member.key)
            let e = try object(member.value, ea, allowed: ["responses", "gate", "reservedConcurrency", "durationSeconds", "alertTopic"])
            let reserved = try e["reservedConcurrency"].map { v throws(ServicesFileError) in try integer(v, ea.appending("reservedConcurrency")) }
            let duration = try e["durationSeconds"].map { v throws(ServicesFileError) in try seconds(v, ea.appending("durationSeconds")) } ?? 0.2
            let name = LambdaModel.functionName(member.key)
            if let g = e["gate"] {
                guard e["responses"] == nil else { throw fail("a function has \"responses\" or \"gate\", not both", ea) }
                let kind = try string(g, ea.appending("gate"))
                guard kind == "atomic" || kind == "naive" else { throw fail("\"gate\" is \"atomic\" or \"naive\"", ea.appending("gate")) }
                let topic = try e["alertTopic"].map { v throws(ServicesFileError) in try string(v, ea.appending("alertTopic")) }
                lambda.gate(name, atomic: kind == "atomic", reservedConcurrency: reserved, durationSeconds: duration, alertTopic: topic)
                continue
            }
            guard let r = e["responses"] else { throw fail("a function needs \"responses\" (or \"gate\")", ea) }
            var responses: [LambdaModel.Response] = []
            for (i, entry) in try array(r, ea.appending("responses")).enumerated() {
                responses.append(try lambdaResponse(entry, ea.appending("responses").appending(i)))
            }
            guard !responses.isEmpty else { throw fail("give at least one response", ea.appending("responses")) }
            lambda.function(name, responses: responses, reservedConcurrency: reserved, durationSeconds: duration)
        }
        lambda.onlyDefinedFunctions = true
    }


    /// `{"Return": value}`, `{"Throw": {"Error": type, "Cause": message}}` (the function raised),
    /// `{"Crash": message}` (no error type: `Lambda.Unknown`) or `{"ServiceError": {"Error", "Cause"}}`.
    func lambdaResponse(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> LambdaModel.Response {
        let o = try object(value, at, allowed: ["Return", "Throw", "Crash", "ServiceError"])
        guard o.count == 1, let member = o.members.first else {
            throw fail("a response holds exactly one of \"Return\", \"Throw\", \"Crash\" or \"ServiceError\"", at)
        }
        let ma = at.appending(member.key)
        switch member.key {
        case "Return": return .returns(member.value)
        case "Crash": return .crashes(try string(member.value, ma))
        default:
            let e = try object(member.value, ma, allowed: ["Error", "Cause"])
            guard let error = e["Error"] else { throw fail("needs an \"Error\"", ma) }
            let name = try string(error, ma.appending("Error"))
            let cause = try e["Cause"].map { v throws(ServicesFileError) in try string(v, ma.appending("Cause")) } ?? ""
            return member.key == "Throw" ? .raises(errorType: name, errorMessage: cause) : .serviceError(exception: name, message: cause)
        }
    }
}
