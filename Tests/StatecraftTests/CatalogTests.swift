import Foundation
import Testing
import StatesLanguage
@testable import Statecraft
import StatecraftTemplates

/// The workflow catalog: emit, check with a diff, and the CloudFormation templates it writes.
@Suite struct CatalogTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Job: Workflow {
        let name = "job"
        var machine: Machine {
            Machine {
                ECSJob("Run", cluster: "${ClusterArn}", taskDefinition: "batch", subnets: ["${SubnetId}"])
                SNS.Publish("Tell", topic: "${AlertTopicArn}", message: "done")
                DynamoDB.PutItem("Record", table: "${RunsTable}", item: ["id": "x"])
            }
        }
        var deployment: Deployment? { Deployment(path: "job.yaml", description: "A job", topics: ["AlertTopicArn": "AlertTopic"]) }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("statecraft-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func theCommittedTemplatesAreUpToDate() throws {
        for file in try StatecraftTemplates.catalog.files() {
            let committed = try String(contentsOf: Self.packageRoot.appendingPathComponent("Templates").appendingPathComponent(file.path), encoding: .utf8)
            #expect(committed == file.text, "Templates/\(file.path) is stale: run swift package --allow-writing-to-package-directory statecraft-emit")
        }
    }

    @Test func checkFindsAnEditedFileAndShowsTheDiff() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let catalog = WorkflowCatalog([Job()])
        var out = "", err = ""
        #expect(catalog.run(["emit", "--output", directory.path], output: { out += $0 }, errors: { err += $0 }) == 0)
        #expect(out.contains("wrote \(directory.path)/job.asl.json"))
        #expect(catalog.run(["check", "--output", directory.path], output: { out += $0 }, errors: { err += $0 }) == 0)
        // Someone edits the committed file by hand: check fails and shows the difference.
        let file = directory.appendingPathComponent("job.asl.json")
        let edited = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\"IntervalSeconds\": 3", with: "\"IntervalSeconds\": 5")
        try Data(edited.utf8).write(to: file)
        err = ""
        #expect(catalog.run(["emit", "--check", "--output", directory.path], output: { out += $0 }, errors: { err += $0 }) == 1)
        #expect(err.contains("stale: \(directory.path)/job.asl.json differs from what the catalog generates"))
        #expect(err.contains("\n-          \"IntervalSeconds\": 5,\n+          \"IntervalSeconds\": 3,\n"))
        #expect(err.contains("@@ -"))
        #expect(err.contains("1 of 2 files are stale"))
        // A missing file is reported too.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("job.yaml"))
        err = ""
        #expect(catalog.run(["check", "--output", directory.path], output: { out += $0 }, errors: { err += $0 }) == 1)
        #expect(err.contains("missing: \(directory.path)/job.yaml"))
    }

    @Test func diffsOfLargeFilesStayBounded() {
        // 30,000 lines each, every line different in the middle: too many to align, shown as blocks.
        let old = (0..<30_000).map { "old \($0)" }.joined(separator: "\n")
        let new = (0..<30_000).map { "new \($0)" }.joined(separator: "\n")
        let diff = LineDiff.unified(old: "same\n" + old + "\nend", new: "same\n" + new + "\nend", oldName: "a", newName: "b")
        #expect(diff.hasPrefix("--- a\n+++ b\n@@ -1,30002 +1,30002 @@\n same\n-old 0\n"))
        #expect(diff.contains("\n+new 29999\n end\n"))
        // Small edits are aligned line by line, with common ends trimmed first.
        let small = LineDiff.unified(old: "a\nb\nc\nd\n", new: "a\nx\nc\nd\n", oldName: "o", newName: "n")
        #expect(small == "--- o\n+++ n\n@@ -1,4 +1,4 @@\n a\n-b\n+x\n c\n d\n")
        #expect(LineDiff.unified(old: "", new: "a\n", oldName: "o", newName: "n") == "--- o\n+++ n\n@@ -0,0 +1,1 @@\n+a\n")
    }

    @Test func usageErrorsExitTwo() {
        var err = ""
        #expect(WorkflowCatalog([Job(), Job()]).run(["emit"], output: { _ in }, errors: { err += $0 }) == 2)
        #expect(err.contains("two workflows write job.asl.json"))
        #expect(WorkflowCatalog([Job()]).run(["publish"], output: { _ in }, errors: { err += $0 }) == 2)
        #expect(WorkflowCatalog([Job()]).run(["emit", "--outptu", "x"], output: { _ in }, errors: { err += $0 }) == 2)
        #expect(err.contains("unknown argument '--outptu'"))
    }

    @Test func theTemplateGrantsWhatTheStatesNeed() throws {
        let template = CloudFormationTemplate(machine: try Job().machine.definition(), deployment: try #require(Job().deployment))
        #expect(template.placeholders == ["AlertTopicArn", "ClusterArn", "RunsTable", "SubnetId"])
        #expect(template.parameterNames == ["ClusterArn", "RunsTable", "SubnetId"])
        let yaml = template.yaml
        for expected in [
            "  AlertTopic:\n    Type: AWS::SNS::Topic\n",
            "                  - ecs:RunTask\n                Resource:\n                  - !Sub \"arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/batch:*\"\n",
            "                  - ecs:DescribeTasks\n                  - ecs:StopTask\n",
            "                  - !Sub \"arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule\"\n",
            "                  - sns:Publish\n                Resource:\n                  - !Ref AlertTopic\n",
            "                  - dynamodb:PutItem\n                Resource:\n                  - !Sub \"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${RunsTable}\"\n",
            "                    iam:PassedToService: ecs-tasks.amazonaws.com\n",
            "      DefinitionSubstitutions:\n        AlertTopicArn: !Ref AlertTopic\n        ClusterArn: !Ref ClusterArn\n",
        ] {
            #expect(yaml.contains(expected), "\(expected)")
        }
        // Nothing the states do not use: no Lambda permission.
        #expect(!yaml.contains("lambda:InvokeFunction"))
    }

    @Test func permissionsForLambdaNamesSdkIntegrationsAndNestedExecutions() throws {
        let machine = Machine {
            Lambda.Invoke("Plain name", function: "plan-batch")
            Lambda.Invoke.legacy("Legacy", functionArn: "${LegacyFunctionArn}")
            AnyTask("Copy", resource: "arn:aws:states:::aws-sdk:s3:copyObject", parameters: ["Bucket": "b", "CopySource": "a/b", "Key": "k"])
            AnyTask("Child", resource: "arn:aws:states:::states:startExecution.sync:2", parameters: ["StateMachineArn": "${ChildArn}"])
        }
        let yaml = CloudFormationTemplate(machine: try machine.definition(), deployment: Deployment(path: "t.yaml", description: "d")).yaml
        for expected in [
            "                  - !Sub \"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:plan-batch\"\n",
            "                  - !Sub \"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:plan-batch:*\"\n",
            "                  - !Ref LegacyFunctionArn\n",
            "                  - !Sub \"${LegacyFunctionArn}:*\"\n",
            "              - Sid: S3CopyObject\n                Effect: Allow\n                Action:\n                  - s3:CopyObject\n",
            "                  - states:StartExecution\n                Resource:\n                  - !Ref ChildArn\n",
            "                  - states:DescribeExecution\n                  - states:StopExecution\n",
            "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule",
        ] {
            #expect(yaml.contains(expected), "\(expected)")
        }
    }
}
