import StatesLanguage

/// A problem in a services file, with its place.
public struct ServicesFileError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// Where in the file, as a JSON pointer (`/ecs/taskDefinitions/batch/attempts/0`).
    public let pointer: JSONPointer
    /// `line:column` of that place, when known.
    public let position: SourcePosition?

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
    /// Every key is checked: an unknown or misspelt key is an error, with its line and column.
    /// Docs/Services.md lists every key and its default.
    /// - Throws: ``ServicesFileError`` for invalid JSON or a wrong key, type or value.
    public static func load(_ bytes: [UInt8], seed: UInt64 = 0x5747_5343) throws(ServicesFileError) -> AWSServices {
        let parsed: (value: JSONValue, sourceMap: SourceMap)
        do {
            parsed = try JSONParser.parseWithSourceMap(bytes)
        } catch {
            throw ServicesFileError(message: "not valid JSON: \(error.message)", pointer: .root, position: error.position)
        }
        let reader = ServicesFileReader(sourceMap: parsed.sourceMap)
        return try reader.services(parsed.value, seed: seed)
    }
}

/// Reads a services file, checking every key and value and pointing at the culprit.
struct ServicesFileReader {
    let sourceMap: SourceMap

    func fail(_ message: String, _ at: JSONPointer, key: Bool = false) -> ServicesFileError {
        ServicesFileError(message: message, pointer: at, position: sourceMap.position(of: at, key: key))
    }

    /// The members of an object, with unknown keys refused.
    func object(_ value: JSONValue, _ at: JSONPointer, allowed: [String]) throws(ServicesFileError) -> JSONObject {
        guard case .object(let o) = value else { throw fail("expected an object", at) }
        for member in o.members where !allowed.contains(member.key) {
            throw fail("unknown key \"\(member.key)\"; expected \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))", at.appending(member.key), key: true)
        }
        return o
    }

