// The Swift snippets of Docs/DSL.md, verbatim: this file must compile, and DSLDocsTests checks that
// every ```swift block of the guide appears here.
import StatesLanguage
import Statecraft

enum DocSnippets {
    // MARK: Tutorial

    static func tutorialFirstMachine() throws -> String {
        let machine = Machine(comment: "Nightly batch") {
            ECS.RunTask("Run batch", cluster: "jobs", taskDefinition: "batch",
                        compute: .fargate, network: .awsvpc(subnets: ["subnet-0a1b2c3d"]))
            Succeed("Done")
        }
        return try machine.json()
    }

    static let topic: PayloadValue = "arn:aws:sns:us-east-1:123456789012:alerts"
    static let gate: PayloadValue = "arn:aws:lambda:us-east-1:123456789012:function:ecs-gate"

    static func tutorialRetries() -> Machine {
        Machine(comment: "Nightly batch") {
            ECS.RunTask("Run batch", cluster: "jobs", taskDefinition: "batch",
                        compute: .fargate, network: .awsvpc(subnets: ["subnet-0a1b2c3d"]))
                .retry(on: [.ecsAmazonECSException], interval: 3, maxAttempts: 6, backoffRate: 2.0,
                       maxDelay: 60, jitter: .full)
                .retry(on: [.taskFailed], interval: 30, maxAttempts: 2)
            Succeed("Done")
        }
    }

