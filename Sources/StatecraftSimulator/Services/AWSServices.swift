import StatesLanguage

/// Modelled AWS services that behave like AWS without scripts: an ECS cluster (``ECSModel``), SNS
/// topics (``SNSModel``), Lambda functions (``LambdaModel``) and DynamoDB tables (``DynamoDBModel``).
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
/// Calls it does not model (another service, a function or table not defined here) are left to the
/// next integration in the simulator's list.
public final class AWSServices: ServiceIntegration {
    public let region: String
    public let account: String
    /// The instant virtual time 0 stands for (times inside service responses, such as an ECS task's
    /// `CreatedAt`, count from it). Keep it equal to the simulator's ``Simulator/Configuration/start``.
    public let start: Timestamp
    public let ecs: ECSModel
    public let sns: SNSModel
    public let lambda: LambdaModel
    public let dynamodb: DynamoDBModel
    var random: SeededRandom

    /// - Parameters:
    ///   - region: the Region of the ARNs the services make.
    ///   - account: the account id of the ARNs the services make.
    ///   - start: the instant virtual time starts at; keep it equal to the simulator's.
    ///   - seed: drives request ids, task ids and message ids (the same seed gives the same responses).
    public init(region: String = "us-east-1", account: String = "123456789012", start: Timestamp = VirtualClock.defaultStart,
                seed: UInt64 = 0x5747_5343) {
        self.region = region
        self.account = account
        self.start = start
        random = SeededRandom(seed: seed)
        ecs = ECSModel()
        sns = SNSModel()
        lambda = LambdaModel()
        dynamodb = DynamoDBModel()
        ecs.services = self
        sns.services = self
        lambda.services = self
        dynamodb.services = self
    }

    public func invoke(_ call: TaskCall) -> TaskOutcome? {
        let target = call.target
        if target.kind == .lambdaFunction { return lambda.invoke(call, legacy: true) }
        guard target.kind == .integration else { return nil }
        let action = target.resourceName.split(separator: ".").first.map(String.init) ?? target.resourceName
        switch (target.resourceType, action) {
        case ("ecs", "runTask"): return ecs.runTask(call)
        case ("sns", "publish"): return sns.publish(call)
        case ("lambda", "invoke") where target.pattern != .sync: return lambda.invoke(call, legacy: false)
        case ("dynamodb", "getItem"), ("dynamodb", "putItem"), ("dynamodb", "updateItem"), ("dynamodb", "deleteItem"):
            guard target.pattern == .requestResponse else { return nil }
            return dynamodb.call(action, call)
        default: return nil
        }
    }

    public func cancel(_ call: TaskCall, at time: Double) {
        if call.target.resourceType == "ecs" { ecs.stop(call, at: time) }
    }

    // MARK: EventBridge rules on execution status changes

    /// An EventBridge rule matching Step Functions "Execution Status Change" events with one of
    /// `statuses`, whose target is a Lambda function of ``lambda`` invoked asynchronously with
    /// `{"action": "cleanup", "owner": <execution ARN>, "status": <status>, "name": <execution name>}`
    /// (the input transformer of Templates/ecs-concurrency-gate's cleanup rule).
    public struct ExecutionEndRule: Sendable {
        public var statuses: Set<Execution.Status>
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

    public func executionEnded(_ ended: EndedExecution) {
        lambda.gateLocks.ownerEnded(ended.arn, at: ended.time)
        for rule in executionEndRules where rule.statuses.contains(ended.status) {
            let payload: JSONValue = ["action": "cleanup", "owner": .string(ended.arn), "status": .string(ended.status.rawValue),
                                      "name": .string(ended.name)]
            let ran = lambda.invokeAsync(rule.function, payload: payload, time: ended.time, executionName: ended.name,
                                         source: "EventBridge: execution status change")
            ruleDeliveries.append((rule.function, ended.arn, ran))
        }
    }

    // MARK: Shared by the models

    func requestId() -> String { random.uuid() }

    /// Milliseconds since the epoch of a virtual time, as the AWS SDK writes dates in Step Functions output.
    func epochMilliseconds(_ time: Double) -> JSONValue {
        let milliseconds = Double(start.secondsSinceEpoch) * 1000 + Double(start.nanoseconds / 1_000_000) + (time * 1000).rounded()
        // Virtual times are at most years apart; clamp anything beyond what an Int holds rather than trap.
        return .number(JSONNumber(Int(exactly: milliseconds) ?? Int(max(-9.0e15, min(9.0e15, milliseconds)))))
    }

    /// `SdkHttpMetadata` and `SdkResponseMetadata`, the two members Step Functions adds to every AWS SDK
    /// response it returns from a request-response integration.
    /// ASCII case-insensitive order of header names (as `lowercased()` compares them, without copies).
    static func caseInsensitiveLess(_ a: String, _ b: String) -> Bool {
        func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
        var i = a.utf8.makeIterator(), j = b.utf8.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): if lower(x) != lower(y) { return lower(x) < lower(y) }
            }
        }
    }

    func sdkMetadata(contentType: String, contentLength: Int, requestId: String, extraHeaders: [(String, String)] = []) -> [(String, JSONValue)] {
        var headers: [(String, String)] = [("Content-Length", String(contentLength)), ("Content-Type", contentType), ("Date", "date"),
                                           ("x-amzn-RequestId", requestId)]
        headers += extraHeaders
        headers.sort { Self.caseInsensitiveLess($0.0, $1.0) }
        let all = JSONObject(distinctPairs: headers.map { ($0.0, JSONValue.array([.string($0.1)])) })
        let single = JSONObject(distinctPairs: headers.map { ($0.0, JSONValue.string($0.1)) })
        return [
            ("SdkHttpMetadata", ["AllHttpHeaders": .object(all), "HttpHeaders": .object(single), "HttpStatusCode": 200]),
            ("SdkResponseMetadata", ["RequestId": .string(requestId)]),
        ]
    }
}

/// An error an AWS API returned, as Step Functions reports it: the error name is `<Service>.<Exception>`
/// and the cause ends with the SDK's `(Service: …; Status Code: …; Error Code: …; Request ID: …; Proxy: null)`.
public struct ServiceError: Error, Sendable, Equatable {
    /// The error name Step Functions gives, e.g. `ECS.AmazonECSException`.
    public let error: String
    /// The SDK's service name, e.g. `AmazonECS`.
    public let service: String
    public let statusCode: Int
    /// The API's error code, e.g. `ThrottlingException`.
    public let code: String
    public let message: String

    public init(error: String, service: String, statusCode: Int, code: String, message: String) {
        self.error = error
        self.service = service
        self.statusCode = statusCode
        self.code = code
        self.message = message
    }

    /// The cause text, with the request id of the failed call.
    public func cause(requestId: String) -> String {
        "\(message) (Service: \(service); Status Code: \(statusCode); Error Code: \(code); Request ID: \(requestId); Proxy: null)"
    }

    func outcome(_ services: AWSServices) -> TaskOutcome {
        .failure(error: error, cause: cause(requestId: services.requestId()))
    }
}
