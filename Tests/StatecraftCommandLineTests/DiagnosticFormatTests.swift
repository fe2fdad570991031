import Foundation
import Testing
import StatesLanguage
@testable import StatecraftCommandLine

/// `--format` / `--diagnostics-format` on every command that reports definition diagnostics, and the
/// exit-code table of Docs/CLI.md.
@Suite struct DiagnosticFormatTests {
    /// A definition with a misspelt Next (and so an unreachable state).
    static let invalid = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Bb"}, "B": {"Type": "Succeed"}}}"#
    static let valid = #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#
    static let files: [String: String] = [
        "bad.json": invalid, "ok.json": valid, "s.json": "{}",
        "t.json": #"{"definition": "bad.json", "mockConfig": "m.json", "testCases": {"A": {"status": "SUCCEEDED"}}}"#,
        "unknown.json": "{\"Type\": \"Pass\",\n  \"Nxt\": \"B\", \"End\": true}",
    ]

    func run(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        let console = MemoryConsole(files: Self.files.mapValues { Array($0.utf8) })
        let code = StatecraftCommand.main(arguments, console: console)
        return (code, console.output, console.errorOutput)
    }

    /// Each command that stops on an invalid definition, with its option for the diagnostics' format.
    static let commands: [[String]] = [
        ["graph", "bad.json", "--diagnostics-format"],
        ["run", "bad.json", "--diagnostics-format"],
        ["load", "bad.json", "--services", "s.json", "--diagnostics-format"],
        ["test", "t.json", "--diagnostics-format"],
        ["test-state", "bad.json", "--state-name", "A", "--diagnostics-format"],
        ["fmt", "unknown.json", "--format"],
        ["fmt", "unknown.json", "--diagnostics-format"],
    ]

