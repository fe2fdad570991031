import StatesLanguage

/// Lambda functions, modelled after AWS (SEMANTICS.md, "lambda:invoke"): functions are Swift closures
/// or scripted responses; the optimized integration (`arn:aws:states:::lambda:invoke`) returns
/// `{ExecutedVersion, Payload, Sdk*, StatusCode}` and a function ARN as `Resource` (legacy) returns
/// the payload alone; a function error becomes Error = its `errorType` with the error JSON as Cause, a
/// crash without error type `Lambda.Unknown`; reserved concurrency answers
/// `Lambda.TooManyRequestsException` while that many invocations are running. Invocations take
/// ``Function/durationSeconds`` of virtual time. Under `lambda:invoke.waitForTaskToken` the function's
/// return value is what it sends back with `SendTaskSuccess` (its errors fail the invoke itself).
public final class LambdaModel {
    /// What a function call gives.
    public enum Response: Sendable, Equatable {
        /// The function returned this JSON.
        case returns(JSONValue)
        /// The function raised: `errorType` becomes the state's error.
        case raises(errorType: String, errorMessage: String, stackTrace: [String] = [])
        /// The function died without an error type (a timeout, out of memory): `Lambda.Unknown`.
        case crashes(String)
        /// The Lambda API failed, e.g. `("ServiceException", "…")` → `Lambda.ServiceException`.
        case serviceError(exception: String, message: String)
    }

    /// One invocation, as a function's handler sees it.
    public struct Invocation: Sendable {
        /// The function called.
        public let functionName: String
        /// The event the function receives.
        public let payload: JSONValue
        /// Virtual time of the call.
        public let time: Double
        /// The calling execution (for an EventBridge target, the execution whose end it reports).
        public let executionName: String
        /// The calling Task state, or the event's source outside a Task state.
        public let stateName: String
        /// The calling execution's ARN (`$$.Execution.Id`); `nil` outside a Task state (an EventBridge target).
        public var executionArn: String? = nil
    }

    /// A function: its behaviour, reserved concurrency and run time.
    public struct Function {
        /// The function name.
        public var name: String
        /// At most this many invocations run at once (`nil`: unreserved).
        public var reservedConcurrency: Int?
        /// Virtual seconds one invocation runs.
        public var durationSeconds: Double
        let handler: (Invocation) -> Response
        /// A gate's alert topic (see ``LambdaModel/gate(_:atomic:reservedConcurrency:durationSeconds:alertTopic:checksOwners:)``).
        var alertTopic: String? = nil
    }

    /// Functions by name.
    public private(set) var functions: [String: Function] = [:]
    /// Whether a call of an unknown function fails with `Lambda.ResourceNotFoundException`; otherwise
    /// the call is left to the simulator's next integration.
    public var onlyDefinedFunctions = false
    /// Every invocation, in order: function name, virtual start and end time, and the response.
    public private(set) var invocations: [(function: String, start: Double, end: Double, response: Response)] = []

    /// Per function with reserved concurrency: its invocations (indexes in ``invocations``) that may
    /// still be running, so a call counts these, not every invocation ever made.
    private var running: [String: OpenEntries] = [:]
    /// The last `FunctionName` read and the function it names.
    private var lastFunctionName: (reference: String, name: String)?

    /// How many invocations of `name` run at `time`.
    private func runningCount(_ name: String, at time: Double) -> Int {
        guard var entry = running.removeValue(forKey: name) else { return 0 }
        defer { running[name] = entry }
        entry.close(through: time) { self.invocations[$0].end <= time }
        return entry.current(at: time, among: invocations.indices) { i in
            let call = self.invocations[i]
            return call.function == name && call.start <= time && time < call.end
        }.count
    }

    private func recordInvocation(_ name: String, _ function: Function, start: Double, _ response: Response) {
        // Reserved concurrency counts running invocations from this list, so those are kept always.
        guard recordsCalls || function.reservedConcurrency != nil else { return }
        invocations.append((name, start, start + function.durationSeconds, response))
        if function.reservedConcurrency != nil { running[name, default: OpenEntries()].add(invocations.count - 1) }
    }

    let callLog = LambdaCallLog()

    /// Whether every call is kept, in ``calls`` and ``invocations`` (the default: tests ask about them).
    /// A load run turns it off: its report counts calls as they are made, and 100,000 executions polling
    /// a gate make millions of calls, each of which kept its payload and response.
    public var recordsCalls = true
    private var scriptCounters: [String: Int] = [:]

    /// Adds a function answered by `handler`.
    public func function(_ name: String, reservedConcurrency: Int? = nil, durationSeconds: Double = 0.2,
                         _ handler: @escaping (Invocation) -> Response) {
        functions[name] = Function(name: name, reservedConcurrency: reservedConcurrency, durationSeconds: durationSeconds, handler: handler)
    }

