import Foundation
import Testing
import StatesLanguage
@testable import StatecraftCommandLine

/// Templates/*/statemachine.jsonata.asl.json, the seed workflows built from the same DSL with
/// QueryLanguage JSONata, run exactly like their JSONPath versions: every mock-config test case and
/// the modelled-services run end with the same status, error and cause, go through the same states
/// at the same virtual times, publish the same messages and produce the same output (as JSON: key
/// order aside).
@Suite struct JSONataTemplatesTests {
    /// What an execution did, as far as the two query languages must agree.
    struct Outcome: Equatable, CustomStringConvertible {
        var status: String?
        var error: String?
        var cause: String?
        var output: JSONValue?
        /// `name@timestamp` of every state entered, in order.
        var path: [String]
        /// The `Subject: Message` of every SNS publish scheduled.
        var published: [String]

        init(_ report: JSONValue?) {
            status = report?["status"]?.stringValue
            error = report?["error"]?.stringValue
            cause = report?["cause"]?.stringValue
            output = report?["output"]
            path = []
            published = []
            guard case .array(let events)? = report?["events"] else { return }
            for event in events {
                let type = event["type"]?.stringValue ?? ""
                if type.hasSuffix("StateEntered") {
                    path.append("\(event["stateEnteredEventDetails"]?["name"]?.stringValue ?? "?")@\(event["timestamp"]?.stringValue ?? "?")")
                }
                if type == "TaskScheduled", event["taskScheduledEventDetails"]?["resource"]?.stringValue == "publish",
                   let text = event["taskScheduledEventDetails"]?["parameters"]?.stringValue, let parameters = try? JSONParser.parse(text) {
                    published.append("\(parameters["Subject"]?.stringValue ?? ""): \(parameters["Message"]?.stringValue ?? "")")
                }
            }
        }

        var description: String { "\(status ?? "-") \(error ?? "-") path \(path) published \(published) output \(output.map { JSONWriter.string($0, style: .compact) } ?? "-")" }

        /// Equal, with outputs compared as JSON (the order of an object's keys does not matter).
        static func == (a: Outcome, b: Outcome) -> Bool {
            let sameOutput = switch (a.output, b.output) {
            case (nil, nil): true
            case (let x?, let y?): x.isSemanticallyEqual(to: y)
            default: false
            }
            return sameOutput && a.status == b.status && a.error == b.error && a.cause == b.cause && a.path == b.path && a.published == b.published
        }
    }

    func outcome(_ arguments: [String]) throws -> Outcome {
        let (_, report, errors) = try TemplatesTests().run(arguments)
        #expect(report != nil, "\(arguments): \(errors)")
        return Outcome(report)
    }

    @Test(arguments: TemplatesTests.templates)
    func everyTestCaseEndsAsTheJSONPathVersionDoes(_ template: String) throws {
        let cases = TemplatesTests.expectedStatuses(try TemplatesTests.read("Templates/\(template)/README.md"))
        #expect(cases.count >= 3)
        for (testCase, status) in cases {
            var outcomes: [Outcome] = []
            for definition in ["statemachine.asl.json", "statemachine.jsonata.asl.json"] {
                outcomes.append(try outcome(["run", "Templates/\(template)/\(definition)", "--mock-config", "Templates/\(template)/mock-config.json",
                                             "--test-case", testCase, "--input-file", "Templates/\(template)/input.json", "--format", "json"]))
            }
            #expect(outcomes[1].status == status, "\(template) \(testCase)")
            #expect(outcomes[0] == outcomes[1], "\(template) \(testCase):\nJSONPath \(outcomes[0])\nJSONata  \(outcomes[1])")
            #expect(!outcomes[1].path.isEmpty)
            if status == "FAILED" { #expect(!outcomes[1].published.isEmpty, "\(template) \(testCase): the failure is alerted") }
        }
    }

    @Test(arguments: ["ecs-throttle-safe", "ecs-concurrency-gate"])
    func theModelledServicesRunEndsAsTheJSONPathVersionDoes(_ template: String) throws {
        var outcomes: [Outcome] = []
        for definition in ["statemachine.asl.json", "statemachine.jsonata.asl.json"] {
            outcomes.append(try outcome(["run", "Templates/\(template)/\(definition)", "--services", "Templates/\(template)/services.json",
                                         "--substitutions", "Templates/\(template)/substitutions.json",
                                         "--input-file", "Templates/\(template)/input.json", "--format", "json"]))
        }
        #expect(outcomes[1].status == "SUCCEEDED")
        #expect(outcomes[0] == outcomes[1], "JSONPath \(outcomes[0])\nJSONata  \(outcomes[1])")
    }

    @Test(arguments: TemplatesTests.templates)
    func theJSONataDefinitionHasNoJSONPathField(_ template: String) throws {
        let text = try TemplatesTests.read("Templates/\(template)/statemachine.jsonata.asl.json")
        let definition = try JSONParser.parse(text)
        #expect(definition["QueryLanguage"] == "JSONata")
        for field in ["\"Parameters\"", "\"ResultSelector\"", "\"ResultPath\"", "\"InputPath\"", "\"OutputPath\"", ".$\"", "\"Variable\"", "Path\":"] {
            #expect(!text.contains(field), "\(template) writes \(field)")
        }
        let console = MemoryConsole(files: ["m.json": Array(text.utf8)])
        #expect(StatecraftCommand.main(["validate", "m.json"], console: console) == 0)
        #expect(console.output.contains("0 errors, 0 warnings"), "\(console.output)")
    }
}
