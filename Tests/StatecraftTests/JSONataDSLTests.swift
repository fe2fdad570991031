import Foundation
import Testing
import StatesLanguage
@testable import Statecraft
import StatecraftTemplates

/// JSONata in the DSL: a machine's query language decides what each step writes; typed expressions
/// and workflow variables; what cannot be converted is refused at the Swift line that wrote it.
@Suite struct JSONataDSLTests {
    static let topic: PayloadValue = "arn:aws:sns:us-east-1:123456789012:alerts"

    func task(_ name: String, in machine: StateMachine) -> TaskState? {
        if case .task(let t)? = state(name, in: machine)?.kind { return t }
        return nil
    }

    func condition(_ index: Int, of name: String, in machine: StateMachine) -> String? {
        guard case .choice(let c)? = state(name, in: machine)?.kind, index < c.choices.count,
              case .jsonata(.string(let text)) = c.choices[index].condition else { return nil }
        return text
    }

    @Test func everyIntegrationWritesArgumentsInAJSONataMachine() throws {
        let machine = Machine(queryLanguage: .jsonata) {
            ECS.RunTask("Run", .sync, cluster: "jobs", taskDefinition: "batch", compute: .fargate, network: .awsvpc(subnets: ["subnet-1"]),
                        overrides: [.init("app", command: ["run", .jsonata("$states.input.date")])])
            ECS.RunTask("Start", .requestResponse, cluster: "jobs", taskDefinition: "batch")
            SNS.Publish("Tell", topic: Self.topic, message: .jsonata("'done: ' & $states.input.date"), subject: "Done")
            Lambda.Invoke("Call", function: "arn:aws:lambda:us-east-1:123456789012:function:f")
            DynamoDB.PutItem("Record", table: "runs", item: ["id": .s(.executionId)])
            DynamoDB.UpdateItem("Count", table: "runs", key: ["id": .s(.jsonata("$states.context.Execution.Id"))], update: "ADD #n :one",
                                names: ["#n": "n"], values: [":one": .number(1)])
            AnyTask("Send", resource: "arn:aws:states:::sqs:sendMessage", parameters: ["QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": .path("$.body")])
            Succeed("Done")
        }
        let result = buildClean(machine)
        for name in ["Run", "Start", "Tell", "Call", "Record", "Count", "Send"] {
            let t = try #require(task(name, in: result.machine), "\(name)")
            #expect(t.parameters == nil && t.arguments != nil, "\(name) writes Arguments")
        }
        let run = try #require(task("Run", in: result.machine))
        #expect(run.resource == "arn:aws:states:::ecs:runTask.sync")
        #expect(run.arguments?["Overrides"]?["ContainerOverrides"] == [["Name": "app", "Command": ["run", "{% $states.input.date %}"]]])
        #expect(task("Tell", in: result.machine)?.arguments?["Message"] == "{% 'done: ' & $states.input.date %}")
        #expect(task("Call", in: result.machine)?.arguments?["Payload"] == "{% $states.input %}")
        #expect(task("Record", in: result.machine)?.arguments?["Item"]?["id"]?["S"] == "{% $states.context.Execution.Id %}")
        #expect(task("Count", in: result.machine)?.arguments?["Key"]?["id"]?["S"] == "{% $states.context.Execution.Id %}")
        #expect(task("Send", in: result.machine)?.arguments?["MessageBody"] == "{% $states.input.body %}")
        #expect(!result.json.contains(".$\""))
    }

