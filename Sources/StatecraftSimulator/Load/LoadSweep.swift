import Foundation
import StatesLanguage

/// Runs one load plan once per value of one setting (a gate's limit, a retrier's `MaxAttempts` or
/// `IntervalSeconds`, an ECS quota, a Lambda function's reserved concurrency), every run on the same
/// arrivals and seed, and picks the value with no failures and the least makespan.
///
/// ```swift
/// let sweep = try LoadSweep(parsing: "gate.limit=5..50:5")
/// let result = try sweep.run(definition: definition, plan: plan) { try AWSServices.load(servicesBytes) }
/// result.recommended?.value   // e.g. 20
/// print(result.text)
/// ```
public struct LoadSweep: Sendable, Equatable {
    /// What a sweep varies.
    public enum Setting: Sendable, Equatable, CustomStringConvertible {
        /// The `limit` of every gate in the definition (the Lambda gate's payload, the DynamoDB gate's `:limit`).
        case gateLimit
        /// `MaxAttempts` of a state's retrier: the first one, or the first whose `ErrorEquals` names `error`.
        case retrierMaxAttempts(state: String, error: String?)
        /// `IntervalSeconds` of a state's retrier, chosen the same way.
        case retrierInterval(state: String, error: String?)
        /// An ECS quota of the account, by its services-file key (``ecsQuotaKeys``).
        case ecsQuota(String)
        /// The reserved concurrency of a Lambda function of the account.
        case reservedConcurrency(function: String)

        /// The ECS quota keys a sweep can vary (as the services file's `ecs.quotas` names them).
        public static let ecsQuotaKeys = ["maxConcurrentTasks", "runTaskBurst", "runTaskRefillPerSecond", "maxTasksPerCall",
                                          "fargateOnDemandVCPUs", "taskLaunchBurst", "taskLaunchRefillPerSecond"]

        /// The names a sweep accepts, for messages.
        public static let forms = "gate.limit, retry.maxAttempts(STATE[, ERROR]), retry.intervalSeconds(STATE[, ERROR]), "
            + "ecs.<quota> (\(ecsQuotaKeys.joined(separator: ", "))), lambda.reservedConcurrency(FUNCTION)"

        /// Reads a setting's name, e.g. `gate.limit` or `retry.maxAttempts(Run batch, ECS.AmazonECSException)`.
        /// - Throws: ``LoadPlanError`` listing the forms.
        public init(parsing name: String) throws(LoadPlanError) {
            let text = name.trimmingCharacters(in: .whitespaces)
            func argument(_ prefix: String) -> String? {
                guard text.hasPrefix(prefix + "("), text.hasSuffix(")") else { return nil }
                return String(text.dropFirst(prefix.count + 1).dropLast()).trimmingCharacters(in: .whitespaces)
            }
            /// `STATE` or `STATE, ERROR` (an error name has no comma; a state name may).
            func retrier(_ argument: String) -> (String, String?)? {
                guard !argument.isEmpty else { return nil }
                if let comma = argument.lastIndex(of: ",") {
                    let state = argument[..<comma].trimmingCharacters(in: .whitespaces)
                    let error = argument[argument.index(after: comma)...].trimmingCharacters(in: .whitespaces)
                    guard !state.isEmpty, !error.isEmpty else { return nil }
                    return (state, error)
                }
                return (argument, nil)
            }
            if text == "gate.limit" {
                self = .gateLimit
            } else if let a = argument("retry.maxAttempts"), let (state, error) = retrier(a) {
                self = .retrierMaxAttempts(state: state, error: error)
            } else if let a = argument("retry.intervalSeconds"), let (state, error) = retrier(a) {
                self = .retrierInterval(state: state, error: error)
            } else if text.hasPrefix("ecs."), Self.ecsQuotaKeys.contains(String(text.dropFirst(4))) {
                self = .ecsQuota(String(text.dropFirst(4)))
            } else if let function = argument("lambda.reservedConcurrency"), !function.isEmpty {
                self = .reservedConcurrency(function: function)
            } else {
                throw LoadPlanError("cannot sweep '\(name)'; expected one of \(Self.forms)")
            }
        }

