import Foundation
import Testing
import StatesLanguage
@testable import StatecraftCommandLine

@Suite struct CLITests {
    static let valid = #"{"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "Result": "world", "End": true}}}"#
    static let invalid = """
        {
          "StartAt": "Hello",
          "States": {
            "Hello": {"Type": "Pass", "Next": "Wrld"},
            "World": {"Type": "Succeed"}
          }
        }
        """

    func run(_ arguments: [String], files: [String: String] = [:], stdin: String = "") -> (code: Int32, out: String, err: String, console: MemoryConsole) {
        let console = MemoryConsole(standardInput: Array(stdin.utf8), files: files.mapValues { Array($0.utf8) })
        let code = StatecraftCommand.main(arguments, console: console)
        return (code, console.output, console.errorOutput, console)
    }

    @Test func validateAcceptsAValidFile() {
        let r = run(["validate", "ok.json"], files: ["ok.json": Self.valid])
        #expect(r.code == 0)
        #expect(r.out == "1 file checked: valid; 0 errors, 0 warnings\n")
    }

    @Test func validateReportsCompilerStyleLinesAndExitsOne() {
        let r = run(["validate", "bad.json"], files: ["bad.json": Self.invalid])
        #expect(r.code == 1)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.contains("bad.json:4:39: error: [missing-target] Next \"Wrld\" does not name a state in the state machine (at /States/Hello/Next)"))
        #expect(lines.contains("    hint: did you mean \"World\"?"))
        #expect(lines.contains { $0.hasPrefix("bad.json:5:5: error: [unreachable-state]") })
        #expect(lines.last == "1 file checked: 1 file invalid; 2 errors, 0 warnings")
    }

