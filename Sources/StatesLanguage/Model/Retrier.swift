/// One entry of a state's `Retry` list.
public struct Retrier: Sendable, Hashable {
    /// `ErrorEquals`: the error names this entry matches (non-empty; `States.ALL` alone and last).
    public var errorEquals: [ErrorName]
    /// Seconds before the first retry (default 1).
    public var intervalSeconds: Int?
    /// Retries after the first attempt (default 3; 0 means never).
    public var maxAttempts: Int?
    /// Multiplier of the interval after each retry (default 2.0), kept as written (`2` vs `2.0`).
    public var backoffRate: JSONNumber?
    /// Cap on the interval.
    public var maxDelaySeconds: Int?
    /// `JitterStrategy`: `FULL` to wait a random share of each interval; `nil` when absent (`NONE`).
    public var jitterStrategy: JitterStrategy?
    /// `Comment`: free text for readers; `nil` when absent.
    public var comment: String?

    /// Makes a retrier; absent fields take the AWS defaults when the machine runs.
    public init(
        errorEquals: [ErrorName], intervalSeconds: Int? = nil, maxAttempts: Int? = nil, backoffRate: JSONNumber? = nil,
        maxDelaySeconds: Int? = nil, jitterStrategy: JitterStrategy? = nil, comment: String? = nil
    ) {
        self.errorEquals = errorEquals
        self.intervalSeconds = intervalSeconds
        self.maxAttempts = maxAttempts
        self.backoffRate = backoffRate
        self.maxDelaySeconds = maxDelaySeconds
        self.jitterStrategy = jitterStrategy
        self.comment = comment
    }

    /// The `IntervalSeconds` AWS uses when the field is absent: 1 second.
    public static let defaultIntervalSeconds = 1
    /// The `MaxAttempts` AWS uses when the field is absent: 3.
    public static let defaultMaxAttempts = 3
    /// The `BackoffRate` AWS uses when the field is absent: 2.0.
    public static let defaultBackoffRate = 2.0
}

/// `JitterStrategy`. Values other than `FULL` and `NONE` are kept so the validator can name them.
public enum JitterStrategy: Sendable, Hashable, RawRepresentable {
    /// `FULL`: each wait is a uniform random value between 0 and the computed interval.
    case full
    /// `NONE`: each wait is the computed interval.
    case none
    /// Any other text, kept so the validator can report it.
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "FULL": self = .full
        case "NONE": self = .none
        default: self = .other(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .full: "FULL"
        case .none: "NONE"
        case .other(let s): s
        }
    }
}

/// One entry of a state's `Catch` list.
public struct Catcher: Sendable, Hashable {
    /// `ErrorEquals`: the error names this catcher matches (non-empty; `States.ALL` alone and last).
    public var errorEquals: [ErrorName]
    /// `Next`: the state to go to when this catcher matches.
    public var next: String
    /// Where `{Error, Cause}` goes in the state's input (`$` when absent, discarded when `null`).
    public var resultPath: NullablePath?
    /// JSONata mode: the state's output after the catch.
    public var output: JSONValue?
    /// `Assign`: the variables the state sets when it exits; `nil` when absent.
    public var assign: PayloadTemplate?
    /// `Comment`: free text for readers; `nil` when absent.
    public var comment: String?

    /// Makes a catcher.
    public init(
        errorEquals: [ErrorName], next: String, resultPath: NullablePath? = nil, output: JSONValue? = nil,
        assign: PayloadTemplate? = nil, comment: String? = nil
    ) {
        self.errorEquals = errorEquals
        self.next = next
        self.resultPath = resultPath
        self.output = output
        self.assign = assign
        self.comment = comment
    }
}