        public var description: String {
            switch self {
            case .gateLimit: "gate.limit"
            case .retrierMaxAttempts(let state, let error): "retry.maxAttempts(\(state)\(error.map { ", " + $0 } ?? ""))"
            case .retrierInterval(let state, let error): "retry.intervalSeconds(\(state)\(error.map { ", " + $0 } ?? ""))"
            case .ecsQuota(let key): "ecs." + key
            case .reservedConcurrency(let function): "lambda.reservedConcurrency(\(function))"
            }
        }

        /// Whether the setting takes whole numbers only.
        var integral: Bool {
            switch self {
            case .ecsQuota(let key): !["runTaskRefillPerSecond", "fargateOnDemandVCPUs", "taskLaunchRefillPerSecond"].contains(key)
            default: true
            }
        }

        /// The smallest value the setting takes.
        var minimum: Double {
            switch self {
            case .gateLimit, .retrierInterval: 1
            case .ecsQuota(let key): key == "maxTasksPerCall" ? 1 : 0
            case .retrierMaxAttempts, .reservedConcurrency: 0
            }
        }
    }

    /// At most this many values in one sweep (each is a whole load run).
    public static let maximumValues = 100

    /// The setting the sweep varies.
    public let setting: Setting
    /// The values, in the order they run.
    public let values: [Double]

    /// - Throws: ``LoadPlanError`` when there are no values, too many, or one the setting cannot take.
    public init(setting: Setting, values: [Double]) throws(LoadPlanError) {
        guard !values.isEmpty else { throw LoadPlanError("a sweep needs at least one value") }
        guard values.count <= Self.maximumValues else {
            throw LoadPlanError("a sweep of \(setting) runs at most \(Self.maximumValues) values, got \(values.count); use a larger step")
        }
        for value in values {
            guard value.isFinite, value >= setting.minimum, value <= 99_999_999 else {
                throw LoadPlanError("\(setting) cannot be \(Self.format(value)); it takes values from \(Self.format(setting.minimum)) to 99999999")
            }
            guard !setting.integral || value == value.rounded() else {
                throw LoadPlanError("\(setting) takes whole numbers, got \(Self.format(value))")
            }
        }
        self.setting = setting
        self.values = values
    }

