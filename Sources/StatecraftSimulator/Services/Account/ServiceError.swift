import StatesLanguage

/// An error an AWS API returned, as Step Functions reports it: the error name is `<Service>.<Exception>`
/// and the cause ends with the SDK's `(Service: …; Status Code: …; Error Code: …; Request ID: …; Proxy: null)`.
public struct ServiceError: Error, Sendable, Equatable {
    /// The error name Step Functions gives, e.g. `ECS.AmazonECSException`.
    public let error: String
    /// The SDK's service name, e.g. `AmazonECS`.
    public let service: String
    /// The HTTP status code of the response (400 for a client error, 429 for throttling).
    public let statusCode: Int
    /// The API's error code, e.g. `ThrottlingException`.
    public let code: String
    /// The API's message, e.g. `Rate exceeded`.
    public let message: String

    /// An error of `service`: `error` is Step Functions' name for it, `code` the API's.
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

    /// The failure a Task state sees, with a request id drawn from the account's generator.
    public func outcome(_ context: inout ServiceContext) -> TaskOutcome {
        .failure(error: error, cause: cause(requestId: context.requestId()))
    }
}
