import StatesLanguage

/// An ECS account and its clusters, modelled after AWS (SEMANTICS.md, "ecs:runTask"):
///
/// - `RunTask` in all three patterns. Request-response returns the RunTask response (PascalCase, with
///   `Sdk*` metadata); `.sync` records that response as `TaskSubmitted` and ends with the stopped Task
///   object; `.waitForTaskToken` records it and waits for the worker's callback.
/// - Tasks go PROVISIONING → PENDING → RUNNING → STOPPED on the virtual clock, and each RunTask call of
///   a task definition takes the next entry of its ``TaskDefinition/attempts`` script: an exit code,
///   a throttling error, `failures` (HTTP 200, no task) or another API error.
/// - Quotas: at most ``Quotas/maxTasksPerCall`` tasks per call, ``Quotas/maxConcurrentTasks`` tasks
///   alive at once, and a RunTask token bucket (``Quotas/runTaskBurst``, ``Quotas/runTaskRefillPerSecond``).
///   Both limits answer with `ECS.AmazonECSException` and `ThrottlingException` in the cause.
/// - A task whose state is abandoned (its execution ends, its Parallel branch fails) is stopped.
public final class ECSModel {
    /// Account limits; every number can be changed. Two named profiles: ``default`` (the quotas AWS
    /// documents today, and this model's default) and ``seed002`` (the figures seed 002 was written
    /// against in 2020). Sources in Docs/Services.md, "ECS quotas".
    public struct Quotas: Sendable, Equatable {
        /// Tasks that may be alive (not yet STOPPED) at once; a RunTask that would exceed it is throttled
        /// (`Int.max`: no such quota, as today, when Fargate counts vCPUs instead).
        public var maxConcurrentTasks: Int
        /// The RunTask token bucket: its size, and tokens added per second.
        public var runTaskBurst: Int
        /// RunTask tokens added back per second.
        public var runTaskRefillPerSecond: Double
        /// `count` of one RunTask call (10 on AWS, not adjustable).
        public var maxTasksPerCall: Int
        /// Fargate On-Demand vCPUs that may run at once (the quota since 2022; `nil`: not enforced).
        /// Fargate tasks count their task CPU; a launch over it is refused with AWS's message.
        public var fargateOnDemandVCPUs: Double?
        /// The Fargate task-launch token bucket (each task takes one token): size and refill per second
        /// (`nil`: not enforced).
        public var taskLaunchBurst: Int?
        /// Task-launch tokens added back per second.
        public var taskLaunchRefillPerSecond: Double

        /// Today's documented quotas unless told otherwise (see ``default``).
        public init(maxConcurrentTasks: Int = .max, runTaskBurst: Int = 20, runTaskRefillPerSecond: Double = 20, maxTasksPerCall: Int = 10,
                    fargateOnDemandVCPUs: Double? = 6, taskLaunchBurst: Int? = 100, taskLaunchRefillPerSecond: Double = 20) {
            self.maxConcurrentTasks = maxConcurrentTasks
            self.runTaskBurst = runTaskBurst
            self.runTaskRefillPerSecond = runTaskRefillPerSecond
            self.maxTasksPerCall = maxTasksPerCall
            self.fargateOnDemandVCPUs = fargateOnDemandVCPUs
            self.taskLaunchBurst = taskLaunchBurst
            self.taskLaunchRefillPerSecond = taskLaunchRefillPerSecond
        }

        /// Today's documented Fargate quotas (the model's default, profile `default`): the On-Demand vCPU
        /// count (6 vCPUs, a new account's default), RunTask on Fargate at 20 calls per second burst and
        /// sustained, the task-launch bucket of 100 refilled at 20 per second, and 10 tasks per call. The
        /// task-count quota no longer exists (`Int.max`).
        public static let `default` = Quotas()

        /// Seed 002's account in 2020 (profile `seed-002`): at most 100 Fargate tasks at once, 10 tasks per
        /// RunTask, a RunTask bucket of 100 refilled at 40 per second; no vCPU quota or launch bucket.
        public static let seed002 = Quotas(maxConcurrentTasks: 100, runTaskBurst: 100, runTaskRefillPerSecond: 40, maxTasksPerCall: 10,
                                           fargateOnDemandVCPUs: nil, taskLaunchBurst: nil, taskLaunchRefillPerSecond: 20)

        /// The profile now called ``default``.
        @available(*, deprecated, renamed: "default")
        public static var current: Quotas { .default }
        /// The profile now called ``seed002``.
        @available(*, deprecated, renamed: "seed002")
        public static var seed002In2020: Quotas { seed002 }

