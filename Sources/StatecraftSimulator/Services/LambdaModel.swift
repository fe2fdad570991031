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
        public let functionName: String
        public let payload: JSONValue
        /// Virtual time of the call.
        public let time: Double
        public let executionName: String
        public let stateName: String
    }

    /// A function: its behaviour, reserved concurrency and run time.
    public struct Function {
        public var name: String
        /// At most this many invocations run at once (`nil`: unreserved).
        public var reservedConcurrency: Int?
        /// Virtual seconds one invocation runs.
        public var durationSeconds: Double
        let handler: (Invocation) -> Response
    }

    /// Functions by name.
    public private(set) var functions: [String: Function] = [:]
    /// Whether a call of an unknown function fails with `Lambda.ResourceNotFoundException`; otherwise
    /// the call is left to the simulator's next integration.
    public var onlyDefinedFunctions = false
    /// Every invocation, in order: function name, virtual start and end time, and the response.
    public private(set) var invocations: [(function: String, start: Double, end: Double, response: Response)] = []

    weak var services: AWSServices?
    let callLog = LambdaCallLog()
    private var scriptCounters: [String: Int] = [:]

    /// Adds a function answered by `handler`.
    public func function(_ name: String, reservedConcurrency: Int? = nil, durationSeconds: Double = 0.2,
                         _ handler: @escaping (Invocation) -> Response) {
        functions[name] = Function(name: name, reservedConcurrency: reservedConcurrency, durationSeconds: durationSeconds, handler: handler)
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

    /// The function name in a `FunctionName` or function ARN: `name`, `name:alias`,
    /// `123456789012:function:name` or `arn:aws:lambda:…:function:name[:qualifier]` all give `name`.
    static func functionName(_ reference: String) -> String {
        if let range = reference.range(of: "function:") {
            return String(reference[range.upperBound...].split(separator: ":", omittingEmptySubsequences: false).first ?? "")
        }
        return String(reference.split(separator: ":", omittingEmptySubsequences: false).first ?? "")
    }

    func invoke(_ call: TaskCall, legacy: Bool) -> TaskOutcome? {
        guard let services else { return nil }
        let reference = legacy ? call.target.resource : call.parameters["FunctionName"]?.stringValue ?? ""
        let name = Self.functionName(reference)
        guard let function = functions[name] else {
            guard onlyDefinedFunctions else { return nil }
            return ServiceError(error: "Lambda.ResourceNotFoundException", service: "AWSLambda", statusCode: 404, code: "ResourceNotFoundException",
                                message: "Function not found: arn:aws:lambda:\(services.region):\(services.account):function:\(name)").outcome(services)
        }
        let now = call.now
        if let reserved = function.reservedConcurrency {
            let running = invocations.filter { $0.function == name && $0.start <= now && now < $0.end }.count
            if running >= reserved {
                callLog.record(name, call, legacy: legacy, .throttled)
                return ServiceError(error: "Lambda.TooManyRequestsException", service: "AWSLambda", statusCode: 429,
                                    code: "TooManyRequestsException", message: "Rate Exceeded.").outcome(services)
            }
        }
        let payload = legacy ? call.parameters : call.parameters["Payload"] ?? [:]
        let response = function.handler(Invocation(functionName: name, payload: payload, time: now,
                                                   executionName: call.executionName, stateName: call.stateName))
        let duration = function.durationSeconds
        invocations.append((name, now, now + duration, response))
        callLog.record(name, call, legacy: legacy, .answered(response))
        let requestId = services.requestId()
        switch response {
        case .returns(let value):
            if legacy { return .success(value, duration: duration) }
            var members: [(String, JSONValue)] = [("ExecutedVersion", "$LATEST"), ("Payload", value)]
            members += services.sdkMetadata(contentType: "application/json", contentLength: DataFlow.serialize(value).utf8.count, requestId: requestId,
                                            extraHeaders: [("Connection", "keep-alive"), ("X-Amz-Executed-Version", "$LATEST"),
                                                           ("x-amzn-Remapped-Content-Length", "0"), ("X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000000")])
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
    public func gate(_ name: String, atomic: Bool = true, reservedConcurrency: Int? = nil, durationSeconds: Double = 0.2) {
        function(name, reservedConcurrency: reservedConcurrency, durationSeconds: durationSeconds) { [unowned self] invocation in
            self.gateLocks.answer(invocation, atomic: atomic, writeDelay: atomic ? 0 : durationSeconds)
        }
    }

    /// The locks of the gate functions.
    public let gateLocks = GateLocks()
}

/// The holders of each gate lock over virtual time, written by ``LambdaModel/gate(_:atomic:reservedConcurrency:durationSeconds:)``.
public final class GateLocks {
    struct Hold {
        let owner: String
        /// When the acquire took effect, and when the release did (`nil`: still held).
        let from: Double
        var until: Double?
    }

    private var holds: [String: [Hold]] = [:]

    /// Owners holding `lock` at virtual time `time`.
    public func holders(of lock: String, at time: Double) -> [String] {
        (holds[lock] ?? []).filter { $0.from <= time && ($0.until.map { time < $0 } ?? true) }.map(\.owner)
    }

    /// The most owners that held `lock` at the same time.
    public func peakHolders(of lock: String) -> Int {
        let list = holds[lock] ?? []
        var changes: [(time: Double, delta: Int)] = []
        for hold in list {
            changes.append((hold.from, 1))
            if let until = hold.until { changes.append((until, -1)) }
        }
        // Releases before acquires at the same instant.
        changes.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var current = 0, peak = 0
        for change in changes {
            current += change.delta
            peak = max(peak, current)
        }
        return peak
    }

    func answer(_ invocation: LambdaModel.Invocation, atomic: Bool, writeDelay: Double) -> LambdaModel.Response {
        let p = invocation.payload
        guard let action = p["action"]?.stringValue, let lock = p["lockName"]?.stringValue, let owner = p["owner"]?.stringValue else {
            return .raises(errorType: "ValueError", errorMessage: "the gate needs action, lockName and owner")
        }
        let now = invocation.time
        // What the function reads now; the naive gate's own earlier writes may still be in flight.
        let seen = holders(of: lock, at: now)
        switch action {
        case "acquire":
            guard let limit = p["limit"]?.numberValue?.intValue else {
                return .raises(errorType: "ValueError", errorMessage: "acquire needs a numeric limit")
            }
            if seen.contains(owner) { return .returns(["acquired": true, "holders": .number(JSONNumber(seen.count))]) }
            guard seen.count < limit else { return .returns(["acquired": false, "holders": .number(JSONNumber(seen.count))]) }
            holds[lock, default: []].append(Hold(owner: owner, from: now + writeDelay))
            return .returns(["acquired": true, "holders": .number(JSONNumber(seen.count + 1))])
        case "release":
            guard seen.contains(owner),
                  let index = holds[lock]?.lastIndex(where: { $0.owner == owner && $0.until == nil }) else {
                return .returns(["released": false, "holders": .number(JSONNumber(seen.count))])
            }
            holds[lock]?[index].until = now + writeDelay
            return .returns(["released": true, "holders": .number(JSONNumber(seen.count - 1))])
        default:
            return .raises(errorType: "ValueError", errorMessage: "unknown action \(action); expected acquire or release")
        }
    }
}
