import StatesLanguage

/// Amazon ECS integrations.
public enum ECS {
    /// Runs a task on ECS (`ecs:runTask`): with `.sync` the state waits until the task stops and fails
    /// when an essential container exits non-zero (`States.TaskFailed`) or the task never starts
    /// (`AmazonECS.Unknown`).
    public struct RunTask: TaskStep {
        /// The step falls through to the step written after it.
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
        ///   - taskOverride: task-level CPU, memory, roles and ephemeral storage.
        ///   - count: tasks to start, 1 to 10.
        ///   - placementConstraints: where tasks may run (EC2 and external instances).
        ///   - placementStrategy: how tasks spread over instances (EC2), in order.
        ///   - propagateTags: copy the task definition's or service's tags to the task.
        ///   - startedBy: the `startedBy` tag of the task (Step Functions sets it for `.sync`).
        ///   - name: the state's name, unique in the machine.
        ///   - tags: tags for the task (`Tags`), in order.
        ///   - platformVersion: the Fargate platform version (`LATEST` when `nil`).
        ///   - enableExecuteCommand: whether ECS Exec may open a shell in the containers.
        ///   - group: the task group name.
        ///   - fileID: the file where the step is written; the default captures the call site, so diagnostics point at it.
        ///   - line: the line where the step is written (the call site by default).
        public init(
            _ name: String, _ pattern: IntegrationPattern = .sync, cluster: PayloadValue? = nil,
            taskDefinition: PayloadValue, compute: Compute? = nil, network: NetworkConfiguration? = nil,
            overrides: [ContainerOverride] = [], taskOverride: TaskOverride? = nil, count: Int? = nil,
            tags: KeyValuePairs<String, PayloadValue> = [:], platformVersion: String? = nil, enableExecuteCommand: Bool? = nil,
            propagateTags: PropagateTags? = nil, placementConstraints: [PlacementConstraint] = [],
            placementStrategy: [PlacementStrategy] = [], group: String? = nil, startedBy: PayloadValue? = nil,
            fileID: String = #fileID, line: Int = #line
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
            var o = taskOverride?.payload ?? Payload([])
            if !overrides.isEmpty { o.append("ContainerOverrides", .array(overrides.map(\.value))) }
            if !o.fields.isEmpty { p.append("Overrides", .object(o)) }
            p.add("Count", count.map { .literal(.number(JSONNumber($0))) })
            p.add("PlatformVersion", platformVersion.map { .literal(.string($0)) })
            p.add("EnableExecuteCommand", enableExecuteCommand.map { .literal(.bool($0)) })
            p.add("PropagateTags", propagateTags.map { .literal(.string($0.rawValue)) })
            if !placementConstraints.isEmpty { p.append("PlacementConstraints", .array(placementConstraints.map(\.value))) }
            if !placementStrategy.isEmpty { p.append("PlacementStrategy", .array(placementStrategy.map(\.value))) }
            p.add("Group", group.map { .literal(.string($0)) })
            p.add("StartedBy", startedBy)
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
        /// A `LaunchType`.
        case launchType(LaunchType)
        /// A `CapacityProviderStrategy`.
        case capacityProviders([CapacityProvider])

        /// `LaunchType: FARGATE`.
        public static let fargate = Compute.launchType(.fargate)
        /// `LaunchType: EC2`.
        public static let ec2 = Compute.launchType(.ec2)
    }

    /// `LaunchType`. (Fargate Spot is a capacity provider, not a launch type: use
    /// `.capacityProviders([.fargateSpot()])`.)
    public enum LaunchType: String, Sendable {
        /// AWS Fargate.
        case fargate = "FARGATE"
        /// EC2 container instances of the cluster.
        case ec2 = "EC2"
        /// External instances (ECS Anywhere).
        case external = "EXTERNAL"
    }

    /// `PropagateTags`: where the task's tags are copied from.
    public enum PropagateTags: String, Sendable {
        /// Copy the task definition's tags.
        case taskDefinition = "TASK_DEFINITION"
        /// Copy the service's tags.
        case service = "SERVICE"
        /// Copy no tags.
        case none = "NONE"
    }

    /// One `PlacementConstraints` entry (EC2 and external instances; Fargate ignores them).
    public enum PlacementConstraint: Sendable {
        /// Each task on a different container instance.
        case distinctInstance
        /// Instances matching a cluster query expression, e.g. `attribute:ecs.instance-type =~ t3.*`.
        case memberOf(PayloadValue)

        var value: PayloadValue {
            switch self {
            case .distinctInstance: ["Type": "distinctInstance"]
            case .memberOf(let expression): ["Type": "memberOf", "Expression": expression]
            }
        }
    }