        /// The profile names, as the services file, load plans and `--profile` write them.
        public static let profileNames = ["default", "seed-002"]

        /// The profile called `name`: `default` or `seed-002`, or the names they had before (`current`,
        /// `seed002-2020`), still accepted; `nil` for any other name.
        public static func profile(named name: String) -> Quotas? {
            switch name {
            case "default", "current": .default
            case "seed-002", "seed002-2020": .seed002
            default: nil
            }
        }
    }

    /// A `failures` entry's `Reason` as RunTask reports it when a task cannot be placed (HTTP 200, no task).
    public enum FailureReason: String, Sendable, CaseIterable {
        /// No container instance has enough CPU left (EC2).
        case resourceCPU = "RESOURCE:CPU"
        /// No container instance has enough memory left (EC2).
        case resourceMemory = "RESOURCE:MEMORY"
        /// The ECS agent of the chosen instance is disconnected (EC2).
        case agent = "AGENT"
        /// Fargate has no capacity for the task in the requested Availability Zones.
        case capacityUnavailable = "Capacity is unavailable at this time. Please try again later or in a different availability zone"
    }

    /// One container of a task definition.
    public struct Container: Sendable, Equatable {
        /// The container name, as `Overrides.ContainerOverrides[].Name` names it.
        public var name: String
        /// Whether the task stops when it exits (and, by default, whether its exit code decides success).
        public var essential: Bool
        /// The image the Task object reports.
        public var image: String

        /// A container called `name`, essential unless told otherwise.
        public init(name: String, essential: Bool = true, image: String = "public.ecr.aws/docker/library/busybox:latest") {
            self.name = name
            self.essential = essential
            self.image = image
        }
    }

    /// What one RunTask call does.
    public enum Attempt: Sendable, Equatable {
        /// The task runs and stops; every container exits with `code`.
        case exit(Int)
        /// The task runs and stops; containers exit with these codes by name (missing names exit 0).
        /// `reason` is the containers' `Reason` (e.g. `OutOfMemoryError: Container killed due to memory usage`).
        case exits([String: Int], reason: String? = nil)
        /// The call is throttled: `ECS.AmazonECSException`, `Rate exceeded … ThrottlingException`.
        case throttle
        /// HTTP 200 with these `failures` entries (`{"Reason": "RESOURCE:MEMORY", …}`) and no task.
        case failures([JSONValue])

        /// HTTP 200 with one `failures` entry for `reason` and no task.
        public static func failure(_ reason: FailureReason) -> Attempt { .failures([["Reason": .string(reason.rawValue)]]) }
        /// Another API error, e.g. `("AccessDeniedException", "User is not authorized…")` → `ECS.AccessDeniedException`.
        case apiError(exception: String, message: String)
    }

    /// A task definition and how its tasks behave.
    public struct TaskDefinition: Sendable, Equatable {
        /// The containers (at least one essential).
        public var containers: [Container]
        /// Task CPU units, as the API writes them (`"256"`, `"1 vCPU"`).
        public var cpu: String
        /// Task memory, as the API writes it (`"512"` MiB, `"2 GB"`).
        public var memory: String
        /// The revision in the task definition ARN.
        public var revision: Int
        /// Seconds in PROVISIONING (capacity and network interface), in PENDING (image pull), RUNNING
        /// (the work), and from stopping to STOPPED.
        public var provisioningSeconds: Double
        /// Seconds in PENDING (the image pull).
        public var pendingSeconds: Double
        /// Seconds RUNNING (the work), unless ``ECSModel/taskRunningSeconds`` says otherwise.
        public var runningSeconds: Double
        /// Seconds from stopping to STOPPED.
        public var stoppingSeconds: Double
        /// The outcome of each successive RunTask call; the last entry repeats. Empty: every task exits 0.
        public var attempts: [Attempt]
        /// What the task sends with `SendTaskSuccess` under `.waitForTaskToken` when it exits 0 (a task that
        /// exits otherwise sends nothing, and the state waits for its timeout).
        public var callbackOutput: JSONValue

