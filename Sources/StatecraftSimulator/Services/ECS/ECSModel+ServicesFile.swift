import StatesLanguage

extension ECSModel: ServiceModel {
    /// `"ecs"`.
    public var sectionName: String? { "ecs" }

    /// `ecs:runTask` in all three patterns.
    public var routes: [ServiceRoute] { [ServiceRoute(resourceType: "ecs", actions: ["runTask"], patterns: [.requestResponse, .sync, .callback])] }

    /// Answers `RunTask`.
    public func answer(_ call: TaskCall, action: String, in context: inout ServiceContext) -> TaskOutcome? {
        runTask(call, &context)
    }

    /// Stops the tasks of an abandoned `.sync` or callback call, as Step Functions calls StopTask.
    public func cancel(_ call: TaskCall, at time: Double, in context: inout ServiceContext) { stop(call, at: time) }

    /// Reads the `ecs` section: quotas, clusters, task definitions, EC2 capacity (Docs/Services.md, "The services file").
    public func readSection(_ section: JSONValue, at pointer: JSONPointer, with reader: ServicesFileReader,
                            in context: inout ServiceContext) throws(ServicesFileError) {
        try reader.readECS(section, pointer, self)
    }
}

/// The `ecs` section of a services file.
extension ServicesFileReader {
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

}
