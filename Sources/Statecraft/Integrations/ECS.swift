import StatesLanguage

/// Amazon ECS integrations.
public enum ECS {
    /// Runs a task on ECS (`ecs:runTask`): with `.sync` the state waits until the task stops and fails
    /// when an essential container exits non-zero (`States.TaskFailed`) or the task never starts
    /// (`AmazonECS.Unknown`).
    public struct RunTask: TaskStep {
        public typealias Ending = Continues
        public var _spec: _StateSpec

        /// - Parameters:
        ///   - pattern: `.sync` (wait for the task to stop, the default), `.requestResponse` (continue once
        ///     RunTask answers) or `.waitForTaskToken` (wait for the task to send the token back).
        ///   - cluster: the cluster name or ARN (the account's default cluster when `nil`).
        ///   - taskDefinition: `family`, `family:revision` or the full ARN.
        ///   - compute: a launch type or a capacity-provider strategy.
        ///   - network: the awsvpc network configuration (required on Fargate).
        ///   - overrides: per-container command, environment, CPU and memory.
        ///   - count: tasks to start, 1 to 10.
        public init(
            _ name: String, _ pattern: IntegrationPattern = .sync, cluster: PayloadValue? = nil,
            taskDefinition: PayloadValue, compute: Compute? = nil, network: NetworkConfiguration? = nil,
            overrides: [ContainerOverride] = [], count: Int? = nil, tags: KeyValuePairs<String, PayloadValue> = [:],
            platformVersion: String? = nil, enableExecuteCommand: Bool? = nil, propagateTags: String? = nil,
            group: String? = nil, fileID: String = #fileID, line: Int = #line
        ) {
            var p = Payload()
            switch compute {
            case .launchType(let t): p.append("LaunchType", .literal(.string(t.rawValue)))
            case .capacityProviders(let providers): p.append("CapacityProviderStrategy", .array(providers.map(\.value)))
            case nil: break
            }
            p.add("Cluster", cluster)
            p.append("TaskDefinition", taskDefinition)
            p.add("NetworkConfiguration", network?.value)
            if !overrides.isEmpty { p.append("Overrides", ["ContainerOverrides": .array(overrides.map(\.value))]) }
            p.add("Count", count.map { .literal(.number(JSONNumber($0))) })
            p.add("PlatformVersion", platformVersion.map { .literal(.string($0)) })
            p.add("EnableExecuteCommand", enableExecuteCommand.map { .literal(.bool($0)) })
            p.add("PropagateTags", propagateTags.map { .literal(.string($0)) })
            p.add("Group", group.map { .literal(.string($0)) })
            if tags.count > 0 { p.append("Tags", .array(tags.map { ["Key": .literal(.string($0.key)), "Value": $0.value] })) }
            _spec = .task(name, service: "ecs", action: "runTask", pattern: pattern, parameters: p, fileID: fileID, line: line)
            if let count, !(1...10).contains(count) {
                _spec.problem("value-range", "RunTask starts 1 to 10 tasks per call; count is \(count)", field: "Parameters",
                              hint: "start more tasks with a Map over several RunTask calls")
            }
        }
    }

    /// Where tasks run: a launch type, or a capacity-provider strategy.
    public enum Compute: Sendable {
        case launchType(LaunchType)
        case capacityProviders([CapacityProvider])

        /// `LaunchType: FARGATE`.
        public static let fargate = Compute.launchType(.fargate)
        /// `LaunchType: EC2`.
        public static let ec2 = Compute.launchType(.ec2)
    }

    public enum LaunchType: String, Sendable {
        case fargate = "FARGATE"
        case fargateSpot = "FARGATE_SPOT"
        case ec2 = "EC2"
        case external = "EXTERNAL"
    }

    /// One entry of a capacity-provider strategy.
    public struct CapacityProvider: Sendable {
        public var name: String
        public var weight: Int?
        public var base: Int?
        public init(_ name: String, weight: Int? = nil, base: Int? = nil) {
            self.name = name
            self.weight = weight
            self.base = base
        }
        public static func fargate(weight: Int? = nil, base: Int? = nil) -> CapacityProvider { .init("FARGATE", weight: weight, base: base) }
        public static func fargateSpot(weight: Int? = nil, base: Int? = nil) -> CapacityProvider { .init("FARGATE_SPOT", weight: weight, base: base) }

        var value: PayloadValue {
            var p: Payload = ["CapacityProvider": .literal(.string(name))]
            p.add("Weight", weight.map { .literal(.number(JSONNumber($0))) })
            p.add("Base", base.map { .literal(.number(JSONNumber($0))) })
            return .object(p)
        }
    }

    /// The task's network configuration.
    public struct NetworkConfiguration: Sendable {
        var value: PayloadValue

        /// awsvpc networking: the subnets and security groups of the task's ENI, and whether it gets a public IP.
        public static func awsvpc(subnets: [PayloadValue], securityGroups: [PayloadValue] = [], assignPublicIp: AssignPublicIp? = nil) -> NetworkConfiguration {
            var p: Payload = ["Subnets": .array(subnets)]
            if !securityGroups.isEmpty { p.append("SecurityGroups", .array(securityGroups)) }
            p.add("AssignPublicIp", assignPublicIp?.value)
            return NetworkConfiguration(value: ["AwsvpcConfiguration": .object(p)])
        }

        /// A network configuration read from the input.
        public static func path(_ path: String) -> NetworkConfiguration { NetworkConfiguration(value: .path(path)) }
    }

    /// `AssignPublicIp`: `true` for `ENABLED`, `false` for `DISABLED`, or any value (e.g. a path).
    public struct AssignPublicIp: Sendable, ExpressibleByBooleanLiteral {
        var value: PayloadValue
        public init(booleanLiteral enabled: Bool) { value = .literal(.string(enabled ? "ENABLED" : "DISABLED")) }
        public init(_ value: PayloadValue) { self.value = value }
    }

    /// Overrides for one container of the task definition.
    public struct ContainerOverride: Sendable {
        var value: PayloadValue

        /// - Parameters:
        ///   - name: the container name in the task definition.
        ///   - command: replaces the container's command.
        ///   - environment: variables added to the container's environment.
        public init(
            _ name: String, command: [PayloadValue]? = nil, environment: KeyValuePairs<String, PayloadValue> = [:],
            cpu: Int? = nil, memory: Int? = nil, memoryReservation: Int? = nil
        ) {
            var p: Payload = ["Name": .literal(.string(name))]
            p.add("Command", command.map { .array($0) })
            if environment.count > 0 {
                p.append("Environment", .array(environment.map { ["Name": .literal(.string($0.key)), "Value": $0.value] }))
            }
            p.add("Cpu", cpu.map { .literal(.number(JSONNumber($0))) })
            p.add("Memory", memory.map { .literal(.number(JSONNumber($0))) })
            p.add("MemoryReservation", memoryReservation.map { .literal(.number(JSONNumber($0))) })
            value = .object(p)
        }
    }
}