        /// A task definition; every parameter has the default the model assumes (Docs/Services.md, "ECS").
        public init(containers: [Container] = [Container(name: "app")], cpu: String = "256", memory: String = "512", revision: Int = 1,
                    provisioningSeconds: Double = 10, pendingSeconds: Double = 15, runningSeconds: Double = 60, stoppingSeconds: Double = 0,
                    attempts: [Attempt] = [], callbackOutput: JSONValue = [:]) {
            self.containers = containers
            self.cpu = cpu
            self.memory = memory
            self.revision = revision
            self.provisioningSeconds = provisioningSeconds
            self.pendingSeconds = pendingSeconds
            self.runningSeconds = runningSeconds
            self.stoppingSeconds = stoppingSeconds
            self.attempts = attempts
            self.callbackOutput = callbackOutput
        }
    }

    /// A task the model started, for assertions: where it is in its life and how it ended.
    public struct Task: Sendable {
        /// The task ARN.
        public let arn: String
        /// The cluster name.
        public let cluster: String
        /// The task definition family.
        public let family: String
        /// The execution whose state started it.
        public let executionName: String
        /// The Task state that started it.
        public let stateName: String
        /// Virtual times of its lifecycle.
        public let createdAt: Double
        /// Virtual time it became RUNNING.
        public let startedAt: Double
        /// Virtual time it began stopping (its essential container exited, or it was stopped).
        public internal(set) var stoppingAt: Double
        /// Virtual time it was STOPPED.
        public internal(set) var stoppedAt: Double
        /// Exit codes by container name; `nil` for a container that never ran.
        public internal(set) var exitCodes: [String: Int?]
        /// The Task object's `StopCode` (`EssentialContainerExited`, `UserInitiated`).
        public internal(set) var stopCode: String
        /// The Task object's `StoppedReason`.
        public internal(set) var stoppedReason: String
        let definition: TaskDefinition
        let containerReason: String?
        let launchType: String?
        let startedBy: String?
        let parameters: JSONValue
        let ids: (task: String, eni: String, containers: [String])

        /// `PROVISIONING`, `PENDING`, `RUNNING`, `DEPROVISIONING` or `STOPPED` at virtual time `time`.
        public func lastStatus(at time: Double) -> String {
            if time >= stoppedAt { return "STOPPED" }
            if time >= stoppingAt { return "DEPROVISIONING" }
            if time >= startedAt { return "RUNNING" }
            if time >= createdAt + definition.provisioningSeconds { return "PENDING" }
            return "PROVISIONING"
        }
    }

    /// The account's quotas (profile `default` unless set).
    public var quotas = Quotas()
    /// How long a task of a family runs, when set (task durations drawn by a load plan); `nil` or a `nil`
    /// answer: the task definition's `runningSeconds`.
    public var taskRunningSeconds: ((_ family: String) -> Double?)?
    /// The clusters that exist, by name; `nil`: every cluster exists.
    public var clusters: Set<String>?
    /// Task definitions by family, `family:revision` or ARN. A definition not listed behaves like
    /// `TaskDefinition()` unless ``onlyDefinedTaskDefinitions`` is set.
    public private(set) var taskDefinitions: [String: TaskDefinition] = [:]
    /// Whether RunTask of a task definition not in ``taskDefinitions`` fails (`ECS.ClientException`).
    public var onlyDefinedTaskDefinitions = false
    /// Whether a non-zero exit of a non-essential container also fails a `.sync` task (AWS's behaviour
    /// here is not documented; by default only essential containers count).
    public var nonEssentialExitCodesFail = false
    /// The container instances of the cluster for EC2 launches, as one pool of CPU units and memory
    /// (`nil`: unlimited). A launch that does not fit answers HTTP 200 with `failures` whose reason is
    /// `RESOURCE:CPU` or `RESOURCE:MEMORY`, and `AGENT` when no instance's agent is connected.
    public var ec2Capacity: EC2Capacity?

    /// CPU units and memory (MiB) registered by the cluster's container instances.
    public struct EC2Capacity: Sendable, Equatable {
        /// CPU units registered by the container instances.
        public var cpuUnits: Int
        /// Memory registered by the container instances, in MiB.
        public var memoryMiB: Int
        /// Whether the instances' ECS agents are connected.
        public var agentConnected: Bool

        /// A pool of `cpuUnits` and `memoryMiB`, with connected agents unless told otherwise.
        public init(cpuUnits: Int, memoryMiB: Int, agentConnected: Bool = true) {
            self.cpuUnits = cpuUnits
            self.memoryMiB = memoryMiB
            self.agentConnected = agentConnected
        }

