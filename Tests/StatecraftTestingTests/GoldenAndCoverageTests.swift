import Foundation
import Testing
import StatesLanguage
import Statecraft
import StatecraftSimulator
import StatecraftTesting

@Suite struct GoldenTests {
    static func run(_ failure: String) throws -> SimulatedExecution {
        let mocks = ScriptedMocks()
        mocks.state("Call", responses: [.failure(error: failure, cause: "first"), .success(["ok": true])])
        return try Machines.retried.simulate(services: [mocks], substitutions: ["Function": "f"], jitter: .off)
    }

    @Test func aCommittedGoldenHistoryMatches() throws {
        // Tests/StatecraftTestingTests/Goldens/retried-once.json (STATECRAFT_RECORD_GOLDENS=1 re-records it).
        let run = try Self.run("Boom")
        #expect(run.expectMatchesGolden("retried-once"))
        #expect(run.expectMatchesGolden("retried-once", format: .timeline))
    }

    @Test func aDifferentHistoryFailsWithAUnifiedDiff() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("statecraft-goldens-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let recorded = try Self.run("Boom")
        #expect(recorded.expectMatchesGolden("run", format: .timeline, directory: folder, record: true))
        #expect(FileManager.default.fileExists(atPath: folder + "/run.txt"))
        #expect(recorded.expectMatchesGolden("run", format: .timeline, directory: folder, record: false))

        // Caught instead of retried: a different history.
        let changed = try Self.run("Other")
        withKnownIssue {
            changed.expectMatchesGolden("run", format: .timeline, directory: folder, record: false)
        } matching: { issue in
            issue.comments.contains { comment in
                let text = comment.rawValue
                return text.contains("--- \(folder)/run.txt") && text.contains("+++ this execution") && text.contains("@@ -")
                    && text.contains("\n-") && text.contains("\n+") && text.contains("STATECRAFT_RECORD_GOLDENS=1")
            }
        }
        withKnownIssue {
            recorded.expectMatchesGolden("missing", directory: folder, record: false)
        } matching: { issue in
            issue.comments.contains { $0.rawValue.contains("no golden file") }
        }
    }
}

@Suite struct CoverageTests {
    /// A Choice with two rules and a Default, a Parallel of two branches, a Map, a retried and caught task.
    static var machine: Machine {
        Machine {
            Choice("Route") {
                When(Variable("$.kind") == "fan") {
                    Parallel("Fan out") {
                        Branch { Pass("Left") }
                        Branch { Pass("Right") }
                    }
                    Succeed("Fanned")
                }
                When(Variable("$.kind") == "each") {
                    Map("Each", itemsPath: "$.items") { Pass("Item") }
                    Succeed("Mapped")
                }
                Otherwise {
                    AnyTask("Call", resource: "arn:aws:states:::lambda:invoke", parameters: ["FunctionName": "f"])
                        .retry(on: ["Boom"], interval: 1, maxAttempts: 2)
                        .catch([.all], resultPath: "$.error") { Fail("Broken", error: "Broken") }
                }
            }
            Succeed("Done")
        }
    }

    @Test func oneRunCoversItsPathOnly() throws {
        let coverage = PathCoverage()
        let simulated = try SimulatedMachine(Self.machine)
        coverage.record(simulated.run(input: ["kind": "other"], services: [SimulatedExecutionTests.call([.success([:])])]))
        let report = coverage.report(for: simulated.program.machine)

        let covered = Set(report.items.filter(\.isCovered).map(\.label))
        #expect(covered == ["state \"Route\"", "state \"Call\"", "state \"Done\"", "transition \"Route\" → \"Call\"",
                            "transition \"Call\" → \"Done\"", "Default of \"Route\""])
        #expect(report.count(of: .state) == (3, 11))
        #expect(report.count(of: .choiceRule) == (0, 2))
        #expect(report.count(of: .choiceDefault) == (1, 1))
        #expect(report.count(of: .retrier) == (0, 1))
        #expect(report.count(of: .catcher) == (0, 1))
        #expect(report.count(of: .parallelBranch) == (0, 2))
        #expect(report.count(of: .mapIterations) == (0, 1))
        #expect(report.text.contains("states                3/11   27.3%\n"))
        #expect(report.text.contains("not covered:\n"))
        #expect(report.text.contains("  catcher 0 of \"Call\"\n"))
        #expect(report.json["kinds"]?["state"] == ["covered": 3, "total": 11])
        #expect(report.json["uncovered"]?.arrayValue?.contains("branch 1 of Parallel \"Fan out\"") == true)
        #expect(report.mermaid.hasPrefix("flowchart TD\n"))
        #expect(report.mermaid.contains("[\"Fan out ✗\"]"))
        #expect(report.mermaid.contains("[\"Route\"]"))
        #expect(report.mermaid.contains("class "))
        #expect(report.mermaid.contains("linkStyle "))
    }

    @Test func runsAccumulateToFullCoverage() throws {
        let coverage = PathCoverage()
        let simulated = try SimulatedMachine(Self.machine)
        let boom = TaskOutcome.failure(error: "Boom", cause: "again")
        let runs = [
            simulated.run(input: ["kind": "fan"]),
            simulated.run(input: ["kind": "each", "items": [1, 2]]),
            simulated.run(input: ["kind": "other"], services: [SimulatedExecutionTests.call([boom, .success([:])])]),
            simulated.run(input: ["kind": "other"], services: [SimulatedExecutionTests.call([.failure(error: "Other", cause: "caught")])]),
        ]
        for run in runs { coverage.record(run) }
        let report = coverage.report(for: simulated.program.machine)
        #expect(report.uncovered.map(\.label) == [])
        for kind in CoverageItem.Kind.allCases { #expect(report.fraction(of: kind) == 1, "\(kind)") }
        #expect(report.fraction == 1)
        #expect(!report.mermaid.contains("✗"))
        #expect(!report.text.contains("not covered"))
    }

    @Test func simulatedRunsAreRecordedInTheSharedCoverage() throws {
        let machine = Machine {
            Pass("Only in this test")
            Succeed("End of this test")
        }
        let run = try machine.simulate()
        #expect(run.status == .succeeded)
        let report = PathCoverage.shared.report(for: try machine.definition())
        #expect(report.fraction(of: .state) == 1)
        #expect(report.fraction(of: .transition) == 1)
    }
}
