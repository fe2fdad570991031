import Foundation
import Testing
import StatesLanguage
@testable import StatecraftCommandLine

/// `statecraft test-state`: the response JSON and exit 0 whatever the status; exit 2 with the place
/// for a bad request.
@Suite struct TestStateCommandTests {
    static let root = DocumentationTranscriptTests.packageRoot
    static let charge = "Docs/Examples/charge.asl.json"

    /// Runs `statecraft test-state` with the package's example files and `files` in memory.
    func run(_ arguments: [String], files: [String: String] = [:]) throws -> (code: Int32, out: String, err: String, response: JSONValue?) {
        let console = MemoryConsole()
        for path in [Self.charge, "Docs/Examples/seed-000.asl.json", "Docs/Examples/services.json"] {
            console.files[path] = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent(path)))
        }
        for (path, text) in files { console.files[path] = Array(text.utf8) }
        let code = StatecraftCommand.main(["test-state"] + arguments, console: console)
        return (code, console.output, console.errorOutput, try? JSONParser.parse(console.output))
    }

    @Test func aSucceededStatePrintsTheResponseAndExitsZero() throws {
        let result = try run([Self.charge, "--state-name", "Charge", "--input", #"{"order": {"id": 7}}"#,
                              "--mock", #"{"result": "{\"Payload\": {\"ok\": true}, \"StatusCode\": 200}"}"#])
        #expect(result.code == 0, "\(result.err)")
        let response = try #require(result.response)
        #expect(response["status"] == "SUCCEEDED")
        #expect(response["nextState"] == "Ship")
        #expect(response["output"] == #"{"order":{"id":7},"charge":{"charged":true}}"#)
        #expect(response["inspectionData"] == nil)
    }

    @Test func substitutionsFillTheDefinitionsPlaceholders() throws {
        let definition = #"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"topic": "${TopicArn}"}, "End": true}}}"#
        let files = ["p.json": definition, "subs.json": #"{"TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts"}"#]
        let result = try run(["p.json", "--state-name", "P", "--substitutions", "subs.json"], files: files)
        #expect(result.code == 0, "\(result.err)")
        #expect(result.response?["output"] == #"{"topic":"arn:aws:sns:us-east-1:123456789012:alerts"}"#)
        let bad = try run(["p.json", "--state-name", "P", "--substitutions", "bad.json"], files: files.merging(["bad.json": "[1]"]) { $1 })
        #expect(bad.code == 2)
        #expect(bad.err.contains("bad.json:1:1: expected a JSON object of strings"))
    }

    @Test func everyStatusExitsZero() throws {
        let throttled = #"{"errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}}"#
        let retriable = try run([Self.charge, "--state-name", "Charge", "--input", #"{"order": {}}"#, "--mock", throttled, "--inspection-level", "DEBUG"])
        #expect(retriable.code == 0)
        #expect(retriable.response?["status"] == "RETRIABLE")
        #expect(retriable.response?["inspectionData"]?["errorDetails"] == ["retryIndex": 0, "retryBackoffIntervalSeconds": 3])

        let caught = try run([Self.charge, "--state-name", "Charge", "--input", #"{"order": {}}"#, "--mock", throttled, "--state-configuration", #"{"retrierRetryCount": 2}"#])
        #expect(caught.code == 0)
        #expect(caught.response?["status"] == "CAUGHT_ERROR")
        #expect(caught.response?["nextState"] == "Refund")

        let tight = try run(["tight.json", "--state-name", "Charge", "--input", #"{"order": {}}"#, "--mock", throttled, "--state-configuration", #"{"retrierRetryCount": 2}"#],
                            files: ["tight.json": String(decoding: try Data(contentsOf: Self.root.appendingPathComponent(Self.charge)), as: UTF8.self)
                                        .replacingOccurrences(of: "\"States.ALL\"", with: "\"Other\"")])
        #expect(tight.code == 0)
        #expect(tight.response?["status"] == "FAILED")
        #expect(tight.response?["error"] == "Lambda.TooManyRequestsException")
    }

    @Test func withoutAMockTheModelledServicesAnswer() throws {
        // The services file's first RunTask call is throttled; seed 000's retrier would retry it after 3 s.
        let result = try run(["Docs/Examples/seed-000.asl.json", "--state-name", "Run Task", "--services", "Docs/Examples/services.json",
                              "--inspection-level", "TRACE"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.response?["status"] == "RETRIABLE")
        #expect(result.response?["error"] == "ECS.AmazonECSException")
        #expect(result.response?["inspectionData"]?["errorDetails"]?["retryBackoffIntervalSeconds"] == 3)
    }

    @Test func aWholeRequestFileIsReadAndOptionsReplaceItsFields() throws {
        let definition = #"{\"Type\": \"Pass\", \"Parameters\": {\"doubled.$\": \"States.MathAdd($.n, $.n)\"}, \"Next\": \"Done\"}"#
        let request = #"{"definition": "\#(definition)", "input": "{\"n\": 2}", "inspectionLevel": "DEBUG"}"#
        let result = try run(["--request", "request.json"], files: ["request.json": request])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.response?["output"] == #"{"doubled":4}"#)
        #expect(result.response?["nextState"] == "Done")
        #expect(result.response?["inspectionData"]?["afterParameters"] == #"{"doubled":4}"#)
        let replaced = try run(["--request", "request.json", "--input", #"{"n": 5}"#, "--inspection-level", "INFO"], files: ["request.json": request])
        #expect(replaced.response?["output"] == #"{"doubled":10}"#)
        #expect(replaced.response?["inspectionData"] == nil)
        // An input that is a JSON string stays a string.
        let string = try run(["--request", "request.json", "--input", #""hi""#, "--state-name", "S"],
                             files: ["request.json": #"{"definition": "{\"Type\": \"Pass\", \"End\": true}"}"#])
        #expect(string.code == 0, "\(string.err)")
        #expect(string.response?["output"] == #""hi""#)
    }

    @Test(arguments: [
        (["Docs/Examples/charge.asl.json", "--state-name", "Chrge"],
         "statecraft: error: --state-name: the definition has no state named \"Chrge\"; did you mean \"Charge\"?\n"),
        (["Docs/Examples/charge.asl.json"],
         "statecraft: error: --state-name: the definition is a state machine: name the state to test (its states: Charge, Refund, Ship)\n"),
        (["Docs/Examples/charge.asl.json", "--state-name", "Charge", "--mock", "{\"result\": }"],
         "statecraft: error: --mock is not valid JSON: 1:12: [json-unexpected-token] expected a value but found '}'\n"),
        (["Docs/Examples/charge.asl.json", "--state-name", "Charge", "--mock", #"{"result": {"StatusCode": "200"}}"#],
         "statecraft: error: --mock: Mock result schema validation error: Field 'StatusCode' must be a number\n"),
        (["Docs/Examples/charge.asl.json", "--state-name", "Refund", "--mock", #"{"result": {}}"#],
         "statecraft: error: --mock: a mock stands for what a Task, Map or Parallel state calls; \"Refund\" is a Pass state\n"),
        (["Docs/Examples/charge.asl.json", "--state-name", "Charge", "--inspection-level", "LOUD"],
         "statecraft: error: --inspection-level: inspectionLevel is INFO, DEBUG or TRACE, not \"LOUD\"\n"),
        (["--request", "request.json"],
         "statecraft: error: request.json:1:22: stateNme: unknown field \"stateNme\"; did you mean \"stateName\"?\n"),
        (["--state-name", "Charge"], "statecraft: error: 'test-state' needs a definition file (or --request); run 'statecraft help test-state'\n"),
        (["bad.json"],
         "bad.json:2:3: error: [unknown-field] \"Nxt\" is not a field of a Pass state (at /Nxt)\n    hint: did you mean \"Next\"?\n"),
    ])
    func aBadRequestExitsTwoWithItsPlace(_ arguments: [String], _ message: String) throws {
        let result = try run(arguments, files: ["request.json": #"{"definition": "{}", "stateNme": "A"}"#,
                                                "bad.json": "{\"Type\": \"Pass\",\n  \"Nxt\": \"Ship\", \"End\": true}"])
        #expect(result.code == 2)
        #expect(result.err.hasPrefix(message), "\(result.err)")
        #expect(result.out.isEmpty)
    }

    @Test func helpListsTheCommand() throws {
        let console = MemoryConsole()
        #expect(StatecraftCommand.main(["--help"], console: console) == 0)
        #expect(console.output.contains("  test-state  Run one state of a definition, as the TestState API does, and print its response.\n"))
        #expect(StatecraftCommand.main(["help", "test-state"], console: console) == 0)
        #expect(console.output.contains("USAGE: statecraft test-state <definition> [--state-name <name>]"))
    }
}
