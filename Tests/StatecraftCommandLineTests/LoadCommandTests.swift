import Foundation
import Testing
import StatesLanguage
@testable import StatecraftCommandLine

/// `statecraft load`: the command parses, runs the library and prints; bad input is one located line, exit 2.
@Suite struct LoadCommandTests {
    static let pass = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#

    func run(_ arguments: [String], files: [String: String]) -> (code: Int32, out: String, err: String) {
        let console = MemoryConsole(files: files.mapValues { Array($0.utf8) })
        let code = StatecraftCommand.main(arguments, console: console)
        return (code, console.output, console.errorOutput)
    }

    @Test func jsonReportWithTheDocumentedKeys() throws {
        let r = run(["load", "m.json", "--services", "s.json", "--executions", "25", "--over", "5", "--arrival", "uniform", "--format", "json"],
                    files: ["m.json": Self.pass, "s.json": "{}"])
        #expect(r.code == 0)
        guard case .object(let report) = try JSONParser.parse(r.out) else { Issue.record("not an object"); return }
        #expect(report.members.map(\.key) == ["executions", "states", "runTask", "alertsPublished", "latencySeconds", "makespanSeconds",
                                              "ecs", "gates", "stateTransitions", "history"])
        #expect(report["executions"]?["started"] == 25)
        #expect(report["executions"]?["byStatus"]?["SUCCEEDED"] == 25)
        #expect(report["makespanSeconds"] == 4.8)
    }

    @Test func planFileValuesAreOverriddenByFlags() {
        let r = run(["load", "m.json", "--services", "s.json", "--plan", "plan.json", "--executions", "3"],
                    files: ["m.json": Self.pass, "s.json": "{}", "plan.json": #"{"executions": 9, "input": {"a": 1}}"#])
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("executions  3 started\n"))
    }

    @Test(arguments: [
        (["--executions", "-1"], "invalid value '-1' for --executions"),
        (["--duration", "uniform:9..1"], "--duration: expected fixed:S"),
        (["--arrival", "storm"], "invalid value 'storm' for --arrival"),
        (["--plan", "bad-plan.json"], "bad-plan.json:1:2: /executionz: unknown key"),
        (["--inputs", "bad.jsonl"], "bad.jsonl:2: not valid JSON"),
        (["--input", "{}", "--inputs", "bad.jsonl"], "cannot be used together"),
    ])
    func badInputIsOneLocatedLineAndExitTwo(_ extra: [String], _ message: String) {
        let r = run(["load", "m.json", "--services", "s.json"] + extra,
                    files: ["m.json": Self.pass, "s.json": "{}", "bad-plan.json": #"{"executionz": 3}"#, "bad.jsonl": "{}\n{oops\n"])
        #expect(r.code == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.contains(message))
        #expect(r.err.split(separator: "\n").count == 1)
    }

    /// `--sweep`: a table with one row per value and the recommendation; JSON with the documented keys;
    /// exit 0 when some value ran without failures, 1 when none did.
    @Test func sweepPrintsATableAndTheRecommendation() throws {
        let retried = #"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch", "LaunchType": "FARGATE", "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"]}}}, "Retry": [{"ErrorEquals": ["ECS.AmazonECSException"], "IntervalSeconds": 3, "MaxAttempts": 3, "BackoffRate": 2.0}], "End": true}}}"#
        let files = ["m.json": retried, "s.json": "{}"]
        let base = ["load", "m.json", "--services", "s.json", "--executions", "120", "--over", "2", "--arrival", "uniform", "--profile", "seed-002",
                    "--duration", "fixed:300", "--seed", "1"]
        let text = run(base + ["--sweep", "retry.maxAttempts(Run)=3..9:3"], files: files)
        let lines = text.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "sweep retry.maxAttempts(Run): 3 runs on the same arrivals and seed")
        #expect(lines.dropFirst().first?.hasPrefix("value  succeeded  failed  makespan  peak tasks  throttles  failures by error") == true)
        #expect(lines.count == 6)
        #expect(lines.last?.hasPrefix("recommended: retry.maxAttempts(Run) = ") == true)
        #expect(text.code == 0)

        let json = run(base + ["--sweep", "retry.maxAttempts(Run)=3..9:3", "--format", "json"], files: files)
        guard case .object(let result) = try JSONParser.parse(json.out) else { Issue.record("not an object"); return }
        #expect(result.members.map(\.key) == ["setting", "rows", "recommended"])
        let row = try #require(result["rows"]?.arrayValue?.first?.objectValue)
        #expect(row.members.map(\.key) == ["value", "started", "succeeded", "failed", "throttledStarts", "failuresByError", "makespanSeconds",
                                           "peakTasks", "runTaskThrottled"])
        #expect(result["recommended"]?["value"] != nil)

        let none = run(base + ["--sweep", "retry.maxAttempts(Run)=0..1"], files: files)
        #expect(none.code == 1)
        #expect(none.out.hasSuffix("recommended: none; every value of retry.maxAttempts(Run) had failures\n"))
    }

    @Test(arguments: [
        (["--sweep", "gate.limit=1..3"], "--sweep: gate.limit: the definition has no gate"),
        (["--sweep", "gate.size=1..3"], "--sweep: cannot sweep 'gate.size'"),
        (["--sweep", "gate.limit=1..3", "--compare", "m.json"], "cannot be used together"),
    ])
    func badSweepsAreOneLineAndExitTwo(_ extra: [String], _ message: String) {
        let r = run(["load", "m.json", "--services", "s.json", "--executions", "2"] + extra, files: ["m.json": Self.pass, "s.json": "{}"])
        #expect(r.code == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.contains(message), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1)
    }

    @Test func theServicesFileIsRequiredAndChecked() {
        let missing = run(["load", "m.json"], files: ["m.json": Self.pass])
        #expect(missing.code == 2 && missing.err.contains("--services"))
        let bad = run(["load", "m.json", "--services", "s.json"], files: ["m.json": Self.pass, "s.json": #"{"ecz": {}}"#])
        #expect(bad.code == 2 && bad.err.contains("s.json:"))
    }

    @Test func chartIsWrittenAsSVG() {
        let console = MemoryConsole(files: ["m.json": Array(Self.pass.utf8), "s.json": Array("{}".utf8)])
        let code = StatecraftCommand.main(["load", "m.json", "--services", "s.json", "--executions", "5", "--chart", "out.svg"], console: console)
        #expect(code == 0)
        let svg = String(decoding: console.files["out.svg"] ?? [], as: UTF8.self)
        #expect(svg.hasPrefix("<svg") && svg.contains("Executions"))
    }

    @Test func compareRunsBothOnTheSameArrivals() throws {
        let fail = #"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Nope"}}}"#
        let files = ["m.json": Self.pass, "f.json": fail, "s.json": "{}"]
        let text = run(["load", "m.json", "--compare", "f.json", "--services", "s.json", "--executions", "4"], files: files)
        #expect(text.code == 1)
        let lines = text.out.split(separator: "\n")
        #expect(lines.first?.hasPrefix("m.json") == true && lines.first?.hasSuffix("f.json") == true)
        #expect(lines.contains { $0.contains("SUCCEEDED  4") && $0.contains("FAILED     4") })
        let json = run(["load", "m.json", "--compare", "f.json", "--services", "s.json", "--executions", "4", "--format", "json"], files: files)
        let reports = try #require(try JSONParser.parse(json.out)["compare"]?.arrayValue)
        #expect(reports.count == 2)
        #expect(reports.first?["definition"] == "m.json" && reports.last?["definition"] == "f.json")
        #expect(reports.first?["report"]?["executions"]?["byStatus"]?["SUCCEEDED"] == 4)
        #expect(reports.last?["report"]?["executions"]?["byStatus"]?["FAILED"] == 4)
        #expect(reports.last?["report"]?["executions"]?["failures"]?.arrayValue?.first?["state"] == "F")
    }
}
