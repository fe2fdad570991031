import Foundation
import StatesLanguage

/// A DynamoDB expression problem, reported by DynamoDB as a `ValidationException` with this message.
///
/// Problems found while reading an expression carry DynamoDB's prefix
/// (`Invalid UpdateExpression: Syntax error; token: "x", near: "..."`); problems found while
/// applying an update to an item do not (`An operand in the update expression has an incorrect
/// data type`), as on AWS.
struct DynamoDBExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension DynamoDBExpressionError {
    init(_ message: String) { self.init(message: message) }

    /// The error DynamoDB reports when a request defines placeholders that none of its expressions
    /// use (names are checked first), or `nil` when every placeholder is used.
    /// - Parameters:
    ///   - names: the request's ExpressionAttributeNames.
    ///   - values: the request's ExpressionAttributeValues.
    ///   - usedNames: the `#name` placeholders the request's expressions use (``DynamoDBCondition/usedNames``, ...).
    ///   - usedValues: the `:value` placeholders they use.
    static func unusedPlaceholders(names: [String: String], values: [String: JSONValue],
                                   usedNames: Set<String>, usedValues: Set<String>) -> DynamoDBExpressionError? {
        let unusedNames = names.keys.filter { !usedNames.contains($0) }.sorted()
        if !unusedNames.isEmpty {
            return DynamoDBExpressionError("Value provided in ExpressionAttributeNames unused in expressions: keys: {\(unusedNames.joined(separator: ", "))}")
        }
        let unusedValues = values.keys.filter { !usedValues.contains($0) }.sorted()
        if !unusedValues.isEmpty {
            return DynamoDBExpressionError("Value provided in ExpressionAttributeValues unused in expressions: keys: {\(unusedValues.joined(separator: ", "))}")
        }
        return nil
    }

    static let invalidDocumentPath = DynamoDBExpressionError("The document path provided in the update expression is invalid for update")
    static let incorrectOperandType = DynamoDBExpressionError("An operand in the update expression has an incorrect data type")
    static let missingAttribute = DynamoDBExpressionError("The provided expression refers to an attribute that does not exist in the item")
}