        /// Why `count` more tasks of `definition` do not fit beside `running`, or `nil` when they do.
        func shortfall(adding definition: TaskDefinition, count: Int, running: [Task]) -> FailureReason? {
            guard agentConnected else { return .agent }
            let usedCPU = running.reduce(0) { $0 + (ECSModel.cpuUnits($1.definition.cpu) ?? 0) }
            let usedMemory = running.reduce(0) { $0 + (ECSModel.memoryMiB($1.definition.memory) ?? 0) }
            if usedCPU + (ECSModel.cpuUnits(definition.cpu) ?? 0) * count > cpuUnits { return .resourceCPU }
            if usedMemory + (ECSModel.memoryMiB(definition.memory) ?? 0) * count > memoryMiB { return .resourceMemory }
            return nil
        }
    }

    /// Every task started, in order.
    public private(set) var tasks: [Task] = []
    /// Every RunTask call answered, in order: the virtual time and what happened (`started`,
    /// `throttled`, `failures` or the API error's code).
    public private(set) var calls: [(time: Double, taskDefinition: String, result: String)] = []

    private var tokens: Double?
    private var lastRefill = 0.0
    private var launchTokens: Double?
    private var lastLaunchRefill = 0.0
    private var attemptCounters: [String: Int] = [:]
    /// Indexes of the tasks not yet STOPPED as of the latest call (see ``aliveTasks(at:)``).
    private var alive: [Int] = []
    /// Tasks started by a call still waited for, by call, to stop them if the call is abandoned.
    private var tasksOfCall: [CallKey: [Int]] = [:]

    /// Adds or replaces a task definition under `key` (a family, `family:revision` or a task definition ARN).
    public func define(_ key: String, _ definition: TaskDefinition) {
        taskDefinitions[key] = definition
    }

    /// Tasks not yet STOPPED at `time`.
    public func runningTasks(at time: Double) -> [Task] {
        tasks.filter { $0.createdAt <= time && time < $0.stoppedAt }
    }

    /// Keeps in ``alive`` the tasks not yet STOPPED at `now`, the time of the call being answered: the
    /// quota checks read these instead of every task ever started. Calls arrive in virtual-time order,
    /// so a task stopped by then is dropped for good.
    private func pruneAlive(at now: Double) {
        alive.removeAll { tasks[$0].stoppedAt <= now }
    }

    // MARK: RunTask

    func runTask(_ call: TaskCall, _ context: inout ServiceContext) -> TaskOutcome {
        let now = call.now
        switch start(call, &context) {
        case .failure(let error):
            return error.outcome(&context)
        case .success(let started):
            let response = runTaskResponse(started, context)
            if started.tasks.isEmpty {
                // HTTP 200 and nothing started: request-response returns it; the other patterns fail.
                guard call.target.pattern == .requestResponse else {
                    let cause = DataFlow.serialize(["Failures": .array(started.failures), "Tasks": []])
                    return .failure(error: "AmazonECS.Unknown", cause: cause, submitted: response)
                }
                return .success(response)
            }
            let indexes = started.tasks
            let ends = indexes.map { tasks[$0].stoppedAt }
            let duration = (ends.max() ?? now) - now
            switch call.target.pattern {
            case .requestResponse:
                return .success(response)
            case .sync:
                // Step Functions stops a `.sync` task it stops waiting for (it holds ecs:StopTask for that).
                tasksOfCall = tasksOfCall.filter { $0.value.contains { tasks[$0].stoppedAt > now } }
                tasksOfCall[CallKey(call)] = indexes
                let failed = indexes.first { failedExit(tasks[$0]) }
                let object = taskObject(tasks[failed ?? indexes[0]], at: now + duration, context)
                if failed != nil {
                    return .failure(error: "States.TaskFailed", cause: DataFlow.serialize(object), duration: duration, submitted: response)
                }
                return .success(object, duration: duration, submitted: response)
            case .callback:
                // The task calls back as its essential containers exit; Step Functions does not stop
                // callback tasks (the integration's policy has no ecs:StopTask).
                let clean = !indexes.contains { failedExit(tasks[$0]) }
                let definition = tasks[indexes[0]].definition
                let exited = (indexes.map { tasks[$0].stoppingAt }.max() ?? now) - now
                return .awaitCallback(submitted: response, answer: clean ? .success(definition.callbackOutput) : nil, after: exited)
            }
        }
    }

    /// A task's essential (or, with ``nonEssentialExitCodesFail``, any) container exited non-zero or never ran.
    func failedExit(_ task: Task) -> Bool {
        task.definition.containers.contains { container in
            guard container.essential || nonEssentialExitCodesFail else { return false }
            guard let code = task.exitCodes[container.name] ?? nil else { return true }
            return code != 0
        }
    }

