import StatesLanguage

/// A problem in a services file, with its place.
public struct ServicesFileError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// Where in the file, as a JSON pointer (`/ecs/taskDefinitions/batch/attempts/0`).
    public let pointer: JSONPointer
    /// `line:column` of that place, when known.
    public let position: SourcePosition?

    /// `line:column: message (at pointer)`.
    public var description: String {
        let place = pointer.tokens.isEmpty ? "" : " (at \(pointer))"
        return (position.map { "\($0): " } ?? "") + message + place
    }
}

extension AWSServices {
    /// Loads a services file: the modelled account `statecraft run --services FILE` runs against.
    ///
    /// ```json
    /// {"region": "us-east-1", "account": "123456789012",
    ///  "ecs": {"quotas": {"maxConcurrentTasks": 100, "runTaskBurst": 100, "runTaskRefillPerSecond": 40},
    ///          "clusters": ["jobs"],
    ///          "taskDefinitions": {"batch": {"containers": [{"name": "app", "essential": true}],
    ///                                        "provisioningSeconds": 20, "runningSeconds": 60,
    ///                                        "attempts": [{"throttle": true}, {"exitCode": 1}, {"exitCode": 0}]}}},
    ///  "sns": {"topics": ["arn:aws:sns:us-east-1:123456789012:alerts"]},
    ///  "lambda": {"functions": {"gate": {"responses": [{"Return": {"acquired": true}}]}}},
    ///  "dynamodb": {"tables": {"locks": {"key": ["pk"], "items": []}}}}
    /// ```
    ///
    /// The file's shell reads `region`, `account` and `events`; every other key is the section of a
    /// registered model (``ServiceModel/sectionName``), which reads it. Every key is checked: an unknown
    /// or misspelt key is an error, with its line and column. Docs/Services.md lists every key and its default.
    /// - Parameters:
    ///   - bytes: the file.
    ///   - seed: drives request ids, task ids and message ids.
    ///   - models: models to register beside the built-in ones, before the sections are read.
    /// - Returns: the account, its models set up from their sections.
    /// - Throws: ``ServicesFileError`` for invalid JSON or a wrong key, type or value.
    public static func load(_ bytes: [UInt8], seed: UInt64 = 0x5747_5343,
                            models: [any ServiceModel] = []) throws(ServicesFileError) -> AWSServices {
        let parsed: (value: JSONValue, sourceMap: SourceMap)
        do {
            parsed = try JSONParser.parseWithSourceMap(bytes)
        } catch {
            throw ServicesFileError(message: "not valid JSON: \(error.message)", pointer: .root, position: error.position)
        }
        let reader = ServicesFileReader(sourceMap: parsed.sourceMap)
        return try reader.services(parsed.value, seed: seed, models: models)
    }
}

/// Reads a services file, checking every key and value and pointing at the culprit: the file's shell
/// uses it, and each ``ServiceModel`` reads its section with it.
public struct ServicesFileReader {
    let sourceMap: SourceMap

    /// An error at `at` with its line and column (`key`: at the member's key rather than its value).
    public func fail(_ message: String, _ at: JSONPointer, key: Bool = false) -> ServicesFileError {
        ServicesFileError(message: message, pointer: at, position: sourceMap.position(of: at, key: key))
    }

    /// The members of an object, with unknown keys refused.
    /// - Throws: ``ServicesFileError`` when `value` is not an object or has a key not in `allowed`.
    public func object(_ value: JSONValue, _ at: JSONPointer, allowed: [String]) throws(ServicesFileError) -> JSONObject {
        guard case .object(let o) = value else { throw fail("expected an object", at) }
        for member in o.members where !allowed.contains(member.key) {
            throw fail("unknown key \"\(member.key)\"; expected \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))", at.appending(member.key), key: true)
        }
        return o
    }

