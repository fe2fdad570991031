/// One entry of a state's `Retry` list.
public struct Retrier: Sendable, Hashable {
    public var errorEquals: [ErrorName]
    /// Seconds before the first retry (default 1).
    public var intervalSeconds: Int?
    /// Retries after the first attempt (default 3; 0 means never).
    public var maxAttempts: Int?
    /// Multiplier of the interval after each retry (default 2.0), kept as written (`2` vs `2.0`).
    public var backoffRate: JSONNumber?
    /// Cap on the interval.
    public var maxDelaySeconds: Int?
    public var jitterStrategy: JitterStrategy?
    public var comment: String?

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

    public static let defaultIntervalSeconds = 1
    public static let defaultMaxAttempts = 3
    public static let defaultBackoffRate = 2.0
}

/// `JitterStrategy`. Values other than `FULL` and `NONE` are kept so the validator can name them.
public enum JitterStrategy: Sendable, Hashable, RawRepresentable {
    case full
    case none
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
    public var errorEquals: [ErrorName]
    public var next: String
    /// Where `{Error, Cause}` goes in the state's input (`$` when absent, discarded when `null`).
    public var resultPath: NullablePath?
    /// JSONata mode: the state's output after the catch.
    public var output: JSONValue?
    public var assign: PayloadTemplate?
    public var comment: String?

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