    @Test func jsonPathStyleStepsAreConvertedToTheirJSONataMeaning() throws {
        let machine = Machine(queryLanguage: .jsonata) {
            Pass("Start", result: ["count": 0]).resultPath("$.counter")
            Pass("Shape")
                .parameters(["id": .path("$.order['order id']"), "at": .executionStartTime, "n": .mathAdd(.path("$.counter.count"), 1)])
                .resultPath("$.shaped")
            Wait("Pause", secondsPath: "$.delay")
            Choice("Route") {
                When(Variable("$.shaped.n") >= 3 && Variable("$.status") == "done") { Succeed("Finished") }
                When(Variable("$.name").matches("job-*.log")) { Fail("Bad", error: "BadName", cause: .path("$.name")) }
                When(!Variable("$.flag").isPresent || Variable("$.flag").isNull) { Pass("No flag") }
            }
            Map("Each", itemsPath: "$.items", maxConcurrency: 2, itemSelector: ["item": .mapItemValue, "date": .path("$.date")]) {
                Lambda.Invoke("Call", function: "f").resultSelector(["value": .path("$.Payload")])
            }
            .resultPath(nil)
            ECS.RunTask("Run", cluster: "jobs", taskDefinition: "batch").timeout(secondsPath: "$.timeout")
                .catch([.all], resultPath: "$.error", assign: ["cause": .path("$.Cause")]) { Fail("Failed", error: .path("$.error.Error")) }
            Succeed("Done")
        }
        let result = buildClean(machine)
        let m = result.machine
        guard case .pass(let start)? = state("Start", in: m)?.kind, case .pass(let shape)? = state("Shape", in: m)?.kind,
              case .wait(let pause)? = state("Pause", in: m)?.kind, case .fail(let bad)? = state("Bad", in: m)?.kind,
              case .map(let each)? = state("Each", in: m)?.kind, case .fail(let failed)? = state("Failed", in: m)?.kind else {
            Issue.record("missing states: \(result.json)")
            return
        }
        #expect(start.output == "{% $merge([$states.input, {'counter': {'count': 0}}]) %}")
        #expect(start.result == nil && start.resultPath == nil)
        #expect(shape.output == "{% $merge([$states.input, {'shaped': {'id': $states.input.order.`order id`, 'at': $states.context.Execution.StartTime, 'n': $states.input.counter.count + 1}}]) %}")
        #expect(pause.duration == .seconds(.jsonata("{% $states.input.delay %}")))
        #expect(condition(0, of: "Route", in: m) == "{% ($type($states.input.shaped.n) = 'number' and $states.input.shaped.n >= 3) and ($states.input.status = 'done') %}")
        #expect(condition(1, of: "Route", in: m) == #"{% $type($states.input.name) = 'string' and $contains($states.input.name, /^job-[\s\S]*\.log$/) %}"#)
        #expect(condition(2, of: "Route", in: m) == "{% ($not($exists($states.input.flag))) or ($type($states.input.flag) = 'null') %}")
        #expect(bad.cause == .literal("{% $states.input.name %}"))
        #expect(each.items == "{% $states.input.items %}")
        #expect(each.itemsPath == nil)
        #expect(each.itemSelector.map(ASLEncoder.template) == ["item": "{% $states.context.Map.Item.Value %}", "date": "{% $states.input.date %}"])
        #expect(each.output == "{% $states.input %}")
        #expect(task("Call", in: m)?.output == ["value": "{% $states.result.Payload %}"])
        let run = try #require(task("Run", in: m))
        #expect(run.timeoutSeconds == .jsonata("{% $states.input.timeout %}"))
        #expect(run.catchers.first?.output == "{% $merge([$states.input, {'error': $states.errorOutput}]) %}")
        #expect(run.catchers.first?.assign.map(ASLEncoder.template) == ["cause": "{% $states.errorOutput.Cause %}"])
        #expect(failed.error == .literal("{% $states.input.error.Error %}"))
    }

    @Test func aJSONPathOnlyConstructIsRefusedAtTheSwiftLineThatWroteIt() {
        let line = #line + 2
        let machine = Machine(queryLanguage: .jsonata) {
            Pass("Pick").parameters(["ok": .path("$.items[?(@.ok)]")])
            Pass("Narrow").inputPath("$.x")
            Pass("Each").parameters(["names": .path("$.items[*].name")])
            Choice("When?") {
                When(Variable("$.at").compare(.timestampLessThan, .string("2026-01-01T00:00:00Z"))) { Pass("Early") }
            }
            Succeed("Done")
        }
        let result = machine.build()
        #expect(!result.isValid)
        func find(_ pointer: String) -> Diagnostic? { result.diagnostics.first { $0.pointer == JSONPointer(pointer) && $0.code == "jsonata-conversion" } }
        #expect(find("/States/Pick/Parameters")?.location == .swift(fileID: #fileID, line: line))
        #expect(find("/States/Pick/Parameters")?.message.contains("$.items[?(@.ok)]") == true)
        #expect(find("/States/Narrow/InputPath")?.location == .swift(fileID: #fileID, line: line + 1))
        #expect(find("/States/Each/Parameters")?.location == .swift(fileID: #fileID, line: line + 2))
        #expect(find("/States/When?/Choices")?.message.contains("TimestampLessThan") == true)
        #expect(find("/States/When?/Choices")?.location == .swift(fileID: #fileID, line: line + 3))
    }

