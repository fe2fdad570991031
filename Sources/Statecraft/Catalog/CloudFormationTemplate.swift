import StatesLanguage

/// A CloudFormation template (YAML) deploying a state machine: an `AWS::StepFunctions::StateMachine`
/// with the definition inline and `DefinitionSubstitutions` for every `${Name}` placeholder, an IAM
/// role with the permissions its Task states need, the SNS topics the deployment creates, and a
/// parameter for every other placeholder.
///
/// Permissions are derived from the definition, per integration:
///
/// | Task resource | actions | on |
/// |---|---|---|
/// | `ecs:runTask` | `ecs:RunTask` | the task definition (every revision of its family) |
/// | `ecs:runTask.sync` | also `ecs:StopTask`, `ecs:DescribeTasks`, and `events:PutTargets`, `events:PutRule`, `events:DescribeRule` | the tasks; the rule `StepFunctionsGetEventsForECSTaskRule` |
/// | any ECS task | `iam:PassRole` | roles passed to `ecs-tasks.amazonaws.com` (task and execution roles) |
/// | `sns:publish` | `sns:Publish` | the topic |
/// | `lambda:invoke` | `lambda:InvokeFunction` | the function and its versions and aliases |
/// | `dynamodb:getItem` … | `dynamodb:GetItem` … | the table |
public struct CloudFormationTemplate: Sendable {
    /// The state machine the template deploys.
    public let machine: StateMachine
    /// How it is deployed: the stack's parameters, topics, role, logging and tags.
    public let deployment: Deployment

    /// Makes a template for `machine`, deployed as `deployment` describes.
    public init(machine: StateMachine, deployment: Deployment) {
        self.machine = machine
        self.deployment = deployment
    }

    /// Every `${Name}` placeholder of the definition, sorted.
    public var placeholders: [String] {
        var names: Set<String> = []
        Self.visitStrings(ASLEncoder.encode(machine)) { text in
            var rest = Substring(text)
            while let open = rest.range(of: "${") {
                guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
                let name = rest[open.upperBound..<close]
                if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { names.insert(String(name)) }
                rest = rest[rest.index(after: close)...]
            }
        }
        return names.sorted()
    }

    /// Placeholders the deployment itself names: roles to pass, the cleanup rule's function, a log group.
    var deploymentPlaceholders: [String] {
        var texts = deployment.passRoles
        if let rule = deployment.cleanupRule { texts.append(rule.function) }
        if case .logGroupArn(let arn)? = deployment.logging?.destination { texts.append(arn) }
        return texts.compactMap(Self.placeholderName)
    }

    /// The parameters: placeholders not bound to a topic the stack creates.
    public var parameterNames: [String] {
        Set(placeholders + deploymentPlaceholders).sorted().filter { deployment.topics[$0] == nil }
    }

    /// One IAM statement.
    struct Statement: Equatable {
        let sid: String
        let actions: [String]
        let resources: [Reference]
        var condition: String?
    }

    /// A value in the template: a literal, a `!Ref`, or a `!Sub` string.
    enum Reference: Hashable, Comparable {
        case literal(String)
        case ref(String)
        case sub(String)

        var yaml: String {
            switch self {
            case .literal(let s): return CloudFormationTemplate.quoted(s)
            case .ref(let name): return "!Ref \(name)"
            case .sub(let s): return "!Sub \(CloudFormationTemplate.quoted(s))"
            }
        }
    }

    /// A resource named in a Task's parameters, made into an ARN by `arn`: a placeholder becomes a
    /// reference to its parameter or topic; a value decided at run time (a `.$` field, so `nil` here)
    /// allows any resource of the kind (`*`).
    func reference(_ value: String?, arn: (String) -> String) -> Reference {
        guard let value else { return .literal("*") }
        if let name = Self.placeholderName(value), let topic = deployment.topics[name] { return .ref(topic) }
        let text = arn(value)
        if let name = Self.placeholderName(text) { return .ref(name) }
        return text.contains("${") ? .sub(text) : .literal(text)
    }

