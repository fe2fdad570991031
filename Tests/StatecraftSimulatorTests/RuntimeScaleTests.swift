import Foundation
@testable import StatecraftSimulator
import StatesLanguage
import Testing
import StatecraftTestSupport

/// Work proportional to the input runs on a bounded stack, and the history limit covers every event.
/// The big runs happen on a thread with a 512 KiB stack (what a secondary thread gets), so that any
/// native recursion in proportion to the items, branches, iterations or attempts would crash the test.
@Suite struct RuntimeScaleTests {
    /// Runs `body` on a thread with a small stack and waits for it.
    static func onSmallStack<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let thread = Thread {
            box.value = body()
            box.done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        box.done.wait()
        return box.value!
    }

    /// Carries a thread's result back.
    final class ResultBox<T>: @unchecked Sendable {
        var value: T?
        let done = DispatchSemaphore(value: 0)
    }

    static func inlineMap(items: Int, maxConcurrency: Int) -> String {
        """
        {"StartAt": "Fan out", "States": {"Fan out": {"Type": "Map", "MaxConcurrency": \(maxConcurrency), "ItemsPath": "$.keys",
          "ItemProcessor": {"StartAt": "Touch", "States": {"Touch": {"Type": "Pass", "End": true}}},
          "End": true}}}
        """
    }

    static func keys(_ count: Int) -> JSONValue {
        ["keys": .array((0..<count).map { .number(JSONNumber($0)) })]
    }

    struct Outcome: Sendable {
        let status: Execution.Status
        let error: String?
        let outputCount: Int
        let events: Int
        let lastOutput: JSONValue?
        var output: JSONValue? = nil
    }

    /// Compiles `json` (decoded, not validated: the validator's own budgets are tested elsewhere), then
    /// runs it on a small stack.
    static func run(_ json: String, input: JSONValue, limit: Int = 25_000, services: @escaping @Sendable () -> [ServiceIntegration] = { [] }) -> Outcome {
        guard let parsed = try? JSONParser.parse(json), let machine = ASLDecoder.decode(parsed).machine else {
            Issue.record("the test's definition does not decode")
            return Outcome(status: .aborted, error: "invalid", outputCount: 0, events: 0, lastOutput: nil)
        }
        let program = Program(machine)
        return onSmallStack {
            let simulator = Simulator(configuration: .init(maximumHistoryEvents: limit), services: services())
            let execution = simulator.run(program, input: input)
            let list = execution.output?.arrayValue
            return Outcome(status: execution.status, error: execution.error, outputCount: list?.count ?? 0, events: execution.history.count,
                           lastOutput: list?.last, output: execution.output)
        }
    }

    @Test(arguments: [0, 1])
    func inlineMapOverThirtyThousandItems(maxConcurrency: Int) {
        let json = Self.inlineMap(items: 30_000, maxConcurrency: maxConcurrency)
        let raised = Self.run(json, input: Self.keys(30_000), limit: 1_000_000)
        #expect(raised.status == .succeeded)
        #expect(raised.outputCount == 30_000)
        #expect(raised.lastOutput == 29_999)
        // 30,000 iterations of 4 events each do not fit in AWS's 25,000: a clean States.Runtime at the limit.
        let limited = Self.run(json, input: Self.keys(30_000))
        #expect(limited.status == .failed)
        #expect(limited.error == "States.Runtime")
        #expect(limited.events == 25_000)
    }

    @Test func distributedMapOverAHundredThousandItemsFromItsReader() {
        let json = """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
              "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket": "b", "Key": "items.json"}},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Touch", "States": {"Touch": {"Type": "Pass", "End": true}}},
              "MaxConcurrency": 1000, "ResultSelector": {"count.$": "States.ArrayLength($)", "last.$": "$[99999]"}, "End": true}}}
            """
        let body = "[" + (0..<100_000).map { "{\"n\":\($0)}" }.joined(separator: ",") + "]"
        let outcome = Self.run(json, input: [:]) {
            let s3 = InMemoryS3()
            s3.put(bucket: "b", key: "items.json", body: body)
            return [s3]
        }
        #expect(outcome.status == .succeeded)
        #expect(outcome.output?["count"] == 100_000)
        #expect(outcome.output?["last"] == ["n": 99_999])
        // Each item ran as a child execution with its own history: the parent's stays short.
        #expect(outcome.events < 20)
    }

