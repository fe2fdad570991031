import Foundation
import StatesLanguage

/// Evaluates conditions on items and applies updates to them.
enum DynamoDBEvaluator {
    /// The value at `path` in `item`, or `nil` when there is none.
    static func resolve(_ path: DynamoDBDocumentPath, in item: JSONObject?) -> JSONValue? {
        guard var current = item?[path.attribute] else { return nil }
        for element in path.nested {
            switch (element, DynamoDBAttributeValue(current)) {
            case (.key(let key), .map(let members)?):
                guard let next = members[key] else { return nil }
                current = next
            case (.index(let i), .list(let elements)?):
                guard i < elements.count else { return nil }
                current = elements[i]
            default:
                return nil
            }
        }
        return current
    }

    // MARK: Conditions

    /// A condition operand's value, `nil` when absent.
    static func conditionValue(of operand: DynamoDBOperand, in item: JSONObject?) -> JSONValue? {
        switch operand {
        case .path(let path):
            return resolve(path, in: item)
        case .value(let value):
            return value
        case .size(let path):
            guard let size = resolve(path, in: item).flatMap({ DynamoDBAttributeValue($0)?.size }) else { return nil }
            return DynamoDBAttributeValue.number(String(size))
        case .ifNotExists, .listAppend, .invalid:
            return nil
        }
    }

    static func holds(_ condition: DynamoDBConditionNode, _ item: JSONObject?) -> Bool {
        switch condition {
        case .compare(let comparator, let left, let right):
            let a = conditionValue(of: left, in: item), b = conditionValue(of: right, in: item)
            switch comparator {
            case .equal:
                guard let a, let b else { return false }
                return DynamoDBAttributeValue.equal(a, b)
            case .notEqual:
                guard let a, let b else { return true }
                return !DynamoDBAttributeValue.equal(a, b)
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                guard let a, let b, let order = DynamoDBAttributeValue.order(a, b) else { return false }
                switch comparator {
                case .less: return order < 0
                case .lessOrEqual: return order <= 0
                case .greater: return order > 0
                default: return order >= 0
                }
            }
        case .between(let operand, let low, let high):
            guard let v = conditionValue(of: operand, in: item), let lo = conditionValue(of: low, in: item), let hi = conditionValue(of: high, in: item),
                  let fromLow = DynamoDBAttributeValue.order(v, lo), let fromHigh = DynamoDBAttributeValue.order(v, hi) else { return false }
            return fromLow >= 0 && fromHigh <= 0
        case .oneOf(let operand, let list):
            guard let v = conditionValue(of: operand, in: item) else { return false }
            for candidate in list {
                if let c = conditionValue(of: candidate, in: item), DynamoDBAttributeValue.equal(v, c) { return true }
            }
            return false
        case .exists(let path):
            return resolve(path, in: item) != nil
        case .notExists(let path):
            return resolve(path, in: item) == nil
        case .hasType(let path, let type):
            return resolve(path, in: item).flatMap { DynamoDBAttributeValue($0)?.type } == type
        case .beginsWith(let whole, let prefix):
            guard let a = conditionValue(of: whole, in: item).flatMap(DynamoDBAttributeValue.init), let b = conditionValue(of: prefix, in: item).flatMap(DynamoDBAttributeValue.init) else { return false }
            switch (a, b) {
            case (.scalar(.string, let s), .scalar(.string, let p)): return s.utf8.starts(with: p.utf8)
            case (.scalar(.binary, let s), .scalar(.binary, let p)): return DynamoDBAttributeValue.bytes(ofBinary: s).starts(with: DynamoDBAttributeValue.bytes(ofBinary: p))
            default: return false
            }
        case .contains(let whole, let part):
            guard let container = conditionValue(of: whole, in: item), let element = conditionValue(of: part, in: item) else { return false }
            return contains(container, element)
        case .not(let inner):
            return !holds(inner, item)
        case .and(let terms):
            for term in terms where !holds(term, item) { return false }
            return true
        case .or(let terms):
            for term in terms where holds(term, item) { return true }
            return false
        case .invalid:
            return false
        }
    }