    /// Stops the tasks of an abandoned `.sync` or callback call (Step Functions calls StopTask).
    func stop(_ call: TaskCall, at time: Double) {
        guard let indexes = tasksOfCall.removeValue(forKey: CallKey(call)) else { return }
        for i in indexes where time < tasks[i].stoppingAt {
            let running = time >= tasks[i].startedAt
            tasks[i].stoppingAt = time
            tasks[i].stoppedAt = time + tasks[i].definition.stoppingSeconds
            tasks[i].stopCode = "UserInitiated"
            tasks[i].stoppedReason = "Task stopped by AWS Step Functions"
            // `.some(nil)`: the container stays listed, without an exit code (assigning plain `nil` would remove it).
            for name in tasks[i].exitCodes.keys { tasks[i].exitCodes[name] = .some(running ? 143 : nil) }
        }
    }

    private struct Started {
        var tasks: [Int] = []
        var failures: [JSONValue] = []
        var requestId: String
        var clusterArn: String
    }

    /// Checks the request, the quotas and the attempt script, and starts the tasks.
    private func start(_ call: TaskCall, _ context: inout ServiceContext) -> Result<Started, ServiceError> {
        let now = call.now
        let p = call.parameters
        let clusterName = Self.name(of: p["Cluster"]?.stringValue ?? "default", after: "cluster/")
        let clusterArn = "arn:aws:ecs:\(context.region):\(context.account):cluster/\(clusterName)"
        guard let requested = p["TaskDefinition"]?.stringValue, !requested.isEmpty else {
            return .failure(Self.error("InvalidParameterException", "TaskDefinition can not be blank."))
        }
        let count = p["Count"]?.numberValue?.intValue ?? 1
        guard count >= 1, count <= quotas.maxTasksPerCall else {
            return .failure(Self.error("InvalidParameterException", "Count must be between 1 and \(quotas.maxTasksPerCall)."))
        }
        if let clusters, !clusters.contains(clusterName) {
            return .failure(Self.error("ClusterNotFoundException", "Cluster not found."))
        }
        let (key, family) = resolve(requested)
        guard key != nil || !onlyDefinedTaskDefinitions else {
            return .failure(Self.error("ClientException", "Unable to describe task definition."))
        }
        let definition = key.flatMap { taskDefinitions[$0] } ?? TaskDefinition()
        let launchType = p["LaunchType"]?.stringValue ?? (p["CapacityProviderStrategy"] != nil ? nil : "EC2")
        let fargate = launchType == "FARGATE" || (p["CapacityProviderStrategy"]?.arrayValue?.contains {
            $0["CapacityProvider"]?.stringValue?.hasPrefix("FARGATE") == true } ?? false)
        if fargate, p["NetworkConfiguration"]?["AwsvpcConfiguration"] == nil {
            return .failure(Self.error("InvalidParameterException", "Network Configuration must be provided when networkMode 'awsvpc' is specified."))
        }
        if let refused = check(p, definition: definition, fargate: fargate) {
            calls.append((now, requested, refused.code))
            return .failure(refused)
        }
        // The RunTask token bucket (throttled calls take no token).
        let available = min(Double(quotas.runTaskBurst), (tokens ?? Double(quotas.runTaskBurst)) + (now - lastRefill) * quotas.runTaskRefillPerSecond)
        lastRefill = now
        guard available >= 1 else {
            tokens = available
            calls.append((now, requested, "throttled"))
            return .failure(Self.error("AmazonECSException", "Rate exceeded", code: "ThrottlingException", exception: "AmazonECSException"))
        }
        tokens = available - 1
        // The concurrent-task quota.
        pruneAlive(at: now)
        guard quotas.maxConcurrentTasks == .max || alive.count + count <= quotas.maxConcurrentTasks else {
            calls.append((now, requested, "throttled"))
            return .failure(Self.error("AmazonECSException", "You've reached the limit on the number of tasks you can run concurrently",
                                       code: "ThrottlingException", exception: "AmazonECSException"))
        }
        if fargate, let refused = fargateQuotas(now: now, count: count, definition: definition, overrides: p["Overrides"]) {
            calls.append((now, requested, "throttled"))
            return .failure(refused)
        }
        // EC2 capacity: tasks that do not fit are reported in `failures`, as RunTask does.
        if !fargate, launchType == "EC2" || launchType == nil, let capacity = ec2Capacity,
           let reason = capacity.shortfall(adding: definition, count: count, running: alive.map { tasks[$0] }.filter { $0.launchType != "FARGATE" }) {
            calls.append((now, requested, "failures"))
            let entries = (0..<count).map { _ in JSONValue.object(JSONObject(distinctPairs: [("Arn", .string(clusterArn)), ("Reason", .string(reason.rawValue))])) }
            return .success(Started(failures: entries, requestId: context.requestId(), clusterArn: clusterArn))
        }
        // The attempt script of this task definition.
        let scriptKey = key ?? family
        let attemptIndex = attemptCounters[scriptKey, default: 0]
        attemptCounters[scriptKey] = attemptIndex + 1
        let attempt = definition.attempts.isEmpty ? Attempt.exit(0) : definition.attempts[min(attemptIndex, definition.attempts.count - 1)]
        var codes: [String: Int] = [:]
        var reason: String?
        switch attempt {
        case .throttle:
            calls.append((now, requested, "throttled"))
            return .failure(Self.error("AmazonECSException", "Rate exceeded", code: "ThrottlingException", exception: "AmazonECSException"))
        case .apiError(let exception, let message):
            calls.append((now, requested, exception))
            return .failure(Self.error(exception, message))
        case .failures(let entries):
            calls.append((now, requested, "failures"))
            let filled = entries.map { entry -> JSONValue in
                guard case .object(var o) = entry else { return entry }
                if o["Arn"] == nil { o["Arn"] = .string(clusterArn) }
                return .object(o)
            }
            return .success(Started(failures: filled, requestId: context.requestId(), clusterArn: clusterArn))
        case .exit(let code):
            for c in definition.containers { codes[c.name] = code }
        case .exits(let byName, let why):
            for c in definition.containers { codes[c.name] = byName[c.name] ?? 0 }
            reason = why
        }
        calls.append((now, requested, "started"))
        var started = Started(requestId: context.requestId(), clusterArn: clusterArn)
        for _ in 0..<count {
            let startedAt = now + definition.provisioningSeconds + definition.pendingSeconds
            let stoppingAt = startedAt + (taskRunningSeconds?(family) ?? definition.runningSeconds)
            let taskId = Self.hexId(&context.random)
            tasks.append(Task(
                arn: "arn:aws:ecs:\(context.region):\(context.account):task/\(clusterName)/\(taskId)", cluster: clusterName, family: family,
                executionName: call.executionName, stateName: call.stateName, createdAt: now, startedAt: startedAt,
                stoppingAt: stoppingAt, stoppedAt: stoppingAt + definition.stoppingSeconds, exitCodes: codes.mapValues { Optional($0) },
                stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited",
                definition: definition, containerReason: reason, launchType: fargate ? "FARGATE" : launchType,
                startedBy: p["StartedBy"]?.stringValue ?? (call.target.pattern == .sync ? "AWS Step Functions" : nil),
                parameters: p, ids: (taskId, context.random.uuid(), definition.containers.map { _ in context.random.uuid() })))
            started.tasks.append(tasks.count - 1)
            alive.append(tasks.count - 1)
        }
        return .success(started)
    }

