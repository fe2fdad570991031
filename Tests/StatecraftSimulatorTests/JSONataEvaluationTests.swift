import Testing
import StatesLanguage
@testable import StatecraftSimulator

/// JSONata-mode states: expressions, `$states`, variables, and the errors AWS reports.
@Suite struct JSONataEvaluationTests {
    /// The output of a one-state JSONata machine whose Pass state outputs `expression`.
    static func output(_ expression: String, input: JSONValue = [:]) throws -> JSONValue? {
        var escaped: [UInt8] = []
        JSONWriter.writeString("{% " + expression + " %}", into: &escaped, upperCaseHex: false)
        let definition = #"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "# + String(decoding: escaped, as: UTF8.self) + #", "End": true}}}"#
        let execution = Simulator().run(try program(definition), input: input)
        #expect(execution.status == .succeeded, "\(expression): \(execution.cause ?? "")")
        return execution.output
    }

    @Test(arguments: [
        // Paths and sequences: a step over an array maps and flattens; a single result is the value.
        ("$states.input.orders.id", #"{"orders": [{"id": 1}, {"id": 2}]}"#, "[1,2]"),
        ("$states.input.orders[0].id", #"{"orders": [{"id": 1}, {"id": 2}]}"#, "1"),
        ("$states.input.list", #"{"list": [0]}"#, "[0]"),
        ("$states.input.orders[qty > 1].id", #"{"orders": [{"id": 1, "qty": 1}, {"id": 2, "qty": 3}]}"#, "2"),
        ("$count($states.input.orders)", #"{"orders": [{"id": 1}, {"id": 2}]}"#, "2"),
        // Operators and conditionals.
        ("$states.input.a * 2 + 1", #"{"a": 20}"#, "41"),
        ("'id-' & $states.input.a", #"{"a": 7}"#, #""id-7""#),
        ("$states.input.a > 10 ? 'big' : 'small'", #"{"a": 20}"#, #""big""#),
        ("$states.input.missing ? 1 : 2", "{}", "2"),
        ("\"b\" in $states.input.tags", #"{"tags": ["a", "b"]}"#, "true"),
        // Constructors, blocks, lambdas.
        ("{'total': $sum($states.input.n), 'n': $count($states.input.n)}", #"{"n": [1, 2, 3]}"#, #"{"total":6,"n":3}"#),
        ("[1..3]", "{}", "[1,2,3]"),
        ("($double := function($x) { $x * 2 }; $map($states.input.n, $double))", #"{"n": [1, 2]}"#, "[2,4]"),
        ("$filter($states.input.n, function($v) { $v % 2 = 0 })", #"{"n": [1, 2, 3, 4]}"#, "[2,4]"),
        // Functions, Step Functions' own included.
        ("$uppercase($substring($states.input.s, 0, 3))", #"{"s": "hello"}"#, #""HEL""#),
        ("$join($split($states.input.s, ','), '|')", #"{"s": "a,b,c"}"#, #""a|b|c""#),
        ("$partition([1, 2, 3, 4, 5], 2)", "{}", "[[1,2],[3,4],[5]]"),
        ("$range(0, 10, 5)", "{}", "[0,5,10]"),
        ("$hash('abc', 'SHA-256')", "{}", #""ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad""#),
        ("$parse('{\"a\": [1]}').a", "{}", "[1]"),
        ("$merge([{'a': 1}, {'b': 2}])", "{}", #"{"a":1,"b":2}"#),
        ("$string(1.0) & $string([1, 'x'])", "{}", #""1[1,\"x\"]""#),
        // Regular expressions.
        ("$contains('hello$world', /^hello\\$/)", "{}", "true"),
        ("$contains('Hello', /^hello/i)", "{}", "true"),
        ("$split('a1b22c', /[0-9]+/)", "{}", #"["a","b","c"]"#),
        ("$replace('2026-11-23', /(\\d+)-(\\d+)-(\\d+)/, '$3.$2.$1')", "{}", #""23.11.2026""#),
        ("$replace('a-b-c', '-', '+', 1)", "{}", #""a+b-c""#),
        ("$match('ab12cd3', /[0-9]+/).match", "{}", #"["12","3"]"#),
    ])
    func expressions(expression: String, input: String, expected: String) throws {
        let result = try Self.output(expression, input: try JSONParser.parse(input))
        #expect(result == (try JSONParser.parse(expected)), "\(expression)")
    }

    @Test func variablesFlowBetweenStatesAndAssignSeesTheOldValues() throws {
        let p = try program("""
            {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
              "A": {"Type": "Pass", "Assign": {"count": 1}, "Next": "B"},
              "B": {"Type": "Pass", "Assign": {"count": "{% $count + 1 %}"}, "Output": {"seen": "{% $count %}"}, "Next": "C"},
              "C": {"Type": "Choice", "Choices": [{"Condition": "{% $count = 2 %}", "Next": "Two"}], "Default": "Other"},
              "Two": {"Type": "Succeed", "Output": {"seen": "{% $states.input.seen %}", "now": "{% $count %}"}},
              "Other": {"Type": "Fail", "Error": "Wrong"}}}
            """)
        let execution = Simulator().run(p)
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["seen": 1, "now": 2])
    }

    @Test func taskArgumentsOutputAndCatchErrorOutput() throws {
        let p = try program("""
            {"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
              "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                       "Arguments": {"FunctionName": "f", "Payload": {"n": "{% $states.input.n %}"}},
                       "Output": {"doubled": "{% $states.result.Payload.n * 2 %}"},
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Output": {"failed": "{% $states.errorOutput.Error %}"}, "Next": "Caught"}],
                       "End": true},
              "Caught": {"Type": "Pass", "End": true}}}
            """)
        let mocks = ScriptedMocks()
        mocks.state("Call") { call in .success(["Payload": call.parameters["Payload"] ?? .null]) }
        let ok = Simulator(services: [mocks]).run(p, input: ["n": 21])
        #expect(ok.output == ["doubled": 42])
        let failing = ScriptedMocks()
        failing.state("Call", responses: [.failure(error: "Lambda.Unknown", cause: "boom")])
        #expect(Simulator(services: [failing]).run(p, input: ["n": 1]).output == ["failed": "Lambda.Unknown"])
    }

    @Test func undefinedResultsAreQueryEvaluationErrorsWithTheirField() throws {
        let p = try program(#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {"r": "{% $nothing %}"}, "End": true}}}"#)
        let execution = Simulator().run(p)
        #expect(execution.error == "States.QueryEvaluationError")
        #expect(execution.cause == "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$nothing' specified for the field 'Output/r' returned nothing (undefined).")
        let failed = try #require(execution.events("EvaluationFailed").first)
        #expect(failed.details?["location"] == "Output/r")
        #expect(failed.details?["state"] == "P")
        #expect(execution.history.map(\.type) == ["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"])
    }

    @Test func mapItemsSelectorAndOutput() throws {
        let p = try program("""
            {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": "{% $states.input.xs %}",
              "ItemSelector": {"v": "{% $states.context.Map.Item.Value * 10 %}", "i": "{% $states.context.Map.Item.Index %}"},
              "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}},
              "Output": {"all": "{% $states.result.v %}"}, "End": true}}}
            """)
        let execution = Simulator().run(p, input: ["xs": [1, 2, 3]])
        #expect(execution.output == ["all": [10, 20, 30]])
        let bad = Simulator().run(p, input: ["xs": "nope"])
        #expect(bad.cause?.hasSuffix("The JSONata expression '$states.input.xs' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: \"nope\"") == true)
        #expect(bad.history.map(\.type).suffix(3) == ["EvaluationFailed", "MapStateFailed", "ExecutionFailed"])
    }

    @Test func distributedMapReadsItemsThroughJSONataArguments() throws {
        let p = try program("""
            {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map",
              "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": "{% $states.input.max %}"},
                             "Arguments": {"Bucket": "{% $states.input.bucket %}", "Key": "items.json"}},
              "ItemSelector": {"doubled": "{% $states.context.Map.Item.Value * 2 %}"},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}},
              "Output": "{% $states.result.doubled %}", "End": true}}}
            """)
        let s3 = InMemoryS3()
        s3.put(bucket: "jobs", key: "items.json", body: "[1, 2, 3, 4]")
        let execution = Simulator(services: [s3]).run(p, input: ["bucket": "jobs", "max": 3])
        #expect(execution.status == .succeeded, "\(execution.cause ?? "")")
        #expect(execution.output == [2, 4, 6])
    }

    @Test func orderByGroupByAndParentEvaluateInStates() throws {
        let p = try program(#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input.xs^(v).v %}", "End": true}}}"#)
        let execution = Simulator().run(p, input: ["xs": [["v": 2], ["v": 1]]])
        #expect(execution.status == .succeeded, "\(execution.cause ?? "")")
        #expect(execution.output == [1, 2])
    }

    @Test func evaluationErrorsCarryJSONataCodesInTheirCauses() throws {
        let p = try program(#"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $sqrt(-1) %}", "End": true}}}"#)
        let execution = Simulator().run(p, input: [:])
        #expect(execution.error == "States.QueryEvaluationError")
        #expect(execution.cause?.contains("D3060") == true, "\(execution.cause ?? "")")
    }
}