    /// Any object's members, for maps keyed by name.
    func map(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> JSONObject {
        guard case .object(let o) = value else { throw fail("expected an object", at) }
        return o
    }

    func string(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> String {
        guard case .string(let s) = value else { throw fail("expected a string", at) }
        return s
    }

    /// A year: Step Functions' longest execution, so the longest duration worth simulating.
    static let maximumSeconds = 31_536_000.0

    func number(_ value: JSONValue, _ at: JSONPointer, minimum: Double = 0) throws(ServicesFileError) -> Double {
        guard case .number(let n) = value, n.doubleValue.isFinite else { throw fail("expected a number", at) }
        guard n.doubleValue >= minimum else { throw fail("expected a number of at least \(JSONNumber(minimum).text)", at) }
        return n.doubleValue
    }

    /// A duration in seconds: from 0 to a year.
    func seconds(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> Double {
        let s = try number(value, at)
        guard s <= Self.maximumSeconds else { throw fail("expected at most 31536000 seconds (a year, the longest execution)", at) }
        return s
    }

    func integer(_ value: JSONValue, _ at: JSONPointer, minimum: Int = 0) throws(ServicesFileError) -> Int {
        guard case .number(let n) = value, let i = n.intValue else { throw fail("expected an integer", at) }
        guard i >= minimum else { throw fail("expected an integer of at least \(minimum)", at) }
        return i
    }

    func bool(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> Bool {
        guard case .bool(let b) = value else { throw fail("expected true or false", at) }
        return b
    }

    func array(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> [JSONValue] {
        guard case .array(let a) = value else { throw fail("expected an array", at) }
        return a
    }

    func services(_ root: JSONValue, seed: UInt64) throws(ServicesFileError) -> AWSServices {
        let top = JSONPointer.root
        let o = try object(root, top, allowed: ["region", "account", "ecs", "sns", "lambda", "dynamodb", "events"])
        let region = try o["region"].map { v throws(ServicesFileError) in try string(v, top.appending("region")) } ?? "us-east-1"
        let account = try o["account"].map { v throws(ServicesFileError) in try string(v, top.appending("account")) } ?? "123456789012"
        guard account.utf8.count == 12, account.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { throw fail("an account id has 12 digits", top.appending("account")) }
        let services = AWSServices(region: region, account: account, seed: seed)
        if let ecs = o["ecs"] { try readECS(ecs, top.appending("ecs"), services.ecs) }
        if let sns = o["sns"] { try readSNS(sns, top.appending("sns"), services.sns) }
        if let lambda = o["lambda"] { try readLambda(lambda, top.appending("lambda"), services.lambda) }
        if let dynamodb = o["dynamodb"] { try readDynamoDB(dynamodb, top.appending("dynamodb"), services.dynamodb) }
        if let events = o["events"] { try readEvents(events, top.appending("events"), services) }
        return services
    }

    // MARK: ECS

    func readECS(_ value: JSONValue, _ at: JSONPointer, _ ecs: ECSModel) throws(ServicesFileError) {
        let o = try object(value, at, allowed: ["quotas", "clusters", "taskDefinitions", "nonEssentialExitCodesFail", "ec2Capacity"])
        if let c = o["ec2Capacity"] {
            let ca = at.appending("ec2Capacity")
            let e = try object(c, ca, allowed: ["cpuUnits", "memoryMiB", "agentConnected"])
            guard let cpu = e["cpuUnits"], let memory = e["memoryMiB"] else { throw fail("ec2Capacity needs \"cpuUnits\" and \"memoryMiB\"", ca) }
            ecs.ec2Capacity = ECSModel.EC2Capacity(cpuUnits: try integer(cpu, ca.appending("cpuUnits")), memoryMiB: try integer(memory, ca.appending("memoryMiB")),
                                                   agentConnected: try e["agentConnected"].map { v throws(ServicesFileError) in try bool(v, ca.appending("agentConnected")) } ?? true)
        }
        if let q = o["quotas"] {
            let qa = at.appending("quotas")
            let quotas = try object(q, qa, allowed: ["profile", "maxConcurrentTasks", "runTaskBurst", "runTaskRefillPerSecond", "maxTasksPerCall",
                                                     "fargateOnDemandVCPUs", "taskLaunchBurst", "taskLaunchRefillPerSecond"])
            if let v = quotas["profile"] {
                let name = try string(v, qa.appending("profile"))
                guard let profile = ECSModel.Quotas.profile(named: name) else {
                    throw fail("unknown quota profile \"\(name)\"; the profiles are \(ECSModel.Quotas.profileNames.map { "\"\($0)\"" }.joined(separator: " and "))",
                               qa.appending("profile"))
                }
                ecs.quotas = profile
            }
            if let v = quotas["fargateOnDemandVCPUs"] { ecs.quotas.fargateOnDemandVCPUs = try number(v, qa.appending("fargateOnDemandVCPUs")) }
            if let v = quotas["taskLaunchBurst"] { ecs.quotas.taskLaunchBurst = try integer(v, qa.appending("taskLaunchBurst")) }
            if let v = quotas["taskLaunchRefillPerSecond"] {
                ecs.quotas.taskLaunchRefillPerSecond = try number(v, qa.appending("taskLaunchRefillPerSecond"))
            }
            if let v = quotas["maxConcurrentTasks"] { ecs.quotas.maxConcurrentTasks = try integer(v, qa.appending("maxConcurrentTasks")) }
            if let v = quotas["runTaskBurst"] { ecs.quotas.runTaskBurst = try integer(v, qa.appending("runTaskBurst")) }
            if let v = quotas["runTaskRefillPerSecond"] { ecs.quotas.runTaskRefillPerSecond = try number(v, qa.appending("runTaskRefillPerSecond")) }
            if let v = quotas["maxTasksPerCall"] { ecs.quotas.maxTasksPerCall = try integer(v, qa.appending("maxTasksPerCall"), minimum: 1) }
        }
        if let c = o["clusters"] {
            var names: Set<String> = []
            for (i, entry) in try array(c, at.appending("clusters")).enumerated() {
                names.insert(ECSModel.name(of: try string(entry, at.appending("clusters").appending(i)), after: "cluster/"))
            }
            ecs.clusters = names
        }
        if let v = o["nonEssentialExitCodesFail"] { ecs.nonEssentialExitCodesFail = try bool(v, at.appending("nonEssentialExitCodesFail")) }
        if let t = o["taskDefinitions"] {
            let ta = at.appending("taskDefinitions")
            for member in try map(t, ta).members {
                ecs.define(member.key, try taskDefinition(member.value, ta.appending(member.key)))
            }
            ecs.onlyDefinedTaskDefinitions = true
        }
    }

    func taskDefinition(_ value: JSONValue, _ at: JSONPointer) throws(ServicesFileError) -> ECSModel.TaskDefinition {
        let o = try object(value, at, allowed: ["containers", "cpu", "memory", "revision", "provisioningSeconds", "pendingSeconds",
                                                "runningSeconds", "stoppingSeconds", "attempts", "callbackOutput"])
        var definition = ECSModel.TaskDefinition()
        if let c = o["containers"] {
            let ca = at.appending("containers")
            var containers: [ECSModel.Container] = []
            for (i, entry) in try array(c, ca).enumerated() {
                let ea = ca.appending(i)
                let e = try object(entry, ea, allowed: ["name", "essential", "image"])
                guard let name = e["name"] else { throw fail("a container needs a \"name\"", ea) }
                var container = ECSModel.Container(name: try string(name, ea.appending("name")))
                if let v = e["essential"] { container.essential = try bool(v, ea.appending("essential")) }
                if let v = e["image"] { container.image = try string(v, ea.appending("image")) }
                containers.append(container)
            }
            guard !containers.isEmpty else { throw fail("a task definition needs at least one container", ca) }
            for (i, container) in containers.enumerated() where containers[..<i].contains(where: { $0.name == container.name }) {
                throw fail("container names must be distinct; \"\(container.name)\" is used twice", ca.appending(i).appending("name"))
            }
            guard containers.contains(where: \.essential) else { throw fail("at least one container must be essential", ca) }
            definition.containers = containers
        }
        if let v = o["cpu"] { definition.cpu = try string(v, at.appending("cpu")) }
        if let v = o["memory"] { definition.memory = try string(v, at.appending("memory")) }
        if let v = o["revision"] { definition.revision = try integer(v, at.appending("revision"), minimum: 1) }
        if let v = o["provisioningSeconds"] { definition.provisioningSeconds = try seconds(v, at.appending("provisioningSeconds")) }
        if let v = o["pendingSeconds"] { definition.pendingSeconds = try seconds(v, at.appending("pendingSeconds")) }
        if let v = o["runningSeconds"] { definition.runningSeconds = try seconds(v, at.appending("runningSeconds")) }
        if let v = o["stoppingSeconds"] { definition.stoppingSeconds = try seconds(v, at.appending("stoppingSeconds")) }
        if let v = o["callbackOutput"] { definition.callbackOutput = v }
        if let a = o["attempts"] {
            let aa = at.appending("attempts")
            definition.attempts = []
            for (i, entry) in try array(a, aa).enumerated() {
                definition.attempts.append(try attempt(entry, aa.appending(i), containers: definition.containers.map(\.name)))
            }
        }
        return definition
    }

    func attempt(_ value: JSONValue, _ at: JSONPointer, containers: [String]) throws(ServicesFileError) -> ECSModel.Attempt {
        let o = try object(value, at, allowed: ["exitCode", "exitCodes", "reason", "throttle", "failures", "error"])
        let kinds = ["exitCode", "exitCodes", "throttle", "failures", "error"].filter { o[$0] != nil }
        guard kinds.count == 1 else {
            throw fail("an attempt holds exactly one of \"exitCode\", \"exitCodes\", \"throttle\", \"failures\" or \"error\"", at)
        }
        let reason = try o["reason"].map { v throws(ServicesFileError) in try string(v, at.appending("reason")) }
        if reason != nil, o["exitCode"] == nil, o["exitCodes"] == nil {
            throw fail("\"reason\" is the containers' Reason, so it goes with \"exitCode\" or \"exitCodes\"", at.appending("reason"), key: true)
        }
        if let v = o["exitCode"] {
            let code = try integer(v, at.appending("exitCode"), minimum: -2_147_483_648)
            return reason == nil ? .exit(code) : .exits(Dictionary(uniqueKeysWithValues: containers.map { ($0, code) }), reason: reason)
        }
        if let v = o["exitCodes"] {
            var codes: [String: Int] = [:]
            for member in try map(v, at.appending("exitCodes")).members {
                guard containers.contains(member.key) else {
                    throw fail("no container is named \"\(member.key)\"", at.appending("exitCodes").appending(member.key), key: true)
                }
                codes[member.key] = try integer(member.value, at.appending("exitCodes").appending(member.key), minimum: -2_147_483_648)
            }
            return .exits(codes, reason: reason)
        }
        if let v = o["throttle"] {
            guard try bool(v, at.appending("throttle")) else { throw fail("\"throttle\" can only be true", at.appending("throttle")) }
            return .throttle
        }
        if let v = o["failures"] {
            let fa = at.appending("failures")
            let entries = try array(v, fa)
            guard !entries.isEmpty else { throw fail("give at least one failure, e.g. {\"Reason\": \"RESOURCE:MEMORY\"}", fa) }
            for (i, entry) in entries.enumerated() {
                let e = try object(entry, fa.appending(i), allowed: ["Arn", "Reason", "Detail"])
                guard e["Reason"]?.stringValue != nil else { throw fail("a failure needs a \"Reason\" string", fa.appending(i)) }
            }
            return .failures(entries)
        }
        let ea = at.appending("error")
        let e = try object(o["error"] ?? .null, ea, allowed: ["exception", "message"])
        guard let exception = e["exception"] else { throw fail("an error needs an \"exception\", e.g. \"AccessDeniedException\"", ea) }
        return .apiError(exception: try string(exception, ea.appending("exception")),
                         message: try e["message"].map { v throws(ServicesFileError) in try string(v, ea.appending("message")) } ?? "")
    }

    // MARK: SNS, Lambda, DynamoDB

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

    func readDynamoDB(_ value: JSONValue, _ at: JSONPointer, _ dynamodb: DynamoDBModel) throws(ServicesFileError) {
        let o = try object(value, at, allowed: ["tables"])
        guard let t = o["tables"] else { return }
        let ta = at.appending("tables")
        for member in try map(t, ta).members {
            let ea = ta.appending(member.key)
            let e = try object(member.value, ea, allowed: ["key", "items"])
            guard let k = e["key"] else { throw fail("a table needs its \"key\" attributes, e.g. [\"pk\"]", ea) }
            let keyEntries = try array(k, ea.appending("key"))
            var key: [String] = []
            for (i, entry) in keyEntries.enumerated() { key.append(try string(entry, ea.appending("key").appending(i))) }
            guard (1...2).contains(key.count) else { throw fail("a key has one attribute (partition) or two (partition, sort)", ea.appending("key")) }
            var items: [JSONObject] = []
            if let i = e["items"] {
                for (n, entry) in try array(i, ea.appending("items")).enumerated() {
                    let item = try map(entry, ea.appending("items").appending(n))
                    for name in key where item[name] == nil {
                        throw fail("the item lacks the key attribute \"\(name)\"", ea.appending("items").appending(n))
                    }
                    items.append(item)
                }
            }
            do {
                try dynamodb.createTable(member.key, key: key, items: items)
            } catch {
                throw fail(error.message, ea)
            }
        }
        dynamodb.onlyDefinedTables = true
    }
}