    @Test func aJSONataConstructInAJSONPathStateIsRefusedAtItsSwiftLine() {
        let line = #line + 2
        let machine = Machine {
            SNS.Publish("Tell", topic: Self.topic, message: .jsonata("$states.input.text"))
            Wait("Pause", seconds: JSONataExpr<Int>("$states.input.delay"))
            Pass("Count").assign(WorkflowVariable<Int>("n"), JSONataExpr<Int>("1 + 1"))
            Succeed("Done").output(["done": true])
        }
        let result = machine.build()
        let mixes = result.diagnostics.filter { $0.code == "query-language-mix" }
        for (offset, name) in ["Tell", "Pause", "Count", "Done"].enumerated() {
            let d = mixes.first { $0.pointer.tokens.prefix(2) == ["States", name] }
            #expect(d?.location == .swift(fileID: #fileID, line: line + offset), "\(name): \(result.diagnostics)")
        }
    }

    @Test func aStateOptsInToJSONataInAJSONPathMachine() throws {
        let machine = Machine {
            Pass("Old style", result: ["a": 1]).resultPath("$.x")
            SNS.Publish("Tell", topic: Self.topic, message: .format("n={} at {}", .path("$.x.a"), .stateEnteredTime)).queryLanguage(.jsonata)
            Choice("Check") {
                When(Variable("$.x.a") == 1) { Succeed("One") }
            }
            .output(["count": .path("$.x.a")])
            .queryLanguage(.jsonata)
            Succeed("Done")
        }
        let result = buildClean(machine)
        guard case .pass(let old)? = state("Old style", in: result.machine)?.kind else { Issue.record("no Pass"); return }
        #expect(old.resultPath != nil && old.output == nil)
        #expect(state("Tell", in: result.machine)?.queryLanguage == .jsonata)
        #expect(task("Tell", in: result.machine)?.arguments?["Message"] == "{% 'n=' & $states.input.x.a & ' at ' & $states.context.State.EnteredTime %}")
        #expect(state("Check", in: result.machine)?.queryLanguage == .jsonata)
        guard case .choice(let check)? = state("Check", in: result.machine)?.kind else { Issue.record("no Choice"); return }
        #expect(check.output == ["count": "{% $states.input.x.a %}"])
        #expect(condition(0, of: "Check", in: result.machine) == "{% $states.input.x.a = 1 %}")
        // The reverse is not allowed by ASL.
        let reverse = Machine(queryLanguage: .jsonata) {
            Pass("Old style", result: ["a": 1]).resultPath("$.x").queryLanguage(.jsonPath)
        }
        #expect(reverse.build().diagnostics.contains { $0.code == "query-language-mix" && $0.severity == .error })
    }

    @Test func typedExpressionsAndVariablesGoWhereTheirTypeFits() throws {
        let attempts = WorkflowVariable<Int>("attempts")
        let limit = JSONataExpr<Int>("$states.input.limit")
        let machine = Machine(queryLanguage: .jsonata) {
            Pass("Start").assign(attempts, 0)
            Loop {
                ECS.RunTask("Run", cluster: "jobs", taskDefinition: "batch")
                    .timeout(seconds: limit * 60)
                    .heartbeat(seconds: JSONataExpr<Int>("{% $states.input.heartbeat %}"))
                    .assign(attempts, attempts + 1)
                Choice("Again?") {
                    When(attempts >= 3 || !JSONataExpr<Bool>("$states.input.retry")) { Break() }
                    Otherwise { Wait("Back off", seconds: attempts * 10) }
                }
            }
            Map("Each") { Pass("Item") }
                .items(JSONataExpr<JSONValue>("$states.input.items"))
                .maxConcurrency(limit)
            Fail("Stop", error: "Stopped", cause: .jsonata(JSONataExpr<String>("'after ' & $string($attempts) & ' attempts'")))
        }
        let result = buildClean(machine)
        let run = try #require(task("Run", in: result.machine))
        #expect(run.timeoutSeconds == .jsonata("{% $states.input.limit * 60 %}"))
        #expect(run.heartbeatSeconds == .jsonata("{% $states.input.heartbeat %}"))
        #expect(run.assign.map(ASLEncoder.template) == ["attempts": "{% $attempts + 1 %}"])
        let startAssign: JSONValue? = if case .pass(let p)? = state("Start", in: result.machine)?.kind { p.assign.map(ASLEncoder.template) } else { nil }
        #expect(startAssign == ["attempts": 0])
        #expect(condition(0, of: "Again?", in: result.machine) == "{% ($attempts >= 3) or $not($states.input.retry) %}")
        guard case .wait(let wait)? = state("Back off", in: result.machine)?.kind, case .map(let each)? = state("Each", in: result.machine)?.kind,
              case .fail(let stop)? = state("Stop", in: result.machine)?.kind else {
            Issue.record("missing states")
            return
        }
        #expect(wait.duration == .seconds(.jsonata("{% $attempts * 10 %}")))
        #expect(each.items == "{% $states.input.items %}")
        #expect(each.maxConcurrency == .jsonata("{% $states.input.limit %}"))
        #expect(stop.cause == .literal("{% 'after ' & $string($attempts) & ' attempts' %}"))
    }