    /// The Fargate On-Demand vCPU quota and the task-launch token bucket (a refused launch takes no token).
    private func fargateQuotas(now: Double, count: Int, definition: TaskDefinition, overrides: JSONValue?) -> ServiceError? {
        let cpu = Self.cpuUnits(overrides?["Cpu"]?.stringValue ?? definition.cpu) ?? 0
        if let limit = quotas.fargateOnDemandVCPUs {
            let inUse = alive.reduce(0.0) { sum, index in
                let task = tasks[index]
                guard task.launchType == "FARGATE" else { return sum }
                return sum + Double(Self.cpuUnits(task.parameters["Overrides"]?["Cpu"]?.stringValue ?? task.definition.cpu) ?? 0) / 1024
            }
            if inUse + Double(cpu * count) / 1024 > limit + 1e-9 {
                return Self.error("AmazonECSException", "You've reached the limit on the number of vCPUs you can run concurrently",
                                  code: "ThrottlingException", exception: "AmazonECSException")
            }
        }
        if let burst = quotas.taskLaunchBurst {
            let available = min(Double(burst), (launchTokens ?? Double(burst)) + (now - lastLaunchRefill) * quotas.taskLaunchRefillPerSecond)
            lastLaunchRefill = now
            guard available >= Double(count) else {
                launchTokens = available
                return Self.error("AmazonECSException", "Rate exceeded", code: "ThrottlingException", exception: "AmazonECSException")
            }
            launchTokens = available - Double(count)
        }
        return nil
    }

