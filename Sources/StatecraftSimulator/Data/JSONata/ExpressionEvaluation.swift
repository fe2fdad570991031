import Foundation
import StatesLanguage

/// Evaluates one expression the way a state would: the playground behind `statecraft eval`.
///
/// JSONata (the default) sees the input as the context `$` and the bindings as variables (`$x`);
/// a JSONPath path or an intrinsic function call is evaluated as a `.$` value of `Parameters`
/// would be, with the input as `$` and the bindings as workflow variables.
public enum ExpressionEvaluation {
    /// The expression language.
    public enum Language: String, Sendable, CaseIterable {
        /// A JSONata expression, with or without `{% %}`.
        case jsonata
        /// A JSONPath reference path such as `$.items[0]`.
        case jsonPath = "jsonpath"
        /// An intrinsic function call such as `States.Format('{}', $.name)`.
        case intrinsic
    }

    /// Why an expression could not be evaluated: a code (JSONata's `S0201`, `T2001`, `D3060`…;
    /// `States.Runtime` and friends for JSONPath and intrinsics) and a message.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The error code, such as `T2001` or `States.Runtime`.
        public var code: String
        /// What went wrong, in words.
        public var message: String
        /// For a syntax error, where in the expression (0-based, in Unicode scalars).
        public var offset: Int?

        /// Makes a failure; `offset` is for syntax errors only.
        public init(code: String, message: String, offset: Int? = nil) {
            self.code = code
            self.message = message
            self.offset = offset
        }

        public var description: String {
            "\(code): \(message)" + (offset.map { " (at character \($0 + 1))" } ?? "")
        }
    }

    /// Evaluates `expression`.
    /// - Parameters:
    ///   - expression: the expression text (JSONata without the `{% %}` delimiters, though they are accepted).
    ///   - language: how to read it.
    ///   - input: the input document; `nil` means no input (JSONata's *undefined* context).
    ///   - bindings: variables.
    ///   - seed: the seed behind `$random`, `$uuid` and `States.UUID`.
    ///   - maximumDepth: a JSONata depth budget other than the default (100); the native stack
    ///     allowed grows with it (8 KiB a level), so the calling thread needs that much stack.
    /// - Returns: the value, or `nil` when a JSONata expression yields nothing (*undefined*).
    public static func evaluate(_ expression: String, language: Language = .jsonata, input: JSONValue?,
                                bindings: [String: JSONValue] = [:], seed: UInt64 = 0,
                                maximumDepth: Int? = nil) -> Result<JSONValue?, Failure> {
        Session(seed: seed).evaluate(expression, language: language, input: input, bindings: bindings, maximumDepth: maximumDepth)
    }

    /// Evaluates many expressions with one set of built-in functions (made once: they are many
    /// closures), as a simulator does. `$random` and `$uuid` draw from one seeded sequence.
    public final class Session {
        let builtins: JSONataEvaluator.Environment
        let seed: UInt64

        /// Creates a session whose random functions start from `seed`.
        public init(seed: UInt64 = 0) {
            self.seed = seed
            self.builtins = JSONataEvaluator.makeBuiltins(random: SeededRandom(seed: seed))
        }

        /// Evaluates `expression`; see ``ExpressionEvaluation/evaluate(_:language:input:bindings:seed:maximumDepth:)``.
        public func evaluate(_ expression: String, language: Language = .jsonata, input: JSONValue?,
                             bindings: [String: JSONValue] = [:], maximumDepth: Int? = nil) -> Result<JSONValue?, Failure> {
            ExpressionEvaluation.evaluate(expression, language: language, input: input, bindings: bindings, seed: seed,
                                          maximumDepth: maximumDepth, builtins: builtins)
        }
    }

    static func evaluate(_ expression: String, language: Language, input: JSONValue?, bindings: [String: JSONValue],
                         seed: UInt64, maximumDepth: Int?, builtins: JSONataEvaluator.Environment) -> Result<JSONValue?, Failure> {
        switch language {
        case .jsonata:
            // A whole `{% … %}` template is accepted as well as the bare expression.
            switch JSONata.template(expression) {
            case .success(let parsed)?:
                return evaluateJSONata(parsed, input: input, bindings: bindings, builtins: builtins, depth: maximumDepth)
            case .failure(let error)?:
                return .failure(Failure(code: error.code ?? "S0201", message: error.message, offset: error.offset))
            case nil:
                do throws(JSONataSyntaxError) {
                    return evaluateJSONata(try JSONata.parse(expression), input: input, bindings: bindings, builtins: builtins, depth: maximumDepth)
                } catch {
                    return .failure(Failure(code: error.code ?? "S0201", message: error.message, offset: error.offset))
                }
            }
        case .jsonPath, .intrinsic:
            let parsed: StatesLanguage.Expression
            do throws(ExpressionSyntaxError) {
                if language == .jsonPath {
                    parsed = .path(try Path(parsing: expression))
                } else {
                    parsed = .intrinsic(try IntrinsicCall(parsing: expression))
                }
            } catch {
                return .failure(Failure(code: "States.Runtime", message: error.message, offset: error.offset))
            }
            var random = SeededRandom(seed: seed)
            let scope = DataScope(input: input ?? .null, context: .object(JSONObject()), variables: bindings)
            do throws(RuntimeError) {
                return .success(try DataFlow.evaluate(parsed, scope, field: "value.$", random: &random))
            } catch {
                return .failure(Failure(code: error.error, message: error.cause))
            }
        }
    }

    static func evaluateJSONata(_ expression: JSONataExpression, input: JSONValue?, bindings: [String: JSONValue],
                                builtins: JSONataEvaluator.Environment, depth: Int?) -> Result<JSONValue?, Failure> {
        var evaluator = JSONataEvaluator(builtins: builtins)
        if let depth {
            evaluator.budget.depth = max(1, depth)
            evaluator.budget.stackBytes = max(evaluator.budget.stackBytes, min(depth, 100_000) * 8 * 1024)
        }
        do throws(JSONataError) {
            let value = try evaluator.evaluateValue(expression, input: input.map(JSONataEvaluator.Value.init),
                                                    variables: bindings.mapValues(JSONataEvaluator.Value.init))
            guard let value else { return .success(nil) }
            guard let json = value.json else {
                return .failure(Failure(code: "T1006", message: "the expression evaluates to a function, which has no JSON value"))
            }
            return .success(json)
        } catch {
            return .failure(Failure(code: error.code, message: error.message))
        }
    }
}
