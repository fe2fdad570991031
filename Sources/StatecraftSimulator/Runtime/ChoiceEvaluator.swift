import StatesLanguage

/// Evaluates Choice rule conditions (JSONPath mode) with ASL's comparison semantics.
enum ChoiceEvaluator {
    static func holds(_ condition: ChoiceCondition, _ scope: DataScope) throws(RuntimeError) -> Bool {
        switch condition {
        case .and(let items, _):
            for item in items where !(try holds(item, scope)) { return false }
            return true
        case .or(let items, _):
            for item in items where try holds(item, scope) { return true }
            return false
        case .not(let inner, _):
            return !(try holds(inner, scope))
        case .jsonata:
            throw RuntimeError("States.Runtime", "a JSONata Condition in a JSONPath state (QueryLanguage decides which one a state reads)")
        case .comparison(let c):
            return try compare(c, scope)
        }
    }

    enum Order { case less, equal, greater, unordered }

    /// How two numbers compare as doubles. Integers that doubles hold exactly are compared as
    /// integers (the same answer, without parsing a double).
    static func numericOrder(_ x: JSONNumber, _ y: JSONNumber) -> Order {
        let exact = 9_007_199_254_740_992
        if let i = x.smallIntegerValue, let j = y.smallIntegerValue, abs(i) <= exact, abs(j) <= exact {
            return i < j ? .less : i == j ? .equal : .greater
        }
        let a = x.doubleValue, b = y.doubleValue
        return a < b ? .less : a == b ? .equal : a > b ? .greater : .unordered
    }

    static func compare(_ c: Comparison, _ scope: DataScope) throws(RuntimeError) -> Bool {
        let value: JSONValue?
        do {
            value = try DataFlow.select(c.variable, in: scope)
        } catch {
            if c.operator == .isPresent { value = nil } else {
                throw RuntimeError("States.Runtime", "Invalid path '\(c.variable.text)': The choice state's condition path references an invalid value.")
            }
        }
        let operand: JSONValue
        switch c.operand {
        case .literal(let v): operand = v
        case .path(let p): operand = try DataFlow.select(p, in: scope)
        }
        switch c.operator {
        case .isPresent: return (value != nil) == (operand.boolValue ?? true)
        case .isNull: return (value?.isNull ?? false) == (operand.boolValue ?? true)
        case .isNumeric: return (value?.numberValue != nil) == (operand.boolValue ?? true)
        case .isString: return (value?.stringValue != nil) == (operand.boolValue ?? true)
        case .isBoolean: return (value?.boolValue != nil) == (operand.boolValue ?? true)
        case .isTimestamp:
            let isTimestamp = value?.stringValue.flatMap(Timestamp.init(parsing:)) != nil
            return isTimestamp == (operand.boolValue ?? true)
        default: break
        }
        guard let value else { return false }
        switch c.operator.operandType {
        case .string:
            guard case .string(let a) = value, case .string(let b) = operand else { return false }
            switch c.operator {
            // Code point equality: Swift's `==` would also equate canonically equivalent strings.
            case .stringEquals: return a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
            case .stringLessThan: return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
            case .stringGreaterThan: return b.unicodeScalars.lexicographicallyPrecedes(a.unicodeScalars)
            case .stringLessThanEquals: return !b.unicodeScalars.lexicographicallyPrecedes(a.unicodeScalars)
            case .stringGreaterThanEquals: return !a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
            case .stringMatches: return matches(a, pattern: b)
            default: return false
            }
        case .number:
            guard case .number(let x) = value, case .number(let y) = operand else { return false }
            if c.operator == .numericEquals { return x.isNumericallyEqual(to: y) }
            let order = numericOrder(x, y)
            switch c.operator {
            case .numericLessThan: return order == .less
            case .numericGreaterThan: return order == .greater
            case .numericLessThanEquals: return order == .less || order == .equal
            case .numericGreaterThanEquals: return order == .greater || order == .equal
            default: return false
            }
        case .boolean:
            guard case .bool(let a) = value, case .bool(let b) = operand else { return false }
            return a == b
        case .timestamp:
            guard case .string(let s1) = value, case .string(let s2) = operand,
                let a = Timestamp(parsing: s1), let b = Timestamp(parsing: s2)
            else { return false }
            switch c.operator {
            case .timestampEquals: return a == b
            case .timestampLessThan: return a < b
            case .timestampGreaterThan: return a > b
            case .timestampLessThanEquals: return a <= b
            case .timestampGreaterThanEquals: return a >= b
            default: return false
            }
        }
    }

    /// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are literal.
    static func matches(_ text: String, pattern: String) -> Bool {
        var tokens: [(isWildcard: Bool, char: Character)] = []
        var escaping = false
        for c in pattern {
            if escaping { tokens.append((false, c)); escaping = false; continue }
            if c == "\\" { escaping = true; continue }
            tokens.append((c == "*", c))
        }
        let chars = Array(text)
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: tokens.count + 1), count: chars.count + 1)
        func match(_ i: Int, _ j: Int) -> Bool {
            if let cached = memo[i][j] { return cached }
            let result: Bool
            if j == tokens.count {
                result = i == chars.count
            } else if tokens[j].isWildcard {
                result = match(i, j + 1) || (i < chars.count && match(i + 1, j))
            } else {
                result = i < chars.count && chars[i] == tokens[j].char && match(i + 1, j + 1)
            }
            memo[i][j] = result
            return result
        }
        return match(0, 0)
    }
}