    /// The config key that `requested` (a family, `family:revision` or ARN) matches, and its family.
    private func resolve(_ requested: String) -> (key: String?, family: String) {
        let bare = Self.name(of: requested, after: "task-definition/")
        let family = bare.split(separator: ":").first.map(String.init) ?? bare
        for candidate in [requested, bare, family] where taskDefinitions[candidate] != nil { return (candidate, family) }
        // A key written as an ARN or with a revision also matches a request by family.
        for key in taskDefinitions.keys.sorted() {
            let keyBare = Self.name(of: key, after: "task-definition/")
            if keyBare == bare || keyBare.split(separator: ":").first.map(String.init) == family && !bare.contains(":") {
                return (key, family)
            }
        }
        return (nil, family)
    }

    static func name(of value: String, after marker: String) -> String {
        guard let range = value.range(of: marker) else { return value }
        return String(value[range.upperBound...])
    }

    static func hexId(_ random: inout SeededRandom) -> String {
        String(random.uuid().filter { $0 != "-" })
    }

    static func error(_ exception: String, _ message: String, code: String? = nil, exception name: String? = nil) -> ServiceError {
        ServiceError(error: "ECS." + (name ?? exception), service: "AmazonECS", statusCode: 400, code: code ?? exception, message: message)
    }

    // MARK: Output shapes

    /// The headers of a RunTask response, laid out once.
    private static let runTaskHeaders = ServiceContext.HeaderLayout(contentType: "application/x-amz-json-1.1")

    /// The RunTask response as Step Functions returns it: `Failures`, `Sdk*` metadata, `Tasks` (as just created).
    private func runTaskResponse(_ started: Started, _ context: ServiceContext) -> JSONValue {
        let taskObjects = started.tasks.map { taskObject(tasks[$0], at: tasks[$0].createdAt, context) }
        let body = DataFlow.serialize(["failures": .array(started.failures), "tasks": .array(taskObjects)])
        var members: [(String, JSONValue)] = [("Failures", .array(started.failures))]
        members += ECSModel.runTaskHeaders.metadata(contentLength: body.utf8.count, requestId: started.requestId)
        members.append(("Tasks", .array(taskObjects)))
        return .object(JSONObject(distinctPairs: members))
    }

