/// Map checks (`bad-label`, and the warning `map-distributed-field` for Distributed-only fields in an inline Map).
public struct MapRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.badLabel, .mapDistributedField] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states {
            guard case .map(let m) = entry.state.kind else { continue }
            if let label = m.label {
                let forbidden = Set(" \t\n\r<>{}[]?*\"#%\\^|~`$&,;:/")
                if label.count > 40 || label.contains(where: { forbidden.contains($0) || $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) }) {
                    diagnostics.append(Diagnostic(.error, .badLabel, "Label \"\(label)\" must be at most 40 characters without spaces or any of < > { } [ ] ? * \" # % \\ ^ | ~ ` $ & , ; : /",
                                                  at: entry.pointer.appending("Label")))
                }
            }
            if !m.isDistributed {
                var fields: [String] = []
                if m.itemReader != nil { fields.append("ItemReader") }
                if m.itemBatcher != nil { fields.append("ItemBatcher") }
                if m.resultWriter != nil { fields.append("ResultWriter") }
                if m.toleratedFailureCount != nil { fields.append("ToleratedFailureCount") }
                if m.toleratedFailurePercentage != nil { fields.append("ToleratedFailurePercentage") }
                if m.label != nil { fields.append("Label") }
                for field in fields {
                    diagnostics.append(Diagnostic(.warning, .mapDistributedField,
                        "\(field) applies to a Distributed Map; this Map runs inline", at: entry.pointer.appending(field), key: true,
                        hint: "set \"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"} in ItemProcessor"))
                }
            }
        }
    }
}

/// A `.waitForTaskToken` task passes `$$.Task.Token` to the service, or nobody can ever call back (`missing-task-token`, warning).
public struct TaskTokenRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.missingTaskToken] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states {
            guard case .task(let t) = entry.state.kind, t.resource.hasSuffix(".waitForTaskToken") else { continue }
            var passesToken = false
            if let parameters = t.parameters {
                passesToken = parameters.expressions.contains { TaskTokenRule.mentionsToken($0.expression) }
            }
            if let arguments = t.arguments, JSONWriter.string(arguments).contains("$states.context.Task.Token") {
                passesToken = true
            }
            if !passesToken {
                diagnostics.append(Diagnostic(.warning, .missingTaskToken,
                    "this .waitForTaskToken task never passes the task token, so no worker can call SendTaskSuccess and it waits until it times out",
                    at: entry.pointer.appending("Resource"),
                    hint: entry.queryLanguage == .jsonata ? "pass \"{% $states.context.Task.Token %}\" in Arguments" : "add \"TaskToken.$\": \"$$.Task.Token\" to Parameters (or to the message you send)"))
            }
        }
    }

    static func mentionsToken(_ e: Expression) -> Bool {
        switch e {
        case .path(let p):
            return p.root == .context && p.segments.starts(with: [.member("Task"), .member("Token")])
        case .intrinsic(let call):
            return call.arguments.contains { argument in
                switch argument {
                case .path(let p): mentionsToken(.path(p))
                case .call(let c): mentionsToken(.intrinsic(c))
                default: false
                }
            }
        }
    }
}

/// An `ecs:runTask` task names its cluster and task definition, and a Fargate launch has an awsvpc
/// network configuration (`ecs-run-task`, warning).
public struct ECSRunTaskRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.ecsRunTask] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states {
            guard case .task(let t) = entry.state.kind, ECSRunTaskRule.isRunTask(t.resource) else { continue }
            let field = t.parameters != nil ? "Parameters" : "Arguments"
            // The request's top-level fields: from the payload template, or from JSONata Arguments.
            let has: (String) -> Bool
            let literal: (String) -> JSONValue?
            if let parameters = t.parameters, case .object = parameters {
                has = { parameters.field(named: $0) != nil }
                literal = { name in
                    guard case .template(let v)? = parameters.field(named: name)?.value else { return nil }
                    return v.literalValue
                }
            } else if case .object(let arguments)? = t.arguments {
                has = { arguments[$0] != nil }
                literal = { arguments[$0] }
            } else {
                diagnostics.append(Diagnostic(.warning, .ecsRunTask, "this ecs:runTask task has no Parameters: RunTask needs at least a TaskDefinition",
                                              at: entry.pointer, hint: "add Parameters with Cluster, TaskDefinition and, on Fargate, NetworkConfiguration"))
                continue
            }
            let at = entry.pointer.appending(field)
            for key in ["Cluster", "TaskDefinition"] where !has(key) {
                diagnostics.append(Diagnostic(.warning, .ecsRunTask,
                    key == "Cluster" ? "RunTask without Cluster runs on the account's default cluster" : "RunTask needs a TaskDefinition",
                    at: at, hint: "add \"\(key)\": \"arn:aws:ecs:…\""))
            }
            let fargate = literal("LaunchType") == "FARGATE"
                || (literal("CapacityProviderStrategy").map { JSONWriter.string($0).contains("FARGATE") } ?? false)
            if fargate, has("NetworkConfiguration"), let network = literal("NetworkConfiguration"), network["AwsvpcConfiguration"] == nil {
                reportNetwork(at: at, into: &diagnostics)
            } else if fargate, !has("NetworkConfiguration") {
                reportNetwork(at: at, into: &diagnostics)
            }
        }
    }

    func reportNetwork(at pointer: JSONPointer, into diagnostics: inout [Diagnostic]) {
        diagnostics.append(Diagnostic(.warning, .ecsRunTask,
            "a Fargate task needs an awsvpc NetworkConfiguration; RunTask fails without one",
            at: pointer, hint: "add \"NetworkConfiguration\": {\"AwsvpcConfiguration\": {\"Subnets\": [...], \"SecurityGroups\": [...]}}"))
    }

    /// Whether a Resource is the ECS RunTask integration in any pattern.
    public static func isRunTask(_ resource: String) -> Bool {
        let parts = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "states" else { return false }
        return parts[5] == "ecs:runTask" || parts[5].hasPrefix("ecs:runTask.")
    }
}

extension Diagnostic.Code {
    /// `bad-label`: a Map Label is at most 40 characters with no spaces or < > { } [ ] ? * " # % \ ^ \| ~    $ & ,.
    public static let badLabel: Self = "bad-label"
    /// `map-distributed-field`: ItemReader, ItemBatcher, ResultWriter, ToleratedFailure…, Label on a Map that runs inline.
    public static let mapDistributedField: Self = "map-distributed-field"
    /// `missing-task-token`: a .waitForTaskToken task passes $$.Task.Token.
    public static let missingTaskToken: Self = "missing-task-token"
    /// `ecs-run-task`: an ecs.
    public static let ecsRunTask: Self = "ecs-run-task"
}
