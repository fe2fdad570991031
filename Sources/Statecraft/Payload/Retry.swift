import StatesLanguage

/// A retrier: which errors to retry, how long to wait, how often.
public struct Retry: Sendable, Hashable {
    /// The retrier as written into the definition.
    public var retrier: Retrier

    /// - Parameters:
    ///   - errors: the errors to retry (`ErrorEquals`).
    ///   - interval: seconds before the first retry (`IntervalSeconds`, default 1).
    ///   - maxAttempts: retries after the first attempt (`MaxAttempts`, default 3; 0 never retries).
    ///   - backoffRate: multiplier of the interval after each retry (`BackoffRate`, default 2.0), written as given.
    ///   - maxDelay: cap on the interval in seconds (`MaxDelaySeconds`).
    ///   - jitter: `.full` picks each wait uniformly between 0 and the computed interval.
    ///   - comment: the retrier's `Comment`; `nil` for none.
    public init(
        on errors: [ErrorName], interval: Int? = nil, maxAttempts: Int? = nil, backoffRate: BackoffRate? = nil,
        maxDelay: Int? = nil, jitter: JitterStrategy? = nil, comment: String? = nil
    ) {
        retrier = Retrier(
            errorEquals: errors, intervalSeconds: interval, maxAttempts: maxAttempts, backoffRate: backoffRate?.number,
            maxDelaySeconds: maxDelay, jitterStrategy: jitter, comment: comment)
    }
}

/// A `BackoffRate`, kept as written: `2.0` stays `2.0` and `5` stays `5` in the definition.
public struct BackoffRate: Sendable, Hashable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// The rate, with its text as written.
    public var number: JSONNumber

    public init(floatLiteral value: Double) {
        // A literal written with a decimal point keeps one, even when it is whole.
        let text = value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) + ".0" : JSONNumber(value).text
        number = JSONNumber(text: text) ?? JSONNumber(value)
    }

    public init(integerLiteral value: Int) { number = JSONNumber(value) }

    /// A rate computed at run time of the Swift code.
    public init(_ value: Double) { self.init(floatLiteral: value) }
}

extension ErrorName {
    /// `ECS.AmazonECSException`: ECS API errors without a modelled class, notably throttling (`Rate exceeded`).
    public static let ecsAmazonECSException: ErrorName = "ECS.AmazonECSException"
    /// `ECS.InvalidParameterException`: RunTask rejected its parameters.
    public static let ecsInvalidParameterException: ErrorName = "ECS.InvalidParameterException"
    /// `ECS.ClusterNotFoundException`: the cluster does not exist.
    public static let ecsClusterNotFoundException: ErrorName = "ECS.ClusterNotFoundException"
    /// `ECS.AccessDeniedException`: the role may not run the task.
    public static let ecsAccessDeniedException: ErrorName = "ECS.AccessDeniedException"
    /// `ECS.ServerException`: an ECS service error.
    public static let ecsServerException: ErrorName = "ECS.ServerException"
    /// `ECS.ClientException`: a client error, such as an unknown task definition.
    public static let ecsClientException: ErrorName = "ECS.ClientException"
    /// `AmazonECS.Unknown`: RunTask returned `failures` (the task never started) under `.sync` or callback.
    public static let amazonECSUnknown: ErrorName = "AmazonECS.Unknown"
    /// `Lambda.TooManyRequestsException`: the function's reserved concurrency is exhausted.
    public static let lambdaTooManyRequests: ErrorName = "Lambda.TooManyRequestsException"
    /// `Lambda.ServiceException`: a Lambda service error (worth retrying).
    public static let lambdaServiceException: ErrorName = "Lambda.ServiceException"
    /// `Lambda.AWSLambdaException`: a Lambda error (worth retrying).
    public static let lambdaAWSLambdaException: ErrorName = "Lambda.AWSLambdaException"
    /// `Lambda.SdkClientException`: the SDK failed to call Lambda (worth retrying).
    public static let lambdaSdkClientException: ErrorName = "Lambda.SdkClientException"
    /// `Lambda.ResourceNotFoundException`: the function does not exist.
    public static let lambdaResourceNotFound: ErrorName = "Lambda.ResourceNotFoundException"
    /// `Lambda.Unknown`: the function failed without an error type (timeout, out of memory).
    public static let lambdaUnknown: ErrorName = "Lambda.Unknown"
    /// `SNS.NotFoundException`: the topic does not exist.
    public static let snsNotFound: ErrorName = "SNS.NotFoundException"
    /// `SNS.InvalidParameterException`: Publish rejected its parameters.
    public static let snsInvalidParameter: ErrorName = "SNS.InvalidParameterException"
    /// `DynamoDB.ConditionalCheckFailedException`: a write's condition did not hold.
    public static let dynamoDBConditionalCheckFailed: ErrorName = "DynamoDB.ConditionalCheckFailedException"

    /// The errors worth retrying on every Lambda call (AWS's recommended set).
    public static let lambdaTransientErrors: [ErrorName] = [
        .lambdaServiceException, .lambdaAWSLambdaException, .lambdaSdkClientException, .lambdaTooManyRequests,
    ]
}