    /// The Task object DescribeTasks gives at virtual time `time` (PascalCase, as Step Functions returns it).
    func taskObject(_ task: Task, at time: Double, _ context: ServiceContext) -> JSONValue {
        let status = task.lastStatus(at: time)
        let stopped = status == "STOPPED"
        let created = task.createdAt == time && !stopped
        let region = context.region
        let p = task.parameters
        var o: [(String, JSONValue)] = []
        let subnet = p["NetworkConfiguration"]?["AwsvpcConfiguration"]?["Subnets"]?.arrayValue?.first?.stringValue
        let privateIp = "10.0.\(Int(task.ids.task.prefix(2), radix: 16) ?? 0).\((Int(task.ids.task.dropFirst(2).prefix(2), radix: 16) ?? 0) % 250 + 4)"
        if let subnet {
            var details: [JSONValue] = [["Name": "subnetId", "Value": .string(subnet)]]
            if !created {
                details += [["Name": "networkInterfaceId", "Value": .string("eni-" + task.ids.eni.filter { $0 != "-" }.prefix(17))],
                            ["Name": "privateIPv4Address", "Value": .string(privateIp)]]
            }
            o.append(("Attachments", [["Details": .array(details), "Id": .string(task.ids.eni),
                                       "Status": .string(created ? "PRECREATED" : stopped ? "DELETED" : "ATTACHED"),
                                       "Type": .string(created ? "ElasticNetworkInterface" : "eni")]]))
        }
        o.append(("Attributes", [["Name": "ecs.cpu-architecture", "Value": "x86_64"]]))
        o.append(("AvailabilityZone", .string(region + "a")))
        o.append(("ClusterArn", .string("arn:aws:ecs:\(region):\(context.account):cluster/\(task.cluster)")))
        if !created {
            o.append(("Connectivity", "CONNECTED"))
            o.append(("ConnectivityAt", context.epochMilliseconds(task.createdAt + min(1, task.definition.provisioningSeconds))))
        }
        o.append(("Containers", .array(task.definition.containers.enumerated().map { i, container in
            var c: [(String, JSONValue)] = [
                ("ContainerArn", .string("arn:aws:ecs:\(region):\(context.account):container/\(task.cluster)/\(task.ids.task)/\(task.ids.containers[i])")),
                ("Cpu", "0"),
            ]
            if stopped, let code = task.exitCodes[container.name] ?? nil { c.append(("ExitCode", .number(JSONNumber(code)))) }
            c.append(("GpuIds", []))
            c.append(("Image", .string(container.image)))
            c.append(("LastStatus", .string(stopped ? "STOPPED" : time >= task.startedAt ? "RUNNING" : "PENDING")))
            c.append(("ManagedAgents", []))
            c.append(("Name", .string(container.name)))
            c.append(("NetworkBindings", []))
            c.append(("NetworkInterfaces", created || subnet == nil ? [] : [["AttachmentId": .string(task.ids.eni), "PrivateIpv4Address": .string(privateIp)]]))
            if stopped, let reason = task.containerReason { c.append(("Reason", .string(reason))) }
            c.append(("TaskArn", .string(task.arn)))
            return .object(JSONObject(distinctPairs: c))
        })))
        o.append(("Cpu", .string(task.definition.cpu)))
        o.append(("CreatedAt", context.epochMilliseconds(task.createdAt)))
        o.append(("DesiredStatus", .string(time >= task.stoppingAt ? "STOPPED" : "RUNNING")))
        o.append(("EnableExecuteCommand", .bool(p["EnableExecuteCommand"]?.boolValue ?? false)))
        o.append(("EphemeralStorage", ["SizeInGiB": 20]))
        if stopped { o.append(("ExecutionStoppedAt", context.epochMilliseconds(task.stoppingAt))) }
        o.append(("Group", .string(p["Group"]?.stringValue ?? "family:\(task.family)")))
        o.append(("InferenceAccelerators", []))
        o.append(("LastStatus", .string(status)))
        if let launchType = task.launchType { o.append(("LaunchType", .string(launchType))) }
        o.append(("Memory", .string(task.definition.memory)))
        let given = p["Overrides"]?["ContainerOverrides"]?.arrayValue ?? []
        o.append(("Overrides", [
            "ContainerOverrides": .array(task.definition.containers.map { container in
                let defaults: [(String, JSONValue)] = [("Command", []), ("Environment", []), ("EnvironmentFiles", []),
                                                       ("Name", .string(container.name)), ("ResourceRequirements", [])]
                var entry = JSONObject(defaults)
                if case .object(let override)? = given.first(where: { $0["Name"]?.stringValue == container.name }) {
                    for member in override.members { entry[member.key] = member.value }
                }
                return .object(entry)
            }),
            "InferenceAcceleratorOverrides": [],
        ]))
        if task.launchType == "FARGATE" {
            if created { o.append(("PlatformFamily", "Linux")) }
            o.append(("PlatformVersion", .string(p["PlatformVersion"]?.stringValue ?? "1.4.0")))
        }
        if time >= task.startedAt || stopped, time >= task.createdAt + task.definition.provisioningSeconds {
            o.append(("PullStartedAt", context.epochMilliseconds(task.createdAt + task.definition.provisioningSeconds)))
            o.append(("PullStoppedAt", context.epochMilliseconds(task.startedAt)))
        }
        if time >= task.startedAt, task.startedAt < task.stoppingAt { o.append(("StartedAt", context.epochMilliseconds(task.startedAt))) }
        if let startedBy = task.startedBy { o.append(("StartedBy", .string(startedBy))) }
        if stopped {
            o.append(("StopCode", .string(task.stopCode)))
            o.append(("StoppedAt", context.epochMilliseconds(task.stoppedAt)))
            o.append(("StoppedReason", .string(task.stoppedReason)))
            o.append(("StoppingAt", context.epochMilliseconds(task.stoppingAt)))
        }
        o.append(("Tags", p["Tags"] ?? []))
        o.append(("TaskArn", .string(task.arn)))
        o.append(("TaskDefinitionArn", .string("arn:aws:ecs:\(region):\(context.account):task-definition/\(task.family):\(task.definition.revision)")))
        o.append(("Version", .number(JSONNumber(created ? 1 : stopped ? 5 : 3))))
        return .object(JSONObject(distinctPairs: o))
    }
}

/// Identifies one call: an execution's state and its invocation number.
struct CallKey: Hashable {
    let execution: String
    let state: String
    let invocation: Int
    init(_ call: TaskCall) {
        execution = call.executionName
        state = call.stateName
        invocation = call.invocation
    }
}
