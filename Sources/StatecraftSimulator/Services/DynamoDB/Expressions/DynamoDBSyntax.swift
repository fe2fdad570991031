import Foundation
import StatesLanguage

/// A comparison operator.
enum DynamoDBComparator: String, Sendable {
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// An operand: something that yields a value (or nothing) for an item.
indirect enum DynamoDBOperand: Sendable {
    case path(DynamoDBDocumentPath)
    case value(JSONValue)
    /// `size(path)` (conditions only).
    case size(DynamoDBDocumentPath)
    /// `if_not_exists(path, fallback)` (updates only).
    case ifNotExists(DynamoDBDocumentPath, DynamoDBOperand)
    /// `list_append(a, b)` (updates only).
    case listAppend(DynamoDBOperand, DynamoDBOperand)
    /// Stands for an operand whose problem was reported while reading; never evaluated.
    case invalid

    /// The type of the operand's value when reading the expression tells it (`nil` when only the
    /// item does): a literal's own type, `N` for `size`, `L` for `list_append`.
    var knownType: String? {
        switch self {
        case .value(let value): DynamoDBAttributeValue(value)?.type
        case .size: "N"
        case .listAppend: "L"
        default: nil
        }
    }
}

/// A condition. `and` and `or` hold all their terms in one node, so long chains do not nest.
indirect enum DynamoDBConditionNode: Sendable {
    case compare(DynamoDBComparator, DynamoDBOperand, DynamoDBOperand)
    case between(DynamoDBOperand, DynamoDBOperand, DynamoDBOperand)
    case oneOf(DynamoDBOperand, [DynamoDBOperand])
    case exists(DynamoDBDocumentPath)
    case notExists(DynamoDBDocumentPath)
    case hasType(DynamoDBDocumentPath, String)
    case beginsWith(DynamoDBOperand, DynamoDBOperand)
    case contains(DynamoDBOperand, DynamoDBOperand)
    case not(DynamoDBConditionNode)
    case and([DynamoDBConditionNode])
    case or([DynamoDBConditionNode])
    /// Stands for a condition whose problem was reported while reading; never evaluated.
    case invalid
}

/// The right-hand side of a SET action.
enum DynamoDBSetValue: Sendable {
    case operand(DynamoDBOperand)
    case sum(DynamoDBOperand, DynamoDBOperand)
    case difference(DynamoDBOperand, DynamoDBOperand)
}

/// One action of an update.
enum DynamoDBUpdateAction: Sendable {
    case set(DynamoDBDocumentPath, DynamoDBSetValue)
    case remove(DynamoDBDocumentPath)
    case add(DynamoDBDocumentPath, JSONValue)
    case delete(DynamoDBDocumentPath, JSONValue)

    var path: DynamoDBDocumentPath {
        switch self {
        case .set(let path, _), .remove(let path), .add(let path, _), .delete(let path, _): path
        }
    }
}