    @Test func validateListsAHundredFindingsOfACodeUnlessAskedForAll() {
        var text = #"{"StartAt":"S0","States":{"#
        for i in 0..<150 { text += #""S\#(i)":{"Type":"Pass","Next":"T\#(i + 1)"},"# }
        text += #""S150":{"Type":"Pass","End":true}}}"#
        let capped = run(["validate", "many.json"], files: ["many.json": text])
        #expect(capped.code == 1)
        #expect(capped.out.components(separatedBy: "[missing-target]").count - 1 == 101 + 1)  // 100, the summary naming its code twice
        #expect(capped.out.hasSuffix("1 file checked: 1 file invalid; 202 errors, 0 warnings listed (100 more not listed: --all)\n"))
        let all = run(["validate", "many.json", "--all"], files: ["many.json": text])
        #expect(all.code == 1)
        #expect(all.out.hasSuffix("1 file checked: 1 file invalid; 300 errors, 0 warnings\n"))
    }

    @Test func validateReadsStandardInput() {
        let r = run(["validate", "-"], stdin: "{\"StartAt\": 1}")
        #expect(r.code == 1)
        #expect(r.out == """
            <stdin>:1:1: error: [missing-field] States is required here
                hint: add "States"
            <stdin>:1:13: error: [bad-type] StartAt must be a string, found number (at /StartAt)
            1 file checked: 1 file invalid; 2 errors, 0 warnings

            """)
    }

    @Test func validateJSONFormatIsMachineReadable() throws {
        let r = run(["validate", "--format", "json", "bad.json", "ok.json"], files: ["bad.json": Self.invalid, "ok.json": Self.valid])
        #expect(r.code == 1)
        let report = try JSONParser.parse(r.out)
        #expect(report["valid"] == false)
        #expect(report["errors"] == 2)
        let first = report["files"]?.arrayValue?.first
        #expect(first?["file"] == "bad.json")
        let diagnostic = first?["diagnostics"]?.arrayValue?.first
        #expect(diagnostic?["code"] == "missing-target")
        #expect(diagnostic?["line"] == 4)
        #expect(diagnostic?["column"] == 39)
        #expect(diagnostic?["pointer"] == "/States/Hello/Next")
        #expect(report["files"]?.arrayValue?.last?["valid"] == true)
    }

    @Test(arguments: [
        (["validate"], "'validate' needs at least one file"),
        (["validate", "--strict", "a.json"], "unknown option '--strict' for 'validate'"),
        (["validate", "--format", "xml", "a.json"], "invalid value 'xml' for --format; expected text, json, github or sarif"),
        (["validate", "--format"], "option '--format' needs a value"),
        (["validate", "missing.json"], "cannot read 'missing.json': no such file"),
        (["fmt", "--check", "--write", "a.json"], "options '--check' and '--write' cannot be used together"),
        (["frobnicate"], "unknown command 'frobnicate'"),
    ])
    func usageErrorsAreOneLineAndExitTwo(_ arguments: [String], _ message: String) {
        let r = run(arguments)
        #expect(r.code == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.hasPrefix("statecraft: error: \(message)"), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1)
    }

    @Test func fmtPrintsCanonicalFormAndIsIdempotent() {
        let messy = #"{"States": {"Hello": {"End": true, "Result": "world", "Type": "Pass"}}, "StartAt": "Hello"}"#
        let first = run(["fmt", "m.json"], files: ["m.json": messy])
        #expect(first.code == 0)
        #expect(first.out == """
            {
              "StartAt": "Hello",
              "States": {
                "Hello": {
                  "Type": "Pass",
                  "Result": "world",
                  "End": true
                }
              }
            }

            """)
        let second = run(["fmt", "m.json"], files: ["m.json": first.out])
        #expect(second.out == first.out)
        #expect(run(["fmt", "--check", "m.json"], files: ["m.json": first.out]).code == 0)
    }

    @Test func fmtCheckAndWrite() {
        let messy = #"{"States": {"Hello": {"Type": "Succeed"}}, "StartAt": "Hello"}"#
        let check = run(["fmt", "--check", "m.json"], files: ["m.json": messy])
        #expect(check.code == 1)
        #expect(check.out == "m.json: not formatted\n")
        let write = run(["fmt", "--write", "m.json"], files: ["m.json": messy])
        #expect(write.code == 0)
        let rewritten = String(decoding: write.console.files["m.json"] ?? [], as: UTF8.self)
        #expect(run(["fmt", "--check", "m.json"], files: ["m.json": rewritten]).code == 0)
    }

    @Test func fmtRefusesStructurallyBrokenFiles() {
        let r = run(["fmt", "b.json"], files: ["b.json": #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Reslt": 1, "End": true}}}"#])
        #expect(r.code == 1)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("b.json:1:51: error: [unknown-field] \"Reslt\" is not a field of a Pass state"))
    }

    @Test func aDirectoryIsNamedAsSuch() throws {
        let console = ProcessConsole()
        #expect(throws: CommandLineError.unreadableFile("/tmp", reason: "it is a directory; name the definition files inside it")) {
            try console.readInput("/tmp")
        }
    }

    @Test func helpAndVersion() {
        #expect(run(["--version"]).out == "statecraft \(StatecraftCommand.version)\n")
        let help = run(["--help"])
        #expect(help.code == 0 && help.out.contains("validate") && help.out.contains("fmt"))
        #expect(run(["help", "validate"]).out.contains("USAGE: statecraft validate"))
        #expect(run(["fmt", "--help"]).out.contains("USAGE: statecraft fmt"))
        #expect(run([]).out.contains("USAGE: statecraft <command>"))
    }
}

@Suite struct RunCommandTests {
    static let machine = #"{"StartAt": "Charge", "States": {"Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "charge", "Payload.$": "$"}, "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2, "MaxAttempts": 2}], "End": true}}}"#
    static let mocks = #"{"StateMachines": {"M": {"TestCases": {"Ok": {"Charge": "Ok"}, "Busy": {"Charge": "Busy"}}}}, "MockedResponses": {"Ok": {"0": {"Return": {"charged": true}}}, "Busy": {"0-2": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}}}}}"#

    func run(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        let console = MemoryConsole(files: ["m.json": Array(Self.machine.utf8), "mocks.json": Array(Self.mocks.utf8),
                                            "bad.json": Array(#"{"StartAt": "X", "States": {}}"#.utf8),
                                            "slow.json": Array(#"{"TimeoutSeconds": 60, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}"#.utf8)])
        let code = StatecraftCommand.main(arguments, console: console)
        return (code, console.output, console.errorOutput)
    }

    static let ecsMachine = #"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch"}, "Retry": [{"ErrorEquals": ["ECS.AmazonECSException"], "IntervalSeconds": 3, "MaxAttempts": 3, "BackoffRate": 2}], "End": true}}}"#
    static let services = #"{"ecs": {"taskDefinitions": {"batch": {"attempts": [{"throttle": true}, {"exitCode": 0}]}}}}"#

    func runWithServices(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        let console = MemoryConsole(files: ["ecs.json": Array(Self.ecsMachine.utf8), "services.json": Array(Self.services.utf8),
                                            "typo.json": Array(#"{"ecs": {"taskDefinition": {}}}"#.utf8)])
        let code = StatecraftCommand.main(arguments, console: console)
        return (code, console.output, console.errorOutput)
    }

    @Test func servicesFileModelsTheAccount() throws {
        let r = runWithServices(["run", "ecs.json", "--services", "services.json", "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        let report = try JSONParser.parse(r.out)
        #expect(report["status"] == "SUCCEEDED")
        #expect(report["output"]?["LastStatus"] == "STOPPED")
        let events = try #require(report["events"]?.arrayValue)
        #expect(events.filter { $0["type"] == "TaskFailed" }.first?["taskFailedEventDetails"]?["error"] == "ECS.AmazonECSException")
    }

    /// With both, a mock configuration response wins for its state and the services answer the rest.
    @Test func mockConfigurationWinsOverServicesForItsStates() throws {
        let machine = #"{"StartAt": "Notify", "States": {"Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message": "starting"}, "Next": "Run"}, "Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch"}, "End": true}}}"#
        let mocks = #"{"StateMachines": {"M": {"TestCases": {"Mocked": {"Run": "Stopped"}}}}, "MockedResponses": {"Stopped": {"0": {"Return": {"LastStatus": "MOCKED"}}}}}"#
        let console = MemoryConsole(files: ["m.json": Array(machine.utf8), "mocks.json": Array(mocks.utf8), "services.json": Array(Self.services.utf8)])
        let code = StatecraftCommand.main(["run", "m.json", "--mock-config", "mocks.json", "--test-case", "Mocked", "--services", "services.json",
                                           "--format", "json"], console: console)
        #expect(code == 0, "\(console.errorOutput)")
        let report = try JSONParser.parse(console.output)
        #expect(report["output"] == ["LastStatus": "MOCKED"])
        // The SNS publish was answered by the modelled topic.
        let published = report["events"]?.arrayValue?.first { $0["type"] == "TaskSucceeded" }
        #expect(published?["taskSucceededEventDetails"]?["output"]?.stringValue?.contains("MessageId") == true)
    }

    @Test func substitutionsReplacePlaceholdersBeforeTheRun() throws {
        let machine = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"topic": "${TopicArn}", "odd": "${Odd}", "object": "${ 'a': 1 }"}, "End": true}}}"#
        let console = MemoryConsole(files: ["m.json": Array(machine.utf8),
                                            "subs.json": Array(#"{"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Odd": "say \"hi\""}"#.utf8),
                                            "bad.json": Array(#"{"TopicArn": 5}"#.utf8),
                                            "short.json": Array(#"{"TopicArn": "t"}"#.utf8),
                                            "extra.json": Array("{\"TopicArn\": \"t\", \"Odd\": \"o\",\n \"Unused\": \"u\"}".utf8)])
        #expect(StatecraftCommand.main(["run", "m.json", "--substitutions", "subs.json", "--format", "json"], console: console) == 0)
        let report = try JSONParser.parse(console.output)
        // Not a placeholder: `${` followed by something other than a name stays as written.
        #expect(report["output"] == ["topic": "arn:aws:sns:us-east-1:123456789012:alerts", "odd": "say \"hi\"", "object": "${ 'a': 1 }"])
        #expect(StatecraftCommand.main(["run", "m.json", "--substitutions", "bad.json"], console: console) == 2)
        #expect(console.errorOutput.contains(#"bad.json:1:14: the value of "TopicArn" is not a string"#))
        // A placeholder without a value, placed in the definition; a value nothing uses, placed in its file.
        #expect(StatecraftCommand.main(["run", "m.json", "--substitutions", "short.json"], console: console) == 2)
        #expect(console.errorOutput.contains("m.json:1:98: ${Odd} has no value in the substitutions"))
        #expect(StatecraftCommand.main(["test-state", "m.json", "--state-name", "P", "--substitutions", "extra.json"], console: console) == 2)
        #expect(console.errorOutput.contains(#"extra.json:2:2: "Unused" is not used: no ${Unused} in the definition"#))
    }

    @Test func theTimelineLabelsEachBranchsEventsWithItsOwnState() {
        let machine = #"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 5, "End": true}}}, {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 3, "End": true}}}]}}}"#
        let console = MemoryConsole(files: ["p.json": Array(machine.utf8)])
        #expect(StatecraftCommand.main(["run", "p.json"], console: console) == 0)
        let lines = console.output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        // time, state, event: A's exit at 5 s comes after B's at 3 s, each under its own name.
        #expect(lines.contains(["3.000s", "B", "WaitStateExited", "output", "{}"]))
        #expect(lines.contains(["5.000s", "A", "WaitStateExited", "output", "{}"]))
        #expect(lines.contains(["5.000s", "P", "ParallelStateSucceeded"]))
    }

    @Test func aWrongServicesFileIsAUsageError() {
        let r = runWithServices(["run", "ecs.json", "--services", "typo.json"])
        #expect(r.code == 2)
        #expect(r.err.hasPrefix(#"statecraft: error: typo.json:1:10: unknown key "taskDefinition""#))
        #expect(r.out.isEmpty)
    }

    @Test func aSucceededExecutionExitsZeroAndPrintsItsTimeline() {
        let r = run(["run", "m.json", "--mock-config", "mocks.json", "--test-case", "Ok", "--input", #"{"amount": 5}"#])
        #expect(r.code == 0)
        #expect(r.out.hasSuffix("SUCCEEDED; output {\"charged\":true}\n"))
        #expect(r.out.contains("TaskScheduled"))
    }

    @Test func aTimedOutExecutionExitsOne() throws {
        let r = run(["run", "slow.json", "--format", "json"])
        #expect(r.code == 1)
        let report = try JSONParser.parse(r.out)
        #expect(report["status"] == "TIMED_OUT")
        #expect(report["error"] == "States.Timeout")
        #expect(report["events"]?.arrayValue?.last?["timestamp"] == "2026-01-01T00:01:00.000Z")
    }

    @Test func aFailedExecutionExitsOneAndJSONHasTheHistory() throws {
        let r = run(["run", "m.json", "--mock-config", "mocks.json", "--test-case", "Busy", "--format", "json"])
        #expect(r.code == 1)
        let report = try JSONParser.parse(r.out)
        #expect(report["status"] == "FAILED")
        #expect(report["error"] == "Lambda.TooManyRequestsException")
        #expect(report["output"] == .null)
        let events = try #require(report["events"]?.arrayValue)
        #expect(events.first?["type"] == "ExecutionStarted")
        #expect(events.first?["executionStartedEventDetails"]?["input"] == "{}")
        #expect(events.filter { $0["type"] == "TaskFailed" }.count == 3)
        #expect(events.last?["type"] == "ExecutionFailed")
        #expect(events.last?["timestamp"] == "2026-01-01T00:00:06.000Z")
    }

    @Test(arguments: [
        (["run"], "'run' needs a definition file"),
        (["run", "m.json", "--mock-config", "mocks.json"], "'run' needs --test-case with --mock-config"),
        (["run", "m.json", "--seed", "-1"], "invalid value '-1' for --seed"),
        (["run", "m.json", "--input", "{", "--input-file", "x"], "options '--input' and '--input-file' cannot be used together"),
        (["run", "m.json", "--input", "{"], "--input is not valid JSON"),
        (["run", "m.json", "--mock-config", "mocks.json", "--test-case", "Nope"], "no test case \"Nope\""),
        (["run", "missing.json"], "cannot read 'missing.json'"),
    ])
    func problemsExitTwoWithOneLine(_ arguments: [String], _ message: String) {
        let r = run(arguments)
        #expect(r.code == 2)
        #expect(r.err.contains(message), "\(r.err)")
    }

    @Test func anInvalidDefinitionIsReportedWithItsPlace() {
        let r = run(["run", "bad.json"])
        #expect(r.code == 2)
        #expect(r.err.contains("bad.json:1:13: error: [missing-target]"), "\(r.err)")
        #expect(r.err.contains("bad.json is not a valid definition"))
    }
}
