import Foundation
import StatesLanguage

// DynamoDB's ConditionExpression and UpdateExpression, for the simulated DynamoDB service.
//
// Items are DynamoDB JSON: each attribute value is an object with one type key (`{"S": "x"}`,
// `{"N": "12"}`, `{"M": {...}}`, ...). An expression is read once (`DynamoDBCondition`,
// `DynamoDBUpdate`) and then applied to items.
//
// Problems are reported with DynamoDB's `ValidationException` messages. Like DynamoDB, reading
// stops at the first syntax error; other problems (an undefined placeholder, a reserved word, two
// overlapping paths, ...) are collected while reading and the most important one is reported, so
// the order in which they are written does not matter.
//
// Where DynamoDB's behaviour is not known, the simulator chooses: more than 100 levels of
// parentheses, NOT and function calls are refused (DynamoDB has no such message; it limits
// expressions to 4 KB instead, which is not checked); `size` counts a string's UTF-8 bytes; a
// REMOVE below a missing map or list is refused like a SET there; arithmetic needing more than 38
// digits is refused rather than rounded.

/// A parsed ConditionExpression (also usable as a FilterExpression: the grammar is the same).
///
/// Supports comparisons (`=`, `<>`, `<`, `<=`, `>`, `>=`), `BETWEEN ... AND ...`, `IN (...)`,
/// the functions `attribute_exists`, `attribute_not_exists`, `attribute_type`, `begins_with`,
/// `contains` and `size`, and `AND`, `OR`, `NOT` and parentheses (precedence NOT > AND > OR).
struct DynamoDBCondition: Sendable {
    let root: DynamoDBConditionNode
    /// The `#name` placeholders the expression uses.
    let usedNames: Set<String>
    /// The `:value` placeholders the expression uses.
    let usedValues: Set<String>

    /// Reads a condition.
    /// - Parameters:
    ///   - text: the expression.
    ///   - names: ExpressionAttributeNames (`"#n"` → `"attr"`).
    ///   - values: ExpressionAttributeValues (`":v"` → a typed value such as `{"N": "1"}`).
    init(_ text: String, names: [String: String], values: [String: JSONValue]) throws(DynamoDBExpressionError) {
        var parser = DynamoDBParser(text, kind: .condition, names: names, values: values)
        root = try parser.parseCondition()
        usedNames = parser.usedNames
        usedValues = parser.usedValues
    }

    /// Whether the condition holds for `item` (`nil` when the item does not exist: every attribute
    /// is absent). Comparing an absent attribute, or values of different types, is false, not an error.
    func holds(on item: JSONObject?) throws(DynamoDBExpressionError) -> Bool {
        DynamoDBEvaluator.holds(root, item)
    }
}