    @Test func distributedMapOverThirtyThousandItemsFromTheInput() {
        let json = """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.keys",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Touch", "States": {"Touch": {"Type": "Pass", "End": true}}}, "End": true}}}
            """
        let outcome = Self.run(json, input: Self.keys(30_000))
        #expect(outcome.status == .succeeded)
        #expect(outcome.outputCount == 30_000)
    }

    @Test func parallelWithTenThousandBranches() {
        let branches = (0..<10_000).map { #"{"StartAt": "B\#($0)", "States": {"B\#($0)": {"Type": "Pass", "Result": 1, "End": true}}}"# }
        let json = #"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": ["#
            + branches.joined(separator: ",") + "]}}}"
        let outcome = Self.run(json, input: [:])
        #expect(outcome.status == .succeeded)
        #expect(outcome.outputCount == 10_000)
    }

    @Test func mapsNestedAHundredDeep() {
        var processor = #"{"StartAt": "Leaf", "States": {"Leaf": {"Type": "Pass", "Result": "leaf", "End": true}}}"#
        for level in 0..<100 {
            processor = #"{"StartAt": "M\#(level)", "States": {"M\#(level)": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"items.$": "$.items"}, "ItemProcessor": "#
                + processor + #", "End": true}}}"#
        }
        let outcome = Self.run(processor, input: ["items": [1]])
        #expect(outcome.status == .succeeded)
        var value = Self.run(processor, input: ["items": [1]]).lastOutput
        var depth = 1
        while case .array(let inner)? = value { value = inner.last; depth += 1 }
        #expect(value == "leaf")
        #expect(depth == 100)
    }

    @Test func aCountingLoopOfTwentyFiveThousandEvents() {
        let json = """
            {"StartAt":"Inc","States":{"Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)","n.$":"$.n"},"Next":"Check"},
            "Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThanPath":"$.n","Next":"Inc"}],"Default":"Done"},
            "Done":{"Type":"Succeed"}}}
            """
        let outcome = Self.run(json, input: ["i": 0, "n": 6_240])
        #expect(outcome.status == .succeeded)
        #expect(outcome.events == 24_964)
    }

    @Test func aRetryChainStopsAtTheHistoryLimit() {
        let json = """
            {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "f"},
              "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 99999999, "BackoffRate": 1.0}], "End": true}}}
            """
        let outcome = Self.run(json, input: [:]) {
            let mocks = ScriptedMocks()
            mocks.state("Run", responses: [.failure(error: "Lambda.ServiceException", cause: "down")])
            return [mocks]
        }
        #expect(outcome.status == .failed)
        #expect(outcome.error == "States.Runtime")
        #expect(outcome.events == 25_000)
    }

    @Test func retryWaitsAreExactAfterAFractionalTask() throws {
        let json = """
            {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "f"},
              "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 2.0}], "End": true}}}
            """
        let mocks = ScriptedMocks()
        mocks.state("Run", responses: [
            .failure(error: "Lambda.TooManyRequestsException", cause: "busy", duration: 0.2),
            .failure(error: "Lambda.TooManyRequestsException", cause: "busy", duration: 0.2),
            .success(["ok": true], duration: 0.2),
        ])
        let execution = Simulator(services: [mocks]).run(try Program(json: Array(json.utf8)))
        #expect(execution.status == .succeeded)
        #expect(retryWaits(execution) == [3, 6])
        #expect(retryWaits(execution).map(\.seconds) == [3, 6])
        #expect(execution.stopTime == 9.6)
    }
}

/// The payload check counts the bytes of the JSON text Step Functions would write, without writing it.
@Suite struct PayloadSizeTests {
    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":"x\"y\\z\n\u0001é𝄞","d":{"e":-0,"f":1.5e3,"g":[]}}"#,
        #"[1.0, 2.50, -3e-2, 12345678901234567890, 0.1, {"":""}]"#,
        #""""#, #"0"#, #"{}"#, #"[[[[[]]]]]"#,
        String(repeating: #"{"k":["#, count: 150) + "1" + String(repeating: "]}", count: 150),
    ])
    func countsWhatTheWriterWrites(json: String) throws {
        let value = try JSONParser.parse(json)
        let size = DataFlow.serialize(value).utf8.count
        #expect(!DataFlow.exceedsSize(value, size))
        #expect(DataFlow.exceedsSize(value, size - 1))
    }

    /// The quick bound `exceedsSize` tries first is never below the exact size, so it never lets an
    /// oversized payload through; nor is it far above it for ordinary values.
    @Test func theQuickBoundIsAnUpperBound() {
        var generator = DataFuzzTests.Generator(random: SeededRandom(seed: 11))
        for _ in 0..<2_000 {
            let value = generator.json(4)
            let exact = DataFlow.serialize(value).utf8.count
            #expect(JavaText.jacksonSizeBound(value, stoppingAfter: .max) >= exact, "\(DataFlow.serialize(value))")
        }
        #expect(JavaText.jacksonSizeBound(["a": "bc", "d": [1, true, nil]], stoppingAfter: .max) < 100)
        let deep = (0..<100).reduce(JSONValue.null) { inner, _ in .array([inner]) }
        #expect(JavaText.jacksonSizeBound(deep, stoppingAfter: 1_000) > 1_000, "too deep for the bound: it defers to the exact count")
        #expect(!DataFlow.exceedsSize(deep, DataFlow.serialize(deep).utf8.count))
    }

    @Test(.enabled(if: SharedFixtures.isAvailable, Comment(rawValue: SharedFixtures.skipReason)))
    func countsTheRecordedOutputsExactly() throws {
        var checked = 0
        for c in try SharedFixtures.jsonLines("conformance/localstack/cases.jsonl") {
            for value in [c["input"], c["output"]].compactMap({ $0 }) {
                let size = DataFlow.serialize(value).utf8.count
                #expect(!DataFlow.exceedsSize(value, size) && DataFlow.exceedsSize(value, size - 1))
                checked += 1
            }
        }
        #expect(checked > 500)
    }
}

