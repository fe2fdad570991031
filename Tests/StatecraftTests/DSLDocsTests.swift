import Foundation
import Testing
import StatesLanguage
@testable import Statecraft

@Suite struct DSLDocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func normalised(_ text: String) -> String {
        text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    @Test func everySwiftSnippetOfTheGuideIsCompiledInDocSnippets() throws {
        let guide = try String(contentsOf: Self.root.appendingPathComponent("Docs/DSL.md"), encoding: .utf8)
        let snippets = try String(contentsOf: Self.root.appendingPathComponent("Tests/StatecraftTests/DocSnippets.swift"), encoding: .utf8)
        let compiled = Self.normalised(snippets)
        var blocks: [String] = []
        var current: [String]?
        for line in guide.components(separatedBy: "\n") {
            if current == nil, line == "```swift" { current = []; continue }
            if current != nil, line == "```" { blocks.append(current!.joined(separator: "\n")); current = nil; continue }
            current?.append(line)
        }
        #expect(blocks.count >= 10)
        for block in blocks {
            #expect(compiled.contains(Self.normalised(block)), "not in DocSnippets.swift:\n\(block)")
        }
    }

    @Test func theGuidesMachinesValidate() {
        for machine in [DocSnippets.tutorialRetries(), DocSnippets.tutorialGatedAlertingJob(), DocSnippets.sequence(),
                        DocSnippets.swiftControlFlow(regions: ["eu", "us"], dryRun: true), DocSnippets.choice(), DocSnippets.loop(),
                        DocSnippets.gotoAndDetached(), DocSnippets.parallelAndMap(), DocSnippets.waits(), DocSnippets.dataFlow(),
                        DocSnippets.retryAndCatch(), DocSnippets.components(), DocSnippets.customComponent()] {
            let result = machine.build()
            #expect(result.isValid, "\(result.diagnostics)")
        }
        #expect(DocSnippets.integrations().build().diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(!DocSnippets.tutorialMistake().build().isValid)
    }

    @Test func printOutputsForTheGuide() throws {
        // Not an assertion of content beyond validity: prints what Docs/DSL.md shows.
        print(try DocSnippets.tutorialFirstMachine())
        for d in DocSnippets.tutorialMistake().build().diagnostics { print(d) }
        #expect(try DocSnippets.tutorialFirstMachine().contains("\"Resource\": \"arn:aws:states:::ecs:runTask.sync\""))
    }
}