    /// One `PlacementStrategy` entry (EC2), applied in order.
    public enum PlacementStrategy: Sendable {
        /// Place tasks randomly.
        case random
        /// Spread tasks evenly by a field: `instanceId`, `host`, or `attribute:<name>` such as `attribute:ecs.availability-zone`.
        case spread(PayloadValue)
        /// Pack tasks onto the fewest instances, by least available `cpu` or `memory`.
        case binpack(BinpackField)

        /// What `binpack` packs by.
        public enum BinpackField: String, Sendable {
            /// The instances' remaining CPU.
            case cpu
            /// The instances' remaining memory.
            case memory
        }

        /// Spread over Availability Zones.
        public static let spreadAcrossZones = PlacementStrategy.spread("attribute:ecs.availability-zone")

        var value: PayloadValue {
            switch self {
            case .random: ["Type": "random"]
            case .spread(let field): ["Type": "spread", "Field": field]
            case .binpack(let field): ["Type": "binpack", "Field": .literal(.string(field.rawValue))]
            }
        }
    }

    /// Task-level `Overrides`: CPU and memory (strings in the API, e.g. `"1024"` or `"1 vCPU"`), the task
    /// and execution roles, and Fargate ephemeral storage (21–200 GiB).
    public struct TaskOverride: Sendable {
        var payload: Payload

        /// Makes task overrides; `nil` leaves a field out.
        public init(cpu: PayloadValue? = nil, memory: PayloadValue? = nil, taskRoleArn: PayloadValue? = nil,
                    executionRoleArn: PayloadValue? = nil, ephemeralStorageGiB: PayloadValue? = nil) {
            payload = Payload([])
            payload.add("Cpu", cpu.map(Self.text))
            payload.add("Memory", memory.map(Self.text))
            payload.add("TaskRoleArn", taskRoleArn)
            payload.add("ExecutionRoleArn", executionRoleArn)
            payload.add("EphemeralStorage", ephemeralStorageGiB.map { ["SizeInGiB": $0] })
        }

        /// A whole number written for a string field becomes its text, as the API wants.
        static func text(_ value: PayloadValue) -> PayloadValue {
            if case .literal(.number(let n)) = value { return .literal(.string(n.text)) }
            return value
        }
    }

    /// One entry of a capacity-provider strategy.
    public struct CapacityProvider: Sendable {
        /// The capacity provider's name, such as `FARGATE_SPOT`.
        public var name: String
        /// The relative share of tasks this provider gets; `nil` when absent.
        public var weight: Int?
        /// How many tasks at least run on this provider; `nil` when absent.
        public var base: Int?
        /// Makes a strategy entry for the named capacity provider.
        public init(_ name: String, weight: Int? = nil, base: Int? = nil) {
            self.name = name
            self.weight = weight
            self.base = base
        }
        /// The `FARGATE` capacity provider.
        public static func fargate(weight: Int? = nil, base: Int? = nil) -> CapacityProvider { .init("FARGATE", weight: weight, base: base) }
        /// The `FARGATE_SPOT` capacity provider.
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
        /// Any value for `AssignPublicIp`, such as a path.
        public init(_ value: PayloadValue) { self.value = value }
    }

    /// Overrides for one container of the task definition.
    public struct ContainerOverride: Sendable {
        var value: PayloadValue

        /// - Parameters:
        ///   - name: the container name in the task definition.
        ///   - command: replaces the container's command: a list written element by element
        ///     (`["run", .path("$.date")]`), or a whole list from a path or intrinsic (`.path("$.command")`).
        ///   - environment: variables added to the container's environment, written as pairs or whole
        ///     from a path to a `[{"Name", "Value"}]` list.
        ///   - cpu: container-level CPU units (a number, or a path).
        ///   - memory: the container's hard memory limit in MiB (a number, or a path).
        ///   - memoryReservation: the container's soft memory limit in MiB (a number, or a path).
        public init(
            _ name: PayloadValue, command: PayloadValue? = nil, environment: Environment = [:],
            cpu: PayloadValue? = nil, memory: PayloadValue? = nil, memoryReservation: PayloadValue? = nil
        ) {
            var p: Payload = ["Name": name]
            p.add("Command", command)
            p.add("Environment", environment.value)
            p.add("Cpu", cpu)
            p.add("Memory", memory)
            p.add("MemoryReservation", memoryReservation)
            value = .object(p)
        }
    }

    /// A container's `Environment`: `Name`/`Value` pairs, or the whole list from a path or intrinsic.
    public struct Environment: Sendable, ExpressibleByDictionaryLiteral {
        var value: PayloadValue?

        public init(dictionaryLiteral elements: (String, PayloadValue)...) {
            value = elements.isEmpty ? nil : .array(elements.map { ["Name": .literal(.string($0.0)), "Value": $0.1] })
        }

        /// The list read whole from the input, e.g. `.path("$.environment")`.
        public static func path(_ path: String) -> Environment { Environment(whole: .path(path)) }

        /// The list from any value (a path, an intrinsic, a literal list).
        public init(whole value: PayloadValue) { self.value = value }
    }
}
