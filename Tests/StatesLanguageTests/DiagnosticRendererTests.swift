import Foundation
import Testing
import StatesLanguage

/// The one renderer: each format's layout, keys, escaping and required fields.
@Suite struct DiagnosticRendererTests {
    /// A located error with a hint, and a warning at the root without one.
    static var located: [Diagnostic] {
        var error = Diagnostic(.error, .missingTarget, "Next \"Wrld\" does not name a state", at: JSONPointer(tokens: ["States", "A", "Next"]),
                               hint: "did you mean \"World\"?")
        error.location = .json(SourcePosition(line: 4, column: 39, offset: 80))
        var warning = Diagnostic(.warning, .inescapableLoop, "no way out", at: .root)
        warning.location = .json(SourcePosition(line: 1, column: 1, offset: 0))
        return [error, warning]
    }

    @Test func textIsCompilerStyleWithThePointerAndTheHintIndented() {
        let text = DiagnosticRenderer(format: .text).render(Self.located, file: "m.json")
        #expect(text == """
            m.json:4:39: error: [missing-target] Next "Wrld" does not name a state (at /States/A/Next)
                hint: did you mean "World"?
            m.json:1:1: warning: [inescapable-loop] no way out

            """)
    }

    @Test func textOfASwiftLocationNamesTheSwiftLineAndDescriptionIsTheSameText() {
        var d = Diagnostic(.error, .emptyFlowForTest, "this flow has no steps", at: JSONPointer(tokens: ["StartAt"]), hint: "add a step")
        d.location = .swift(fileID: "App/Flows.swift", line: 12)
        let text = DiagnosticRenderer(format: .text).render(d, file: "ignored.json")
        #expect(text == "App/Flows.swift:12: error: [empty-flow] this flow has no steps (at /StartAt)\n    hint: add a step\n")
        // Without a file, the same layout: description and formatted are the renderer's text.
        #expect(d.description == "App/Flows.swift:12: error: [empty-flow] this flow has no steps (at /StartAt)\n    hint: add a step")
        #expect(d.formatted == d.description)
        let unlocated = Diagnostic(.error, .badType, "must be a string", at: JSONPointer(tokens: ["StartAt"]))
        #expect(unlocated.description == "error: [bad-type] must be a string (at /StartAt)")
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let text = DiagnosticRenderer(format: .json).render(Self.located, file: "m.json")
        let document = try JSONParser.parse(text)
        guard case .array(let items)? = document["diagnostics"] else {
            Issue.record("no diagnostics array in \(text)")
            return
        }
        #expect(items.count == 2)
        guard case .object(let first) = items[0], case .object(let second) = items[1] else {
            Issue.record("diagnostics are not objects: \(text)")
            return
        }
        #expect(first.members.map(\.key) == ["file", "line", "column", "severity", "code", "message", "pointer", "hint"])
        #expect(items[0]["file"] == "m.json")
        #expect(items[0]["line"] == 4)
        #expect(items[0]["column"] == 39)
        #expect(items[0]["code"] == "missing-target")
        #expect(items[0]["pointer"] == "/States/A/Next")
        #expect(second.members.map(\.key) == ["file", "line", "column", "severity", "code", "message", "pointer"])
        #expect(items[1]["severity"] == "warning")
    }

    /// GitHub's workflow command syntax: `::command key=value,key=value::data`, with no raw line
    /// break anywhere and no `,` or `:` left in a property value.
    static func isAnnotation(_ line: Substring) throws -> Bool {
        let syntax = try Regex(#"^::(error|warning|notice)(?: ([a-zA-Z]+=[^,:\r\n]*(?:,[a-zA-Z]+=[^,:\r\n]*)*))?::([^\r\n]*)$"#)
        return line.wholeMatch(of: syntax) != nil
    }

    @Test func githubLinesAreWorkflowCommands() throws {
        let text = DiagnosticRenderer(format: .github).render(Self.located, file: "m.json")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 2)
        for line in lines { #expect(try Self.isAnnotation(line), "\(line)") }
        #expect(lines.first == "::error file=m.json,line=4,col=39,title=statecraft [missing-target]::Next \"Wrld\" does not name a state (at /States/A/Next)%0Ahint: did you mean \"World\"?")
        #expect(lines.last == "::warning file=m.json,line=1,col=1,title=statecraft [inescapable-loop]::no way out")
    }

    @Test func githubEscapesAsTheToolkitDoes() throws {
        var d = Diagnostic(.error, .badValue, "100% sure\r\nnext: a, b", at: .root)
        d.location = .json(SourcePosition(line: 2, column: 3, offset: 9))
        let line = DiagnosticRenderer(format: .github).render(d, file: "dir:a,b%.json")
        #expect(line == "::error file=dir%3Aa%2Cb%25.json,line=2,col=3,title=statecraft [bad-value]::100%25 sure%0D%0Anext: a, b\n")
        #expect(try Self.isAnnotation(line.dropLast()))
        #expect(DiagnosticRenderer.escapeData("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f")
        #expect(DiagnosticRenderer.escapeProperty("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf")
    }

    /// The fields SARIF 2.1.0's schema requires (sarifLog: version, runs; run: tool; tool: driver;
    /// toolComponent: name; reportingDescriptor: id; result: message; message: text; region: lines
    /// and columns from 1) and the ones Statecraft promises (ruleId, level, a physical location).
    static func checkSARIF(_ log: JSONValue) {
        #expect(log["version"] == "2.1.0")
        #expect(log["$schema"]?.stringValue?.hasSuffix("sarif-schema-2.1.0.json") == true)
        guard case .array(let runs)? = log["runs"], !runs.isEmpty else {
            Issue.record("runs is not a non-empty array")
            return
        }
        for run in runs {
            #expect(run["tool"]?["driver"]?["name"]?.stringValue?.isEmpty == false)
            guard case .array(let rules)? = run["tool"]?["driver"]?["rules"], case .array(let results)? = run["results"] else {
                Issue.record("a run without rules or results")
                continue
            }
            let ids = rules.map { $0["id"]?.stringValue }
            #expect(!ids.contains(nil), "a rule without an id")
            #expect(Set(ids).count == ids.count, "rule ids repeat")
            for result in results {
                #expect(result["message"]?["text"]?.stringValue != nil)
                let ruleId = result["ruleId"]?.stringValue
                #expect(ruleId != nil && ids.contains(ruleId))
                if case .number(let index)? = result["ruleIndex"], let i = Int(index.text) {
                    #expect(ids.indices.contains(i) && ids[i] == ruleId)
                }
                #expect(["none", "note", "warning", "error"].contains(result["level"]?.stringValue ?? ""))
                guard case .array(let locations)? = result["locations"] else { continue }
                for location in locations {
                    let physical = location["physicalLocation"]
                    #expect(physical?["artifactLocation"]?["uri"]?.stringValue?.isEmpty == false)
                    if let region = physical?["region"] {
                        for key in ["startLine", "startColumn"] {
                            guard let value = region[key] else { continue }
                            guard case .number(let n) = value, let k = Int(n.text) else {
                                Issue.record("\(key) is not an integer")
                                continue
                            }
                            #expect(k >= 1)
                        }
                    }
                }
            }
        }
    }

    @Test func sarifHasTheRequiredFields() throws {
        var swift = Diagnostic(.error, .emptyFlowForTest, "no steps", at: .root)
        swift.location = .swift(fileID: "App/Flows.swift", line: 7)
        let text = DiagnosticRenderer(format: .sarif).render(files: [("m.json", Self.located + Self.located), ("<stdin>", [swift])])
        let log = try JSONParser.parse(text)
        Self.checkSARIF(log)
        guard case .array(let results)? = log["runs"]?.element(0)?["results"], case .array(let rules)? = log["runs"]?.element(0)?["tool"]?["driver"]?["rules"] else {
            Issue.record("no results")
            return
        }
        #expect(results.count == 5)
        #expect(rules.count == 3)  // one rule per code, however often it is reported
        let first = results[0]
        #expect(first["ruleId"] == "missing-target")
        #expect(first["level"] == "error")
        let physical = first["locations"]?.element(0)?["physicalLocation"]
        #expect(physical?["artifactLocation"]?["uri"] == "m.json")
        #expect(physical?["region"]?["startLine"] == 4)
        #expect(physical?["region"]?["startColumn"] == 39)
        #expect(results[1]["level"] == "warning")
        let swiftLocation = results[4]["locations"]?.element(0)?["physicalLocation"]
        #expect(swiftLocation?["artifactLocation"]?["uri"] == "App/Flows.swift")
        #expect(swiftLocation?["region"]?["startLine"] == 7)
        #expect(swiftLocation?["region"]?["startColumn"] == nil)
    }

    @Test func sarifOfACheckedDefinitionHasTheRequiredFields() throws {
        let result = Validator().check(Array(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Succeed"}}}"#.utf8))
        #expect(!result.diagnostics.isEmpty)
        let log = try JSONParser.parse(DiagnosticRenderer(format: .sarif).render(result.diagnostics, file: "my machine.json"))
        Self.checkSARIF(log)
        #expect(log["runs"]?.element(0)?["results"]?.element(0)?["locations"]?.element(0)?["physicalLocation"]?["artifactLocation"]?["uri"] == "my%20machine.json")
    }

    @Test func emptyListsRenderNothingOrAnEmptyDocument() throws {
        #expect(DiagnosticRenderer(format: .text).render([], file: "m.json") == "")
        #expect(DiagnosticRenderer(format: .github).render([], file: "m.json") == "")
        #expect(try JSONParser.parse(DiagnosticRenderer(format: .json).render([], file: "m.json"))["diagnostics"] == [])
        let sarif = try JSONParser.parse(DiagnosticRenderer(format: .sarif).render([], file: "m.json"))
        Self.checkSARIF(sarif)
        #expect(sarif["runs"]?.element(0)?["results"] == [])
    }
}

/// Codes are typed, declared beside their rules, and listed from those declarations.
@Suite struct DiagnosticCodeTests {
    @Test func everyCodeIsListedOnceAndKeepsItsString() {
        let all = Validator.allCodes
        #expect(Set(all).count == all.count)
        for rule in Validator.defaultRules { for code in rule.codes { #expect(all.contains(code)) } }
        for code in ASLDecoder.codes { #expect(Validator.structuralCodes.contains(code)) }
        #expect(Validator.structuralCodes.contains("definition-too-large"))
        #expect(Validator.syntaxCodes.contains("json-trailing-comma"))
        // The strings users suppress and search for do not change with the type.
        #expect(Diagnostic.Code.missingTarget.rawValue == "missing-target")
        #expect(Diagnostic.Code.badJSONPath.rawValue == "bad-jsonpath")
        #expect(Diagnostic.Code.badJSONata.rawValue == "bad-jsonata")
        #expect(TransitionTargetRule().codes == [.missingTarget, .scopeEscape])
    }

    @Test func aStringLiteralIsACodeAndComparesWithStrings() {
        let d = Diagnostic(.error, "custom-code", "a rule of a user's own", at: .root)
        #expect(d.code == Diagnostic.Code("custom-code"))
        #expect(d.code == "custom-code")
        let name = "custom-code"
        #expect(d.code == name)
        #expect(d.code.description == name)
    }
}

/// One problem, one diagnostic: the collector's rule, and the rule through decode → validate.
@Suite struct DiagnosticCollectorTests {
    @Test func aLaterStageFindingAtARejectedPlaceIsLeftOut() {
        let at = JSONPointer(tokens: ["States", "A", "Next"])
        let elsewhere = JSONPointer(tokens: ["States", "B"])
        var collector = DiagnosticCollector()
        collector.collect([
            Diagnostic(.error, .badType, "Next must be a string", at: at),
            Diagnostic(.error, .badValue, "a second problem of the same stage at the same place", at: at),
            Diagnostic(.warning, .inescapableLoop, "a warning", at: elsewhere),
        ])
        #expect(collector.diagnostics.count == 3)  // one stage's findings are all kept
        let kept = collector.collect([
            Diagnostic(.error, .missingTarget, "a consequence", at: at),
            Diagnostic(.error, .unreachableState, "not at a rejected place", at: elsewhere),  // a warning rejects nothing
        ])
        #expect(kept.map(\.code) == [.unreachableState])
        #expect(collector.diagnostics.count == 4)
        #expect(collector.isRejected(at) && collector.isRejected(elsewhere))
    }

    @Test func decodeThenValidateReportsEachPlaceOnce() throws {
        let text = #"{"StartAt": 1, "States": {"A": {"Type": "Succeed"}}}"#
        let decoded = Validator.decode(Array(text.utf8))
        let machine = try #require(decoded.machine)
        let startAt = JSONPointer(tokens: ["StartAt"])
        #expect(decoded.diagnostics.contains { $0.pointer == startAt && $0.code == .badType })
        // Alone, the rules also find a problem at StartAt: the consequence of the decoder's.
        #expect(Validator().validate(machine).contains { $0.pointer == startAt })
        let checked = Validator().check(Array(text.utf8))
        #expect(checked.diagnostics.filter { $0.pointer == startAt }.map(\.code) == [.badType])
    }
}

extension JSONValue {
    /// The element at `index` of an array.
    fileprivate func element(_ index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}

extension Diagnostic.Code {
    /// The DSL's `empty-flow`, spelt here because this module does not import the DSL.
    static let emptyFlowForTest: Self = "empty-flow"
}
