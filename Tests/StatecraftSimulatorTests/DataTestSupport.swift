import StatesLanguage
import Testing

@testable import StatecraftSimulator

/// Small helpers shared by the data-layer tests.
enum DataTest {
    /// Parses JSON text.
    static func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    /// Parses a path.
    static func path(_ text: String) throws -> Path { try Path(parsing: text) }

    /// A scope over JSON text, with a small context object and optional variables.
    static func scope(_ input: String, variables: [String: JSONValue] = [:]) throws -> DataScope {
        DataScope(input: try json(input), context: context, variables: variables)
    }

    static let context: JSONValue = [
        "Execution": ["Id": "arn:aws:states:us-east-1:123456789012:execution:M:E", "Name": "E", "Input": ["k": 1]],
        "State": ["Name": "S", "EnteredTime": "2024-01-01T00:00:00Z"],
        "StateMachine": ["Id": "arn:aws:states:us-east-1:123456789012:stateMachine:M", "Name": "M"],
    ]

    /// Selects a path from JSON text and returns the compact result.
    static func select(_ path: String, _ input: String, variables: [String: JSONValue] = [:]) throws -> String {
        DataFlow.serialize(try DataFlow.select(try self.path(path), in: try scope(input, variables: variables)))
    }

    /// Evaluates an intrinsic call written as text against JSON text.
    static func call(_ text: String, _ input: String = "{}", seed: UInt64 = 1) throws -> JSONValue {
        var random = SeededRandom(seed: seed)
        return try DataFlow.evaluate(try IntrinsicCall(parsing: text), try scope(input), random: &random)
    }

    /// The error an intrinsic call raises, or `nil` when it succeeds.
    static func callError(_ text: String, _ input: String = "{}") throws -> RuntimeError? {
        var random = SeededRandom(seed: 1)
        let call = try IntrinsicCall(parsing: text)
        let scope = try scope(input)
        do {
            _ = try DataFlow.evaluate(call, scope, random: &random)
            return nil
        } catch {
            return error
        }
    }
}
