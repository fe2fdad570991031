import Foundation
import StatesLanguage

/// What a load run starts and against which account limits: arrivals, inputs, task durations, quotas.
public struct LoadPlan: Sendable {
    /// How executions arrive over the plan's window.
    public enum Arrival: String, Sendable, CaseIterable {
        /// All at virtual time 0.
        case burst
        /// Evenly spaced: execution `i` at `i × over / count`.
        case uniform
        /// A Poisson process of rate `count / over` (exponential gaps, seeded).
        case poisson
    }

    /// Each execution's input.
    public enum Inputs: Sendable {
        /// The same input for every execution.
        case one(JSONValue)
        /// Execution `i` gets element `i` (modulo the count).
        case list([JSONValue])
        /// JSON text in which `{{index}}` is replaced by the execution's index (from 0) before parsing.
        case template(String)
    }

    /// How long each ECS task runs (its `RUNNING` phase), drawn per task from the seeded generator.
    public enum Duration: Sendable, Equatable {
        /// Every task runs this many seconds.
        case fixed(Double)
        /// Each task runs a uniform random number of seconds between the two bounds.
        case uniform(Double, Double)
        /// `exp(mu + sigma × z)` seconds with `z` standard normal.
        case lognormal(mu: Double, sigma: Double)
    }

    /// A token bucket: `burst` tokens, refilled at `refillPerSecond`.
    public struct TokenBucket: Sendable, Equatable {
        /// How many tokens the bucket holds when full (and at the start).
        public var burst: Double
        /// Tokens added per virtual second, up to `burst`.
        public var refillPerSecond: Double
        /// Makes a bucket.
        public init(burst: Double, refillPerSecond: Double) {
            self.burst = burst
            self.refillPerSecond = refillPerSecond
        }
    }

    /// A named set of account quotas.
    public enum Profile: String, Sendable, CaseIterable {
        /// What AWS documents today (Fargate vCPU quota 6, RunTask 20 + 20/s, launches 100 + 20/s).
        case `default`
        /// Seed 002's account in 2020: 100 concurrent Fargate tasks, RunTask 100 + 40/s.
        case seed002 = "seed-002"

        /// The profile called `name`, also by the names the services file used before (`current`,
        /// `seed002-2020`); `nil` for any other name.
        public init?(named name: String) {
            switch name {
            case "default", "current": self = .default
            case "seed-002", "seed002-2020": self = .seed002
            default: return nil
            }
        }

        /// The ECS quotas of this profile.
        public var ecsQuotas: ECSModel.Quotas {
            switch self {
            case .default: .default
            case .seed002: .seed002
            }
        }
    }

    /// How many executions, over how many virtual seconds, and how they arrive.
    public var executions: Int = 100
    /// The virtual seconds over which the executions arrive (0: all at once).
    public var overSeconds: Double = 0
    /// How arrivals spread over `overSeconds`.
    public var arrival: Arrival = .burst
    /// Explicit start times in seconds (e.g. from S3 event timestamps); when set, `executions`,
    /// `overSeconds` and `arrival` are not used.
    public var startTimes: [Double]?
    /// The input of each execution.
    public var inputs: Inputs = .one([:])
    /// Seeds the run's random choices (arrivals, durations, jitter): the same seed gives the same report.
    public var seed: UInt64 = 0
    /// `nil`: each task definition's `runningSeconds`.
    public var duration: Duration?
    /// Quotas: the profile's ECS quotas (`nil`: the account's own, from its services file, which
    /// default to today's), then the overrides.
    public var profile: Profile?
    /// Overrides the most ECS tasks running at once; `nil` keeps the quota.
    public var maxConcurrentTasks: Int?
    /// Overrides the Fargate On-Demand vCPU quota; `nil` keeps it.
    public var fargateOnDemandVCPUs: Double?
    /// Overrides the RunTask token bucket; `nil` keeps it.
    public var runTaskBucket: TokenBucket?
    /// Step Functions' StartExecution bucket (us-east-1: 1,300 + 300/s); a start without a token is
    /// rejected with `ThrottlingException` and counted, not run.
    public var startExecutionBucket = TokenBucket(burst: 1_300, refillPerSecond: 300)
    /// Step Functions' StateTransition bucket (us-east-1: 5,000 + 1,500/s); transitions beyond it are
    /// counted (AWS delays them; the simulator does not).
    public var stateTransitionBucket = TokenBucket(burst: 5_000, refillPerSecond: 1_500)
    /// Keep each ended execution's history (memory grows with the executions).
    public var keepHistories = false
    /// A setting to sweep (``LoadSweep``): `statecraft load` then runs the plan once per value. A
    /// ``LoadRun`` itself runs the plan once and ignores it.
    public var sweep: LoadSweep?

