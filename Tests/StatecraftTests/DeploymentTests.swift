import Testing
import StatesLanguage
@testable import Statecraft
import StatecraftTemplates

/// Partitions, least-privilege IAM, and the deployment options of CloudFormation templates.
@Suite struct DeploymentTests {
    /// The three templates of Templates/, in `aws` and `aws-cn`, as golden files (cfn-lint checks them in
    /// `.ci/run`, the `aws-cn` ones for cn-north-1).
    @Test(arguments: [Partition.aws, .awsCN])
    func theTemplatesMatchTheirGoldenFilesInEachPartition(_ partition: Partition) throws {
        for workflow in StatecraftTemplates.catalog.workflows where !workflow.path.hasSuffix(".jsonata.asl.json") {  // JSONata twins: definitions only
            let deployment = try #require(workflow.deployment)
            let machine = try workflow.machine.inPartition(partition).definition()
            let yaml = CloudFormationTemplate(machine: machine, deployment: deployment).yaml
            try Golden.check(yaml, named: "templates/\(workflow.name).\(partition).yaml")
            #expect(!yaml.contains("arn:aws:states:::") || partition == .aws)
        }
    }

    @Test func theMachinePartitionWritesEveryIntegrationARN() throws {
        let machine = Machine(partition: .awsCN) {
            ECS.RunTask("Run", taskDefinition: "batch", compute: .ec2)
            Map("Each", itemsPath: "$.items") { Lambda.Invoke("Call", function: "f") }
        }
        let json = try machine.json()
        #expect(json.contains("\"arn:aws-cn:states:::ecs:runTask.sync\""))
        #expect(json.contains("\"arn:aws-cn:states:::lambda:invoke\""))
        #expect(!json.contains("arn:aws:states"))
    }

    struct Job: Workflow {
        let name = "job"
        var type: Deployment.StateMachineType = .standard
        var machine: Machine {
            Machine {
                ECS.RunTask("Run", .sync, cluster: "jobs", taskDefinition: "batch", compute: .ec2,
                            taskOverride: .init(taskRoleArn: "arn:aws:iam::123456789012:role/job"))
            }
        }
        var deployment: Deployment? {
            Deployment(path: "job.yaml", description: "A job", type: type, name: "nightly-job",
                       logging: .init(level: .all, includeExecutionData: true, destination: .logGroupArn("${LogGroupArn}")),
                       tracing: true, tags: ["team": "data"], passRoles: ["${ExecutionRoleArn}"])
        }
    }

    @Test func iamIsLeastPrivilegeAndTheTrustPolicyIsConditioned() throws {
        let files = try WorkflowCatalog(defaultOutput: "out", [Job()]).files()
        let yaml = try #require(files.first { $0.path == "job.yaml" }).text
        let passRole = ["                  - iam:PassRole", "                Resource:", "                  - \"arn:aws:iam::123456789012:role/job\"",
                        "                  - !Ref ExecutionRoleArn", "                Condition:"].joined(separator: "\n")
        #expect(yaml.contains(passRole))
        #expect(!yaml.contains("iam:PassRole\n                Resource:\n                  - \"*\""))
        #expect(yaml.contains("aws:SourceAccount: !Ref AWS::AccountId"))
        #expect(yaml.contains("aws:SourceArn: !Sub \"arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:nightly-job\""))
        #expect(yaml.contains("StateMachineName: \"nightly-job\""))
        #expect(yaml.contains("LoggingConfiguration:\n        Level: ALL\n        IncludeExecutionData: true"))
        #expect(yaml.contains("LogGroupArn: !Ref LogGroupArn"))
        #expect(yaml.contains("TracingConfiguration:\n        Enabled: true"))
        #expect(yaml.contains("xray:PutTraceSegments"))
        #expect(yaml.contains("logs:CreateLogDelivery"))
        #expect(yaml.contains("  LogGroupArn:\n    Type: String"))
    }

    @Test func anExpressWorkflowRefusesSyncAndCallbacksAtTheSwiftLine() throws {
        var job = Job()
        job.type = .express
        #expect(throws: BuildError.self) { try WorkflowCatalog(defaultOutput: "out", [job]).files() }
        do {
            _ = try WorkflowCatalog(defaultOutput: "out", [job]).files()
        } catch {
            let d = try #require(error.diagnostics.first { $0.code == "express-unsupported" })
            #expect(d.location == .swift(fileID: "StatecraftTests/DeploymentTests.swift", line: 37))
        }
    }
}

/// ECS requests written with the DSL: whole fields from paths, task overrides, placement, enums.
@Suite struct ECSRequestDSLTests {
    @Test func wholeFieldsComeFromPathsAndTaskOverridesArePlaced() throws {
        let machine = Machine {
            ECS.RunTask("Run", cluster: "jobs", taskDefinition: "batch", compute: .ec2,
                        overrides: [.init("app", command: .path("$.command"), environment: .path("$.environment"), cpu: 256)],
                        taskOverride: .init(cpu: 1024, memory: "2 GB", executionRoleArn: .path("$.role"), ephemeralStorageGiB: 40),
                        propagateTags: .taskDefinition, placementConstraints: [.distinctInstance, .memberOf("attribute:ecs.instance-type =~ t3.*")],
                        placementStrategy: [.spreadAcrossZones, .binpack(.memory)])
        }
        let json = try machine.json()
        #expect(json.contains("\"Command.$\": \"$.command\""))
        #expect(json.contains("\"Environment.$\": \"$.environment\""))
        #expect(!json.contains("States.Array"))
        #expect(json.contains("\"Cpu\": \"1024\""))
        #expect(json.contains("\"Memory\": \"2 GB\""))
        #expect(json.contains("\"ExecutionRoleArn.$\": \"$.role\""))
        #expect(json.contains("\"SizeInGiB\": 40"))
        #expect(json.contains("\"PropagateTags\": \"TASK_DEFINITION\""))
        #expect(json.contains("\"Type\": \"distinctInstance\""))
        #expect(json.contains("\"Field\": \"attribute:ecs.availability-zone\""))
        #expect(json.contains("\"Field\": \"memory\""))
        #expect(json.contains("\"LaunchType\": \"EC2\""))
    }

    @Test func elementListsStillWorkAndCapacityProvidersAreComplete() throws {
        let machine = Machine {
            ECS.RunTask("Run", cluster: "jobs", taskDefinition: "batch",
                        compute: .capacityProviders([.fargateSpot(weight: 3), .fargate(weight: 1, base: 1)]),
                        network: .awsvpc(subnets: ["subnet-1"]),
                        overrides: [.init("app", command: ["run", .path("$.date")], environment: ["STAGE": "prod"])])
        }
        let json = try machine.json()
        #expect(json.contains("\"Command.$\": \"States.Array('run', $.date)\""))
        #expect(json.contains("\"CapacityProvider\": \"FARGATE_SPOT\""))
        #expect(json.contains("\"Base\": 1"))
    }
}