    static func tutorialGatedAlertingJob() -> Machine {
        Machine(comment: "Nightly batch, at most 50 at a time") {
            ConcurrencyGate(lockName: "nightly-batch", limit: 50, lock: .lambda(function: gate),
                            maxPolls: 30, alertTopic: topic) {
                ECSJob("Run batch", cluster: "jobs", taskDefinition: "batch",
                       subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0e1f2a3b"])
                    .resultPath("$.task")
            }
            Succeed("Done")
        }
    }

    static func tutorialMistake() -> Machine {
        Machine {
            Pass("Prepare")
            Goto("Run bach")
        }
    }

    // MARK: Reference

    static func sequence() -> Machine {
        Machine(comment: "steps chain in order", timeoutSeconds: 3600) {
            Pass("Start", result: ["attempt": 0])
            Wait("Pause", seconds: 10)
            Succeed("Done")
        }
    }

    static func swiftControlFlow(regions: [String], dryRun: Bool) -> Machine {
        Machine {
            if dryRun {
                Pass("Dry run", result: ["dryRun": true])
            }
            for region in regions {
                AnyTask("Sync \(region)", resource: "arn:aws:states:::lambda:invoke",
                        parameters: ["FunctionName": "sync", "Payload": ["region": .init(region)]])
            }
            Succeed("Done")
        }
    }

    static func choice() -> Machine {
        Machine {
            Choice("Route") {
                When(Variable("$.size") > 1000 && Variable("$.priority") == "high") {
                    Pass("Split")
                }
                When(Variable("$.cancelled") == true) {
                    Fail("Cancelled", error: "Cancelled", cause: "the request was cancelled")
                }
                Otherwise {
                    Pass("Process")
                }
            }
            Succeed("Done")
        }
    }

    static func loop() -> Machine {
        Machine {
            Loop {
                AnyTask("Check", resource: "arn:aws:states:::lambda:invoke", parameters: ["FunctionName": "check"])
                    .resultSelector(["ready": .path("$.Payload.ready")])
                Choice("Ready?") {
                    When(Variable("$.ready") == true) { Break() }
                    Otherwise { Wait("Wait a minute", seconds: 60) }
                }
            }
            Succeed("Done")
        }
    }

    static func gotoAndDetached() -> Machine {
        Machine {
            AnyTask("Call", resource: "arn:aws:states:::lambda:invoke", parameters: ["FunctionName": "f"])
                .catch([.all], resultPath: "$.error", goto: "Give up")
            Succeed("Done")
            Detached {
                Fail("Give up", error: "CallFailed", cause: .path("$.error.Cause"))
            }
        }
    }

    static func parallelAndMap() -> Machine {
        Machine {
            Parallel("Fan out") {
                Branch { Pass("Left") }
                Branch { Pass("Right") }
            }
            .resultPath("$.branches")
            Map("Each order", itemsPath: "$.orders", maxConcurrency: 10,
                itemSelector: ["order": .mapItemValue, "index": .mapItemIndex]) {
                Pass("Handle order")
            }
            Map("Each file", distributed: .standard, reader: .s3Objects(bucket: "inbox", prefix: "2026/"),
                batcher: .batches(maxItems: 100), writer: .s3(bucket: "results", prefix: "runs"),
                maxConcurrency: 500, toleratedFailurePercentage: 1) {
                Pass("Handle batch")
            }
        }
    }

    static func waits() -> Machine {
        Machine {
            Wait("Ten seconds", seconds: 10)
            Wait("Until Christmas", timestamp: "2026-12-24T18:00:00Z")
            Wait("As long as asked", secondsPath: "$.delaySeconds")
            Wait("Until asked", timestampPath: "$.notBefore")
        }
    }

    static func dataFlow() -> Machine {
        Machine {
            AnyTask("Call", resource: "arn:aws:states:::lambda:invoke",
                    parameters: ["FunctionName": "score", "Payload": ["user.$": "$.user"]])
                .comment("score the user")
                .inputPath("$.request")
                .resultSelector(["score": .path("$.Payload.score")])
                .resultPath("$.result")
                .outputPath("$.result")
                .timeout(seconds: 30)
                .heartbeat(seconds: 10)
                .assign(["lastScore": .path("$.Payload.score")])
        }
    }

    static let payload: Payload = [
        "Literal": "text",
        "Number": 42,
        "FromInput": .path("$.orderId"),
        "Execution": .executionId,
        "Attempt": .retryCount,
        "Variable": .variable("lastScore"),
        "Message": .format("Order {} failed: {}", .path("$.orderId"), .path("$.error.Cause")),
        "Ids": [.path("$.a"), .path("$.b")],
        "Nested": ["Id": .uuid],
        "Raw.$": "States.JsonToString($)",
    ]

    static func integrations() -> Machine {
        Machine {
            ECS.RunTask("Run", .sync, cluster: "jobs", taskDefinition: "batch:3",
                        compute: .capacityProviders([.fargateSpot(weight: 3), .fargate(weight: 1, base: 1)]),
                        network: .awsvpc(subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0e1f2a3b"], assignPublicIp: false),
                        overrides: [.init("app", command: ["process", .path("$.date")], environment: ["STAGE": "prod"], memory: 2048)],
                        count: 1, tags: ["team": "data"], platformVersion: "LATEST", enableExecuteCommand: true)
            ECS.RunTask("Start worker", .waitForTaskToken, cluster: "jobs", taskDefinition: "worker",
                        compute: .fargate, network: .awsvpc(subnets: ["subnet-0a1b2c3d"]),
                        overrides: [.init("worker", environment: ["TASK_TOKEN": .taskToken])])
                .heartbeat(seconds: 300)
            SNS.Publish("Notify", topic: "arn:aws:sns:us-east-1:123456789012:events",
                        message: .format("batch {} done", .executionName), subject: "Batch done",
                        attributes: ["kind": .string("batch")])
            SNS.Publish("Notify in order", fifoTopic: "arn:aws:sns:us-east-1:123456789012:events.fifo",
                        message: .path("$.event"), messageGroupId: .path("$.customerId"))
            Lambda.Invoke("Score", function: "arn:aws:lambda:us-east-1:123456789012:function:score",
                          payload: ["user": .path("$.user")], qualifier: "live")
            Lambda.Invoke.legacy("Score (legacy)", functionArn: "arn:aws:lambda:us-east-1:123456789012:function:score")
            DynamoDB.GetItem("Read lock", table: "locks", key: ["LockName": "batch"])
            DynamoDB.PutItem("Record run", table: "runs", item: ["RunId": .s(.executionName), "Started": .s(.executionStartTime)],
                             condition: "attribute_not_exists(RunId)")
            DynamoDB.UpdateItem("Count run", table: "counters", key: ["Name": "runs"],
                                update: "ADD #n :one", names: ["#n": "count"], values: [":one": .number(1)])
            DynamoDB.DeleteItem("Forget run", table: "runs", key: ["RunId": .s(.executionName)])
            AnyTask("Send", resource: "arn:aws:states:::sqs:sendMessage",
                    parameters: ["QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/jobs", "MessageBody.$": "$"])
        }
    }

    static func retryAndCatch() -> Machine {
        Machine {
            Lambda.Invoke("Acquire", function: gate)
                .retry(on: [.lambdaTooManyRequests], interval: 3, maxAttempts: 3, backoffRate: 2.0)
                .retry(Retry(on: ErrorName.lambdaTransientErrors, interval: 2, maxAttempts: 6, jitter: .full))
                .catch([.lambdaUnknown], resultPath: "$.error") {
                    Pass("Log and continue")
                }
                .catch([.all], resultPath: "$.error") {
                    Fail("Acquire failed", error: .path("$.error.Error"), cause: .path("$.error.Cause"))
                }
            Succeed("Done")
        }
    }

    static func components() -> Machine {
        Machine {
            AlertOnFailure(topic: topic) {
                ECSJob("Extract", cluster: "jobs", taskDefinition: "extract", subnets: ["subnet-0a1b2c3d"])
                ECSJob("Load", cluster: "jobs", taskDefinition: "load", subnets: ["subnet-0a1b2c3d"])
            }
            ConcurrencyGate("Loader gate", lockName: "loader", limit: 5, lock: .dynamoDB(table: "locks"),
                            poll: .init(interval: 5, backoffRate: 2, maxInterval: 120), maxPolls: 40) {
                ECSJob("Publish", cluster: "jobs", taskDefinition: "publish", subnets: ["subnet-0a1b2c3d"])
            }
            Succeed("Done")
        }
    }

    struct NotifyTeam: Component {
        typealias Ending = Continues
        let message: String
        var body: Steps {
            SNS.Publish("Notify team", topic: "arn:aws:sns:us-east-1:123456789012:team", message: .init(message))
                .resultPath(nil)
        }
    }

    static func customComponent() -> Machine {
        Machine {
            NotifyTeam(message: "batch starting")
            ECSJob("Run batch", cluster: "jobs", taskDefinition: "batch", subnets: ["subnet-0a1b2c3d"])
        }
    }

    static func diagnostics() {
        let result = tutorialMistake().build()
        for diagnostic in result.diagnostics {
            print(diagnostic)
        }
    }

    /// Docs/DSL.md, "Workflows in CI: the catalog".
    struct NightlyBatch: Workflow {
        let name = "nightly-batch"
        var machine: Machine {
            Machine(comment: "Nightly batch") {
                AlertOnFailure(topic: "${AlertTopicArn}") {
                    ECSJob("Run batch", cluster: "${ClusterArn}", taskDefinition: "${TaskDefinitionArn}",
                           subnets: ["${SubnetId}"], securityGroups: ["${SecurityGroupId}"])
                        .resultPath("$.task")
                }
                Succeed("Done")
            }
        }
        var deployment: Deployment? {
            Deployment(path: "nightly-batch.yaml", description: "Nightly batch on ECS with an alert",
                       topics: ["AlertTopicArn": "AlertTopic"])
        }
    }

    static func catalogMain() {
        WorkflowCatalog(defaultOutput: "statemachines", [NightlyBatch()]).main()
    }
}

// MARK: JSONata (Docs/DSL.md, "JSONata")

extension DocSnippets {
    static func jsonataMachine() -> Machine {
        Machine(comment: "Nightly batch", queryLanguage: .jsonata) {
            AlertOnFailure(topic: topic) {
                ECSJob("Run batch", cluster: "jobs", taskDefinition: "batch",
                       subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0e1f2a3b"])
                    .resultPath("$.task")
            }
            Succeed("Done")
        }
    }

    static func jsonataTyped() -> Machine {
        let attempts = WorkflowVariable<Int>("attempts")
        let maxAttempts = JSONataExpr<Int>("$states.input.maxAttempts")

        return Machine(queryLanguage: .jsonata) {
            Pass("Start").assign(attempts, 0)
            Loop {
                ECS.RunTask("Run report", cluster: "jobs", taskDefinition: "report")
                    .timeout(seconds: JSONataExpr<Int>("$states.input.timeoutSeconds"))
                    .assign(attempts, attempts + 1)
                    .output(["lines": .jsonata("$states.input.lines"), "exitCode": .jsonata("$states.result.Containers[0].ExitCode")])
                Choice("Done?") {
                    When(JSONataExpr<Bool>("$states.input.exitCode = 0")) { Break() }
                    When(attempts >= maxAttempts) {
                        Fail("Gave up", error: "ReportFailed",
                             cause: .jsonata(JSONataExpr<String>("'failed ' & $string($attempts) & ' times'")))
                    }
                    Otherwise { Wait("Back off", seconds: attempts * 30) }
                }
            }
            Map("Publish lines") {
                SNS.Publish("Publish", topic: topic, message: .jsonata("$states.input"))
            }
            .items(JSONataExpr<[String]>("$states.input.lines"))
            .maxConcurrency(JSONataExpr<Int>("$states.input.parallelism"))
            Succeed("Done")
        }
    }

    static func jsonataRefused() -> Machine {
        Machine(queryLanguage: .jsonata) {
            Pass("Pick").parameters(["names": .path("$.orders[*].name")])
            Succeed("Done")
        }
    }

    static func jsonataOptIn() -> Machine {
        Machine {
            Pass("Prepare", result: ["count": 2]).resultPath("$.batch")
            SNS.Publish("Tell", topic: topic, message: .jsonata("'batch of ' & $states.input.batch.count"))
                .queryLanguage(.jsonata)
            Succeed("Done")
        }
    }
}