    /// A plan of 100 executions arriving at once, with the account's own quotas.
    public init() {}

    /// The ECS quotas the run applies to an account whose own quotas are `account`.
    public func ecsQuotas(account: ECSModel.Quotas = .default) -> ECSModel.Quotas {
        var quotas = profile?.ecsQuotas ?? account
        if let maxConcurrentTasks { quotas.maxConcurrentTasks = maxConcurrentTasks }
        if let fargateOnDemandVCPUs { quotas.fargateOnDemandVCPUs = fargateOnDemandVCPUs }
        if let runTaskBucket {
            quotas.runTaskBurst = Int(runTaskBucket.burst)
            quotas.runTaskRefillPerSecond = runTaskBucket.refillPerSecond
        }
        return quotas
    }

    /// Arrival times in milliseconds, sorted.
    public func arrivalTimes() -> [Int] {
        if let startTimes { return startTimes.map { Int(($0 * 1000).rounded()) }.sorted() }
        let count = max(0, executions)
        let windowMs = max(0, overSeconds) * 1000
        switch arrival {
        case .burst:
            return Array(repeating: 0, count: count)
        case .uniform:
            return (0..<count).map { Int((Double($0) * windowMs / Double(max(count, 1))).rounded()) }
        case .poisson:
            var random = SeededRandom(seed: seed ^ 0x4152_5249_5645)
            let meanGap = count > 0 ? windowMs / Double(count) : 0
            var at = 0.0
            var times: [Int] = []
            times.reserveCapacity(count)
            for _ in 0..<count {
                times.append(Int(at.rounded()))
                at += -meanGap * Foundation.log(1 - random.unit())
            }
            return times
        }
    }

    /// The input of execution `index`.
    /// - Throws: ``LoadPlanError`` when a template does not give valid JSON.
    public func input(_ index: Int) throws(LoadPlanError) -> JSONValue {
        switch inputs {
        case .one(let value): return value
        case .list(let values): return values.isEmpty ? [:] : values[index % values.count]
        case .template(let text):
            let filled = text.replacingOccurrences(of: "{{index}}", with: String(index))
            do { return try JSONParser.parse(filled) } catch {
                throw LoadPlanError("input template for execution \(index) is not valid JSON: \(error)")
            }
        }
    }
}

extension LoadPlan.Duration {
    /// Reads `fixed:S`, `uniform:A..B` or `lognormal:MU,SIGMA`.
    /// - Throws: ``LoadPlanError`` naming what was expected.
    public init(parsing text: String) throws(LoadPlanError) {
        let expected = "expected fixed:S, uniform:A..B or lognormal:MU,SIGMA (seconds), got '\(text)'"
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw LoadPlanError(expected) }
        func number(_ s: Substring) throws(LoadPlanError) -> Double {
            guard let v = Double(s.trimmingCharacters(in: .whitespaces)), v.isFinite else { throw LoadPlanError(expected) }
            return v
        }
        switch parts[0] {
        case "fixed":
            let v = try number(Substring(parts[1]))
            guard v >= 0 else { throw LoadPlanError(expected) }
            self = .fixed(v)
        case "uniform":
            let bounds = parts[1].components(separatedBy: "..")
            guard bounds.count == 2 else { throw LoadPlanError(expected) }
            let a = try number(Substring(bounds[0])), b = try number(Substring(bounds[1]))
            guard a >= 0, b >= a else { throw LoadPlanError(expected) }
            self = .uniform(a, b)
        case "lognormal":
            let values = parts[1].split(separator: ",")
            guard values.count == 2 else { throw LoadPlanError(expected) }
            let mu = try number(values[0]), sigma = try number(values[1])
            guard sigma >= 0 else { throw LoadPlanError(expected) }
            self = .lognormal(mu: mu, sigma: sigma)
        default:
            throw LoadPlanError(expected)
        }
    }

    /// One draw, in seconds.
    func draw(_ random: inout SeededRandom) -> Double {
        switch self {
        case .fixed(let s): return s
        case .uniform(let a, let b): return a + (b - a) * random.unit()
        case .lognormal(let mu, let sigma):
            // Box–Muller: two uniforms give one standard normal.
            let u1 = max(random.unit(), 1e-12), u2 = random.unit()
            let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
            return Foundation.exp(mu + sigma * z)
        }
    }
}

/// A load plan that cannot be used, with the place of the problem when it came from a file.
public struct LoadPlanError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, with its place.
    public let message: String
    /// Makes an error with its message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension SeededRandom {
    /// A uniform draw in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }
}
