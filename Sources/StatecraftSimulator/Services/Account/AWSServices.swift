import StatesLanguage

/// Modelled AWS services that behave like AWS without scripts: an ECS cluster (``ECSModel``), SNS
/// topics (``SNSModel``), Lambda functions (``LambdaModel``), DynamoDB tables (``DynamoDBModel``),
/// and any ``ServiceModel`` you ``register(_:)``.
///
/// One `AWSServices` is one simulated account: every execution of a ``Simulator`` it is given to sees
/// the same cluster, quotas, topics, functions and tables, so several executions on one virtual clock
/// compete for task slots, RunTask tokens and locks as they would on AWS.
///
/// ```swift
/// let aws = AWSServices()
/// aws.ecs.define("batch", ECSModel.TaskDefinition(attempts: [.throttle, .exit(1), .exit(0)]))
/// let simulator = Simulator(services: [aws])
/// ```
///
/// The account dispatches a call by looking up its resource type and action in the routes its models
/// declared. Calls it does not model (another service, a function or table not defined here) are left
/// to the next integration in the simulator's list.
public final class AWSServices: ServiceIntegration {
    /// The account's Region.
    public var region: String { context.region }
    /// The account id.
    public var account: String { context.account }
    /// The instant virtual time 0 stands for (times inside service responses, such as an ECS task's
    /// `CreatedAt`, count from it). Keep it equal to the simulator's ``Simulator/Configuration/start``.
    public var start: Timestamp { context.start }
    /// The ECS account and its clusters.
    public let ecs = ECSModel()
    /// The SNS topics.
    public let sns = SNSModel()
    /// The Lambda functions.
    public let lambda = LambdaModel()
    /// The DynamoDB tables.
    public let dynamodb = DynamoDBModel()

    /// What the models share, handed to each of their calls.
    var context: ServiceContext
    /// Route key → the model answering it.
    private var routes: [RouteKey: Route] = [:]

    /// The registered models, in order: the four built in, then those added with ``register(_:)``.
    public var models: [any ServiceModel] { context.models }

    /// - Parameters:
    ///   - region: the account's Region.
    ///   - account: the account id (12 digits).
    ///   - start: the instant virtual time 0 stands for.
    ///   - seed: drives request ids, task ids and message ids (the same seed gives the same responses).
    public init(region: String = "us-east-1", account: String = "123456789012", start: Timestamp = VirtualClock.defaultStart,
                seed: UInt64 = 0x5747_5343) {
        context = ServiceContext(region: region, account: account, start: start, seed: seed)
        // The built-in models: a new one is one more line here (Docs/Services.md, "Adding a service model").
        register(ecs)
        register(sns)
        register(lambda)
        register(dynamodb)
    }

    /// Adds a model: the account answers the calls of its ``ServiceModel/routes`` with it (a route an
    /// earlier model declared stays with that model), and a services file read with it may hold its section.
    public func register(_ model: some ServiceModel) {
        let index = context.models.count
        context.models.append(model)
        for route in model.routes {
            var mask: UInt8 = 0
            for pattern in route.patterns { mask |= Route.bit(pattern) }
            for action in route.actions {
                let key = RouteKey(resourceType: route.resourceType[...], action: action[...])
                if routes[key] == nil { routes[key] = Route(model: index, action: action, patterns: mask) }
            }
        }
    }

    /// The registered model of type `type`, if any.
    public func model<Model: ServiceModel>(_ type: Model.Type) -> Model? { context.model(type) }

    /// Answers a call one of the models routes, or returns `nil`.
    public func invoke(_ call: TaskCall) -> TaskOutcome? {
        guard let route = route(of: call.target) else { return nil }
        let model = context.models[route.model]
        return model.answer(call, action: route.action, in: &context)
    }

    /// Stops what the call's model started.
    public func cancel(_ call: TaskCall, at time: Double) {
        guard let route = route(of: call.target) else { return }
        let model = context.models[route.model]
        model.cancel(call, at: time, in: &context)
    }

    /// The route of a target: its resource type and its action, the resource name up to the first `.`
    /// (`runTask` of `runTask.sync`), looked up without copying either; `nil` when no model answers
    /// it in its pattern.
    private func route(of target: TaskTarget) -> Route? {
        let action: Substring
        switch target.kind {
        case .lambdaFunction:
            action = ServiceRoute.resourceARN[...]
        case .integration:
            let name = target.resourceName
            action = name.utf8.firstIndex(of: UInt8(ascii: ".")).map { name[..<$0] } ?? name[...]
        case .activity:
            return nil
        }
        guard let found = routes[RouteKey(resourceType: target.resourceType[...], action: action)],
              found.patterns & Route.bit(target.pattern) != 0 else { return nil }
        return found
    }

    // MARK: EventBridge rules on execution status changes

    /// An EventBridge rule matching Step Functions "Execution Status Change" events with one of
    /// `statuses`, whose target is a Lambda function of ``lambda`` invoked asynchronously with
    /// `{"action": "cleanup", "owner": <execution ARN>, "status": <status>, "name": <execution name>}`
    /// (the input transformer of Templates/ecs-concurrency-gate's cleanup rule).
    public struct ExecutionEndRule: Sendable {
        /// The statuses the rule matches.
        public var statuses: Set<Execution.Status>
        /// The function it invokes.
        public var function: String
    }

    /// The rules, in order.
    public private(set) var executionEndRules: [ExecutionEndRule] = []
    /// Every event a rule delivered: the function, the execution, and the virtual time it ran (`nil`: dropped).
    public private(set) var ruleDeliveries: [(function: String, execution: String, ranAt: Double?)] = []

    /// Adds a rule invoking `function` when an execution ends with one of `statuses` (by default the
    /// failures nothing inside the workflow can catch end in: FAILED, TIMED_OUT, ABORTED).
    public func onExecutionEnd(_ statuses: Set<Execution.Status> = [.failed, .timedOut, .aborted], invoke function: String) {
        executionEndRules.append(ExecutionEndRule(statuses: statuses, function: LambdaModel.functionName(function)))
    }

    /// Tells every model that an execution ended, then runs the rules matching its status.
    public func executionEnded(_ ended: EndedExecution) {
        for model in context.models { model.executionEnded(ended, in: &context) }
        for rule in executionEndRules where rule.statuses.contains(ended.status) {
            let payload: JSONValue = ["action": "cleanup", "owner": .string(ended.arn), "status": .string(ended.status.rawValue),
                                      "name": .string(ended.name)]
            let ran = lambda.invokeAsync(rule.function, payload: payload, time: ended.time, executionName: ended.name,
                                         source: "EventBridge: execution status change", in: &context)
            ruleDeliveries.append((rule.function, ended.arn, ran))
        }
    }
}

/// A resource type and action (`ecs`, `runTask`), as slices so that a call's are looked up as they are.
private struct RouteKey: Hashable {
    let resourceType: Substring
    let action: Substring
}

/// The model answering a route, the action it is told, and the patterns it answers (one bit each).
private struct Route {
    let model: Int
    let action: String
    let patterns: UInt8

    static func bit(_ pattern: TaskTarget.Pattern) -> UInt8 {
        switch pattern {
        case .requestResponse: 1
        case .sync: 2
        case .callback: 4
        }
    }
}
