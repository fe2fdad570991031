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
        /// The calling execution's ARN (`$$.Execution.Id`); `nil` outside a Task state (an EventBridge target).
        public var executionArn: String? = nil
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

    /// Per function with reserved concurrency: its invocations (indexes in ``invocations``) that may
    /// still be running, so a call counts these, not every invocation ever made.
    private var running: [String: OpenEntries] = [:]

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
        invocations.append((name, start, start + function.durationSeconds, response))
        if function.reservedConcurrency != nil { running[name, default: OpenEntries()].add(invocations.count - 1) }
    }

    weak var services: AWSServices?
    let callLog = LambdaCallLog()
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

    /// The function name in a `FunctionName` or function ARN: `name`, `name:alias`,
    /// `123456789012:function:name` or `arn:aws:lambda:…:function:name[:qualifier]` all give `name`.
    static func functionName(_ reference: String) -> String {
        // The segment after the first `function` segment, else the first segment (byte-wise: no Foundation search).
        let parts = reference.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        if let index = parts.firstIndex(where: { $0.elementsEqual("function".utf8) }), index + 1 < parts.count {
            return String(Substring(parts[index + 1]))
        }
        return String(Substring(parts.first ?? Substring("").utf8))
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
            if runningCount(name, at: now) >= reserved {
                callLog.record(name, call, legacy: legacy, .throttled)
                return ServiceError(error: "Lambda.TooManyRequestsException", service: "AWSLambda", statusCode: 429,
                                    code: "TooManyRequestsException", message: "Rate Exceeded.").outcome(services)
            }
        }
        let payload = legacy ? call.parameters : call.parameters["Payload"] ?? [:]
        let response = function.handler(Invocation(functionName: name, payload: payload, time: now,
                                                   executionName: call.executionName, stateName: call.stateName,
                                                   executionArn: call.context["Execution"]?["Id"]?.stringValue))
        let duration = function.durationSeconds
        recordInvocation(name, function, start: now, response)
        callLog.record(name, call, legacy: legacy, .answered(response))
        let requestId = services.requestId()
        switch response {
        case .returns(let value):
            if legacy { return .success(value, duration: duration) }
            var members: [(String, JSONValue)] = [("ExecutedVersion", "$LATEST"), ("Payload", value)]
            members += services.sdkMetadata(contentType: "application/json", contentLength: DataFlow.serializedSize(value), requestId: requestId,
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
            let response = self.gateLocks.answer(invocation, atomic: atomic, writeDelay: atomic ? 0 : durationSeconds, checksOwners: checksOwners)
            if let alertTopic, invocation.payload["action"]?.stringValue == "cleanup", case .returns(let result) = response,
               let owner = invocation.payload["owner"]?.stringValue {
                let released = result["released"]?.numberValue?.intValue ?? 0
                let status = invocation.payload["status"]?.stringValue ?? "FAILED"
                if released > 0 || status != "FAILED" {
                    self.services?.sns.deliver(
                        topic: alertTopic, subject: "Workflow execution \(status)",
                        message: "Execution \(owner) ended \(status); the cleanup rule released \(released) gate slot(s) it held",
                        time: invocation.time, executionName: invocation.executionName, stateName: invocation.stateName)
                }
            }
            return response
        }
    }

    /// How long Lambda keeps retrying a throttled asynchronous event before dropping it (6 hours).
    public static let asyncEventMaxAgeSeconds = 21_600.0

    /// Runs `function` as an asynchronous invocation (an EventBridge target), outside any Task state.
    /// A throttled event is retried as Lambda's event queue does (after 1 s, doubling up to 5 minutes,
    /// for at most ``asyncEventMaxAgeSeconds``), against the invocations known when the event arrives.
    /// - Returns: the virtual time it ran, or `nil`: the function does not exist, or its reserved
    ///   concurrency (0 stops it) never left room, so the event was dropped.
    @discardableResult
    func invokeAsync(_ name: String, payload: JSONValue, time: Double, executionName: String, source: String) -> Double? {
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
        let response = function.handler(Invocation(functionName: name, payload: payload, time: at, executionName: executionName, stateName: source))
        recordInvocation(name, function, start: at, response)
        return at
    }

    /// The locks of the gate functions.
    public let gateLocks = GateLocks()
}