    /// `Name` when `text` is exactly `${Name}`.
    static func placeholderName(_ text: String) -> String? {
        guard text.hasPrefix("${"), text.hasSuffix("}"), text.count > 3 else { return nil }
        let name = text.dropFirst(2).dropLast()
        return name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) ? String(name) : nil
    }

    /// The statements the machine's Task states need, merged by action set.
    var statements: [Statement] {
        var found: [Statement] = []
        func add(_ sid: String, _ actions: [String], _ resources: [Reference], condition: String? = nil) {
            if let i = found.firstIndex(where: { $0.sid == sid }) {
                let merged = Array(Set(found[i].resources + resources)).sorted()
                found[i] = Statement(sid: sid, actions: actions, resources: merged, condition: condition)
            } else {
                found.append(Statement(sid: sid, actions: actions, resources: resources.sorted(), condition: condition))
            }
        }
        let region = "${AWS::Region}", account = "${AWS::AccountId}", partition = "${AWS::Partition}"
        Self.visitTasks(ASLEncoder.encode(machine)) { resource, parameters in
            let lambdaArn: (String) -> String = { value in
                // A bare name or `name:alias` becomes the function's ARN in this account.
                value.hasPrefix("arn:") || value.hasPrefix("${") || value.contains(":function:")
                    ? value : "arn:\(partition):lambda:\(region):\(account):function:\(value.split(separator: ":").first.map(String.init) ?? value)"
            }
            let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
            // Service integrations are `arn:<partition>:states:::<service>:<action>[.<pattern>]`
            // (`arn:<partition>:states:::aws-sdk:<service>:<action>` for SDK integrations).
            guard parts.count >= 7, parts[0] == "arn", parts[2] == "states", parts[3].isEmpty, parts[4].isEmpty else {
                // A Lambda function ARN (or a placeholder for one) as the Resource: the legacy form.
                if resource.contains(":lambda:") || Self.placeholderName(resource) != nil {
                    add("InvokeFunctions", ["lambda:InvokeFunction"], [reference(resource) { $0 }, reference(resource) { $0 + ":*" }])
                }
                return
            }
            var service = String(parts[5])
            var action = String(parts[6].split(separator: ".").first ?? "")
            if service == "aws-sdk", parts.count >= 8 {
                service = String(parts[6])
                action = String(parts[7].split(separator: ".").first ?? "")
            }
            let sync = resource.hasSuffix(".sync") || resource.hasSuffix(".sync:2")
            func field(_ name: String) -> String? { parameters?[name]?.stringValue }
            let verb = action.prefix(1).uppercased() + action.dropFirst()
            switch (service, action) {
            case ("ecs", "runTask"):
                // A family or `family:revision` allows every revision of the family; an ARN (or a
                // placeholder for one) is used as given.
                let taskDefinition = reference(field("TaskDefinition")) { value in
                    if value.hasPrefix("arn:") || value.hasPrefix("${") { return value }
                    let family = value.split(separator: ":").first.map(String.init) ?? value
                    return "arn:\(partition):ecs:\(region):\(account):task-definition/\(family):*"
                }
                add("RunEcsTasks", ["ecs:RunTask"], [taskDefinition])
                // As CDK does: PassRole on exactly the roles this RunTask can pass (the deployment's task
                // and execution roles, and roles named in the task overrides); any role only when none is known.
                let overrides = parameters?["Overrides"]
                var roles = deployment.passRoles.map { reference($0) { $0 } }
                for field in ["TaskRoleArn", "ExecutionRoleArn"] {
                    if let role = overrides?[field]?.stringValue { roles.append(reference(role) { $0 }) }
                    else if overrides?[field + ".$"] != nil { roles.append(.literal("*")) }
                }
                add("PassRolesToEcsTasks", ["iam:PassRole"], roles.isEmpty ? [.literal("*")] : roles, condition: "ecs-tasks.amazonaws.com")
                if sync {
                    add("WatchEcsTasks", ["ecs:DescribeTasks", "ecs:StopTask"], [.literal("*")])
                    add("EcsTaskEventsRule", ["events:DescribeRule", "events:PutRule", "events:PutTargets"],
                        [.sub("arn:\(partition):events:\(region):\(account):rule/StepFunctionsGetEventsForECSTaskRule")])
                }
            case ("sns", "publish"):
                add("PublishMessages", ["sns:Publish"], [reference(field("TopicArn") ?? field("TargetArn")) { $0 }])
            case ("lambda", "invoke"):
                let function = field("FunctionName")
                add("InvokeFunctions", ["lambda:InvokeFunction"], [reference(function, arn: lambdaArn), reference(function) { lambdaArn($0) + ":*" }])
            case ("dynamodb", _):
                let table = reference(field("TableName")) { "arn:\(partition):dynamodb:\(region):\(account):table/\($0)" }
                add("DynamoDB\(verb)", ["dynamodb:\(verb)"], [table])
            case ("states", "startExecution"):
                let machine = reference(field("StateMachineArn")) { $0 }
                add("StartExecutions", ["states:StartExecution"], [machine])
                if sync {
                    add("WatchExecutions", ["states:DescribeExecution", "states:StopExecution"], [.literal("*")])
                    add("ExecutionEventsRule", ["events:DescribeRule", "events:PutRule", "events:PutTargets"],
                        [.sub("arn:\(partition):events:\(region):\(account):rule/StepFunctionsGetEventsForStepFunctionsExecutionRule")])
                }
            default:
                // Other integrations: the action on any resource (narrow it by hand if you need to).
                let sid = (service.prefix(1).uppercased() + service.dropFirst() + verb).filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
                add(sid, ["\(service):\(verb)"], [.literal("*")])
            }
        }
        if deployment.logging != nil {
            // Step Functions delivers logs through CloudWatch Logs' log delivery API, which takes no resource.
            add("DeliverLogs", ["logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
                                "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery"],
                [.literal("*")])
        }
        if deployment.tracing {
            add("SendTraces", ["xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments"],
                [.literal("*")])
        }
        return found
    }

    /// Whether the definition's integrations are in a partition other than `aws`.
    var usesOtherPartition: Bool {
        var other = false
        Self.visitTasks(ASLEncoder.encode(machine)) { resource, _ in
            if resource.hasPrefix("arn:"), !resource.hasPrefix("arn:aws:"), !resource.hasPrefix("arn:${") { other = true }
        }
        return other
    }

    /// The ARN of this state machine, for the trust policy's `aws:SourceArn` (every machine of the
    /// account and Region when it has no fixed name: the role exists before the machine).
    var sourceArn: String {
        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:\(deployment.name ?? "*")"
    }
    /// The template text.
    public var yaml: String {
        var y = "# Generated by Statecraft's workflow catalog; edit the workflow and emit again.\n"
        y += "AWSTemplateFormatVersion: \"2010-09-09\"\n"
        y += "Description: \(Self.quoted(deployment.description))\n"
        let parameters = parameterNames
        if !parameters.isEmpty {
            y += "Parameters:\n"
            for name in parameters {
                y += "  \(name):\n    Type: String\n"
                if let description = deployment.parameters[name] { y += "    Description: \(Self.quoted(description))\n" }
            }
        }
        y += "Resources:\n"
        for topic in Set(deployment.topics.values).sorted() {
            y += "  \(topic):\n    Type: AWS::SNS::Topic\n"
        }
        if case .newLogGroup(let retention)? = deployment.logging?.destination {
            y += "  StateMachineLogGroup:\n    Type: AWS::Logs::LogGroup\n    Properties:\n"
            y += "      LogGroupName: !Sub \"/aws/vendedlogs/states/${AWS::StackName}\"\n"
            if let retention { y += "      RetentionInDays: \(retention)\n" }
        }
        y += """
              StateMachineRole:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Principal:
                          Service: states.amazonaws.com
                        Action: sts:AssumeRole
                        Condition:
                          StringEquals:
                            aws:SourceAccount: !Ref AWS::AccountId
                          ArnLike:
                            aws:SourceArn: !Sub \(Self.quoted(sourceArn))
                  Policies:
                    - PolicyName: StateMachinePermissions
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:

            """
        for statement in statements {
            y += "              - Sid: \(statement.sid)\n"
            y += "                Effect: Allow\n"
            y += "                Action:\n"
            for action in statement.actions { y += "                  - \(action)\n" }
            y += "                Resource:\n"
            for resource in statement.resources { y += "                  - \(resource.yaml)\n" }
            if let service = statement.condition {
                y += "                Condition:\n                  StringEquals:\n                    iam:PassedToService: \(service)\n"
            }
        }
        y += """
              StateMachine:
                Type: AWS::StepFunctions::StateMachine

            """
        if usesOtherPartition {
            // cfn-lint's schema for inline definitions accepts only `arn:aws:` task resources (E3601);
            // Step Functions in aws-cn and aws-us-gov requires that partition's ARNs.
            y += "    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks:\n            - E3601\n"
        }
        y += "    Properties:\n      RoleArn: !GetAtt StateMachineRole.Arn\n"
        if let name = deployment.name { y += "      StateMachineName: \(Self.quoted(name))\n" }
        y += "      StateMachineType: \(deployment.type.rawValue)\n"
        if let logging = deployment.logging {
            y += "      LoggingConfiguration:\n        Level: \(logging.level.rawValue)\n"
            y += "        IncludeExecutionData: \(logging.includeExecutionData)\n        Destinations:\n"
            y += "          - CloudWatchLogsLogGroup:\n              LogGroupArn: "
            switch logging.destination {
            case .newLogGroup: y += "!GetAtt StateMachineLogGroup.Arn\n"
            case .logGroupArn(let arn): y += reference(arn) { $0 }.yaml + "\n"
            }
        }
        if deployment.tracing { y += "      TracingConfiguration:\n        Enabled: true\n" }
        if !deployment.tags.isEmpty {
            y += "      Tags:\n"
            for (key, value) in deployment.tags.sorted(by: { $0.key < $1.key }) {
                y += "        - Key: \(Self.quoted(key))\n          Value: \(Self.quoted(value))\n"
            }
        }
        y += "      Definition:\n"
        // JSON is YAML: the definition goes in as a flow mapping, indented under its key.
        let json = JSONWriter.string(ASLEncoder.encode(machine), style: .pretty)
        for line in json.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            y += "        \(line)\n"
        }
        let placeholders = self.placeholders
        if !placeholders.isEmpty {
            y += "      DefinitionSubstitutions:\n"
            for name in placeholders {
                y += "        \(name): !Ref \(deployment.topics[name] ?? name)\n"
            }
        }
        if let rule = deployment.cleanupRule { y += cleanupRuleYAML(rule) }
        y += "Outputs:\n  StateMachineArn:\n    Value: !Ref StateMachine\n"
        for topic in Set(deployment.topics.values).sorted() {
            y += "  \(topic)Arn:\n    Value: !Ref \(topic)\n"
        }
        return y
    }

    /// The cleanup rule and the permission that lets EventBridge invoke its function.
    func cleanupRuleYAML(_ rule: Deployment.CleanupRule) -> String {
        var members = [(key: "action", value: "\"cleanup\""), (key: "owner", value: "<owner>"), (key: "status", value: "<status>")]
        for (key, value) in rule.constants.sorted(by: { $0.key < $1.key }) { members.append((key, Self.quoted(value))) }
        let template = "{" + members.map { "\(Self.quoted($0.key)): \($0.value)" }.joined(separator: ", ") + "}"
        let function = reference(rule.function) { $0 }.yaml
        return """
              ExecutionCleanupRule:
                Type: AWS::Events::Rule
                Properties:
                  Description: "Releases what a failed, timed-out or aborted execution still holds"
                  EventPattern:
                    source:
                      - aws.states
                    detail-type:
                      - Step Functions Execution Status Change
                    detail:
                      status:
                        - FAILED
                        - TIMED_OUT
                        - ABORTED
                      stateMachineArn:
                        - !Ref StateMachine
                  Targets:
                    - Id: Cleanup
                      Arn: \(function)
                      InputTransformer:
                        InputPathsMap:
                          owner: $.detail.executionArn
                          status: $.detail.status
                        InputTemplate: \(Self.quoted(template))
              ExecutionCleanupPermission:
                Type: AWS::Lambda::Permission
                Properties:
                  Action: lambda:InvokeFunction
                  FunctionName: \(function)
                  Principal: events.amazonaws.com
                  SourceArn: !GetAtt ExecutionCleanupRule.Arn

            """
    }

    static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        JSONWriter.writeString(s, into: &out, upperCaseHex: false)
        return String(decoding: out, as: UTF8.self)
    }

    static func visitStrings(_ value: JSONValue, _ body: (String) -> Void) {
        switch value {
        case .string(let s): body(s)
        case .array(let items): for item in items { visitStrings(item, body) }
        case .object(let o): for member in o.members { body(member.key); visitStrings(member.value, body) }
        default: break
        }
    }

    /// Calls `body` with the `Resource` and `Parameters` of every Task state, nested ones included.
    static func visitTasks(_ value: JSONValue, _ body: (String, JSONValue?) -> Void) {
        switch value {
        case .array(let items): for item in items { visitTasks(item, body) }
        case .object(let o):
            if o["Type"] == "Task", let resource = o["Resource"]?.stringValue { body(resource, o["Parameters"] ?? o["Arguments"]) }
            for member in o.members { visitTasks(member.value, body) }
        default: break
        }
    }
}
