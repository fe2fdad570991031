import Testing
import StatesLanguage
@testable import StatecraftSimulator

/// Lambdas bound in the scopes they close over (recursion, blocks that return functions, partial
/// application, `~>` chains) evaluate as before and leave no environment alive once the evaluation
/// has returned: the evaluator breaks the reference cycles a lambda and its own scope form.
@Suite struct JSONataCycleTests {
    typealias Evaluator = JSONataEvaluator

    /// Weak references to the environments the functions passed to `$spy` close over.
    final class Spy {
        final class WeakEnvironment {
            weak var environment: Evaluator.Environment?
            init(_ environment: Evaluator.Environment) { self.environment = environment }
        }
        var seen: [WeakEnvironment] = []

        /// Every environment `value` reaches through functions, the built-ins (no parent) excepted.
        func record(_ value: Evaluator.Value?) {
            switch value {
            case .function(let function)?: record(function)
            case .array(let items, _)?: for item in items { record(item) }
            case .object(let object)?: for member in object.members { record(member.value) }
            default: break
            }
        }

        func record(_ function: Evaluator.Function) {
            switch function.kind {
            case .lambda(_, _, let environment, let context):
                var scope: Evaluator.Environment? = environment
                while let s = scope, s.parent != nil {
                    seen.append(WeakEnvironment(s))
                    scope = s.parent
                }
                record(context.value)
            case .partial(let inner, let arguments, _):
                record(inner)
                for argument in arguments { record(argument) }
            case .builtin:
                break
            }
        }

        /// The recorded environments still alive.
        var alive: Int { seen.filter { $0.environment != nil }.count }
    }

    /// Evaluates `text` with `$spy` bound to a function that records what its arguments close over.
    /// - Returns: the result as JSON (`nil` for *undefined*) or the error, and the spy.
    static func evaluate(_ text: String) throws -> (Result<JSONValue?, JSONataError>, Spy) {
        let expression = try JSONata.parse(text)
        let spy = Spy()
        let result: Result<JSONValue?, JSONataError>
        do {
            let evaluator = Evaluator(builtins: Evaluator.makeBuiltins(random: SeededRandom(seed: 1)))
            let probe = Evaluator.Function(.builtin { (arguments: [Evaluator.Value?], _: Evaluator.Call) throws(JSONataError) -> Evaluator.Value? in
                for argument in arguments { spy.record(argument) }
                return nil
            }, signature: nil, name: "spy")
            do throws(JSONataError) {
                let value = try evaluator.evaluateValue(expression, input: nil, variables: ["spy": .function(probe)])
                result = .success(value.flatMap(\.json))
            } catch {
                result = .failure(error)
            }
        }
        return (result, spy)
    }

