import Foundation
import StatesLanguage

/// Problems found while reading an expression, other than syntax errors. DynamoDB reports one,
/// chosen by kind rather than position, so they are collected until the whole expression is read.
struct DynamoDBProblems {
    /// The kinds, most important first.
    enum Kind: Int, Comparable {
        case invalidValue
        case redundantParentheses
        case unknownFunction
        case misusedFunction
        case reservedKeyword
        case duplicateSection
        case undefinedName
        case undefinedValue
        case operandCount
        case documentPathRequired
        case distinctOperands
        case pathOverlap
        case pathConflict
        case operandType
        case tooManyOperands

        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    private var found: [(kind: Kind, message: String)] = []

    mutating func note(_ kind: Kind, _ message: String) { found.append((kind, message)) }

    /// The message of the most important problem (the first written among equals).
    var first: String? { found.min(by: { $0.kind < $1.kind })?.message }
}

/// Which expression is being read: it decides the keywords, the functions and the message prefix.
enum DynamoDBExpressionKind {
    case condition, update

    var label: String { self == .condition ? "ConditionExpression" : "UpdateExpression" }

    /// Words of the grammar, which cannot name attributes.
    var keywords: Set<String> { self == .condition ? DynamoDBExpressionKind.conditionKeywords : DynamoDBExpressionKind.updateKeywords }

    private static let conditionKeywords: Set<String> = ["AND", "OR", "NOT", "BETWEEN", "IN"]
    private static let updateKeywords: Set<String> = ["SET", "REMOVE", "ADD", "DELETE"]
}

/// The clauses of an update.
enum DynamoDBUpdateSection: String, CaseIterable {
    case set = "SET", remove = "REMOVE", add = "ADD", delete = "DELETE"
}