/// Templates prepared once evaluate exactly as the general evaluation does (values and member order).
@Suite struct CompiledTemplateTests {
    static func template(_ json: String) throws -> PayloadTemplate {
        guard case .object(let o) = try JSONParser.parse(#"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":"# + json + #","End":true}}}"#),
              let machine = ASLDecoder.decode(.object(o)).machine,
              case .pass(let pass)? = machine.states.first?.state.kind, let parameters = pass.parameters else {
            throw CancellationError()
        }
        return parameters
    }

    @Test(arguments: [
        #"{"a": 1, "b.$": "$.x", "c": {"d.$": "States.MathAdd($.n, 1)", "e": [1, {"f.$": "$.x"}]}, "g.$": "$$.Execution.Name"}"#,
        #"{"k1.$": "$.x", "k2.$": "$.x", "k3.$": "$.x", "k4.$": "$.x", "k5.$": "$.x", "k6.$": "$.x", "k7.$": "$.x", "k8.$": "$.x", "k9.$": "$.x", "zz.$": "$.n", "AA.$": "$.n", "lit": true}"#,
        #"[{"a.$": "$.n"}, 2, "three"]"#,
    ])
    func preparedTemplatesMatchTheGeneralEvaluation(json: String) throws {
        let template = try Self.template(json)
        let scope = DataScope(input: ["x": "ex", "n": 41], context: ["Execution": ["Name": "e-1"]], variables: [:])
        var r1 = SeededRandom(seed: 1), r2 = SeededRandom(seed: 1)
        let general = try DataFlow.evaluate(template, scope, random: &r1)
        let prepared = try CompiledTemplate(template).evaluate(scope, random: &r2)
        #expect(DataFlow.serialize(prepared) == DataFlow.serialize(general))
    }

    @Test func aMissingPathFailsTheSameWay() throws {
        let template = try Self.template(#"{"a.$": "$.missing"}"#)
        let scope = DataScope(input: ["x": 1], context: .null, variables: [:])
        var random = SeededRandom(seed: 0)
        var general: RuntimeError?, prepared: RuntimeError?
        do { _ = try DataFlow.evaluate(template, scope, random: &random) } catch { general = error }
        do { _ = try CompiledTemplate(template).evaluate(scope, random: &random) } catch { prepared = error }
        #expect(general != nil)
        #expect(general?.cause == prepared?.cause)
    }
}