    @Test(arguments: [
        // The fuzzer's reproducer (Fuzz/Regressions/FuzzJSONata/leak-*: `$min` takes an array, so the
        // call fails), with its lambda observed, and the same with a call that succeeds.
        ("( $A := function(){$min(2, 3)}; $spy($A); $A() )", "error T0410"),
        ("( $A := function(){$min([2, 3])}; $spy($A); $A() )", "2"),
        // Mutual recursion.
        ("( $even := function($n){ $n = 0 ? true : $odd($n - 1) }; $odd := function($n){ $n = 0 ? false : $even($n - 1) }; $spy($even); $spy($odd); $even(10) )", "true"),
        // Recursion through `$map`, and `$reduce` with a lambda.
        ("( $fact := function($n){ $n <= 1 ? 1 : $n * $fact($n - 1) }; $spy($fact); $map([3, 4], $fact) )", "[6,24]"),
        ("( $sq := function($v){ $v * $v }; $spy($sq); $reduce($map([1, 2, 3], $sq), function($a, $b){ $a + $b }) )", "14"),
        // A lambda returned from a block (or a function) and called later in the same expression.
        ("( $f := ( $y := 3; $g := function(){ $y + $g2() }; $g2 := function(){ 1 }; $g ); $spy($f); $f() )", "4"),
        ("( $make := function($k){ ( $m := $k * 2; function($x){ $x + $m } ) }; $add := $make(5); $spy($add); $add(1) + $add(2) )", "23"),
        // Partial application.
        ("( $add := function($a, $b){ $a + $b }; $inc := $add(?, 1); $spy($inc); $inc(41) )", "42"),
        // `~>` chains: applying, and composing two lambdas into a function.
        ("( $double := function($v){ $v * 2 }; $spy($double); [1, 2] ~> $map($double) ~> $sum() )", "6"),
        ("( $inc := function($v){ $v + 1 }; $dbl := function($v){ $v * 2 }; $both := $inc ~> $dbl; $spy($inc); $both(3) )", "8"),
        // A lambda inside an array bound in its own scope.
        ("( $list := [function(){ $count($list) }]; $spy($list); $list[0]() )", "1"),
        // A transform bound next to a lambda in the same scope.
        ("( $t := | $ | {'a': 1} |; $z := function(){ 1 }; $spy($z); {'b': 2} ~> $t )", #"{"b":2,"a":1}"#),
        // A bind outside any block: into the evaluation's own environment, and into a call's.
        ("$spy($f := function($n){ $n <= 0 ? 0 : $f($n - 1) })", "undefined"),
        ("(function($x){ $h := function(){ $h } })(1) ~> $spy()", "undefined"),
    ])
    func lambdasEvaluateAndLeaveNothingBehind(_ text: String, _ expected: String) throws {
        let (result, spy) = try Self.evaluate(text)
        switch result {
        case .success(let value) where expected == "undefined":
            #expect(value == Optional<JSONValue>.none, "\(text)")
        case .success(let value?) where !expected.hasPrefix("error"):
            #expect(Evaluator.normalised(value) == Evaluator.normalised(try JSONParser.parse(expected)), "\(text)")
        case .failure(let error) where expected.hasPrefix("error"):
            #expect(expected == "error \(error.code)", "\(text): \(error.message)")
        default:
            Issue.record("\(text): expected \(expected), got \(result)")
        }
        #expect(!spy.seen.isEmpty, "\(text): the spy saw no environment")
        #expect(spy.alive == 0, "\(text): \(spy.alive) of \(spy.seen.count) environments outlive the evaluation")
    }

    /// An evaluation that fails after binding a recursive lambda frees its scopes too.
    @Test func aFailedEvaluationLeavesNothingBehind() throws {
        let (result, spy) = try Self.evaluate("( $f := function(){ $f }; $spy($f); $error('stop') )")
        guard case .failure(let error) = result else {
            Issue.record("expected an error, got \(result)")
            return
        }
        #expect(error.code == "D3137")
        #expect(!spy.seen.isEmpty)
        #expect(spy.alive == 0)
    }

    /// A block scope nothing holds when its block ends is freed at once, not kept to the end of the
    /// evaluation: a loop over 2,000 blocks that each bind an array leaves none of them listed.
    @Test func loopBlocksAreNotKeptToTheEnd() throws {
        let evaluator = Evaluator(builtins: Evaluator.makeBuiltins(random: SeededRandom(seed: 1)))
        let compiled = Evaluator.compile(try JSONata.parse("$sum($map([1..2000], function($i){ ( $pair := [$i, $i]; $pair[0] ) }))"))
        let machine = Evaluator.Machine(builtins: evaluator.builtins, budget: evaluator.budget, usesParent: compiled.usesParent)
        let value = try machine.eval(compiled.node, Evaluator.Context(nil), Evaluator.Environment([:], parent: evaluator.builtins))
        #expect(value.flatMap(\.json) == .number(JSONNumber(2001000)))
        #expect(machine.listedEnvironments == 0)
        machine.releaseBindings()
    }
}
