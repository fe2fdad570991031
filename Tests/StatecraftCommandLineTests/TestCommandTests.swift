import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import StatesLanguage
@testable import StatecraftCommandLine

/// `statecraft test`: every template's test file passes with full state and catcher coverage and
/// valid JUnit XML; wrong expectations, misspelt states and missing mocks get their own exit codes.
@Suite struct TestCommandTests {
    static let root = DocumentationTranscriptTests.packageRoot
    static let templates = ["ecs-run-task-alert", "ecs-throttle-safe", "ecs-concurrency-gate"]

    /// A console holding a template's files, with `changes` applied to the named files.
    static func console(_ template: String, changing changes: [String: (String) -> String] = [:]) throws -> MemoryConsole {
        let console = MemoryConsole()
        for name in ["tests.json", "statemachine.asl.json", "mock-config.json", "substitutions.json", "input.json"] {
            let path = "Templates/\(template)/\(name)"
            var text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            if let change = changes[name] { text = change(text) }
            console.files[path] = Array(text.utf8)
        }
        return console
    }

    @Test(arguments: templates)
    func everyTemplatePassesWithFullCoverage(_ template: String) throws {
        let console = try Self.console(template)
        let junit = "/tmp/\(template).xml"
        let code = StatecraftCommand.main(["test", "Templates/\(template)/tests.json", "--coverage", "--min-coverage", "100", "--junit", junit],
                                          console: console)
        #expect(code == 0, "\(console.output)\(console.errorOutput)")
        #expect(console.output.contains("PASS  HappyPath\nPASS  RetryPath\nPASS  AlertPath\n"))
        #expect(!console.output.contains("FAIL"))
        #expect(console.output.contains("catchers "))
        let xml = String(decoding: try #require(console.files[junit]), as: UTF8.self)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\""))
        #expect(xml.contains("failures=\"0\" errors=\"0\""))
        #expect(xml.contains("<testcase classname=\"Templates/\(template)/tests.json\" name=\"AlertPath\""))
        // Well formed: XMLParser reads it to the end.
        let parser = XMLParser(data: Data(xml.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    @Test func aWrongExpectationFailsNamingTheCaseAndTheDifference() throws {
        let console = try Self.console("ecs-run-task-alert", changing: ["tests.json": {
            $0.replacingOccurrences(of: "\"AlertPath\": {\"status\": \"FAILED\"", with: "\"AlertPath\": {\"status\": \"SUCCEEDED\"")
        }])
        let code = StatecraftCommand.main(["test", "Templates/ecs-run-task-alert/tests.json", "--junit", "out.xml"], console: console)
        #expect(code == 1)
        #expect(console.output.contains("FAIL  AlertPath\n      status: expected SUCCEEDED, got FAILED with WorkflowFailed\n"))
        #expect(console.output.contains("3 test cases: 2 passed, 1 failed, 0 ran past their mocks"))
        let xml = String(decoding: try #require(console.files["out.xml"]), as: UTF8.self)
        #expect(xml.contains("<failure message=\"status: expected SUCCEEDED, got FAILED with WorkflowFailed\">"))
        #expect(XMLParser(data: Data(xml.utf8)).parse())
    }

    @Test func aMisspeltStateInTheMockFileIsAnErrorWithItsPlace() throws {
        let console = try Self.console("ecs-throttle-safe", changing: ["mock-config.json": {
            $0.replacingOccurrences(of: "\"Alert\": \"AlertPublished\"", with: "\"Alrt\": \"AlertPublished\"")
        }])
        let code = StatecraftCommand.main(["test", "Templates/ecs-throttle-safe/tests.json"], console: console)
        #expect(code == 2)
        #expect(console.errorOutput.contains(
            "Templates/ecs-throttle-safe/mock-config.json:16:11: error: test case \"AlertPath\" mocks state \"Alrt\", which the machine does not have; did you mean \"Alert\"?"),
            "\(console.errorOutput)")
        #expect(console.output.isEmpty)
    }

    @Test func aTestCaseMissingFromTheMockFileIsAnError() throws {
        let console = try Self.console("ecs-run-task-alert", changing: ["tests.json": {
            $0.replacingOccurrences(of: "\"RetryPath\":", with: "\"RetryPth\":")
        }])
        #expect(StatecraftCommand.main(["test", "Templates/ecs-run-task-alert/tests.json"], console: console) == 2)
        #expect(console.errorOutput.contains("Templates/ecs-run-task-alert/tests.json:9:5: error: test case \"RetryPth\" is not in Templates/ecs-run-task-alert/mock-config.json; did you mean \"RetryPath\"?"),
                "\(console.errorOutput)")
    }

    @Test func runningPastTheMocksIsExitThree() throws {
        // The alert has no mock in this test case: the execution runs past the mocks.
        let console = try Self.console("ecs-run-task-alert", changing: ["mock-config.json": {
            $0.replacingOccurrences(of: ",\n          \"Alert\": \"AlertPublished\"", with: "")
        }])
        let code = StatecraftCommand.main(["test", "Templates/ecs-run-task-alert/tests.json"], console: console)
        #expect(code == 3, "\(console.output)\(console.errorOutput)")
        #expect(console.output.contains("ERROR AlertPath: ran past its mocks"))
        #expect(console.output.contains("1 ran past their mocks"))
    }

    @Test func belowTheMinimumCoverageFails() throws {
        let console = try Self.console("ecs-throttle-safe", changing: ["tests.json": {
            $0.replacingOccurrences(of: ",\n    \"PlannerFailsPath\": {\"status\": \"FAILED\", \"error\": \"WorkflowFailed\", \"path\": [\"Plan batch\", \"Alert\", \"Alert: failed\"]}", with: "")
        }])
        let code = StatecraftCommand.main(["test", "Templates/ecs-throttle-safe/tests.json", "--min-coverage", "100"], console: console)
        #expect(code == 1)
        #expect(console.errorOutput.contains("catchers coverage 1/2 is below --min-coverage 100.0%"), "\(console.errorOutput)")
    }

    @Test(arguments: [
        ("{\"definition\": \"d.json\"}", ":1:1: error: missing \"mockConfig\""),
        ("{\"definition\": \"d.json\", \"mockConfig\": \"m.json\", \"testCase\": {}}", ":1:50: error: unknown field \"testCase\"; did you mean \"testCases\"?"),
        ("{\"definition\": \"d.json\", \"mockConfig\": \"m.json\", \"testCases\": {\"A\": {\"status\": \"DONE\"}}}", "error: \"status\" must be SUCCEEDED, FAILED, TIMED_OUT or ABORTED"),
        ("[1", ":1:3: error:"),
    ])
    func badTestFilesAreUsageErrors(_ text: String, _ message: String) {
        let console = MemoryConsole(files: ["t.json": Array(text.utf8)])
        #expect(StatecraftCommand.main(["test", "t.json"], console: console) == 2)
        #expect(console.errorOutput.hasPrefix("t.json"))
        #expect(console.errorOutput.contains(message), "\(console.errorOutput)")
    }
}

/// Docs/CLI.md and Docs/Testing.md show `statecraft test` and a test file as they are.
@Suite struct TestCommandDocsTests {
    static func doc(_ name: String) throws -> String {
        try String(contentsOf: TestCommandTests.root.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func theCoverageTranscriptIsWhatTheCommandPrints() throws {
        let console = try TestCommandTests.console("ecs-concurrency-gate")
        #expect(StatecraftCommand.main(["test", "Templates/ecs-concurrency-gate/tests.json", "--coverage"], console: console) == 0)
        let shown = "```\nstatecraft test Templates/ecs-concurrency-gate/tests.json --coverage\n" + console.output + "```\n"
        #expect(try Self.doc("Docs/CLI.md").contains(shown), "Docs/CLI.md should show:\n\(shown)")
    }

    @Test func theTestFileShownIsTheTemplates() throws {
        let file = try String(contentsOf: TestCommandTests.root.appendingPathComponent("Templates/ecs-throttle-safe/tests.json"), encoding: .utf8)
        #expect(try Self.doc("Docs/Testing.md").contains("```json\n" + file + "```\n"))
    }
}

@Suite struct TestCommandCoverageFormatTests {
    @Test func coverageAsJSONAndMermaid() throws {
        let json = try TestCommandTests.console("ecs-throttle-safe")
        #expect(StatecraftCommand.main(["test", "Templates/ecs-throttle-safe/tests.json", "--coverage-format", "json"], console: json) == 0)
        let text = try #require(json.output.components(separatedBy: "ran past their mocks\n").last)
        let report = try JSONParser.parse(text)
        #expect(report["kinds"]?["catcher"] == ["covered": 2, "total": 2])
        #expect(report["uncovered"] == [])

        let mermaid = try TestCommandTests.console("ecs-throttle-safe", changing: ["tests.json": {
            $0.replacingOccurrences(of: ",\n    \"PlannerFailsPath\": {\"status\": \"FAILED\", \"error\": \"WorkflowFailed\", \"path\": [\"Plan batch\", \"Alert\", \"Alert: failed\"]}", with: "")
        }])
        #expect(StatecraftCommand.main(["test", "Templates/ecs-throttle-safe/tests.json", "--coverage-format", "mermaid"], console: mermaid) == 0)
        #expect(mermaid.output.contains("flowchart TD\n"))
        #expect(mermaid.output.contains("-.->|✗|"), "the planner's catch edge is not covered")
        #expect(mermaid.output.contains("linkStyle "))

        let bad = try TestCommandTests.console("ecs-throttle-safe")
        #expect(StatecraftCommand.main(["test", "Templates/ecs-throttle-safe/tests.json", "--coverage-format", "svg"], console: bad) == 2)
        #expect(bad.errorOutput.contains("invalid value 'svg' for --coverage-format; expected text, json or mermaid"))
    }
}
