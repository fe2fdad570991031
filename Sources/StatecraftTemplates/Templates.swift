import Statecraft

/// The workflows in `Templates/`, written by the DSL and kept in sync by the catalog's check mode
/// (`swift package --allow-writing-to-package-directory statecraft-emit --check`).
public enum StatecraftTemplates {
    public static let catalog = WorkflowCatalog(defaultOutput: "Templates", [
        RunTaskAlert(), ThrottleSafe(), ConcurrencyGateTemplate(),
        // The same workflows with QueryLanguage JSONata, beside them (definitions only: the deployed
        // templates use the JSONPath ones).
        RunTaskAlert(jsonata: true), ThrottleSafe(jsonata: true), ConcurrencyGateTemplate(jsonata: true),
    ])

    /// Where a template's definition goes: `statemachine.asl.json`, or `statemachine.jsonata.asl.json`
    /// for its JSONata version.
    static func path(_ name: String, jsonata: Bool) -> String {
        jsonata ? "\(name)/statemachine.jsonata.asl.json" : "\(name)/statemachine.asl.json"
    }

    /// What each deployment parameter is.
    static let parameterDescriptions = [
        "ClusterArn": "The ECS cluster (name or ARN) the task runs in",
        "TaskDefinitionArn": "The task definition ARN, with its revision (arn:aws:ecs:region:account:task-definition/family:revision)",
        "SubnetId": "A subnet for the task's network interface (awsvpc)",
        "SecurityGroupId": "A security group for the task's network interface",
        "PlannerFunctionArn": "The ARN of the Lambda function that plans the batch",
        "GateFunctionArn": "The ARN of the gate Lambda function (Templates/ecs-concurrency-gate/gate_lambda)",
        "TaskRoleArn": "The task definition's task role (the state machine may pass it to ECS)",
        "TaskExecutionRoleArn": "The task definition's execution role (the state machine may pass it to ECS)",
    ]

    static func deployment(_ name: String, _ description: String, cleanupRule: Deployment.CleanupRule? = nil) -> Deployment {
        Deployment(path: "\(name)/template.yaml", description: description, topics: ["AlertTopicArn": "AlertTopic"],
                   parameters: parameterDescriptions, logging: .init(level: .error, destination: .newLogGroup(retentionDays: 30)),
                   tracing: true, tags: ["workflow": name], passRoles: ["${TaskRoleArn}", "${TaskExecutionRoleArn}"],
                   cleanupRule: cleanupRule)
    }
}

/// Seed 000: `runTask.sync` on Fargate, Retry, Catch → SNS alert.
struct RunTaskAlert: Workflow {
    /// The JSONata version (`QueryLanguage` JSONata, a definition without a deployment).
    var jsonata = false
    let name = "ecs-run-task-alert"
    var path: String { StatecraftTemplates.path(name, jsonata: jsonata) }
    var deployment: Deployment? {
        guard !jsonata else { return nil }
        return StatecraftTemplates.deployment(name, "Run an ECS task on Fargate and wait for it; retry with backoff; alert by SNS when it fails")
    }

    var machine: Machine {
        Machine(comment: "Run an ECS task on Fargate and wait for it; retry failures with backoff, then publish an alert", queryLanguage: jsonata ? .jsonata : nil) {
            AlertOnFailure(topic: "${AlertTopicArn}", subject: "ECS task failed") {
                ECS.RunTask("Run Task", .sync, cluster: "${ClusterArn}", taskDefinition: "${TaskDefinitionArn}", compute: .fargate,
                            network: .awsvpc(subnets: ["${SubnetId}"], securityGroups: ["${SecurityGroupId}"], assignPublicIp: false))
                    .retry(on: [.all], interval: 3, maxAttempts: 3, backoffRate: 5)
                    .resultPath("$.task")
            }
            Succeed("Done")
        }
    }
}

/// Seed 002, made safe at volume: throttling retried with capped, jittered backoff; the planner
/// Lambda's `TooManyRequestsException` retried on its own; an alert when the job fails.
struct ThrottleSafe: Workflow {
    /// The JSONata version (`QueryLanguage` JSONata, a definition without a deployment).
    var jsonata = false
    let name = "ecs-throttle-safe"
    var path: String { StatecraftTemplates.path(name, jsonata: jsonata) }
    var deployment: Deployment? {
        guard !jsonata else { return nil }
        return StatecraftTemplates.deployment(name, "Plan a batch with Lambda and run it as an ECS task, safe against RunTask throttling; alert by SNS on failure")
    }

    var machine: Machine {
        Machine(comment: "Plan with Lambda, run on ECS; throttling retried with capped, jittered backoff; alert on failure", queryLanguage: jsonata ? .jsonata : nil) {
            AlertOnFailure(topic: "${AlertTopicArn}", subject: "Batch failed") {
                Lambda.Invoke("Plan batch", function: "${PlannerFunctionArn}")
                    .retry(on: [.lambdaTooManyRequests], interval: 2, maxAttempts: 6, backoffRate: 2.0, maxDelay: 30, jitter: .full)
                    .resultSelector(["plan": .path("$.Payload")])
                    .resultPath("$.planner")
                ECSJob("Run batch", cluster: "${ClusterArn}", taskDefinition: "${TaskDefinitionArn}",
                       subnets: ["${SubnetId}"], securityGroups: ["${SecurityGroupId}"])
                    .resultPath("$.task")
            }
            Succeed("Done")
        }
    }
}

/// The gate loop: acquire a slot (Lambda), wait and poll while none is free, run the job, release the
/// slot on success and on failure, alert on failure.
struct ConcurrencyGateTemplate: Workflow {
    /// The JSONata version (`QueryLanguage` JSONata, a definition without a deployment).
    var jsonata = false
    let name = "ecs-concurrency-gate"
    var path: String { StatecraftTemplates.path(name, jsonata: jsonata) }
    var deployment: Deployment? {
        guard !jsonata else { return nil }
        return StatecraftTemplates.deployment(name, "Run an ECS task behind a concurrency gate (at most 10 at once); release the slot on every path; alert on failure",
                                       cleanupRule: .init(function: "${GateFunctionArn}", constants: ["lockName": "ecs-batch"]))
    }

    var machine: Machine {
        Machine(comment: "At most 10 ECS jobs at once: acquire a slot, run, release on every path, alert on failure", queryLanguage: jsonata ? .jsonata : nil) {
            ConcurrencyGate(lockName: "ecs-batch", limit: 10, lock: .lambda(function: "${GateFunctionArn}"),
                            poll: .init(interval: 10, backoffRate: 1.5, maxInterval: 60), maxPolls: 30, alertTopic: "${AlertTopicArn}") {
                ECSJob("Run batch", cluster: "${ClusterArn}", taskDefinition: "${TaskDefinitionArn}",
                       subnets: ["${SubnetId}"], securityGroups: ["${SecurityGroupId}"])
                    .resultPath("$.task")
            }
            Succeed("Done")
        }
    }
}