    /// Sets the reserved concurrency of the function called `name` (a name or ARN; `nil`: unreserved),
    /// before the calls it is to govern.
    /// - Returns: whether there is such a function.
    @discardableResult
    public func setReservedConcurrency(_ name: String, _ value: Int?) -> Bool {
        let key = Self.functionName(name)
        guard functions[key] != nil else { return false }
        functions[key]?.reservedConcurrency = value
        return true
    }

    /// Adds a function that gives `responses` to successive calls (the last one repeats).
    public func function(_ name: String, responses: [Response], reservedConcurrency: Int? = nil, durationSeconds: Double = 0.2) {
        function(name, reservedConcurrency: reservedConcurrency, durationSeconds: durationSeconds) { [unowned self] _ in
            let index = self.scriptCounters[name, default: 0]
            self.scriptCounters[name] = index + 1
            guard let last = responses.last else { return .returns(.null) }
            return index < responses.count ? responses[index] : last
        }
    }

    /// The headers of an `Invoke` response, laid out once.
    static let invokeHeaders = ServiceContext.HeaderLayout(contentType: "application/json", extraHeaders: [
        ("Connection", "keep-alive"), ("X-Amz-Executed-Version", "$LATEST"),
        ("x-amzn-Remapped-Content-Length", "0"), ("X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000000"),
    ])

