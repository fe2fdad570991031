import StatesLanguage

/// A workflow of a catalog: a name, its machine, and optionally the CloudFormation stack that deploys it.
///
/// ```swift
/// struct NightlyBatch: Workflow {
///     let name = "nightly-batch"
///     var machine: Machine {
///         Machine { ECSJob("Run batch", cluster: "${ClusterArn}", taskDefinition: "${TaskDefinitionArn}", subnets: ["${SubnetId}"]) }
///     }
/// }
/// ```
///
/// A catalog (``WorkflowCatalog``) writes `<name>.asl.json` for each workflow, and checks in CI that
/// the committed files are up to date.
public protocol Workflow: Sendable {
    /// Names the emitted file (`<name>.asl.json`) and the stack.
    var name: String { get }
    /// The state machine.
    var machine: Machine { get }
    /// Where the definition is written, relative to the output directory (default `<name>.asl.json`).
    var path: String { get }
    /// A CloudFormation template to write beside the definition, or `nil`.
    var deployment: Deployment? { get }
}

extension Workflow {
    public var path: String { "\(name).asl.json" }
    public var deployment: Deployment? { nil }
}

/// How a workflow deploys: a CloudFormation template with the state machine, its IAM role (with the
/// permissions its Task states need, derived from the definition), SNS topics it creates, and a
/// parameter for every other `${Name}` placeholder of the definition (each becomes a
/// `DefinitionSubstitutions` entry).
public struct Deployment: Sendable {
    /// Where the template is written, relative to the output directory.
    public var path: String
    /// The template's `Description`.
    public var description: String
    /// Placeholders bound to SNS topics the stack creates: placeholder name → topic logical id
    /// (e.g. `["AlertTopicArn": "AlertTopic"]`).
    public var topics: [String: String]
    /// A description for each parameter (placeholders not bound to a topic).
    public var parameters: [String: String]

    public init(path: String, description: String, topics: [String: String] = [:], parameters: [String: String] = [:]) {
        self.path = path
        self.description = description
        self.topics = topics
        self.parameters = parameters
    }
}