    @Test func readingAVariableBeforeItIsAssignedIsReportedAtTheSwiftLine() {
        let total = WorkflowVariable<Int>("total")
        let line = #line + 2
        let machine = Machine(queryLanguage: .jsonata) {
            Pass("Report").output(.jsonata(total + 1))
            Pass("Sum").assign(total, 5)
            Succeed("Done")
        }
        let result = machine.build()
        let d = result.diagnostics.first { $0.code == "jsonata-unassigned-variable" }
        #expect(d?.severity == .warning)
        #expect(d?.location == .swift(fileID: #fileID, line: line))
        #expect(d?.message.contains("$total") == true)
        #expect(result.isValid)
    }

    @Test func aVariableAssignedTwiceByOneStateIsAProblem() {
        let n = WorkflowVariable<Int>("n")
        let result = Machine(queryLanguage: .jsonata) { Pass("Set").assign(n, 1).assign(n, 2) }.build()
        #expect(result.diagnostics.contains { $0.code == "duplicate-field" })
    }

    @Test func theOtherPatternsAndParallelBuildCleanInJSONata() throws {
        let machine = Machine(queryLanguage: .jsonata) {
            ConcurrencyGate(lockName: "batch", limit: 5, lock: .dynamoDB(table: "locks"), maxPolls: 3, alertTopic: Self.topic) {
                Parallel("Both") {
                    Branch { Lambda.Invoke("Left", function: "left").resultSelector(["value": .path("$.Payload")]) }
                    Branch { Pass("Right", result: ["value": 2]) }
                }
                .resultPath("$.both")
            }
            AlertOnFailure(topic: Self.topic, then: .continue) {
                ECS.RunTask("Callback", .waitForTaskToken, cluster: "jobs", taskDefinition: "batch",
                            overrides: [.init("app", environment: ["TOKEN": .taskToken])])
                    .heartbeat(seconds: 60)
            }
            Succeed("Done")
        }
        let result = buildClean(machine)
        #expect(!result.json.contains("Path\""))
        #expect(!result.json.contains(".$\""))
        let acquire = try #require(task("Gate: acquire slot", in: result.machine))
        #expect(acquire.arguments?["ExpressionAttributeNames"]?["#owner"] == "{% $states.context.Execution.Id %}")
        #expect(acquire.arguments?["ExpressionAttributeValues"]?[":now"]?["S"] == "{% $states.context.State.EnteredTime %}")
        #expect(task("Callback", in: result.machine)?.arguments?["Overrides"]?["ContainerOverrides"]
            == [["Name": "app", "Environment": [["Name": "TOKEN", "Value": "{% $states.context.Task.Token %}"]]]])
        guard case .parallel(let both)? = state("Both", in: result.machine)?.kind else { Issue.record("no Parallel"); return }
        #expect(both.output == "{% $merge([$states.input, {'both': $states.result}]) %}")
    }

    @Test func aJSONataSyntaxErrorInATypedExpressionIsReportedAtTheSwiftLine() {
        let line = #line + 2
        let machine = Machine(queryLanguage: .jsonata) {
            Wait("Pause", seconds: JSONataExpr<Int>("$states.input.delay +"))
            Succeed("Done")
        }
        let result = machine.build()
        #expect(!result.isValid)
        let d = result.diagnostics.first { $0.severity == .error }
        #expect(d?.location == .swift(fileID: #fileID, line: line), "\(result.diagnostics)")
        #expect(d?.pointer == JSONPointer("/States/Pause/Seconds"))
    }

    @Test func literalsAreWrittenAsJSONataLiterals() throws {
        let quoted = JSONataRendering.literal(.string("say \"x\" \\ \n"))
        #expect(quoted == #"'say "x" \\ \n'"#)
        _ = try JSONata.parse(quoted)
        let apostrophe = JSONataRendering.literal(.string("it's \"x\""))
        #expect(apostrophe == #""it's \"x\"""#)
        _ = try JSONata.parse(apostrophe)
        #expect(JSONataRendering.literal(["a b": [1, true, nil]]) == "{'a b': [1, true, null]}")
        #expect(JSONataRendering.name("order id") == "`order id`")
        #expect(JSONataRendering.name("and") == "`and`")
        #expect(JSONataRendering.name("orderId") == "orderId")
    }

    @Test func aDistributedMapReadsAndWritesWithArguments() throws {
        let batcher = ItemBatcher(maxItemsPerBatch: .path(try Path(parsing: "$.batchSize")))
        let machine = Machine(queryLanguage: .jsonata) {
            Map("Files", distributed: .standard, reader: .s3Objects(bucket: "input", prefix: "day/"), batcher: batcher,
                writer: .s3(bucket: "results", prefix: "run/"), toleratedFailureCount: 3) {
                Lambda.Invoke("Process", function: "process")
            }
            .toleratedFailurePercentage(JSONataExpr<Double>("$states.input.tolerance"))
        }
        let result = buildClean(machine)
        guard case .map(let files)? = state("Files", in: result.machine)?.kind else { Issue.record("no Map"); return }
        #expect(files.itemReader?.parameters == nil && files.itemReader?.arguments == ["Bucket": "input", "Prefix": "day/"])
        #expect(files.resultWriter?.parameters == nil && files.resultWriter?.arguments == ["Bucket": "results", "Prefix": "run/"])
        #expect(files.itemBatcher?.maxItemsPerBatch == .jsonata("{% $states.input.batchSize %}"))
        #expect(files.toleratedFailureCount == .literal(3))
        #expect(files.toleratedFailurePercentage == .jsonata("{% $states.input.tolerance %}"))
    }

    @Test func theSeedWorkflowsInJSONataBuildWithoutAnyDiagnostic() throws {
        let workflows = StatecraftTemplates.catalog.workflows
        let jsonata = workflows.filter { $0.path.hasSuffix("statemachine.jsonata.asl.json") }
        #expect(jsonata.count == 3)
        for workflow in jsonata {
            let result = buildClean(workflow.machine)
            #expect(result.machine.queryLanguage == .jsonata)
            #expect(workflow.deployment == nil, "the JSONata twin is a definition only")
            // Same states, in the same order, as the JSONPath twin.
            let twin = try #require(workflows.first { $0.name == workflow.name && $0.path != workflow.path })
            let twinResult = buildClean(twin.machine)
            #expect(result.machine.states.map(\.name) == twinResult.machine.states.map(\.name))
            #expect(twinResult.machine.queryLanguage == nil)
        }
    }
}

