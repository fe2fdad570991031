import Foundation
import Testing
import StatecraftTestSupport
import StatesLanguage
@testable import Statecraft

/// Seed 000's machine, written with the DSL.
let seed000Machine = Machine(comment: "Example of Run Task") {
    ECS.RunTask(
        "Run Task", .sync,
        cluster: "arn:aws:ecs:(リージョン):(AWSアカウントID):cluster/(クラスター名)",
        taskDefinition: "arn:aws:ecs:(リージョン):(AWSアカウントID):task-definition/(タスク定義)",
        compute: .fargate,
        network: .awsvpc(subnets: ["サブネットID"], securityGroups: ["セキュリティグループID"],
                         assignPublicIp: .init("ENABLED または DISABLED")))
        .retry(on: [.all], interval: 3, maxAttempts: 3, backoffRate: 5)
        .catch([.all], resultPath: nil) {
            SNS.Publish("Alert", topic: "arn:aws:sns:(リージョン):(AWSアカウントID):(SNSトピック名)", message: .path("$.message"))
        }
}

@Suite struct SeedWorkflowTests {
    static let seedsAvailable = FileManager.default.fileExists(atPath: SharedFixtures.url("seeds").path)

    @Test(.enabled(if: seedsAvailable, "needs ../shared/seeds"))
    func seed000MachineEqualsTheArticle() throws {
        let article = try String(contentsOf: SharedFixtures.url("seeds/000_2c15614484acc6fa.txt"), encoding: .utf8)
        let lines = article.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains("\"Comment\": \"Example of Run Task\"") }) - 1
        let end = try #require(lines[start...].firstIndex { $0 == "}" })
        let published = lines[start...end].joined(separator: "\n")
            .replacingOccurrences(of: "},\n      },\n      \"Catch\"", with: "}\n      },\n      \"Catch\"")
        let expected = try JSONParser.parse(published)
        let result = seed000Machine.build()
        let built = ASLEncoder.encode(result.machine)
        #expect(built.isSemanticallyEqual(to: expected), "\(result.json)")
        // The article's placeholders are not ARNs, so only resource findings may appear.
        #expect(result.diagnostics.allSatisfy { $0.code == "bad-resource" || $0.severity == .warning }, "\(result.diagnostics)")
    }

    @Test func seed002RetrierIsEmittedExactly() throws {
        let machine = Machine {
            ECS.RunTask("Run", cluster: "jobs", taskDefinition: "batch")
                .retry(on: [.ecsAmazonECSException], interval: 3, maxAttempts: 3, backoffRate: 2.0)
        }
        let json = try machine.json()
        #expect(json.contains("""
                  "Retry": [
                    {
                      "ErrorEquals": [
                        "ECS.AmazonECSException"
                      ],
                      "IntervalSeconds": 3,
                      "MaxAttempts": 3,
                      "BackoffRate": 2.0
                    }
                  ],
            """), "\(json)")
    }
}