    /// Any object's members, for maps keyed by name.
    /// - Throws: ``ServicesFileError`` when `value` is not an object.
    public func map(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> JSONObject {
        guard case .object(let o) = value else { throw fail("expected an object", at) }
        return o
    }

    /// A string.
    /// - Throws: ``ServicesFileError`` when `value` is not a string.
    public func string(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> String {
        guard case .string(let s) = value else { throw fail("expected a string", at) }
        return s
    }

    /// A year: Step Functions' longest execution, so the longest duration worth simulating.
    static let maximumSeconds = 31_536_000.0

    /// A finite number of at least `minimum`.
    /// - Throws: ``ServicesFileError`` when `value` is not such a number.
    public func number(_ value: JSONValue, _ at: JSONPointer, minimum: Double = 0) throws(ServicesFileError) -> Double {
        guard case .number(let n) = value, n.doubleValue.isFinite else { throw fail("expected a number", at) }
        guard n.doubleValue >= minimum else { throw fail("expected a number of at least \(JSONNumber(minimum).text)", at) }
        return n.doubleValue
    }

    /// A duration in seconds: from 0 to a year.
    /// - Throws: ``ServicesFileError`` when `value` is not such a number.
    public func seconds(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> Double {
        let s = try number(value, at)
        guard s <= Self.maximumSeconds else { throw fail("expected at most 31536000 seconds (a year, the longest execution)", at) }
        return s
    }

    /// An integer of at least `minimum`.
    /// - Throws: ``ServicesFileError`` when `value` is not such an integer.
    public func integer(_ value: JSONValue, _ at: JSONPointer, minimum: Int = 0) throws(ServicesFileError) -> Int {
        guard case .number(let n) = value, let i = n.intValue else { throw fail("expected an integer", at) }
        guard i >= minimum else { throw fail("expected an integer of at least \(minimum)", at) }
        return i
    }

    /// `true` or `false`.
    /// - Throws: ``ServicesFileError`` when `value` is not a boolean.
    public func bool(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> Bool {
        guard case .bool(let b) = value else { throw fail("expected true or false", at) }
        return b
    }

    /// The elements of an array.
    /// - Throws: ``ServicesFileError`` when `value` is not an array.
    public func array(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> [JSONValue] {
        guard case .array(let a) = value else { throw fail("expected an array", at) }
        return a
    }

    /// The account of a file: `region` and `account`, then each registered model's section in
    /// registration order, then `events`.
    func services(_ root: JSONValue, seed: UInt64, models: [any ServiceModel]) throws(ServicesFileError) -> AWSServices {
        let top = JSONPointer.root
        // The account is made first, so that its models name the sections; its region and account are
        // checked after the keys, and only a file whose values pass gets the account.
        let given = root.objectValue
        let services = AWSServices(region: given?["region"]?.stringValue ?? "us-east-1", account: given?["account"]?.stringValue ?? "123456789012",
                                   seed: seed)
        for model in models { services.register(model) }
        var sections: [String] = []
        for model in services.models { if let name = model.sectionName, !sections.contains(name) { sections.append(name) } }
        let o = try object(root, top, allowed: ["region", "account"] + sections + ["events"])
        _ = try o["region"].map { v throws(ServicesFileError) in try string(v, top.appending("region")) }
        let account = try o["account"].map { v throws(ServicesFileError) in try string(v, top.appending("account")) } ?? "123456789012"
        guard account.utf8.count == 12, account.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { throw fail("an account id has 12 digits", top.appending("account")) }
        var read: Set<String> = []
        for model in services.models {
            guard let name = model.sectionName, let section = o[name], read.insert(name).inserted else { continue }
            try model.readSection(section, at: top.appending(name), with: self, in: &services.context)
        }
        if let events = o["events"] { try readEvents(events, top.appending("events"), services) }
        return services
    }

    /// `{"executionEndRules": [{"function": name, "statuses": ["FAILED", "TIMED_OUT", "ABORTED"]}]}`: EventBridge
    /// rules on executions ending, each invoking a function of the `lambda` section (the gate's cleanup).
    func readEvents(_ value: JSONValue, _ at: JSONPointer, _ services: AWSServices) throws(ServicesFileError) {
        let o = try object(value, at, allowed: ["executionEndRules"])
        guard let rules = o["executionEndRules"] else { return }
        let ra = at.appending("executionEndRules")
        for (i, entry) in try array(rules, ra).enumerated() {
            let ea = ra.appending(i)
            let e = try object(entry, ea, allowed: ["function", "statuses"])
            guard let f = e["function"] else { throw fail("a rule needs the \"function\" it invokes", ea) }
            let function = try string(f, ea.appending("function"))
            guard services.lambda.functions[LambdaModel.functionName(function)] != nil else {
                throw fail("no function \"\(function)\" in the lambda section", ea.appending("function"))
            }
            var statuses: Set<Execution.Status> = [.failed, .timedOut, .aborted]
            if let list = e["statuses"] {
                statuses = []
                for (j, item) in try array(list, ea.appending("statuses")).enumerated() {
                    let text = try string(item, ea.appending("statuses").appending(j))
                    guard let status = Execution.Status(rawValue: text), status != .running else {
                        throw fail("a status is SUCCEEDED, FAILED, TIMED_OUT or ABORTED", ea.appending("statuses").appending(j))
                    }
                    statuses.insert(status)
                }
            }
            services.onExecutionEnd(statuses, invoke: function)
        }
    }

}
