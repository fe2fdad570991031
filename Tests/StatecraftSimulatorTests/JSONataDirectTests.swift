import Testing
import StatesLanguage
@testable import StatecraftSimulator

/// The direct form of simple JSONata expressions gives what the full evaluator gives, or leaves the
/// expression to it.
@Suite struct JSONataDirectTests {
    typealias Evaluator = JSONataEvaluator

    static let input: JSONValue = [
        "i": 4, "n": 5000, "half": 2.5, "big": .number(JSONNumber(text: "12345678901234567890")!), "zero": 0,
        "name": "job", "e": "e\u{301}", "é": "é", "flag": true, "none": .null, "list": [1, 2], "one": [7],
        "nested": ["deep": ["x": 1]], "text": "10",
    ]
    static let variables: [String: JSONValue] = [
        "states": ["input": input, "context": ["Execution": ["Name": "run-1"]]],
        "count": 3, "label": "L", "yes": true, "obj": ["k": 1],
    ]

    /// Expressions, each evaluated both ways on the same bindings.
    static let expressions = [
        "$states.input.i + 1", "$states.input.i - $states.input.n", "$states.input.i * $states.input.half",
        "$states.input.n / 3", "$states.input.n % 7", "-$states.input.i", "-(-$states.input.half)", "$states.input.big + 1",
        "$states.input.i < $states.input.n", "$states.input.i >= 4", "$states.input.half > 2.5", "$states.input.i <= 3",
        "$states.input.name = 'job'", "$states.input.name != 'job'", "$states.input.e = $states.input.é", "$states.input.none = null",
        "$states.input.flag and $yes", "$states.input.flag or false", "false and $states.input.missing", "true or $states.input.missing",
        "$states.input.flag ? $count : $label", "($states.input.i > 3) ? 'big' : 'small'",
        "$states.input.name & '-' & $label", "'a' < 'b'", "$states.input.e < $states.input.é", "$count * 2 + 1",
        "$states.context.Execution.Name", "$states.input.nested.deep.x", "i + 1", "$.i * 2", "$$.n", "1 / 0",
        // Left to the full evaluator (each must still agree: nil from the direct form is not a value).
        "$states.input.list", "$states.input.one", "$states.input.missing", "$states.input.nested", "$obj",
        "$states.input.text + 1", "$states.input.i & 'x'", "$states.input.name < 1", "$states.input.flag + 1",
        "$states.input.none + 1", "$states.input.i and true", "$states.input.list = $states.input.list", "$obj = $obj",
        "$states.input.zero / $states.input.zero", "$sum($states.input.list)", "$states.input.list[0]", "$missing",
    ]

    /// The full evaluator's answer: a JSON value, *undefined* (`.none`), or an error code.
    static func full(_ expression: JSONataExpression) -> Result<JSONValue?, JSONataError> {
        let evaluator = Evaluator(builtins: Evaluator.makeBuiltins(random: SeededRandom(seed: 1)))
        do throws(JSONataError) {
            let value = try evaluator.evaluateValue(expression, input: Evaluator.Value(input),
                                                    variables: variables.mapValues(Evaluator.Value.init))
            return .success(value.flatMap(\.json).map(Evaluator.normalised))
        } catch {
            return .failure(error)
        }
    }

    @Test(arguments: expressions)
    func directAgreesWithTheFullEvaluator(_ text: String) throws {
        let expression = try JSONata.parse(text)
        guard let direct = Evaluator.Direct.compile(expression) else { return }
        guard let value = direct.evaluate(input: Self.input, variables: Self.variables) else { return }
        // A direct answer is always a value the full evaluator gives too.
        let full = Self.full(expression)
        guard case .success(let expected?) = full else {
            Issue.record("\(text): direct \(value), full \(full)")
            return
        }
        #expect(Evaluator.normalised(value) == expected, "\(text)")
    }

    @Test func theCommonShapesTakeTheDirectRoute() throws {
        for text in ["$states.input.i + 1", "$states.input.i < $states.input.n", "$count * 2 + 1", "$states.input.name & '-' & $label",
                     "$states.input.flag ? $count : $label", "$states.context.Execution.Name", "$states.input.e = $states.input.é"] {
            let direct = try #require(Evaluator.Direct.compile(try JSONata.parse(text)), "\(text)")
            #expect(direct.evaluate(input: Self.input, variables: Self.variables) != nil, "\(text)")
        }
    }

    @Test func arraysErrorsAndUndefinedGoToTheFullEvaluator() throws {
        for text in ["$states.input.list", "$states.input.one", "$states.input.missing", "$states.input.text + 1", "$states.input.i & 'x'",
                     "$states.input.name < 1", "$states.input.none + 1", "1 / 0", "$obj = $obj", "$states.input.nested", "$missing"] {
            let direct = Evaluator.Direct.compile(try JSONata.parse(text))
            #expect(direct?.evaluate(input: Self.input, variables: Self.variables) == nil, "\(text)")
        }
        // Functions, filters and lambdas have no direct form at all.
        for text in ["$sum($states.input.list)", "$states.input.list[0]", "function($x) { $x }", "[1, 2]", "{'a': 1}"] {
            #expect(Evaluator.Direct.compile(try JSONata.parse(text)) == nil, "\(text)")
        }
    }

    /// Through a whole execution: the JSONata counting loop ends with the count the full evaluator
    /// would give, and its errors are still the full evaluator's.
    @Test func executionsSeeTheSameValuesAndErrors() throws {
        let loop = try program("""
            {"QueryLanguage":"JSONata","StartAt":"Inc","States":{"Inc":{"Type":"Pass","Output":{"i":"{% $states.input.i + 1 %}","n":"{% $states.input.n %}"},"Next":"Check"},
            "Check":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.i < $states.input.n %}","Next":"Inc"}],"Default":"Done"},
            "Done":{"Type":"Succeed"}}}
            """)
        let done = Simulator().run(loop, input: ["i": 0, "n": 50])
        #expect(done.status == .succeeded)
        #expect(done.output == ["i": 50, "n": 50])
        let failed = Simulator().run(loop, input: ["i": "zero", "n": 50])
        #expect(failed.status == .failed)
        #expect(failed.error == "States.QueryEvaluationError")
        #expect(failed.cause?.contains("T2001") == true, "\(failed.cause ?? "")")
    }
}