    /// Reads `NAME=A..B[:STEP]`: the values A, A + STEP, … up to B (STEP 1 when left out).
    /// - Throws: ``LoadPlanError`` naming what was expected.
    public init(parsing spec: String) throws(LoadPlanError) {
        let expected = "expected NAME=A..B[:STEP], e.g. gate.limit=5..50:5, got '\(spec)'"
        guard let equals = spec.lastIndex(of: "=") else { throw LoadPlanError(expected) }
        let setting = try Setting(parsing: String(spec[..<equals]))
        let range = spec[spec.index(after: equals)...]
        let parts = range.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw LoadPlanError(expected) }
        let bounds = parts[0].components(separatedBy: "..")
        guard bounds.count == 2, let a = Double(bounds[0].trimmingCharacters(in: .whitespaces)),
              let b = Double(bounds[1].trimmingCharacters(in: .whitespaces)), a.isFinite, b.isFinite, b >= a else {
            throw LoadPlanError(expected)
        }
        var step = 1.0
        if parts.count == 2 {
            guard let s = Double(parts[1].trimmingCharacters(in: .whitespaces)), s.isFinite, s > 0 else {
                throw LoadPlanError("the step of a sweep must be a number > 0; \(expected)")
            }
            step = s
        }
        let steps = ((b - a) / step + 1e-9).rounded(.down)
        guard steps.isFinite, steps < Double(Self.maximumValues) else {
            throw LoadPlanError("a sweep of \(setting) runs at most \(Self.maximumValues) values; use a larger step than \(Self.format(step))")
        }
        let count = Int(steps) + 1
        // Each value from A and the step count, so that decimal steps do not drift.
        let values = (0..<count).map { i in ((a + Double(i) * step) * 1e9).rounded() / 1e9 }
        try self.init(setting: setting, values: values)
    }

    /// Runs the plan once per value, on the same arrivals and seed.
    /// - Parameters:
    ///   - definition: the definition as JSON (a gate limit or a retrier is changed in it for each run).
    ///   - plan: arrivals, inputs, durations and quotas, the same for every run.
    ///   - mocks: makes the services asked first, fresh for each run (their invocation counters start at 0).
    ///   - services: makes a fresh account (an ECS quota or a reserved concurrency is changed in it for each run).
    ///   - progress: called before each run with the index of the value.
    /// - Returns: one row per value, and the recommendation.
    /// - Throws: ``LoadPlanError`` when the setting names nothing in the definition or the account, or a
    ///   changed definition is invalid; the account factory's errors.
    public func run(definition: JSONValue, plan: LoadPlan, mocks: () throws -> [ServiceIntegration] = { [] },
                    services: @escaping () throws -> AWSServices, progress: ((Int) -> Void)? = nil) throws -> LoadSweepResult {
        var rows: [LoadSweepResult.Row] = []
        let probe = try services()
        let baseQuotas = plan.ecsQuotas(account: probe.ecs.quotas)
        if case .reservedConcurrency(let function) = setting, probe.lambda.functions[LambdaModel.functionName(function)] == nil {
            throw LoadPlanError("\(setting): the services file defines no Lambda function '\(function)'")
        }
        var unchanged: Program?
        for (index, value) in values.enumerated() {
            progress?(index)
            var runPlan = plan
            var program: Program
            var account = services
            switch setting {
            case .gateLimit, .retrierMaxAttempts, .retrierInterval:
                let changed = try Self.apply(setting, Int(value), to: definition)
                do { program = try Program(json: JSONWriter.bytes(changed)) } catch {
                    throw LoadPlanError("\(setting) = \(Self.format(value)) makes the definition invalid: \(error)")
                }
            case .ecsQuota(let key):
                var quotas = baseQuotas
                Self.set(key, value, in: &quotas)
                runPlan.profile = nil
                runPlan.maxConcurrentTasks = nil
                runPlan.fargateOnDemandVCPUs = nil
                runPlan.runTaskBucket = nil
                account = { let aws = try services(); aws.ecs.quotas = quotas; return aws }
                program = try unchanged ?? Self.program(definition)
                unchanged = program
            case .reservedConcurrency(let function):
                account = { let aws = try services(); aws.lambda.setReservedConcurrency(function, Int(value)); return aws }
                program = try unchanged ?? Self.program(definition)
                unchanged = program
            }
            let load = LoadRun(program: program, plan: runPlan, mocks: try mocks(), services: account)
            rows.append(LoadSweepResult.Row(value: value, report: try load.run()))
        }
        return LoadSweepResult(setting: setting.description, rows: rows)
    }

    static func program(_ definition: JSONValue) throws(LoadPlanError) -> Program {
        do { return try Program(json: JSONWriter.bytes(definition)) } catch { throw LoadPlanError("the definition is invalid: \(error)") }
    }

    static func format(_ value: Double) -> String { String(format: "%g", value) }

    static func set(_ key: String, _ value: Double, in quotas: inout ECSModel.Quotas) {
        switch key {
        case "maxConcurrentTasks": quotas.maxConcurrentTasks = Int(value)
        case "runTaskBurst": quotas.runTaskBurst = Int(value)
        case "runTaskRefillPerSecond": quotas.runTaskRefillPerSecond = value
        case "maxTasksPerCall": quotas.maxTasksPerCall = Int(value)
        case "fargateOnDemandVCPUs": quotas.fargateOnDemandVCPUs = value
        case "taskLaunchBurst": quotas.taskLaunchBurst = Int(value)
        default: quotas.taskLaunchRefillPerSecond = value
        }
    }

    /// The definition with `setting` set to `value` wherever it applies.
    /// - Throws: ``LoadPlanError`` when it applies nowhere.
    static func apply(_ setting: Setting, _ value: Int, to definition: JSONValue) throws(LoadPlanError) -> JSONValue {
        var changed = 0
        var retrierStates: [String: [[String]]] = [:]
        let result = rewriteStates(definition) { name, state in
            switch setting {
            case .gateLimit:
                guard state["Type"]?.stringValue == "Task", case .object(var parameters)? = state["Parameters"] else { return }
                let marked = GateLeakRule.role(of: state["Comment"]?.stringValue) != nil
                if case .object(var payload)? = parameters["Payload"], payload["limit"]?.numberValue != nil,
                   marked || ["acquire", "renew", "release"].contains(payload["action"]?.stringValue ?? "") {
                    payload["limit"] = .number(JSONNumber(value))
                    parameters["Payload"] = .object(payload)
                    changed += 1
                } else if marked, case .object(var values)? = parameters["ExpressionAttributeValues"], values[":limit"] != nil {
                    values[":limit"] = ["N": .string(String(value))]
                    parameters["ExpressionAttributeValues"] = .object(values)
                    changed += 1
                } else {
                    return
                }
                state["Parameters"] = .object(parameters)
            case .retrierMaxAttempts(let target, let error), .retrierInterval(let target, let error):
                guard name == target, case .array(var retriers)? = state["Retry"] else { return }
                let lists = retriers.map { $0["ErrorEquals"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
                retrierStates[name, default: []] += lists
                guard let index = error.map({ e in lists.firstIndex { $0.contains(e) } }) ?? (retriers.isEmpty ? nil : 0),
                      case .object(var retrier) = retriers[index] else { return }
                if case .retrierMaxAttempts = setting { retrier["MaxAttempts"] = .number(JSONNumber(value)) }
                else { retrier["IntervalSeconds"] = .number(JSONNumber(value)) }
                retriers[index] = .object(retrier)
                state["Retry"] = .array(retriers)
                changed += 1
            case .ecsQuota, .reservedConcurrency:
                return
            }
        }
        guard changed == 0 else { return result }
        switch setting {
        case .gateLimit:
            throw LoadPlanError("gate.limit: the definition has no gate (no acquire or release call with a \"limit\")")
        case .retrierMaxAttempts(let state, let error), .retrierInterval(let state, let error):
            guard let lists = retrierStates[state] else { throw LoadPlanError("\(setting): the definition has no state '\(state)' with a Retry") }
            let handled = lists.map { "[" + $0.joined(separator: ", ") + "]" }.joined(separator: ", ")
            throw LoadPlanError("\(setting): no retrier of '\(state)' handles \(error ?? "anything"); its retriers handle \(handled)")
        default:
            return result
        }
    }

    /// Calls `body` on every state of the definition (in Parallel branches and Map processors too),
    /// letting it change the state.
    static func rewriteStates(_ machine: JSONValue, _ body: (String, inout JSONObject) -> Void) -> JSONValue {
        guard case .object(var root) = machine, case .object(let states)? = root["States"] else { return machine }
        var rewritten = JSONObject()
        for member in states.members {
            guard case .object(var state) = member.value else {
                rewritten[member.key] = member.value
                continue
            }
            body(member.key, &state)
            if case .array(let branches)? = state["Branches"] { state["Branches"] = .array(branches.map { rewriteStates($0, body) }) }
            for key in ["Iterator", "ItemProcessor"] {
                if let processor = state[key] { state[key] = rewriteStates(processor, body) }
            }
            rewritten[member.key] = .object(state)
        }
        root["States"] = .object(rewritten)
        return .object(root)
    }
}
