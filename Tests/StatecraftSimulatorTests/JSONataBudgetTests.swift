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

/// Numbers with no JSON form (NaN from `0/0` or `x % 0`, infinities from overflow) and magnitudes
/// past `Int.max` reach every place the evaluator turns a number into an index, a count or a
/// precision. Each ends with a value or a coded error, never a trap.
@Suite struct JSONataNumberEdgeTests {
    static let cases: [(expression: String, outcome: String)] = [
        // Predicates: a single NaN selects by truth (JSONata's `isNumeric` refuses NaN); NaN or
        // infinity in an array of positions selects nothing; a single infinity is D1001.
        (#""x"[0/0]"#, #""x""#),
        ("[1,2][0/0]", "[1,2]"),
        ("[1,2][[0/0]]", "undefined"),
        ("[1,2][[0/0, 1]]", "2"),
        ("[1,2][1/0]", "D1001"),
        ("[1,2][[1/0, 0]]", "1"),
        ("[1,2,3][$ % 0]", "[1,2,3]"),
        ("[1,2,3][1e300]", "undefined"),
        ("[1,2,3][-1e300]", "undefined"),
        ("[1,2,3][-1]", "3"),
        ("[1,2,3][-3]", "1"),
        ("[1,2,3][-4]", "undefined"),
        ("[1,2,3][1.9]", "2"),
        ("[1,2,3][-0.5]", "3"),
        // The fuzzer's reproducer (Fuzz/Regressions/FuzzJSONata/crash-efbe0dc…), as text.
        ("$[0].n%st[0/0]", "undefined"),
        // Results and arguments.
        ("0/0", "D1001"),
        ("$round(1.5, 0/0)", "D1001"),
        (#"$pad("x", 0/0)"#, "D1001"),
        (#"$substring("abc", 0/0)"#, "D1001"),
        (#"$formatInteger(0/0, "w")"#, "D1001"),
        ("$fromMillis(0/0)", "D1001"),
        // Magnitudes past Int.max.
        ("$round(1.5, 1e300)", "1.5"),
        ("$round(1.5, -1e300)", "0"),
        ("$round(1e300, 10)", "1e300"),
        ("$round(125, -1)", "120"),
        ("[1..1e300]", "D2014"),
        ("[1e300..1e300]", "[1e300]"),
        ("[-1e300..-1e300]", "[-1e300]"),
        (#"$toMillis("99999999999999999999999", "[Y]")"#, "undefined"),
        (#"$toMillis("2020-99999999999999999999", "[Y]-[M]")"#, "undefined"),
        (#"$toMillis("2020-1-99999999999999999999", "[Y]-[M]-[D]")"#, "undefined"),
        (#"$toMillis("99999999999999999999:00", "[H]:[m]")"#, "undefined"),
        (#"$toMillis("2020-1-2", "[Y]-[M]-[D]")"#, "1577923200000"),
        ("$formatNumber(1.25, '0." + String(repeating: "0", count: 330) + "')", "\"1.25" + String(repeating: "0", count: 328) + "\""),
    ]

    @Test(arguments: cases)
    func edgeNumbersEndWithAValueOrACode(_ expression: String, _ outcome: String) {
        let rendered: String
        switch JSONataBudgetTests.outcome(expression) {
        case .success(let value?): rendered = JSONWriter.string(value)
        case .success(nil): rendered = "undefined"
        case .failure(let error): rendered = error.code
        }
        #expect(rendered == outcome, "\(expression)")
    }

    @Test func nanIsNamedInTheMessage() {
        guard case .failure(let error) = JSONataBudgetTests.outcome("0/0") else { Issue.record("0/0 evaluated"); return }
        #expect(error.message == "Number out of range: NaN")
    }
}
