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
    /// `STANDARD` or `EXPRESS`. Express workflows cannot wait for a job (`.sync`) or a callback
    /// (`.waitForTaskToken`): the catalog refuses such a machine when it builds it.
    public var type: StateMachineType
    /// `StateMachineName` (CloudFormation makes one up when `nil`); the trust policy then names the exact machine.
    public var name: String?
    /// CloudWatch Logs: what to log and where (`nil`: no logging).
    public var logging: Logging?
    /// AWS X-Ray tracing.
    public var tracing: Bool
    /// Tags of the state machine, sorted by key in the template.
    public var tags: [String: String]
    /// The IAM roles a RunTask of this machine passes to ECS (the task definitions' task and execution
    /// roles): ARNs or `${Name}` placeholders (which become parameters). `iam:PassRole` is granted on
    /// exactly these and on roles named in the definition's task overrides; with none known, on any
    /// role passed to `ecs-tasks.amazonaws.com`.
    public var passRoles: [String]
    /// An EventBridge rule on this machine's executions ending FAILED, TIMED_OUT or ABORTED that invokes
    /// a Lambda function (the gate's cleanup), or `nil`.
    public var cleanupRule: CleanupRule?

    /// Makes a deployment; every argument but the template's path and description has a default that adds nothing to the template.
    public init(path: String, description: String, topics: [String: String] = [:], parameters: [String: String] = [:],
                type: StateMachineType = .standard, name: String? = nil, logging: Logging? = nil, tracing: Bool = false,
                tags: [String: String] = [:], passRoles: [String] = [], cleanupRule: CleanupRule? = nil) {
        self.path = path
        self.description = description
        self.topics = topics
        self.parameters = parameters
        self.type = type
        self.name = name
        self.logging = logging
        self.tracing = tracing
        self.tags = tags
        self.passRoles = passRoles
        self.cleanupRule = cleanupRule
    }

    /// `StateMachineType`.
    public enum StateMachineType: String, Sendable {
        /// A Standard workflow: exactly-once, up to a year long, with execution history.
        case standard = "STANDARD"
        /// An Express workflow: at-least-once, up to five minutes, no `.sync` or callback integrations.
        case express = "EXPRESS"
    }

    /// `LoggingConfiguration`: the level, whether execution input and output are logged, and the log group.
    public struct Logging: Sendable {
        /// `Level`: which execution events are logged.
        public enum Level: String, Sendable {
            /// Every event.
            case all = "ALL"
            /// Events of failures (and worse).
            case error = "ERROR"
            /// Only events that end the execution with a failure.
            case fatal = "FATAL"
            /// No logging.
            case off = "OFF"
        }

        /// Where the logs go.
        public enum Destination: Sendable {
            /// A log group the stack creates (`/aws/vendedlogs/states/<stack name>`), kept `retentionDays` days.
            case newLogGroup(retentionDays: Int?)
            /// An existing log group: its ARN, or a `${Name}` placeholder.
            case logGroupArn(String)
        }

        /// Which events are logged.
        public var level: Level
        /// Whether the logs include execution input and output.
        public var includeExecutionData: Bool
        /// The log group the events go to.
        public var destination: Destination

        /// Makes a logging configuration; by default, errors only, without data, into a new log group kept 30 days.
        public init(level: Level = .error, includeExecutionData: Bool = false, destination: Destination = .newLogGroup(retentionDays: 30)) {
            self.level = level
            self.includeExecutionData = includeExecutionData
            self.destination = destination
        }
    }

    /// An EventBridge rule matching "Step Functions Execution Status Change" events of this machine with
    /// status FAILED, TIMED_OUT or ABORTED, whose target is `function` (an ARN or `${Name}` placeholder),
    /// sent `{"action": "cleanup", "owner": <execution ARN>, "status": <status>}` plus `constants`.
    public struct CleanupRule: Sendable {
        /// The Lambda function the rule invokes: an ARN or a `${Name}` placeholder.
        public var function: String
        /// Fields added to the event the function receives.
        public var constants: [String: String]
        /// Makes a cleanup rule that invokes `function`.
        public init(function: String, constants: [String: String] = [:]) {
            self.function = function
            self.constants = constants
        }
    }
}
