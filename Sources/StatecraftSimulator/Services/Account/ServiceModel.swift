import StatesLanguage

/// A modelled AWS service that an ``AWSServices`` account holds and dispatches to: ECS, SNS, Lambda,
/// DynamoDB, or one of your own.
///
/// A model declares the calls it answers (``routes``), answers them (``answer(_:action:in:)``), and
/// reads its own section of the services file (``readSection(_:at:with:in:)``). It holds no reference
/// to its account: what the account shares (region, account id, start instant, seeded request ids,
/// the other models) comes in the ``ServiceContext`` handed to every call.
///
/// ```swift
/// final class QueueModel: ServiceModel {
///     var sectionName: String? { "sqs" }
///     var routes: [ServiceRoute] { [ServiceRoute(resourceType: "sqs", actions: ["sendMessage"])] }
///     func answer(_ call: TaskCall, action: String, in context: inout ServiceContext) -> TaskOutcome? {
///         .success(["MessageId": .string(context.uuid())])
///     }
/// }
/// let aws = AWSServices()
/// aws.register(QueueModel())
/// ```
///
/// Docs/Services.md, "Adding a service model", lists the files a new model touches.
public protocol ServiceModel: AnyObject {
    /// The key of this model's section in the services file (`"ecs"`), or `nil` when it has none.
    var sectionName: String? { get }

    /// The calls this model answers. The account builds its dispatch table from them when the model
    /// is registered, so they are read once.
    var routes: [ServiceRoute] { get }

    /// Answers a call that one of ``routes`` matched.
    /// - Parameters:
    ///   - call: the Task state's call.
    ///   - action: the matched action of the route (`"runTask"`, or ``ServiceRoute/resourceARN``).
    ///   - context: what the account shares with its models.
    /// - Returns: the outcome, or `nil` to leave the call to the simulator's next integration.
    func answer(_ call: TaskCall, action: String, in context: inout ServiceContext) -> TaskOutcome?

    /// Reads this model's section of the services file, checking every key.
    /// - Parameters:
    ///   - section: the section's value.
    ///   - pointer: where the section is (`/ecs`); append to it for the places of errors.
    ///   - reader: the file's checked readers (``ServicesFileReader/object(_:_:allowed:)`` and others)
    ///     and ``ServicesFileReader/fail(_:_:key:)`` for errors with their line and column.
    ///   - context: what the account shares; the sections before this one have been read.
    /// - Throws: ``ServicesFileError`` naming the place of a wrong key, type or value.
    func readSection(_ section: JSONValue, at pointer: JSONPointer, with reader: ServicesFileReader,
                     in context: inout ServiceContext) throws(ServicesFileError)

    /// The simulator gave up waiting for a call this model answered (see ``ServiceIntegration/cancel(_:at:)``).
    func cancel(_ call: TaskCall, at time: Double, in context: inout ServiceContext)

    /// An execution ended (see ``ServiceIntegration/executionEnded(_:)``).
    func executionEnded(_ ended: EndedExecution, in context: inout ServiceContext)
}

extension ServiceModel {
    /// No section in the services file.
    public var sectionName: String? { nil }

    /// A model without a section refuses one (never called: the file's shell only offers sections by name).
    public func readSection(_ section: JSONValue, at pointer: JSONPointer, with reader: ServicesFileReader,
                            in context: inout ServiceContext) throws(ServicesFileError) {
        throw reader.fail("this service has no section", pointer)
    }

    /// Nothing to stop.
    public func cancel(_ call: TaskCall, at time: Double, in context: inout ServiceContext) {}

    /// Nothing reacts to executions ending.
    public func executionEnded(_ ended: EndedExecution, in context: inout ServiceContext) {}
}

/// Calls a ``ServiceModel`` answers: Task resources `arn:aws:states:::<resourceType>:<action>` with
/// one of `patterns`.
public struct ServiceRoute: Sendable, Hashable {
    /// The action of a Task whose `Resource` is the service's own resource ARN rather than a Step
    /// Functions integration: a Lambda function ARN (`arn:aws:lambda:…:function:name`).
    public static let resourceARN = "*"

    /// The service part of the integration ARN, as history's `resourceType` writes it (`ecs`, `sqs`).
    public var resourceType: String
    /// The API actions, as the ARN writes them (`runTask`, `sendMessage`), or ``resourceARN``.
    public var actions: [String]
    /// The integration patterns answered; a call with another pattern is left to the next integration.
    public var patterns: Set<TaskTarget.Pattern>

    /// - Parameters:
    ///   - resourceType: the service part of the ARN (`sqs`).
    ///   - actions: the actions answered (`["sendMessage"]`).
    ///   - patterns: the patterns answered; request-response only unless told.
    public init(resourceType: String, actions: [String], patterns: Set<TaskTarget.Pattern> = [.requestResponse]) {
        self.resourceType = resourceType
        self.actions = actions
        self.patterns = patterns
    }
}
