import Foundation
import Testing
import StatesLanguage
@testable import StatecraftSimulator

/// JSONata evaluation is bounded: in depth, in steps, in the size of the values it builds, and in
/// regular-expression backtracking. Every runaway input ends with a coded error, never a crash.
@Suite struct JSONataBudgetTests {
    static func outcome(_ expression: String) -> Result<JSONValue?, JSONataError> {
        let builtins = JSONataEvaluator.makeBuiltins(random: SeededRandom(seed: 7))
        let evaluator = JSONataEvaluator(builtins: builtins)
        guard let parsed = try? JSONata.parse(expression) else { return .failure(JSONataError("S0000", "parse")) }
        do throws(JSONataError) {
            return .success(try evaluator.evaluateValue(parsed, input: nil, variables: [:])?.json)
        } catch {
            return .failure(error)
        }
    }

    static func code(_ expression: String) -> String? {
        if case .failure(let error) = outcome(expression) { return error.code }
        return nil
    }

    /// Runaway recursion, mutual recursion, deep calls, deep values, doubling, backtracking.
    static let runaway: [(String, String)] = [
        ("($f := function($x){ $f($x) }; $f(1))", "U1001"),
        ("($f := function($x){ 1 + $f($x) }; $f(1))", "U1001"),
        ("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000000))", "U1001"),
        ("($even := function($n){ $n = 0 ? true : $not($odd($n - 1)) }; $odd := function($n){ $n = 0 ? false : $not($even($n - 1)) }; $odd(100001))", "U1001"),
        ("$reduce([1..100000], function($acc, $v){ {'x': $acc} }, {})", "D1004"),
        ("$reduce([1..40], function($acc, $v){ $acc & $acc }, 'x')", "D1004"),
        ("$reduce([1..40], function($acc, $v){ $append($acc, $acc) }, [1])", "D1004"),
        ("$reduce([1..40], function($acc, $v){ [$acc, $acc] }, [1])", "D1004"),
        ("$count([1..1000000])", "D1004"),
        ("$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaab', /(a+)+$/)", "U1001"),
        ("$power(10, 400)", "D3061"),
        ("$sqrt(-1)", "D3060"),
        ("$range(1, 1000000, 1)", "D3020"),
        ("$pad('x', 1000000000)", "D1004"),
    ]

    @Test(arguments: runaway)
    func runawayEvaluationEndsWithAnError(_ expression: String, _ expected: String) {
        #expect(Self.code(expression) == expected, "\(expression)")
    }

    @Test func boundedWorkStillSucceeds() throws {
        #expect(try Self.outcome("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(20))").get() == 20)
        #expect(try Self.outcome("($f := function($n, $acc){ $n = 0 ? $acc : $f($n - 1, $acc + 1) }; $f(50000, 0))").get() == 50000)
        #expect(try Self.outcome("$count([1..10000])").get() == 10000)
        #expect(try Self.outcome("$match('aaab', /(a+)+b/).match").get() == "aaab")
    }

    /// On a 512 KiB secondary thread (as on macOS), deep recursion and deep nesting end with
    /// `U1001` instead of overflowing the stack.
    @Test func smallThreadStacksSurvive() async {
        let inputs = [
            "($f := function($x){ 1 + $f($x) }; $f(1))",
            "($f := function($n){ $n = 0 ? 0 : {'a': $f($n - 1)}.a }; $f(1000))",
            "($f := function($n){ $n = 0 ? 0 : [$n].($f($ - 1))[0] }; $f(1000))",
            String(repeating: "{'a':", count: 120) + "1" + String(repeating: "}", count: 120),
            String(repeating: "[", count: 199) + "1" + String(repeating: "]", count: 199),
            "x" + String(repeating: "[y", count: 150) + String(repeating: "]", count: 150),
        ]
        let codes: [String?] = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: inputs.map { input in
                    switch Self.outcome(input) {
                    case .success: return "ok"
                    case .failure(let error): return error.code
                    }
                })
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        #expect(codes.allSatisfy { $0 == "U1001" || $0 == "ok" || $0 == "D1004" }, "\(codes)")
        #expect(codes[0] == "U1001")
    }

    @Test func stateFailsWithQueryEvaluationErrorPastThePayloadLimit() throws {
        let definition = #"{"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $reduce([1..40], function($a, $v){ $a & $a }, 'x') %}", "End": true}}}"#
        let execution = Simulator().run(try program(definition), input: [:])
        #expect(execution.error == "States.QueryEvaluationError")
        #expect(execution.cause?.contains("D1004") == true, "\(execution.cause ?? "")")
    }
}