/// The holders of each gate lock over virtual time, written by the gate functions of ``LambdaModel``.
public final class GateLocks {
    struct Hold {
        let owner: String
        /// When the acquire took effect, and when the release did (`nil`: still held).
        let from: Double
        var until: Double?
        /// When the lease runs out unless renewed (`nil`: never), and its length.
        var expires: Double?
        var lease: Double?
        /// Whether the lock checks the owner when its lease runs out (the owner is the execution that
        /// acquired, and the gate asks Step Functions), and when that execution ended (`nil`: running).
        var ownerChecked = false
        var ownerEnded: Double?

        /// When the lease stops holding the slot: at expiry; for a checked owner, at the first expiry
        /// (renewed lease after lease) that finds the owner ended, and never while it runs.
        var leaseEnd: Double? {
            guard let expires else { return nil }
            guard ownerChecked else { return expires }
            guard let ended = ownerEnded else { return nil }
            guard ended > expires, let lease, lease > 0 else { return expires }
            return expires + ((ended - expires) / lease).rounded(.up) * lease
        }

        /// When the slot stopped being held: released, or the lease ran out first.
        var end: Double? {
            switch (until, leaseEnd) {
            case (let u?, let e?): min(u, e)
            case (let u?, nil): u
            case (nil, let e?): e
            case (nil, nil): nil
            }
        }

        /// Whether the slot was held at `time`.
        func held(at time: Double) -> Bool { from <= time && (end.map { time < $0 } ?? true) }

        /// Whether the lease ran out before any release (the holder neither released nor renewed).
        var lapsed: Bool {
            guard let leaseEnd else { return false }
            return until.map { leaseEnd < $0 } ?? true
        }
    }

    /// One lock: every hold it ever gave (for peaks and assertions), and those that may still be held
    /// (a load run acquires thousands of times; a call reads the open ones).
    struct Lock {
        var holds: [Hold] = []
        var open = OpenEntries()

        /// Indexes of the holds held at `time`.
        func held(at time: Double) -> [Int] {
            open.current(at: time, among: holds.indices) { holds[$0].held(at: time) }
        }

        /// Forgets the open holds that ended by `time`.
        mutating func close(through time: Double) {
            let holds = self.holds
            open.close(through: time) { holds[$0].end.map { $0 <= time } ?? false }
        }

        mutating func add(_ hold: Hold) {
            holds.append(hold)
            open.add(holds.count - 1)
        }
    }

    private var locks: [String: Lock] = [:]
    /// Checked holds whose owner has not ended, by owner: where to record its end.
    private var runningOwners: [String: [(lock: String, index: Int)]] = [:]

    /// Records that the execution `owner` (an ARN) ended at `time`: its slots, when their leases run
    /// out, are no longer renewed by the owner check.
    func ownerEnded(_ owner: String, at time: Double) {
        guard let places = runningOwners.removeValue(forKey: owner) else { return }
        for place in places { locks[place.lock]?.holds[place.index].ownerEnded = time }
    }

    /// Owners whose lease on `lock` ran out while they were still running, and was renewed because
    /// the lock checked them (for assertions: a long task kept its slot this way).
    public func leasesRenewedByOwnerCheck(of lock: String, at time: Double) -> Int {
        (locks[lock]?.holds ?? []).filter { hold in
            guard hold.ownerChecked, let expires = hold.expires, expires < time else { return false }
            let stillThere = min(hold.until ?? time, hold.ownerEnded ?? time)
            return expires < stillThere
        }.count
    }

    /// Owners holding `lock` at virtual time `time` (a lease that ran out is not held).
    public func holders(of lock: String, at time: Double) -> [String] {
        guard let entry = locks[lock] else { return [] }
        return entry.held(at: time).map { entry.holds[$0].owner }
    }

    /// Owners whose lease on `lock` ran out (or runs out by `time`) without a release: slots that only
    /// expiry gave back. A workflow that releases on every path leaves none.
    public func lapsedLeases(of lock: String, at time: Double) -> [String] {
        (locks[lock]?.holds ?? []).filter { $0.lapsed && ($0.expires ?? .infinity) <= time }.map(\.owner)
    }

    /// Owners that took a slot of `lock` and have released it by `time` or still hold it (for assertions).
    public func acquisitions(of lock: String) -> Int { locks[lock]?.holds.count ?? 0 }

