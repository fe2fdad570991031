import Foundation
import StatesLanguage

/// A parsed UpdateExpression: `SET`, `REMOVE`, `ADD` and `DELETE` clauses, each at most once, in
/// any order.
struct DynamoDBUpdate: Sendable {
    let actions: [DynamoDBUpdateAction]
    /// Top-level attribute names the update writes or removes, in the order written, each once
    /// (so the caller can refuse updates of key attributes).
    let touchedAttributes: [String]
    /// The `#name` placeholders the expression uses.
    let usedNames: Set<String>
    /// The `:value` placeholders the expression uses.
    let usedValues: Set<String>

    /// Reads an update.
    /// - Parameters:
    ///   - text: the expression.
    ///   - names: ExpressionAttributeNames (`"#n"` → `"attr"`).
    ///   - values: ExpressionAttributeValues (`":v"` → a typed value such as `{"N": "1"}`).
    init(_ text: String, names: [String: String], values: [String: JSONValue]) throws(DynamoDBExpressionError) {
        var parser = DynamoDBParser(text, kind: .update, names: names, values: values)
        actions = try parser.parseUpdate()
        var touched: [String] = []
        for action in actions where !touched.contains(where: { $0.utf8.elementsEqual(action.path.attribute.utf8) }) {
            touched.append(action.path.attribute)
        }
        touchedAttributes = touched
        usedNames = parser.usedNames
        usedValues = parser.usedValues
    }

    /// Applies the update to `item` (an empty object when the item does not exist yet) and returns
    /// the new item. Every operand is read from `item` as it was before the update, as on DynamoDB.
    func apply(to item: JSONObject) throws(DynamoDBExpressionError) -> JSONObject {
        try DynamoDBEvaluator.apply(actions, to: item)
    }
}