    /// `contains`: a substring of a string (or bytes of a binary value), an element of a set of the
    /// element's type, or an element of a list.
    static func contains(_ container: JSONValue, _ element: JSONValue) -> Bool {
        guard let whole = DynamoDBAttributeValue(container), let part = DynamoDBAttributeValue(element) else { return false }
        switch (whole, part) {
        case (.scalar(.string, let s), .scalar(.string, let p)):
            return containsBytes(Array(s.utf8), Array(p.utf8))
        case (.scalar(.binary, let s), .scalar(.binary, let p)):
            return containsBytes(DynamoDBAttributeValue.bytes(ofBinary: s), DynamoDBAttributeValue.bytes(ofBinary: p))
        case (.set(let t, let elements), .scalar(let u, let e)):
            guard t == u else { return false }
            let key = DynamoDBAttributeValue.key(t, e)
            return elements.contains { DynamoDBAttributeValue.key(t, $0) == key }
        case (.list(let elements), _):
            return elements.contains { DynamoDBAttributeValue.equal($0, element) }
        default:
            return false
        }
    }

    static func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        guard !needle.isEmpty else { return true }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    // MARK: Updates

    static func apply(_ actions: [DynamoDBUpdateAction], to item: JSONObject) throws(DynamoDBExpressionError) -> JSONObject {
        // Every new value is worked out from the item as it was, then written.
        var writes: [(DynamoDBDocumentPath, JSONValue)] = []
        var removals: [DynamoDBDocumentPath] = []
        for action in actions {
            switch action {
            case .set(let path, let value):
                writes.append((path, try evaluate(value, in: item)))
            case .remove(let path):
                removals.append(path)
            case .add(let path, let value):
                writes.append((path, try add(value, to: resolve(path, in: item))))
            case .delete(let path, let value):
                guard let current = resolve(path, in: item) else { continue }
                if let remaining = try delete(value, from: current) {
                    writes.append((path, remaining))
                } else {
                    removals.append(path)
                }
            }
        }
        var result = item
        for (path, value) in writes { try write(value, at: path, in: &result) }
        // Removing list elements from the highest index down keeps the others where they were.
        for path in removals.sorted(by: removedFirst) { try write(nil, at: path, in: &result) }
        return result
    }

    /// An update operand's value; an absent attribute is an error.
    static func updateValue(of operand: DynamoDBOperand, in item: JSONObject) throws(DynamoDBExpressionError) -> JSONValue {
        switch operand {
        case .path(let path):
            guard let value = resolve(path, in: item) else { throw DynamoDBExpressionError.missingAttribute }
            return value
        case .value(let value):
            return value
        case .ifNotExists(let path, let fallback):
            if let existing = resolve(path, in: item) { return existing }
            return try updateValue(of: fallback, in: item)
        case .listAppend(let first, let second):
            let a = try updateValue(of: first, in: item), b = try updateValue(of: second, in: item)
            guard case .list(let x)? = DynamoDBAttributeValue(a), case .list(let y)? = DynamoDBAttributeValue(b) else { throw DynamoDBExpressionError.incorrectOperandType }
            return DynamoDBAttributeValue.wrap("L", .array(x + y))
        case .size, .invalid:
            throw DynamoDBExpressionError.incorrectOperandType
        }
    }

    static func evaluate(_ value: DynamoDBSetValue, in item: JSONObject) throws(DynamoDBExpressionError) -> JSONValue {
        switch value {
        case .operand(let operand):
            return try updateValue(of: operand, in: item)
        case .sum(let a, let b), .difference(let a, let b):
            let x = try updateValue(of: a, in: item), y = try updateValue(of: b, in: item)
            guard case .scalar(.number, let p)? = DynamoDBAttributeValue(x), case .scalar(.number, let q)? = DynamoDBAttributeValue(y) else {
                throw DynamoDBExpressionError.incorrectOperandType
            }
            if case .difference = value { return DynamoDBAttributeValue.number(try DynamoDBNumber.combine(p, q, subtracting: true)) }
            return DynamoDBAttributeValue.number(try DynamoDBNumber.combine(p, q, subtracting: false))
        }
    }

