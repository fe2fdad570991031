import Foundation
import Testing
import StatesLanguage
import Statecraft
import StatecraftSimulator
import StatecraftTesting

/// The getting-started articles of the DocC catalogs (`Sources/<Module>/<Module>.docc/GettingStarted.md`):
/// every Swift example in them is compiled here, verbatim, and does what the article says it does.
@Suite struct ArticleExamplesTests {
    static let articles = ["StatesLanguage", "Statecraft", "StatecraftSimulator", "StatecraftTesting"].map {
        TestingDocsTests.root.appendingPathComponent("Sources/\($0)/\($0).docc/GettingStarted.md")
    }

    /// The ```swift blocks of an article, without their `import` lines and without the `Package.swift`
    /// fragments (which compile only in a manifest).
    static func examples(in article: URL) throws -> [String] {
        let text = try String(contentsOf: article, encoding: .utf8)
        return text.components(separatedBy: "```swift\n").dropFirst().compactMap { chunk in
            guard let block = chunk.components(separatedBy: "\n```").first, !block.contains(".product(name:") else { return nil }
            return block.components(separatedBy: "\n").filter { !$0.hasPrefix("import ") }.joined(separator: "\n")
        }
    }

    @Test(arguments: articles)
    func everyExampleIsCompiledHere(_ article: URL) throws {
        let here = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let compiled = TestingDocsTests.normalised(here)
        let examples = try Self.examples(in: article)
        #expect(!examples.isEmpty, "\(article.path) has no Swift example")
        for example in examples {
            #expect(compiled.contains(TestingDocsTests.normalised(example)), "not in ArticleExamplesTests.swift:\n\(example)")
        }
    }

    // MARK: Statecraft

    @Test func statecraftMachineIsPrintedAsASL() throws {
        let machine = Machine(comment: "Nightly batch") {
            AlertOnFailure(topic: "arn:aws:sns:us-east-1:123456789012:alerts", subject: "Batch failed") {
                ECSJob("Run batch", cluster: "jobs", taskDefinition: "batch",
                       subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0e1f2a3b"])
                    .resultPath("$.task")
            }
            Succeed("Done")
        }

        print(try machine.json())

        let shown = """
            {
              "Comment": "Nightly batch",
              "StartAt": "Run batch",
              "States": {
                "Run batch": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::ecs:runTask.sync",
            """
        #expect(try machine.json().hasPrefix(shown + "\n"))
    }

    @Test func statecraftMistakeIsReportedAtItsSwiftLine() {
        let gotoLine = #line + 3
        let broken = Machine {
            Pass("Start")
            Goto("Finish")          // there is no state called "Finish"
        }

        let result = broken.build()
        for diagnostic in result.diagnostics {
            print(diagnostic)       // names the file and line of Goto("Finish") and the code missing-target
        }
        print(result.isValid)       // false

        #expect(!result.isValid)
        let missing = result.diagnostics.filter { $0.code == "missing-target" }
        #expect(missing.map(\.location) == [.swift(fileID: #fileID, line: gotoLine)])
    }

    // MARK: StatesLanguage

    @Test func statesLanguageDiagnosticsArePrinted() {
        let definition = """
        {
          "StartAt": "Run",
          "States": {
            "Run": {
              "Type": "Task",
              "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "plan"},
              "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5}],
              "Next": "Notfy"
            },
            "Notify": {"Type": "Succeed"}
          }
        }
        """

        let result = Validator().check(Array(definition.utf8))
        for diagnostic in result.diagnostics {
            print(diagnostic)
        }
        print(result.isValid)   // false

        #expect(!result.isValid)
        #expect(Set(result.diagnostics.map(\.code)) == ["retry-range", "missing-target", "unreachable-state"])
        let missing = result.diagnostics.first { $0.code == "missing-target" }
        #expect(missing?.hint?.contains(#"did you mean "Notify"?"#) == true)
        guard case .json(let position)? = missing?.location else {
            Issue.record("missing-target has no JSON position: \(String(describing: missing))")
            return
        }
        #expect((position.line, position.column) == (9, 15))
        #expect(missing.map { "\($0)".hasPrefix("9:15:") } == true)

        if let machine = result.machine {
            print(ASLEncoder.prettyText(machine))
        }
        #expect(result.machine.map(ASLEncoder.prettyText)?.hasPrefix("{\n  \"StartAt\": \"Run\",") == true)
    }

    @Test func statesLanguageTrailingCommaIsADiagnostic() {
        let result = Validator().check(Array(#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"},}}"#.utf8))
        #expect(result.diagnostics.map(\.code) == ["json-trailing-comma"])
        #expect(result.machine == nil)
    }

    // MARK: StatecraftSimulator

    @Test func simulatorRetryWaitsAreExact() throws {
        let definition = """
        {
          "StartAt": "Run",
          "States": {
            "Run": {
              "Type": "Task",
              "Resource": "arn:aws:states:::ecs:runTask.sync",
              "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch"},
              "Retry": [{"ErrorEquals": ["ECS.AmazonECSException"], "IntervalSeconds": 3, "MaxAttempts": 3, "BackoffRate": 2.0}],
              "End": true
            }
          }
        }
        """
        let program = try Program(json: Array(definition.utf8))

        let mocks = ScriptedMocks()
        mocks.state("Run", responses: [
            .failure(error: "ECS.AmazonECSException", cause: "Rate exceeded"),
            .failure(error: "ECS.AmazonECSException", cause: "Rate exceeded"),
            .success(["LastStatus": "STOPPED"]),
        ])

        let execution = Simulator(services: [mocks]).run(program, input: ["date": "2026-11-23"])

        #expect(execution.status == .succeeded)
        let failed = execution.events("TaskFailed").map(\.time)          // 0 s, 3 s
        let scheduled = execution.events("TaskScheduled").map(\.time)    // 0 s, 3 s, 9 s
        #expect(zip(failed, scheduled.dropFirst()).map { $1 - $0 } == [3, 6])
        print(execution.timeline())

        #expect(failed == [0, 3])
        #expect(scheduled == [0, 3, 9])
        #expect(execution.output == ["LastStatus": "STOPPED"])
    }

    // MARK: StatecraftTesting

    let machine = Machine {
        ECS.RunTask("Run batch", cluster: "jobs", taskDefinition: "batch")
            .retry(on: [.ecsAmazonECSException], interval: 3, maxAttempts: 3, backoffRate: 2.0)
        Succeed("Done")
    }

    @Test func throttledTwiceThenRuns() throws {
        let mocks = ScriptedMocks()
        mocks.state("Run batch", responses: [
            .failure(error: "ECS.AmazonECSException", cause: "Rate exceeded"),
            .failure(error: "ECS.AmazonECSException", cause: "Rate exceeded"),
            .success(["LastStatus": "STOPPED"]),
        ])

        let run = try machine.simulate(services: [mocks], jitter: .off)

        run.expect(status: .succeeded)
        run.expect(path: ["Run batch", "Done"])
        #expect(run.attempts(of: "Run batch") == 3)
        #expect(run.retryDelays(of: "Run batch") == [3, 6])
    }
}
