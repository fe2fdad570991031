import StatesLanguage

/// RunTask request checks, as the ECS API makes them before it starts anything. Each failure is an
/// `ECS.InvalidParameterException` (HTTP 400), the error Step Functions reports for a request ECS
/// refuses; the messages are AWS's where AWS documents or returns a known text (Docs/Services.md,
/// "ECS request checks", lists which).
extension ECSModel {
    /// Fargate's task sizes: CPU units → the memory values (MiB) allowed with them.
    static func fargateMemory(forCPU cpu: Int) -> [Int] {
        switch cpu {
        case 256: [512, 1024, 2048]
        case 512: [1024, 2048, 3072, 4096]
        case 1024: Array(stride(from: 2048, through: 8192, by: 1024))
        case 2048: Array(stride(from: 4096, through: 16384, by: 1024))
        case 4096: Array(stride(from: 8192, through: 30720, by: 1024))
        case 8192: Array(stride(from: 16384, through: 61440, by: 4096))
        case 16384: Array(stride(from: 32768, through: 122880, by: 8192))
        default: []
        }
    }

    /// CPU units written as the API accepts them: `"1024"`, `"1 vCPU"`, `"0.25 vcpu"`.
    static func cpuUnits(_ text: String) -> Int? {
        let lower = text.lowercased().replacingOccurrences(of: " ", with: "")
        if lower.hasSuffix("vcpu"), let v = Double(lower.dropLast(4)), v.isFinite, v > 0, v < 1_000 { return Int((v * 1024).rounded()) }
        return Int(lower)
    }

    /// Memory written as the API accepts it: `"2048"` (MiB), `"2 GB"`, `"2gb"`.
    static func memoryMiB(_ text: String) -> Int? {
        let lower = text.lowercased().replacingOccurrences(of: " ", with: "")
        if lower.hasSuffix("gb"), let v = Double(lower.dropLast(2)), v.isFinite, v > 0, v < 1_000_000 { return Int((v * 1024).rounded()) }
        return Int(lower)
    }

    static func invalid(_ message: String) -> ServiceError { error("InvalidParameterException", message) }

    /// The JSON type name of a value, for messages.
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "a list"
        case .object: "a structure"
        }
    }

    /// Checks a RunTask request against the API's shapes and the task definition.
    /// - Returns: the error ECS answers, or `nil` when the request is acceptable.
    func check(_ p: JSONValue, definition: TaskDefinition, fargate: Bool) -> ServiceError? {
        if let launchType = p["LaunchType"] {
            guard let text = launchType.stringValue, ["EC2", "FARGATE", "EXTERNAL"].contains(text) else {
                return Self.invalid("LaunchType must be one of EC2, FARGATE, EXTERNAL; got \(DataFlow.serialize(launchType))")
            }
            if p["CapacityProviderStrategy"] != nil {
                return Self.invalid("Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.")
            }
        }
        if let strategy = p["CapacityProviderStrategy"] {
            guard let entries = strategy.arrayValue, !entries.isEmpty,
                  entries.allSatisfy({ $0["CapacityProvider"]?.stringValue?.isEmpty == false }) else {
                return Self.invalid("CapacityProviderStrategy must be a non-empty list of entries that each name a capacityProvider")
            }
        }
        if let tags = p["PropagateTags"], !["TASK_DEFINITION", "SERVICE", "NONE"].contains(tags.stringValue ?? "") {
            return Self.invalid("PropagateTags must be one of TASK_DEFINITION, SERVICE, NONE; got \(DataFlow.serialize(tags))")
        }
        guard let overrides = p["Overrides"] else {
            return fargate ? checkFargateSize(cpu: definition.cpu, memory: definition.memory) : nil
        }
        guard case .object = overrides else { return Self.invalid("Overrides must be a structure, not \(Self.typeName(overrides))") }
        var cpu = definition.cpu, memory = definition.memory
        for field in ["Cpu", "Memory", "TaskRoleArn", "ExecutionRoleArn"] {
            guard let value = overrides[field] else { continue }
            guard let text = value.stringValue else {
                return Self.invalid("Overrides.\(field) must be a string, not \(Self.typeName(value))")
            }
            if field == "Cpu" { cpu = text }
            if field == "Memory" { memory = text }
        }
        if let storage = overrides["EphemeralStorage"] {
            guard let size = storage["SizeInGiB"]?.numberValue?.intValue else {
                return Self.invalid("Overrides.EphemeralStorage.SizeInGiB must be a whole number")
            }
            guard (21...200).contains(size) else {
                return Self.invalid("The ephemeral storage size must be between 21 and 200 GiB; got \(size)")
            }
        }
        if let list = overrides["ContainerOverrides"] {
            guard let entries = list.arrayValue else {
                return Self.invalid("Overrides.ContainerOverrides must be a list, not \(Self.typeName(list))")
            }
            for (i, entry) in entries.enumerated() {
                if let error = checkContainerOverride(entry, index: i, definition: definition) { return error }
            }
        }
        return fargate ? checkFargateSize(cpu: cpu, memory: memory) : nil
    }

    private func checkContainerOverride(_ entry: JSONValue, index i: Int, definition: TaskDefinition) -> ServiceError? {
        let at = "Overrides.ContainerOverrides[\(i)]"
        guard case .object(let o) = entry else { return Self.invalid("\(at) must be a structure, not \(Self.typeName(entry))") }
        if o.members.isEmpty { return nil }  // an empty override is allowed
        guard let name = o["Name"]?.stringValue else {
            return Self.invalid("\(at).Name is required when a container override is not empty")
        }
        guard definition.containers.contains(where: { $0.name == name }) else {
            return Self.invalid("Override for container named \(name) is not a container in the TaskDefinition.")
        }
        if let command = o["Command"] {
            guard let items = command.arrayValue else {
                return Self.invalid("\(at).Command must be a list of strings, not \(Self.typeName(command))")
            }
            if let (j, bad) = items.enumerated().first(where: { $0.element.stringValue == nil }) {
                return Self.invalid("\(at).Command must be a list of strings; element \(j) is \(Self.typeName(bad))")
            }
        }
        if let environment = o["Environment"] {
            guard let pairs = environment.arrayValue else {
                return Self.invalid("\(at).Environment must be a list of Name/Value pairs, not \(Self.typeName(environment))")
            }
            for (j, pair) in pairs.enumerated() {
                for key in ["Name", "Value"] where pair[key].map({ $0.stringValue == nil }) ?? false {
                    return Self.invalid("\(at).Environment[\(j)].\(key) must be a string")
                }
            }
        }
        for key in ["Cpu", "Memory", "MemoryReservation"] {
            if let value = o[key], value.numberValue?.intValue == nil {
                return Self.invalid("\(at).\(key) must be a whole number, not \(Self.typeName(value))")
            }
        }
        return nil
    }

    /// A Fargate task's CPU and memory must be one of Fargate's sizes.
    func checkFargateSize(cpu: String, memory: String) -> ServiceError? {
        guard let units = Self.cpuUnits(cpu), let mib = Self.memoryMiB(memory), Self.fargateMemory(forCPU: units).contains(mib) else {
            return Self.invalid("No Fargate configuration exists for given values: \(cpu) CPU, \(memory) memory. See the Amazon ECS documentation for the valid values.")
        }
        return nil
    }
}