    /// The most owners that held `lock` at the same time.
    public func peakHolders(of lock: String) -> Int {
        let list = locks[lock]?.holds ?? []
        var changes: [(time: Double, delta: Int)] = []
        for hold in list {
            changes.append((hold.from, 1))
            if let end = hold.end { changes.append((end, -1)) }
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

    func answer(_ invocation: LambdaModel.Invocation, atomic: Bool, writeDelay: Double, checksOwners: Bool = true) -> LambdaModel.Response {
        let p = invocation.payload
        let now = invocation.time
        if p["action"]?.stringValue == "cleanup" {
            guard let owner = p["owner"]?.stringValue else {
                return .raises(errorType: "ValueError", errorMessage: "cleanup needs the owner (the ended execution's ARN)")
            }
            var released = 0
            for name in locks.keys.sorted() {
                guard var entry = locks.removeValue(forKey: name) else { continue }
                entry.close(through: now)
                for i in entry.held(at: now) where entry.holds[i].owner == owner {
                    entry.holds[i].until = now + writeDelay
                    released += 1
                }
                locks[name] = entry
            }
            return .returns(["released": .number(JSONNumber(released))])
        }
        guard let action = p["action"]?.stringValue, let lock = p["lockName"]?.stringValue, let owner = p["owner"]?.stringValue else {
            return .raises(errorType: "ValueError", errorMessage: "the gate needs action, lockName and owner")
        }
        // A lease of `leaseSeconds` (absent: no expiry); a holder renews it by acquiring again or with `renew`.
        var lease: Double?
        if let value = p["leaseSeconds"], value != .null {
            guard let seconds = value.numberValue?.doubleValue, seconds > 0 else {
                return .raises(errorType: "ValueError", errorMessage: "leaseSeconds must be a positive number")
            }
            lease = seconds
        }
        var entry = locks.removeValue(forKey: lock) ?? Lock()  // taken out: edited in place, not copied
        entry.close(through: now)
        defer { locks[lock] = entry }
        // What the function reads now; the naive gate's own earlier writes may still be in flight.
        let current = entry.held(at: now)
        let held = current.last { entry.holds[$0].owner == owner }
        let seen = current.map { entry.holds[$0].owner }
        switch action {
        case "acquire":
            guard let limit = p["limit"]?.numberValue?.intValue else {
                return .raises(errorType: "ValueError", errorMessage: "acquire needs a numeric limit")
            }
            if seen.contains(owner) {
                if let held, let lease { entry.holds[held].expires = now + lease }
                return .returns(["acquired": true, "holders": .number(JSONNumber(seen.count))])
            }
            guard seen.count < limit else { return .returns(["acquired": false, "holders": .number(JSONNumber(seen.count))]) }
            // The owner can be checked when it is the execution asking (Step Functions knows it).
            let checked = checksOwners && lease != nil && invocation.executionArn == owner
            entry.add(Hold(owner: owner, from: now + writeDelay, expires: lease.map { now + writeDelay + $0 }, lease: lease, ownerChecked: checked))
            if checked { runningOwners[owner, default: []].append((lock, entry.holds.count - 1)) }
            return .returns(["acquired": true, "holders": .number(JSONNumber(seen.count + 1))])
        case "renew":
            guard let held else { return .returns(["renewed": false, "holders": .number(JSONNumber(seen.count))]) }
            if let lease {
                entry.holds[held].expires = now + lease
                entry.holds[held].lease = lease
            }
            return .returns(["renewed": true, "holders": .number(JSONNumber(seen.count))])
        case "release":
            guard seen.contains(owner), let index = held else {
                return .returns(["released": false, "holders": .number(JSONNumber(seen.count))])
            }
            entry.holds[index].until = now + writeDelay
            return .returns(["released": true, "holders": .number(JSONNumber(seen.count - 1))])
        default:
            return .raises(errorType: "ValueError", errorMessage: "unknown action \(action); expected acquire, renew, release or cleanup")
        }
    }
}

/// The entries of a log (invocations, gate holds) that may still be in effect at any time from `since`
/// on, by their index in the log. Questions about the present read these few instead of the whole log,
/// which keeps growing through a load run; a question about a time before `since` reads the whole log.
struct OpenEntries {
    private(set) var indexes: [Int] = []
    private(set) var since = -Double.infinity

    mutating func add(_ index: Int) { indexes.append(index) }

    /// The entries among `all` (the log's indexes) for which `inEffect` holds at `time`.
    func current(at time: Double, among all: Range<Int>, _ inEffect: (Int) -> Bool) -> [Int] {
        time >= since ? indexes.filter(inEffect) : all.filter(inEffect)
    }

    /// Forgets the entries that `ended` says are over by `time` (calls come in time order; a later
    /// question about an earlier time falls back to the whole log).
    mutating func close(through time: Double, _ ended: (Int) -> Bool) {
        guard time > since else { return }
        indexes.removeAll(where: ended)
        since = time
    }
}
