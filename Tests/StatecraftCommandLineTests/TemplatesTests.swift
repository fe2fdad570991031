import Foundation
import Testing
import StatesLanguage
@testable import StatecraftCommandLine

/// Templates/: every mock-config test case ends with the status its README states, the README's
/// diagram is what `statecraft graph` draws, and the diagrams are well formed.
@Suite struct TemplatesTests {
    static let root = DocumentationTranscriptTests.packageRoot
    static let templates = ["ecs-run-task-alert", "ecs-throttle-safe", "ecs-concurrency-gate"]

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// `(test case, status)` rows of a README's test-case table: "| `Name` | … | `STATUS` |".
    static func expectedStatuses(_ readme: String) -> [(String, String)] {
        readme.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3, cells[0].hasPrefix("`"), cells[2].hasPrefix("`"),
                  ["`SUCCEEDED`", "`FAILED`", "`TIMED_OUT`"].contains(cells[2]) else { return nil }
            return (String(cells[0].dropFirst().dropLast()), String(cells[2].dropFirst().dropLast()))
        }
    }

    func run(_ arguments: [String]) throws -> (Int32, JSONValue?, String) {
        let console = MemoryConsole()
        for path in arguments where path.hasPrefix("Templates/") {
            console.files[path] = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent(path)))
        }
        let code = StatecraftCommand.main(arguments, console: console)
        return (code, try? JSONParser.parse(console.output), console.errorOutput)
    }

    @Test(arguments: templates)
    func everyTestCaseEndsWithItsReadmeStatus(_ template: String) throws {
        let cases = Self.expectedStatuses(try Self.read("Templates/\(template)/README.md"))
        #expect(Array(cases.map(\.0).prefix(3)) == ["HappyPath", "RetryPath", "AlertPath"])
        for (testCase, status) in cases {
            let (code, report, errors) = try run(["run", "Templates/\(template)/statemachine.asl.json", "--mock-config", "Templates/\(template)/mock-config.json",
                                                  "--test-case", testCase, "--input-file", "Templates/\(template)/input.json", "--format", "json"])
            #expect(report?["status"]?.stringValue == status, "\(template) \(testCase): \(errors)")
            #expect(code == (status == "SUCCEEDED" ? 0 : 1))
        }
    }

    @Test(arguments: ["ecs-throttle-safe", "ecs-concurrency-gate"])
    func theServicesFileRunSucceeds(_ template: String) throws {
        let (code, report, errors) = try run(["run", "Templates/\(template)/statemachine.asl.json", "--services", "Templates/\(template)/services.json",
                                              "--substitutions", "Templates/\(template)/substitutions.json",
                                              "--input-file", "Templates/\(template)/input.json", "--format", "json"])
        #expect(code == 0, "\(errors)")
        #expect(report?["output"]?["task"]?["LastStatus"] == "STOPPED")
        // The placeholders were substituted: the task ran in the cluster and with the task definition given.
        #expect(report?["output"]?["task"]?["ClusterArn"] == "arn:aws:ecs:us-east-1:123456789012:cluster/jobs")
        #expect(report?["output"]?["task"]?["TaskDefinitionArn"] == "arn:aws:ecs:us-east-1:123456789012:task-definition/batch:3")
    }

    @Test(arguments: templates)
    func theReadmeDiagramIsTheGraph(_ template: String) throws {
        let readme = try Self.read("Templates/\(template)/README.md")
        let console = MemoryConsole(files: ["m.json": [UInt8](try Data(contentsOf: Self.root.appendingPathComponent("Templates/\(template)/statemachine.asl.json")))])
        #expect(StatecraftCommand.main(["graph", "m.json"], console: console) == 0)
        #expect(readme.contains("```mermaid\n" + console.output + "```"))
    }

    /// The Mermaid flowchart grammar the graph uses: a header, node declarations in the four shapes with
    /// quoted labels, balanced subgraphs, and edges (plain, labelled, dashed) between declared nodes.
    static func checkMermaid(_ text: String) -> [String] {
        var problems: [String] = []
        var declared: Set<String> = []
        var depth = 0
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.first == "flowchart TD" else { return ["no flowchart header"] }
        let label = #""(?:[^"<>]|<br/>)*""#
        let node = try! Regex(#"^\s*([A-Za-z][A-Za-z0-9_]*)(\[\#(label)\]|\{\#(label)\}|\(\[\#(label)\]\)|\(\(\#(label)\)\))$"#)
        let subgraph = try! Regex(#"^\s*subgraph ([A-Za-z][A-Za-z0-9_]*)\[\#(label)\]$"#)
        let edge = try! Regex(#"^\s*([A-Za-z][A-Za-z0-9_]*) (-->|-\.->|-- \#(label) -->|-\. \#(label) \.->) ([A-Za-z][A-Za-z0-9_]*)$"#)
        var edges: [(String, String)] = []
        for line in lines.dropFirst() {
            if let m = try? node.wholeMatch(in: line), let id = m.output[1].substring {
                declared.insert(String(id))
            } else if (try? subgraph.wholeMatch(in: line)) != nil {
                depth += 1
            } else if line.trimmingCharacters(in: .whitespaces) == "end" {
                depth -= 1
                if depth < 0 { problems.append("unbalanced end") }
            } else if let m = try? edge.wholeMatch(in: line), let from = m.output[1].substring, let to = m.output[m.output.count - 1].substring {
                edges.append((String(from), String(to)))
            } else {
                problems.append("not Mermaid flowchart syntax: \(line)")
            }
        }
        if depth != 0 { problems.append("unclosed subgraph") }
        for (from, to) in edges where !declared.contains(from) || !declared.contains(to) { problems.append("edge to an undeclared node: \(from) → \(to)") }
        return problems
    }

    @Test(arguments: templates + ["Docs/Examples/retry.asl.json", "Docs/Examples/seed-000.asl.json"])
    func diagramsAreWellFormed(_ name: String) throws {
        let path = name.hasSuffix(".json") ? name : "Templates/\(name)/statemachine.asl.json"
        let console = MemoryConsole(files: ["m.json": [UInt8](try Data(contentsOf: Self.root.appendingPathComponent(path)))])
        #expect(StatecraftCommand.main(["graph", "m.json"], console: console) == 0)
        #expect(Self.checkMermaid(console.output) == [])
        console.output = ""
        #expect(StatecraftCommand.main(["graph", "m.json", "--format", "dot"], console: console) == 0)
        let dot = console.output
        #expect(dot.hasPrefix("digraph StateMachine {\n"))
        #expect(dot.hasSuffix("}\n"))
        #expect(dot.filter { $0 == "{" }.count == dot.filter { $0 == "}" }.count)
        // Graphviz itself, where it is installed (CI installs it).
        let dotTool = ["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }
        if let dotTool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: dotTool)
            process.arguments = ["-Tsvg", "-o", "/dev/null"]
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data(dot.utf8))
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "dot rejected the graph of \(name)")
        } else {
            print("note: Graphviz's dot is not installed; the DOT output of \(name) was checked for structure only")
        }
    }

    @Test func nestedStatesAreSubgraphsAndConditionsAreEdgeLabels() throws {
        let definition = #"""
            {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Next": "C", "Branches": [
              {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}}},
              {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}}]},
             "C": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.n", "NumericGreaterThan": 3}, {"Variable": "$.s", "StringEquals": "a\"b"}], "Next": "D"}], "Default": "F"},
             "D": {"Type": "Succeed"}, "F": {"Type": "Fail", "Error": "E"}}}
            """#
        let console = MemoryConsole(files: ["m.json": Array(definition.utf8)])
        #expect(StatecraftCommand.main(["graph", "m.json"], console: console) == 0)
        let mermaid = console.output
        #expect(Self.checkMermaid(mermaid) == [])
        #expect(mermaid.contains("subgraph s0_branch0[\"P: branch 1\"]"))
        #expect(mermaid.contains("subgraph s4_items[\"M: each item\"]"))
        #expect(mermaid.contains("s6[\"W<br/>Wait · 5 s\"]"))
        #expect(mermaid.contains("s1 -- \"($.n #gt; 3) and ($.s == #quot;a\\#quot;b#quot;)\" --> s2"))
        #expect(mermaid.contains("s1 -- \"default\" --> s3"))
        let bad = MemoryConsole(files: ["bad.json": Array(#"{"StartAt": "X", "States": {}}"#.utf8)])
        #expect(StatecraftCommand.main(["graph", "bad.json"], console: bad) == 2)
        #expect(bad.errorOutput.contains("is not a valid definition"))
    }
}