/// Docs/DSL.md's JSONata section: its machines build as the guide says, and what it shows of their
/// definitions and diagnostics is what they print.
@Suite struct JSONataDocsTests {
    static func guide() throws -> String {
        try String(contentsOf: DSLDocsTests.root.appendingPathComponent("Docs/DSL.md"), encoding: .utf8)
    }

    /// The fragments of the guide's ```json and ``` blocks in the JSONata section (a line `…` separates
    /// fragments of one block).
    static func shownFragments() throws -> [String] {
        let text = try guide()
        guard let start = text.range(of: "\n## JSONata\n"), let end = text.range(of: "\n## ", range: start.upperBound..<text.endIndex) else { return [] }
        var fragments: [String] = []
        var current: [String]?
        var inSwift = false
        for line in text[start.upperBound..<end.lowerBound].components(separatedBy: "\n") {
            if inSwift { inSwift = line != "```"; continue }
            if current == nil, line == "```swift" { inSwift = true; continue }
            if current == nil, line == "```json" || line == "```" { current = []; continue }
            if current != nil, line == "```" || line == "…" {
                fragments.append(current!.joined(separator: "\n"))
                current = line == "```" ? nil : []
                continue
            }
            current?.append(line)
        }
        return fragments
    }

    @Test func theGuidesJSONataMachinesBuildCleanAndShowWhatTheyPrint() throws {
        let machines = [DocSnippets.jsonataMachine(), DocSnippets.jsonataTyped(), DocSnippets.jsonataOptIn()]
        var printed = ""
        for machine in machines { printed += buildClean(machine).json }
        let refused = DocSnippets.jsonataRefused().build()
        #expect(!refused.isValid)
        printed += refused.diagnostics.map(\.description).joined(separator: "\n")
        let normalised = DSLDocsTests.normalised(printed)
        let fragments = try Self.shownFragments()
        #expect(fragments.count >= 6)
        for fragment in fragments {
            #expect(normalised.contains(DSLDocsTests.normalised(fragment)), "not printed:\n\(fragment)\n--- printed:\n\(printed)")
        }
    }
}