    @Test(arguments: commands)
    func githubAnnotationsOnStandardError(_ command: [String]) throws {
        let r = run(command + ["github"])
        #expect(r.code != 0)
        let annotations = r.err.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(!annotations.isEmpty, "\(r.err)")
        let syntax = try Regex(#"^::error file=[^,:]+,line=\d+,col=\d+,title=[^,:]+::.+$"#)
        for line in annotations { #expect(line.wholeMatch(of: syntax) != nil, "\(line)") }
    }

    @Test(arguments: commands)
    func jsonAndSarifAreOneDocumentOnStandardError(_ command: [String]) throws {
        let json = run(command + ["json"])
        #expect(json.code != 0)
        guard case .array(let items)? = try JSONParser.parse(json.err)["diagnostics"] else {
            Issue.record("not a diagnostics document: \(json.err)")
            return
        }
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { $0["code"]?.stringValue != nil && $0["line"] != nil && $0["file"] != nil })
        let sarif = run(command + ["sarif"])
        #expect(sarif.code == json.code)
        Self.expectSARIF(try JSONParser.parse(sarif.err))
    }

    /// A SARIF log with results located in files (StatesLanguageTests checks every required field of
    /// the renderer's logs; this checks that the command printed one).
    static func expectSARIF(_ log: JSONValue) {
        #expect(log["version"] == "2.1.0")
        guard case .array(let runs)? = log["runs"], runs.count == 1, case .array(let results)? = runs[0]["results"], !results.isEmpty else {
            Issue.record("not a SARIF log with results: \(log)")
            return
        }
        #expect(runs[0]["tool"]?["driver"]?["name"] == "statecraft")
        for result in results {
            #expect(result["ruleId"]?.stringValue != nil && result["message"]?["text"]?.stringValue != nil)
            guard case .array(let locations)? = result["locations"], let first = locations.first else {
                Issue.record("a result without a location")
                continue
            }
            #expect(first["physicalLocation"]?["artifactLocation"]?["uri"]?.stringValue?.hasSuffix(".json") == true)
            #expect(first["physicalLocation"]?["region"]?["startLine"] != nil)
        }
    }

    @Test(arguments: commands)
    func textIsTheDefault(_ command: [String]) {
        let r = run(Array(command.dropLast()))
        #expect(r.err.contains(": error: ["), "\(r.err)")
        #expect(r.err == run(command + ["text"]).err)
    }

    @Test func validateTakesEveryFormatOnStandardOutput() throws {
        let github = run(["validate", "bad.json", "--format", "github"])
        #expect(github.code == 1)
        let lines = github.out.split(separator: "\n")
        #expect(lines.first?.hasPrefix("::error file=bad.json,line=1,col=") == true, "\(github.out)")
        #expect(lines.last == "1 file checked: 1 file invalid; 2 errors, 0 warnings")
        let sarif = run(["validate", "bad.json", "ok.json", "--diagnostics-format", "sarif"])
        #expect(sarif.code == 1)
        Self.expectSARIF(try JSONParser.parse(sarif.out))
        let conflicting = run(["validate", "bad.json", "--format", "json", "--diagnostics-format", "sarif"])
        #expect(conflicting.code == 2)
        #expect(conflicting.err == "statecraft: error: options '--format' and '--diagnostics-format' cannot be used together\n")
    }

    @Test func theOtherCommandsKeepTheirOwnFormat() {
        // graph's --format is the diagram's; a diagnostics format is not a diagram format.
        let graph = run(["graph", "ok.json", "--format", "sarif"])
        #expect(graph.code == 2)
        #expect(graph.err.contains("invalid value 'sarif' for --format; expected mermaid or dot"))
        let bad = run(["run", "ok.json", "--diagnostics-format", "xml"])
        #expect(bad.code == 2)
        #expect(bad.err == "statecraft: error: invalid value 'xml' for --diagnostics-format; expected text, json, github or sarif\n")
    }

    /// Docs/CLI.md's exit-code table, one row at a time.
    @Test func everyExitCodeOfTheTable() {
        #expect(run(["validate", "ok.json"]).code == 0)
        #expect(run(["validate", "bad.json"]).code == 1)
        #expect(run(["eval", "$undefinedFunction()"]).code == 1)
        #expect(run(["validate"]).code == 2)
        #expect(run(["run", "bad.json"]).code == 2)
        #expect(run(["run", "ok.json", "--services", "missing.json"]).code == 2)
        let errors: [(CommandLineError, Int32)] = [
            (.unknownCommand("x"), 2), (.unknownOption("--x", command: "run"), 2), (.missingValue("--x"), 2),
            (.invalidValue(option: "--x", value: "y", expected: "z"), 2), (.missingArgument("a file", command: "run"), 2),
            (.conflictingOptions("--a", "--b"), 2), (.unreadableFile("f", reason: "r"), 2), (.unwritableFile("f", reason: "r"), 2),
            (.tooLarge("f", budget: "b"), 2), (.invalidInput("m"), 2), (.locatedInput("f:1:1: error: m"), 2),
            (.invalidDefinition("f", diagnostics: [], format: .text), 2), (.expressionFailed("m"), 1),
            (.belowMinimumCoverage(["m"], ranPastMocks: false), 1), (.belowMinimumCoverage(["m"], ranPastMocks: true), 3),
        ]
        for (error, code) in errors { #expect(error.exitCode == code, "\(error)") }
    }

    @Test func everyErrorIsOneReportWithItsPrefix() {
        let console = MemoryConsole()
        #expect(CommandLineError.belowMinimumCoverage(["states coverage 1/2", "catchers coverage 0/1"], ranPastMocks: false).report(to: console) == 1)
        #expect(console.errorOutput == "statecraft: error: states coverage 1/2\nstatecraft: error: catchers coverage 0/1\n")
        let located = MemoryConsole()
        #expect(CommandLineError.locatedInput("t.json:1:2: error: missing \"mockConfig\"").report(to: located) == 2)
        #expect(located.errorOutput == "t.json:1:2: error: missing \"mockConfig\"\n")
        let eval = run(["eval", "$undefinedFunction()"])
        #expect(eval.err.hasPrefix("statecraft: error: "), "\(eval.err)")
    }
}
