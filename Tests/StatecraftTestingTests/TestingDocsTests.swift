import Foundation
import Testing
import StatesLanguage
import Statecraft
import StatecraftSimulator
import StatecraftTesting

/// Docs/Testing.md: every Swift example is compiled (in DocumentationExamples.swift) and every output
/// it shows is what the library prints.
@Suite struct TestingDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func guide() throws -> String {
        try String(contentsOf: root.appendingPathComponent("Docs/Testing.md"), encoding: .utf8)
    }

    static func normalised(_ text: String) -> String {
        text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    @Test func everySwiftExampleIsCompiledInDocumentationExamples() throws {
        let examples = try String(contentsOf: Self.root.appendingPathComponent("Tests/StatecraftTestingTests/DocumentationExamples.swift"),
                                  encoding: .utf8)
        let compiled = Self.normalised(examples)
        var blocks: [String] = []
        var current: [String]?
        for line in try Self.guide().components(separatedBy: "\n") {
            if current == nil, line == "```swift" { current = []; continue }
            if let lines = current, line == "```" { blocks.append(lines.joined(separator: "\n")); current = nil; continue }
            current?.append(line)
        }
        #expect(blocks.count >= 9)
        for block in blocks {
            #expect(compiled.contains(Self.normalised(block)), "not in DocumentationExamples.swift:\n\(block)")
        }
    }

    @Test func theCoverageReportShownIsTheOneComputed() throws {
        let text = try NightlyBatchCoverage.report().text
        #expect(try Self.guide().contains("```\n" + text + "```\n"), "Docs/Testing.md should show:\n\(text)")
    }

    @Test func theExplanationShownIsTheOnePrinted() throws {
        let aws = AWSServices()
        aws.lambda.function("plan-batch", responses: [.returns(["items": 3])])
        aws.ecs.define("batch", .init(attempts: [.exit(1)]))
        let run = try NightlyBatch().simulate(services: [aws], substitutions: NightlyBatch.account, jitter: .off)
        let head = run.explanation("expected status SUCCEEDED, got FAILED").components(separatedBy: "\n").prefix(4).joined(separator: "\n")
        #expect(try Self.guide().contains("```\n" + head + "\n    …\n```"), "Docs/Testing.md should show:\n\(head)")
    }
}