    /// ADD: a number is added (to 0 when absent); a set gains the elements it lacks.
    static func add(_ value: JSONValue, to current: JSONValue?) throws(DynamoDBExpressionError) -> JSONValue {
        switch (DynamoDBAttributeValue(value), current.map(DynamoDBAttributeValue.init)) {
        case (.scalar(.number, let n)?, nil):
            return DynamoDBAttributeValue.number(try DynamoDBNumber.combine("0", n, subtracting: false))
        case (.scalar(.number, let n)?, .scalar(.number, let c)??):
            return DynamoDBAttributeValue.number(try DynamoDBNumber.combine(c, n, subtracting: false))
        case (.set?, nil):
            return value
        case (.set(let t, let added)?, .set(let u, var elements)??) where t == u:
            var keys = Set(elements.map { DynamoDBAttributeValue.key(t, $0) })
            for element in added where keys.insert(DynamoDBAttributeValue.key(t, element)).inserted { elements.append(element) }
            return DynamoDBAttributeValue.wrapSet(t, elements)
        default:
            throw DynamoDBExpressionError.incorrectOperandType
        }
    }

    /// DELETE: the set without the given elements, or `nil` when none are left (DynamoDB has no
    /// empty sets, so the attribute goes).
    static func delete(_ value: JSONValue, from current: JSONValue) throws(DynamoDBExpressionError) -> JSONValue? {
        guard case .set(let t, let removed)? = DynamoDBAttributeValue(value), case .set(let u, let elements)? = DynamoDBAttributeValue(current), t == u else {
            throw DynamoDBExpressionError.incorrectOperandType
        }
        let keys = Set(removed.map { DynamoDBAttributeValue.key(t, $0) })
        let remaining = elements.filter { !keys.contains(DynamoDBAttributeValue.key(t, $0)) }
        // Not `remaining.isEmpty ? nil : ...`: JSONValue is ExpressibleByNilLiteral, so that `nil` would be `.null`.
        if remaining.isEmpty { return nil }
        return DynamoDBAttributeValue.wrapSet(t, remaining)
    }

    /// Orders removals so that, within one list, higher indexes go first.
    static func removedFirst(_ a: DynamoDBDocumentPath, _ b: DynamoDBDocumentPath) -> Bool {
        for (x, y) in zip(a.elements, b.elements) where x != y {
            switch (x, y) {
            case (.index(let i), .index(let j)): return i > j
            case (.key(let p), .key(let q)): return p.utf8.lexicographicallyPrecedes(q.utf8)
            case (.key, .index): return true
            case (.index, .key): return false
            }
        }
        return a.nested.count < b.nested.count
    }

    /// Writes `value` at `path` (removes what is there when `nil`). Every level above the last must
    /// exist and be a map or list as the path says; a list index past the end appends.
    static func write(_ value: JSONValue?, at path: DynamoDBDocumentPath, in item: inout JSONObject) throws(DynamoDBExpressionError) {
        guard !path.nested.isEmpty else {
            item[path.attribute] = value
            return
        }
        guard let child = item[path.attribute] else { throw DynamoDBExpressionError.invalidDocumentPath }
        item[path.attribute] = try write(value, at: path.nested[...], into: child)
    }

    static func write(_ value: JSONValue?, at elements: ArraySlice<DynamoDBDocumentPath.Element>,
                      into container: JSONValue) throws(DynamoDBExpressionError) -> JSONValue {
        guard let element = elements.first else { throw DynamoDBExpressionError.invalidDocumentPath }
        let rest = elements.dropFirst()
        switch (element, DynamoDBAttributeValue(container)) {
        case (.key(let key), .map(var members)?):
            if rest.isEmpty {
                members[key] = value
            } else {
                guard let child = members[key] else { throw DynamoDBExpressionError.invalidDocumentPath }
                members[key] = try write(value, at: rest, into: child)
            }
            return DynamoDBAttributeValue.wrap("M", .object(members))
        case (.index(let i), .list(var list)?):
            if rest.isEmpty {
                if let value {
                    if i < list.count { list[i] = value } else { list.append(value) }
                } else if i < list.count {
                    list.remove(at: i)
                }
            } else {
                guard i < list.count else { throw DynamoDBExpressionError.invalidDocumentPath }
                list[i] = try write(value, at: rest, into: list[i])
            }
            return DynamoDBAttributeValue.wrap("L", .array(list))
        default:
            throw DynamoDBExpressionError.invalidDocumentPath
        }
    }
}
