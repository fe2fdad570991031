import Foundation
import Testing
@testable import StatesLanguage

/// One example per diagnostic code: a definition that triggers it and the fixed definition that does not.
struct RuleExample: Sendable, CustomStringConvertible {
    let code: String
    let broken: String
    let fixed: String
    var description: String { code }

    /// A machine whose single state is `state` (written as JSON object text).
    static func machine(_ state: String, extra: String = "") -> String {
        #"{"StartAt": "S", "States": {"S": \#(state)\#(extra)}}"#
    }
}

@Suite struct ValidationRuleTests {
    static let task = #""Type": "Task", "Resource": "arn:aws:states:::lambda:invoke""#

    static let examples: [RuleExample] = [
        RuleExample(code: "json-trailing-comma",
                    broken: #"{"StartAt": "S", "States": {"S": {"Type": "Succeed"},}}"#,
                    fixed: #"{"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}"#),
        RuleExample(code: "bad-type",
                    broken: RuleExample.machine(#"{"Type": "Wait", "Seconds": "10", "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Wait", "Seconds": 10, "End": true}"#)),
        RuleExample(code: "missing-field",
                    broken: RuleExample.machine(#"{"Type": "Task", "End": true}"#),
                    fixed: RuleExample.machine("{\(task), \"End\": true}")),
        RuleExample(code: "unknown-field",
                    broken: RuleExample.machine(#"{"Type": "Pass", "Reslt": 1, "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Pass", "Result": 1, "End": true}"#)),
        RuleExample(code: "field-not-allowed",
                    broken: RuleExample.machine(#"{"Type": "Succeed", "ResultPath": "$.x"}"#),
                    fixed: RuleExample.machine(#"{"Type": "Succeed"}"#)),
        RuleExample(code: "field-exclusive",
                    broken: RuleExample.machine("{\(task), \"TimeoutSeconds\": 5, \"TimeoutSecondsPath\": \"$.t\", \"End\": true}"),
                    fixed: RuleExample.machine("{\(task), \"TimeoutSecondsPath\": \"$.t\", \"End\": true}")),
        RuleExample(code: "bad-state-type",
                    broken: RuleExample.machine(#"{"Type": "Sucess"}"#),
                    fixed: RuleExample.machine(#"{"Type": "Succeed"}"#)),
        RuleExample(code: "bad-value",
                    broken: RuleExample.machine(#"{"Type": "Pass", "End": false}"#),
                    fixed: RuleExample.machine(#"{"Type": "Pass", "End": true}"#)),
        RuleExample(code: "choice-rule",
                    broken: RuleExample.machine(#"{"Type": "Choice", "Choices": [{"And": [{"Variable": "$.a", "IsPresent": true, "Next": "T"}], "Next": "T"}]}"#, extra: #", "T": {"Type": "Succeed"}"#),
                    fixed: RuleExample.machine(#"{"Type": "Choice", "Choices": [{"And": [{"Variable": "$.a", "IsPresent": true}], "Next": "T"}]}"#, extra: #", "T": {"Type": "Succeed"}"#)),
        RuleExample(code: "bad-jsonpath",
                    broken: RuleExample.machine(#"{"Type": "Pass", "ResultPath": "$.items[*]", "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Pass", "ResultPath": "$.items[0]", "End": true}"#)),
        RuleExample(code: "duplicate-field",
                    broken: RuleExample.machine(#"{"Type": "Pass", "Parameters": {"a": 1, "a.$": "$.a"}, "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Pass", "Parameters": {"a.$": "$.a"}, "End": true}"#)),
        RuleExample(code: "bad-intrinsic",
                    broken: RuleExample.machine(#"{"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.a)"}, "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.a, 1)"}, "End": true}"#)),
        RuleExample(code: "state-name",
                    broken: #"{"StartAt": "\#(String(repeating: "n", count: 81))", "States": {"\#(String(repeating: "n", count: 81))": {"Type": "Succeed"}}}"#,
                    fixed: #"{"StartAt": "n", "States": {"n": {"Type": "Succeed"}}}"#),
        RuleExample(code: "duplicate-state-name",
                    broken: RuleExample.machine(#"{"Type": "Parallel", "Branches": [{"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}], "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}], "End": true}"#)),
        RuleExample(code: "missing-target",
                    broken: RuleExample.machine(#"{"Type": "Pass", "Next": "Dne"}"#, extra: #", "Done": {"Type": "Succeed"}"#),
                    fixed: RuleExample.machine(#"{"Type": "Pass", "Next": "Done"}"#, extra: #", "Done": {"Type": "Succeed"}"#)),
        RuleExample(code: "scope-escape",
                    broken: RuleExample.machine(#"{"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "Done"}}}], "Next": "Done"}"#, extra: #", "Done": {"Type": "Succeed"}"#),
                    fixed: RuleExample.machine(#"{"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}], "Next": "Done"}"#, extra: #", "Done": {"Type": "Succeed"}"#)),
        RuleExample(code: "unreachable-state",
                    broken: RuleExample.machine(#"{"Type": "Succeed"}"#, extra: #", "Orphan": {"Type": "Succeed"}"#),
                    fixed: RuleExample.machine(#"{"Type": "Pass", "Next": "Orphan"}"#, extra: #", "Orphan": {"Type": "Succeed"}"#)),
        RuleExample(code: "no-terminal",
                    broken: RuleExample.machine(#"{"Type": "Pass", "Next": "T"}"#, extra: #", "T": {"Type": "Pass", "Next": "S"}"#),
                    fixed: RuleExample.machine(#"{"Type": "Pass", "Next": "T"}"#, extra: #", "T": {"Type": "Pass", "End": true}"#)),
        RuleExample(code: "inescapable-loop",
                    broken: RuleExample.machine(#"{"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "End"}], "Default": "Loop"}"#,
                                                extra: #", "Loop": {"Type": "Wait", "Seconds": 5, "Next": "Again"}, "Again": {"Type": "Pass", "Next": "Loop"}, "End": {"Type": "Succeed"}"#),
                    fixed: RuleExample.machine(#"{"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "End"}], "Default": "Loop"}"#,
                                                extra: #", "Loop": {"Type": "Wait", "Seconds": 5, "Next": "S"}, "End": {"Type": "Succeed"}"#)),
        RuleExample(code: "empty-error-equals",
                    broken: RuleExample.machine("{\(task), \"Retry\": [{\"ErrorEquals\": []}], \"End\": true}"),
                    fixed: RuleExample.machine("{\(task), \"Retry\": [{\"ErrorEquals\": [\"States.Timeout\"]}], \"End\": true}")),
        RuleExample(code: "states-all-position",
                    broken: RuleExample.machine("{\(task), \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"]}, {\"ErrorEquals\": [\"States.Timeout\"]}], \"End\": true}"),
                    fixed: RuleExample.machine("{\(task), \"Retry\": [{\"ErrorEquals\": [\"States.Timeout\"]}, {\"ErrorEquals\": [\"States.ALL\"]}], \"End\": true}")),
        RuleExample(code: "retry-range",
                    broken: RuleExample.machine("{\(task), \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"], \"BackoffRate\": 0.5, \"JitterStrategy\": \"PARTIAL\"}], \"End\": true}"),
                    fixed: RuleExample.machine("{\(task), \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"], \"BackoffRate\": 1.5, \"JitterStrategy\": \"FULL\"}], \"End\": true}")),
        RuleExample(code: "value-range",
                    broken: RuleExample.machine(#"{"Type": "Wait", "Seconds": -1, "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Wait", "Seconds": 1, "End": true}"#)),
        RuleExample(code: "heartbeat-timeout",
                    broken: RuleExample.machine("{\(task), \"TimeoutSeconds\": 60, \"HeartbeatSeconds\": 60, \"End\": true}"),
                    fixed: RuleExample.machine("{\(task), \"TimeoutSeconds\": 60, \"HeartbeatSeconds\": 20, \"End\": true}")),
        RuleExample(code: "bad-timestamp",
                    broken: RuleExample.machine(#"{"Type": "Wait", "Timestamp": "2026-02-30 10:00", "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Wait", "Timestamp": "2026-02-28T10:00:00Z", "End": true}"#)),
        RuleExample(code: "bad-resource",
                    broken: RuleExample.machine(#"{"Type": "Task", "Resource": "lambda:invoke", "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}"#)),
        RuleExample(code: "query-language-mix",
                    broken: RuleExample.machine(#"{"Type": "Pass", "QueryLanguage": "JSONata", "OutputPath": "$.a", "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input.a %}", "End": true}"#)),
        RuleExample(code: "bad-jsonata",
                    broken: RuleExample.machine(#"{"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% 10 + * 2 %}", "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% 10 + 2 %}", "End": true}"#)),
        RuleExample(code: "bad-variable-name",
                    broken: RuleExample.machine(#"{"Type": "Pass", "Assign": {"retry-count": 0}, "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Pass", "Assign": {"retryCount": 0}, "End": true}"#)),
        RuleExample(code: "bad-label",
                    broken: RuleExample.machine(#"{"Type": "Map", "Label": "my label", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Map", "Label": "myLabel", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "End": true}"#)),
        RuleExample(code: "map-distributed-field",
                    broken: RuleExample.machine(#"{"Type": "Map", "ToleratedFailureCount": 1, "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Map", "ToleratedFailureCount": 1, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}, "End": true}"#)),
        RuleExample(code: "missing-task-token",
                    broken: RuleExample.machine(#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody.$": "$"}, "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"QueueUrl": "q", "MessageBody": {"Token.$": "$$.Task.Token"}}, "End": true}"#)),
        RuleExample(code: "jsonata-states-field",
                    broken: #"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "Output": "{% $states.result %}", "End": true}}}"#,
                    fixed: #"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}}"#),
        RuleExample(code: "jsonata-eval",
                    broken: #"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "Output": "{% $eval('1 + 1') %}", "End": true}}}"#,
                    fixed: #"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "Output": "{% $parse('2') %}", "End": true}}}"#),
        RuleExample(code: "jsonata-unassigned-variable",
                    broken: #"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "Output": "{% $total %}", "Next": "T"}, "T": {"Type": "Pass", "Assign": {"total": 1}, "End": true}}}"#,
                    fixed: #"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {"T": {"Type": "Pass", "Assign": {"total": 1}, "Next": "S"}, "S": {"Type": "Pass", "Output": "{% $total %}", "End": true}}}"#),
        RuleExample(code: "jsonata-variable-scope",
                    broken: #"{"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": "{% [1, 2] %}", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Assign": {"inner": 1}, "End": true}}}, "Next": "S"}, "S": {"Type": "Pass", "Output": "{% $inner %}", "End": true}}}"#,
                    fixed: #"{"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": "{% [1, 2] %}", "Assign": {"inner": 1}, "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "Next": "S"}, "S": {"Type": "Pass", "Output": "{% $inner %}", "End": true}}}"#),
        RuleExample(code: "ecs-run-task",
                    broken: RuleExample.machine(#"{"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"LaunchType": "FARGATE", "Cluster": "c", "TaskDefinition": "t"}, "End": true}"#),
                    fixed: RuleExample.machine(#"{"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"LaunchType": "FARGATE", "Cluster": "c", "TaskDefinition": "t", "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["s"]}}}, "End": true}"#)),
        RuleExample(code: "gate-leak",
                    broken: #"{"StartAt": "Acquire", "States": {"Acquire": {\#(task), "Comment": "statecraft:gate acquire jobs", "Next": "Work"}, "Work": {\#(task), "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}], "Next": "Release"}, "Failed": {"Type": "Fail", "Error": "JobFailed"}, "Release": {\#(task), "Comment": "statecraft:gate release jobs", "End": true}}}"#,
                    fixed: #"{"StartAt": "Acquire", "States": {"Acquire": {\#(task), "Comment": "statecraft:gate acquire jobs", "Next": "Work"}, "Work": {\#(task), "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Release after failure"}], "Next": "Release"}, "Release after failure": {\#(task), "Comment": "statecraft:gate release jobs", "Next": "Failed"}, "Failed": {"Type": "Fail", "Error": "JobFailed"}, "Release": {\#(task), "Comment": "statecraft:gate release jobs", "End": true}}}"#),
    ]

    @Test(arguments: examples)
    func brokenDefinitionReportsTheCodeAndTheFixClearsIt(_ example: RuleExample) {
        let broken = Validator().check(Array(example.broken.utf8))
        let hits = broken.diagnostics.filter { $0.code == example.code }
        #expect(!hits.isEmpty, "expected [\(example.code)], got \(broken.diagnostics.map(\.description))")
        #expect(hits.allSatisfy { $0.location != nil })
        let fixed = Validator().check(Array(example.fixed.utf8))
        #expect(fixed.diagnostics.isEmpty, "the fix still reports \(fixed.diagnostics.map(\.description))")
    }

    @Test func everyRuleCodeHasAnExample() {
        let ruleCodes = Set(Validator.defaultRules.flatMap(\.codes))
        let exampleCodes = Set(Self.examples.map { Diagnostic.Code($0.code) })
        #expect(ruleCodes.subtracting(exampleCodes).isEmpty, "codes without an example: \(ruleCodes.subtracting(exampleCodes).sorted())")
    }

    @Test func allProblemsAreReportedTogetherInSourceOrder() {
        let text = """
            {
              "StartAt": "A",
              "States": {
                "A": {"Type": "Pass", "Next": "B"},
                "B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 0, "Next": "C"},
                "Z": {"Type": "Succeed"}
              }
            }
            """
        let result = Validator().check(Array(text.utf8))
        let codes = result.diagnostics.map(\.code)
        #expect(codes.contains("missing-target"))
        #expect(codes.contains("value-range"))
        #expect(codes.contains("unreachable-state"))
        let lines = result.diagnostics.compactMap { d -> Int? in if case .json(let p) = d.location { p.line } else { nil } }
        #expect(lines == lines.sorted())
        let missing = result.diagnostics.first { $0.code == "missing-target" }
        let line5 = text.split(separator: "\n", omittingEmptySubsequences: false)[4]
        let column = line5.distance(from: line5.startIndex, to: line5.range(of: "\"C\"")!.lowerBound) + 1
        guard case .json(let p)? = missing?.location else {
            Issue.record("missing-target has no location")
            return
        }
        #expect(p.line == 5 && p.column == column)
    }

    @Test func jsonataSyntaxErrorsPointAtTheirCharacter() {
        let text = "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"S\",\n  \"States\": {\"S\": {\"Type\": \"Pass\", \"Output\": \"{% 1 + \\\"a\\\" + ) %}\", \"End\": true}}}"
        let result = Validator().check(Array(text.utf8))
        let hit = result.diagnostics.first { $0.code == "bad-jsonata" }
        guard case .json(let p)? = hit?.location else {
            Issue.record("no located bad-jsonata in \(result.diagnostics.map(\.description))")
            return
        }
        // The problem is the ')' (character 14 of the value): its column in the source, escapes counted as written.
        let line2 = text.split(separator: "\n")[1]
        let column = line2.distance(from: line2.startIndex, to: line2.range(of: ") %}")!.lowerBound) + 1
        #expect(p.line == 2)
        #expect(p.column == column, "\(hit?.description ?? "")")
    }

    @Test func variablesReadInLoopsAndOuterScopesAreFine() {
        let text = #"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"n": 0}, "Next": "M"}, "M": {"Type": "Map", "Items": "{% [1] %}", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Output": "{% $n + ($f := function($x){ $x }; $f(1)) %}", "End": true}}}, "Next": "L"}, "L": {"Type": "Pass", "Assign": {"n": "{% $n + 1 %}"}, "Next": "C"}, "C": {"Type": "Choice", "Choices": [{"Condition": "{% $n < 3 %}", "Next": "L"}], "Default": "D"}, "D": {"Type": "Succeed"}}}"#
        let result = Validator().check(Array(text.utf8))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
    }

    @Test func missingTargetSuggestsTheClosestName() {
        let result = Validator().check(Array(RuleExample.machine(#"{"Type": "Pass", "Next": "Dne"}"#, extra: #", "Done": {"Type": "Succeed"}"#).utf8))
        #expect(result.diagnostics.first { $0.code == "missing-target" }?.hint == "did you mean \"Done\"?")
    }

    @Test func duplicateStateNamesNameBothPlaces() {
        let result = Validator().check(Array(Self.examples.first { $0.code == "duplicate-state-name" }!.broken.utf8))
        let d = result.diagnostics.first { $0.code == "duplicate-state-name" }
        #expect(d?.message.contains("/States/S") == true)
        #expect(d?.pointer.description == "/States/S/Branches/0/States/S")
    }
}

@Suite struct ValidationDocsTests {
    static let docs: String? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/Validation.md")
        return try? String(contentsOf: url, encoding: .utf8)
    }()

    @Test func everyCodeIsDocumented() throws {
        let docs = try #require(Self.docs, "Docs/Validation.md is missing")
        for code in Validator.allCodes {
            #expect(docs.contains("`\(code)`"), "Docs/Validation.md does not document [\(code)]")
        }
    }

    /// The reverse of ``everyCodeIsDocumented()``: each code the page's tables list is one the
    /// validator declares, so the page cannot keep a code that is gone.
    @Test func everyDocumentedCodeIsDeclared() throws {
        let docs = try #require(Self.docs, "Docs/Validation.md is missing")
        let known = Set(Validator.allCodes.map(\.rawValue))
        let listed = docs.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            let code = String(line[line.index(line.startIndex, offsetBy: 3)..<end])
            let isFormat = DiagnosticFormat(rawValue: code) != nil  // the table of output formats
            return !isFormat && code.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } ? code : nil
        }
        #expect(listed.count >= known.count)
        for code in listed { #expect(known.contains(code), "Docs/Validation.md lists [\(code)], which no rule declares") }
    }

    @Test func everyReportedCodeIsACatalogedCode() {
        let known = Set(Validator.allCodes)
        for example in ValidationRuleTests.examples {
            for d in Validator().check(Array(example.broken.utf8)).diagnostics {
                #expect(known.contains(d.code), "[\(d.code)] is not in Validator.allCodes")
            }
        }
    }
}

/// A definition with thousands of the same mistake lists the first ones of each code and counts the rest.
@Suite struct FindingsCapTests {
    /// `count` Pass states whose `Next` names a missing state: one missing-target and (but for the
    /// first) one unreachable-state finding each.
    static func misspelled(_ count: Int) -> [UInt8] {
        var text = #"{"StartAt":"S0","States":{"#
        for i in 0..<count { text += #""S\#(i)":{"Type":"Pass","Next":"T\#(i + 1)"},"# }
        text += #""S\#(count)":{"Type":"Pass","End":true}}}"#
        return Array(text.utf8)
    }

    @Test func eachCodeListsItsFirstFindingsThenCountsTheRest() throws {
        let result = Validator().check(Self.misspelled(250))
        let missing = result.diagnostics.filter { $0.code == "missing-target" }
        #expect(missing.count == 101)
        let summary = try #require(missing.first { $0.message.hasPrefix("150 more [missing-target] findings") })
        // It points at the first one left out (the states are checked in order: S100's Next).
        #expect(summary.pointer.description == "/States/S100/Next")
        #expect(summary.location != nil)
        // Every state but S0 is unreachable: 250 findings, 100 listed.
        #expect(result.diagnostics.filter { $0.code == "unreachable-state" }.count == 101)
        #expect(result.unlisted == 150 + 150)
        #expect(!result.isValid)
    }

    @Test func withoutALimitEveryFindingIsListed() {
        var validator = Validator()
        validator.maximumFindingsPerCode = nil
        let result = validator.check(Self.misspelled(250))
        #expect(result.diagnostics.filter { $0.code == "missing-target" }.count == 250)
        #expect(result.unlisted == 0)
    }

    @Test func fewerFindingsThanTheLimitAreUnchanged() {
        let result = Validator().check(Self.misspelled(40))
        #expect(result.diagnostics.filter { $0.code == "missing-target" }.count == 40)
        #expect(result.unlisted == 0)
    }
}

/// TerminalRule across scopes: each branch is judged on its own states only.
@Suite struct TerminalRuleScopeTests {
    @Test func eachBranchIsJudgedOnItsOwn() {
        let loop = #"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "BooleanEquals": true, "Next": "Out"}], "Default": "B"}, "B": {"Type": "Pass", "Next": "A"}, "Out": {"Type": "Succeed"}}}"#
        let stuck = #"{"StartAt": "C", "States": {"C": {"Type": "Pass", "Next": "D"}, "D": {"Type": "Pass", "Next": "C"}}}"#
        let fine = #"{"StartAt": "E", "States": {"E": {"Type": "Pass", "End": true}}}"#
        let inescapable = #"{"StartAt": "F", "States": {"F": {"Type": "Choice", "Choices": [{"Variable": "$.x", "BooleanEquals": true, "Next": "Done"}], "Default": "G"}, "G": {"Type": "Pass", "Next": "H"}, "H": {"Type": "Pass", "Next": "G"}, "Done": {"Type": "Succeed"}}}"#
        let definition = #"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": ["# + [loop, stuck, fine, inescapable].joined(separator: ",") + #"], "End": true}}}"#
        let diagnostics = Validator().check(Array(definition.utf8)).diagnostics
        let noTerminal = diagnostics.filter { $0.code == "no-terminal" }.map(\.pointer.description)
        #expect(noTerminal == ["/States/P/Branches/1/StartAt"])
        let loops = diagnostics.filter { $0.code == "inescapable-loop" }.map(\.pointer.description).sorted()
        #expect(loops == ["/States/P/Branches/3/States/G", "/States/P/Branches/3/States/H"])
    }
}
