import Foundation
import StatesLanguage

/// The three scalar types DynamoDB orders, which are also the element types of its sets.
enum DynamoDBScalarType: String, Sendable {
    case string = "S", number = "N", binary = "B"
}

/// A typed attribute value read from DynamoDB JSON (`{"N": "1"}` → `.scalar(.number, "1")`).
enum DynamoDBAttributeValue {
    case scalar(DynamoDBScalarType, String)
    case bool(Bool)
    case null
    case map(JSONObject)
    case list([JSONValue])
    case set(DynamoDBScalarType, [String])

    /// The descriptors `attribute_type` accepts.
    static let typeNames: Set<String> = ["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"]
    /// How deeply documents may nest.
    static let maximumNesting = 32

    /// Reads a typed value; `nil` when `value` is not one (no single known type key, or content of
    /// the wrong JSON type).
    init?(_ value: JSONValue) {
        guard case .object(let object) = value, object.count == 1 else { return nil }
        let member = object[0]
        switch (member.key, member.value) {
        case ("S", .string(let s)): self = .scalar(.string, s)
        case ("N", .string(let s)): self = .scalar(.number, s)
        case ("B", .string(let s)): self = .scalar(.binary, s)
        case ("BOOL", .bool(let b)): self = .bool(b)
        case ("NULL", .bool): self = .null
        case ("M", .object(let o)): self = .map(o)
        case ("L", .array(let a)): self = .list(a)
        case ("SS", .array(let a)), ("NS", .array(let a)), ("BS", .array(let a)):
            var elements: [String] = []
            for element in a {
                guard case .string(let s) = element else { return nil }
                elements.append(s)
            }
            guard let type = DynamoDBScalarType(rawValue: String(member.key.prefix(1))) else { return nil }
            self = .set(type, elements)
        default: return nil
        }
    }

    /// The type descriptor: `S`, `N`, `B`, `BOOL`, `NULL`, `M`, `L`, `SS`, `NS` or `BS`.
    var type: String {
        switch self {
        case .scalar(let t, _): t.rawValue
        case .bool: "BOOL"
        case .null: "NULL"
        case .map: "M"
        case .list: "L"
        case .set(let t, _): t.rawValue + "S"
        }
    }

    /// The type as ADD and DELETE name it in their messages.
    var typeWord: String {
        switch self {
        case .scalar(.string, _): "STRING"
        case .scalar(.number, _): "NUMBER"
        case .scalar(.binary, _): "BINARY"
        case .bool: "BOOLEAN"
        case .null: "NULL"
        case .map: "MAP"
        case .list: "LIST"
        case .set(let t, _): t.rawValue + "S"
        }
    }

    /// The content as messages show it (`{N:5}` shows `5`).
    var summary: String {
        switch self {
        case .scalar(_, let s): s
        case .bool(let b): String(b)
        case .null: "true"
        case .map(let o): JSONValue.object(o).description
        case .list(let a): JSONValue.array(a).description
        case .set(_, let elements): "[" + elements.joined(separator: ", ") + "]"
        }
    }

    /// Wraps content back into DynamoDB JSON.
    static func wrap(_ type: String, _ content: JSONValue) -> JSONValue {
        .object(JSONObject(uniqueMembers: [JSONObject.Member(key: type, value: content)]))
    }

    static func number(_ text: String) -> JSONValue { wrap("N", .string(text)) }

    static func wrapSet(_ type: DynamoDBScalarType, _ elements: [String]) -> JSONValue {
        wrap(type.rawValue + "S", .array(elements.map { .string($0) }))
    }

    // MARK: Validation