    /// The function name in a `FunctionName` or function ARN: `name`, `name:alias`,
    /// `123456789012:function:name` or `arn:aws:lambda:…:function:name[:qualifier]` all give `name`.
    static func functionName(_ reference: String) -> String {
        // The segment after the first `function` segment, else the first segment: one pass over the
        // bytes, no array of segments (every Lambda call asks).
        let utf8 = reference.utf8
        var start = utf8.startIndex
        var first: Substring?
        var afterFunction = false
        while true {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: ":")) ?? utf8.endIndex
            let segment = Substring(utf8[start..<end])
            if afterFunction { return String(segment) }
            if first == nil { first = segment }
            afterFunction = segment.utf8.elementsEqual("function".utf8)
            guard end < utf8.endIndex else { break }
            start = utf8.index(after: end)
        }
        return String(first ?? "")
    }

    func invoke(_ call: TaskCall, legacy: Bool, _ context: inout ServiceContext) -> TaskOutcome? {
        let reference = legacy ? call.target.resource : call.parameters["FunctionName"]?.stringValue ?? ""
        let name: String
        // A task calls the same function every time: the last reference read is kept.
        if let known = lastFunctionName, known.reference == reference {
            name = known.name
        } else {
            name = Self.functionName(reference)
            lastFunctionName = (reference, name)
        }
        guard let function = functions[name] else {
            guard onlyDefinedFunctions else { return nil }
            return ServiceError(error: "Lambda.ResourceNotFoundException", service: "AWSLambda", statusCode: 404, code: "ResourceNotFoundException",
                                message: "Function not found: arn:aws:lambda:\(context.region):\(context.account):function:\(name)").outcome(&context)
        }
        let now = call.now
        if let reserved = function.reservedConcurrency {
            if runningCount(name, at: now) >= reserved {
                if recordsCalls { callLog.record(name, call, legacy: legacy, .throttled) }
                return ServiceError(error: "Lambda.TooManyRequestsException", service: "AWSLambda", statusCode: 429,
                                    code: "TooManyRequestsException", message: "Rate Exceeded.").outcome(&context)
            }
        }
        let payload = legacy ? call.parameters : call.parameters["Payload"] ?? [:]
        let invocation = Invocation(functionName: name, payload: payload, time: now, executionName: call.executionName, stateName: call.stateName,
                                    executionArn: call.context["Execution"]?["Id"]?.stringValue)
        let response = function.handler(invocation)
        alertIfGate(function, invocation, response, &context)
        let duration = function.durationSeconds
        recordInvocation(name, function, start: now, response)
        if recordsCalls { callLog.record(name, call, legacy: legacy, .answered(response)) }
        let requestId = context.requestId()
        switch response {
        case .returns(let value):
            if legacy { return .success(value, duration: duration) }
            var members: [(String, JSONValue)] = [("ExecutedVersion", "$LATEST"), ("Payload", value)]
            members += LambdaModel.invokeHeaders.metadata(contentLength: DataFlow.serializedSize(value), requestId: requestId)
            members.append(("StatusCode", 200))
            let response = JSONValue.object(JSONObject(distinctPairs: members))
            if call.target.pattern == .callback {
                // `.waitForTaskToken`: the invoke response is recorded as submitted, and what the function
                // returned is what it sends with SendTaskSuccess when it finishes.
                return .awaitCallback(submitted: response, answer: .success(value), after: duration)
            }
            return .success(response, duration: duration)
        case .raises(let type, let message, let trace):
            let cause: JSONValue = ["errorMessage": .string(message), "errorType": .string(type), "requestId": .string(requestId),
                                    "stackTrace": .array(trace.map(JSONValue.string))]
            return .failure(error: type, cause: DataFlow.serialize(cause), duration: duration)
        case .crashes(let reason):
            let payload = DataFlow.serialize(["errorMessage": .string(reason)])
            return .failure(error: "Lambda.Unknown",
                            cause: "The cause could not be determined because Lambda did not return an error type. Returned payload: \(payload)",
                            duration: duration)
        case .serviceError(let exception, let message):
            let status = ["TooManyRequestsException": 429, "ResourceNotFoundException": 404, "InvalidParameterValueException": 400,
                          "InvalidRequestContentException": 400, "RequestTooLargeException": 413][exception] ?? 500
            let error = ServiceError(error: "Lambda." + exception, service: "AWSLambda", statusCode: status, code: exception, message: message)
            return .failure(error: error.error, cause: error.cause(requestId: requestId))
        }
    }

    // MARK: Gate functions

    /// Adds a function implementing the concurrency-gate contract (Docs/DSL.md, "The gate Lambda
    /// contract") over the lock table ``gateLocks``.
    ///
    /// With `atomic` (the default) each action reads and writes the lock in one step, as one conditional
    /// DynamoDB update does. With `atomic: false` it is seed 002's gate: it reads the holders when called
    /// and writes its change only when it returns, `durationSeconds` later, so two executions that call
    /// it within that window both see a free slot and both take it.
    ///
    /// The `cleanup` action (sent by the cleanup rule, ``AWSServices/onExecutionEnd(_:invoke:)``) releases
    /// every slot the ended execution still holds; with `alertTopic`, it then publishes an alert when it
    /// released one, or when the execution timed out or was aborted (failures the workflow cannot alert).
    ///
    /// A lease that runs out is checked against its owner, as the reference handler asks Step Functions
    /// (`DescribeExecution`): an owner that is an execution still running keeps its slot (the lease is
    /// renewed), so a `.sync` task longer than the lease never loses it; the slot of an owner that ended
    /// comes back at the first lease expiry after its end. With `checksOwners: false` an expired lease is
    /// lost whatever its owner does (a gate without the check, for comparison).
    public func gate(_ name: String, atomic: Bool = true, reservedConcurrency: Int? = nil, durationSeconds: Double = 0.2,
                     alertTopic: String? = nil, checksOwners: Bool = true) {
        function(name, reservedConcurrency: reservedConcurrency, durationSeconds: durationSeconds) { [unowned self] invocation in
            self.gateLocks.answer(invocation, atomic: atomic, writeDelay: atomic ? 0 : durationSeconds, checksOwners: checksOwners)
        }
        functions[name]?.alertTopic = alertTopic
    }

    /// After a gate's `cleanup`, publishes its alert to the account's SNS topic when it released a
    /// slot, or when the execution timed out or was aborted.
    private func alertIfGate(_ function: Function, _ invocation: Invocation, _ response: Response, _ context: inout ServiceContext) {
        guard let alertTopic = function.alertTopic, invocation.payload["action"]?.stringValue == "cleanup", case .returns(let result) = response,
              let owner = invocation.payload["owner"]?.stringValue else { return }
        let released = result["released"]?.numberValue?.intValue ?? 0
        let status = invocation.payload["status"]?.stringValue ?? "FAILED"
        guard released > 0 || status != "FAILED", let sns = context.model(SNSModel.self) else { return }
        sns.deliver(topic: alertTopic, subject: "Workflow execution \(status)",
                    message: "Execution \(owner) ended \(status); the cleanup rule released \(released) gate slot(s) it held",
                    time: invocation.time, executionName: invocation.executionName, stateName: invocation.stateName, &context)
    }

    /// How long Lambda keeps retrying a throttled asynchronous event before dropping it (6 hours).
    public static let asyncEventMaxAgeSeconds = 21_600.0

    /// Runs `function` as an asynchronous invocation (an EventBridge target), outside any Task state.
    /// A throttled event is retried as Lambda's event queue does (after 1 s, doubling up to 5 minutes,
    /// for at most ``asyncEventMaxAgeSeconds``), against the invocations known when the event arrives.
    /// - Returns: the virtual time it ran, or `nil`: the function does not exist, or its reserved
    ///   concurrency (0 stops it) never left room, so the event was dropped.
    @discardableResult
    func invokeAsync(_ name: String, payload: JSONValue, time: Double, executionName: String, source: String,
                     in context: inout ServiceContext) -> Double? {
        guard let function = functions[name] else { return nil }
        var at = time
        var delay = 1.0
        if let reserved = function.reservedConcurrency {
            while true {
                if runningCount(name, at: at) < reserved { break }
                at += delay
                delay = min(delay * 2, 300)
                if at - time > Self.asyncEventMaxAgeSeconds { return nil }
            }
        }
        let invocation = Invocation(functionName: name, payload: payload, time: at, executionName: executionName, stateName: source)
        let response = function.handler(invocation)
        alertIfGate(function, invocation, response, &context)
        recordInvocation(name, function, start: at, response)
        return at
    }

    /// The locks of the gate functions.
    public let gateLocks = GateLocks()
}