    /// Why `value`, an ExpressionAttributeValues entry, is not a valid attribute value (DynamoDB's
    /// reason), or `nil` when it is.
    static func problem(in value: JSONValue, depth: Int = 0) -> String? {
        guard depth <= maximumNesting else { return "Nesting Levels have exceeded supported limits" }
        guard case .object(let object) = value, !object.isEmpty else {
            return "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
        }
        guard object.count == 1 else {
            return "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
        }
        guard let attribute = DynamoDBAttributeValue(value) else {
            let key = object[0].key
            return typeNames.contains(key)
                ? "Supplied AttributeValue has a \(key) value of the wrong JSON type"
                : "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
        }
        switch attribute {
        case .scalar(.number, let text):
            return numberProblem(text)
        case .bool, .scalar:
            return nil
        case .null:
            return object[0].value.boolValue == true ? nil : "One or more parameter values were invalid: Null attribute value types must have the value of true"
        case .map(let members):
            for member in members {
                if let problem = problem(in: member.value, depth: depth + 1) { return problem }
            }
            return nil
        case .list(let elements):
            for element in elements {
                if let problem = problem(in: element, depth: depth + 1) { return problem }
            }
            return nil
        case .set(let type, let elements):
            guard !elements.isEmpty else {
                let word = type == .string ? "string" : type == .number ? "number" : "binary"
                return "One or more parameter values were invalid: An \(word) set  may not be empty"
            }
            if type == .number {
                for element in elements {
                    if let problem = numberProblem(element) { return problem }
                }
            }
            var seen = Set<[UInt8]>()
            for element in elements where !seen.insert(key(type, element)).inserted {
                return "One or more parameter values were invalid: Input collection [\(elements.joined(separator: ", "))] contains duplicates."
            }
            return nil
        }
    }

    static func numberProblem(_ text: String) -> String? {
        guard let number = DynamoDBNumber(text) else { return "The parameter cannot be converted to a numeric value: \(text)" }
        return number.problem
    }

    // MARK: Comparison

    /// The bytes of a binary value (base64 text; text that is not base64 stands for its own bytes).
    static func bytes(ofBinary text: String) -> [UInt8] {
        Data(base64Encoded: text).map { [UInt8]($0) } ?? Array(text.utf8)
    }

    /// A key equal for equal scalars: code points for strings, the normalized number, the bytes of
    /// binary values.
    static func key(_ type: DynamoDBScalarType, _ text: String) -> [UInt8] {
        switch type {
        case .string: Array(text.utf8)
        case .number: DynamoDBNumber(text)?.key ?? Array(text.utf8)
        case .binary: bytes(ofBinary: text)
        }
    }

    /// How two scalars of one type compare: numbers by value, strings by UTF-8 bytes, binary by bytes.
    static func order(_ type: DynamoDBScalarType, _ a: String, _ b: String) -> Int? {
        switch type {
        case .string: return compare(Array(a.utf8), Array(b.utf8))
        case .binary: return compare(bytes(ofBinary: a), bytes(ofBinary: b))
        case .number:
            guard let x = DynamoDBNumber(a), let y = DynamoDBNumber(b) else { return nil }
            return DynamoDBNumber.compare(x, y)
        }
    }

    /// How two values compare (-1, 0, 1), or `nil` unless both are scalars of one type.
    static func order(_ a: JSONValue, _ b: JSONValue) -> Int? {
        guard case .scalar(let t, let x)? = DynamoDBAttributeValue(a), case .scalar(let u, let y)? = DynamoDBAttributeValue(b), t == u else { return nil }
        return order(t, x, y)
    }

    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? 0 : a.count < b.count ? -1 : 1
    }

    /// DynamoDB equality: same type and same content; numbers by value, maps regardless of member
    /// order, sets regardless of element order.
    static func equal(_ a: JSONValue, _ b: JSONValue, depth: Int = 0) -> Bool {
        guard depth <= 2 * maximumNesting, let x = DynamoDBAttributeValue(a), let y = DynamoDBAttributeValue(b) else { return false }
        switch (x, y) {
        case (.scalar(let t, let p), .scalar(let u, let q)):
            return t == u && order(t, p, q) == 0
        case (.bool(let p), .bool(let q)):
            return p == q
        case (.null, .null):
            return true
        case (.map(let p), .map(let q)):
            guard p.count == q.count else { return false }
            for member in p {
                guard let other = q[member.key], equal(member.value, other, depth: depth + 1) else { return false }
            }
            return true
        case (.list(let p), .list(let q)):
            guard p.count == q.count else { return false }
            for (e, f) in zip(p, q) where !equal(e, f, depth: depth + 1) { return false }
            return true
        case (.set(let t, let p), .set(let u, let q)):
            return t == u && Set(p.map { key(t, $0) }) == Set(q.map { key(t, $0) })
        default:
            return false
        }
    }

    /// `size`: the bytes of a string (UTF-8) or binary value, the elements of a set, list or map.
    var size: Int? {
        switch self {
        case .scalar(.string, let s): s.utf8.count
        case .scalar(.binary, let s): DynamoDBAttributeValue.bytes(ofBinary: s).count
        case .set(_, let elements): elements.count
        case .list(let elements): elements.count
        case .map(let members): members.count
        default: nil
        }
    }
}
