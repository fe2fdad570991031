import StatesLanguage

/// Conditions: OR over AND over NOT over comparisons, functions and parentheses.
extension DynamoDBParser {
    /// What a part of a condition read so far is. A lone operand (`bare`) is only allowed directly
    /// inside parentheses, where `(a) = :v` may follow.
    enum Node {
        case condition(DynamoDBConditionNode, parenthesized: Bool)
        case bare(Term, parenthesized: Bool)
    }

    /// Reads a whole ConditionExpression.
    mutating func parseCondition() throws(DynamoDBExpressionError) -> DynamoDBConditionNode {
        guard current.kind != .end else { throw invalid("The expression can not be empty;") }
        let root = try condition(try parseOr(allowingBare: false))
        try finish()
        return root
    }

    func condition(_ node: Node) throws(DynamoDBExpressionError) -> DynamoDBConditionNode {
        guard case .condition(let condition, _) = node else { throw syntaxError() }
        return condition
    }

    mutating func parseOr(allowingBare: Bool) throws(DynamoDBExpressionError) -> Node {
        let first = try parseAnd(allowingBare: allowingBare)
        guard isKeyword("OR") else { return first }
        var terms = [try condition(first)]
        while isKeyword("OR") {
            advance()
            terms.append(try condition(try parseAnd(allowingBare: false)))
        }
        return .condition(.or(terms), parenthesized: false)
    }

    mutating func parseAnd(allowingBare: Bool) throws(DynamoDBExpressionError) -> Node {
        let first = try parseNot(allowingBare: allowingBare)
        guard isKeyword("AND") else { return first }
        var terms = [try condition(first)]
        while isKeyword("AND") {
            advance()
            terms.append(try condition(try parseNot(allowingBare: false)))
        }
        return .condition(.and(terms), parenthesized: false)
    }

    mutating func parseNot(allowingBare: Bool) throws(DynamoDBExpressionError) -> Node {
        guard isKeyword("NOT") else { return try parsePrimary(allowingBare: allowingBare) }
        advance()
        try descend()
        let inner = try condition(try parseNot(allowingBare: false))
        ascend()
        return .condition(.not(inner), parenthesized: false)
    }

    /// Whether a comparison (`=`, ..., `BETWEEN`, `IN`) follows.
    var atComparison: Bool {
        (current.kind == .symbol && DynamoDBComparator(rawValue: current.text) != nil) || isKeyword("BETWEEN") || isKeyword("IN")
    }

    /// A parenthesized condition, a comparison, or a function used as a condition.
    mutating func parsePrimary(allowingBare: Bool) throws(DynamoDBExpressionError) -> Node {
        if take("(") {
            try descend()
            let inner = try parseOr(allowingBare: true)
            try expect(")")
            ascend()
            switch inner {
            case .condition(let condition, let doubled):
                if doubled { note(.redundantParentheses, "The expression has redundant parentheses;") }
                return .condition(condition, parenthesized: true)
            case .bare(let term, let doubled):
                if doubled { note(.redundantParentheses, "The expression has redundant parentheses;") }
                return try complete(term, parenthesized: true, allowingBare: allowingBare)
            }
        }
        return try complete(try parseTerm(), parenthesized: false, allowingBare: allowingBare)
    }

    /// What follows a term decides what it is: the left side of a comparison, a lone operand
    /// before `)`, or (for a call) a function used as a condition.
    mutating func complete(_ term: Term, parenthesized: Bool, allowingBare: Bool) throws(DynamoDBExpressionError) -> Node {
        if atComparison {
            let left = operand(term)
            return .condition(try parseComparison(left), parenthesized: false)
        }
        if allowingBare && isSymbol(")") {
            return .bare(term, parenthesized: parenthesized)
        }
        guard case .call(let name, let arguments) = term else { throw syntaxError() }
        return .condition(conditionFunction(name, arguments), parenthesized: parenthesized)
    }

    /// The rest of a comparison whose left operand is read.
    mutating func parseComparison(_ left: DynamoDBOperand) throws(DynamoDBExpressionError) -> DynamoDBConditionNode {
        if current.kind == .symbol, let comparator = DynamoDBComparator(rawValue: current.text) {
            advance()
            let right = try parseOperand()
            checkDistinct(comparator.rawValue, left, right)
            return .compare(comparator, left, right)
        }
        if isKeyword("BETWEEN") {
            advance()
            let low = try parseOperand()
            guard isKeyword("AND") else { throw syntaxError() }
            advance()
            let high = try parseOperand()
            checkBounds(low, high)
            return .between(left, low, high)
        }
        advance()  // IN
        try expect("(")
        var list = [try parseOperand()]
        while take(",") { list.append(try parseOperand()) }
        try expect(")")
        if list.count > DynamoDBParser.maximumInOperands {
            note(.tooManyOperands, "The IN operator is provided with too many operands; number of operands: \(list.count)")
        }
        return .oneOf(left, list)
    }

    /// BETWEEN's literal bounds must have one type and be in order.
    mutating func checkBounds(_ low: DynamoDBOperand, _ high: DynamoDBOperand) {
        guard case .value(let a) = low, case .value(let b) = high, let x = DynamoDBAttributeValue(a), let y = DynamoDBAttributeValue(b) else { return }
        let operands = "lower bound operand: AttributeValue: {\(x.type):\(x.summary)}, upper bound operand: AttributeValue: {\(y.type):\(y.summary)}"
        if x.type != y.type {
            note(.operandType, "The BETWEEN operator requires same data type for lower and upper bounds; " + operands)
        } else if let order = DynamoDBAttributeValue.order(a, b), order > 0 {
            note(.operandType, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + operands)
        }
    }

    /// A function used as a condition.
    mutating func conditionFunction(_ name: String, _ arguments: [DynamoDBOperand]) -> DynamoDBConditionNode {
        switch name {
        case "attribute_exists", "attribute_not_exists":
            guard hasCount(name, arguments, 1), let path = requirePath(name, arguments[0]) else { return .invalid }
            return name == "attribute_exists" ? .exists(path) : .notExists(path)
        case "attribute_type":
            guard hasCount(name, arguments, 2), let path = requirePath(name, arguments[0]) else { return .invalid }
            guard case .value(let value) = arguments[1], case .scalar(.string, let type)? = DynamoDBAttributeValue(value) else {
                noteOperandType(name, arguments[1].knownType ?? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}")
                return .invalid
            }
            guard DynamoDBAttributeValue.typeNames.contains(type) else {
                note(.operandType, "Invalid attribute type name found; type: \(type), valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}")
                return .invalid
            }
            return .hasType(path, type)
        case "begins_with", "contains":
            guard hasCount(name, arguments, 2) else { return .invalid }
            checkDistinct(name, arguments[0], arguments[1])
            if name == "begins_with" {
                for argument in arguments {
                    if let type = argument.knownType, type != "S" && type != "B" { noteOperandType(name, type) }
                }
                return .beginsWith(arguments[0], arguments[1])
            }
            return .contains(arguments[0], arguments[1])
        case "size":
            note(.misusedFunction, "The function is not allowed to be used this way in an expression; function: size")
        case _ where DynamoDBParser.updateFunctions.contains(name):
            note(.misusedFunction, "The function is not allowed in a condition expression; function: \(name)")
        default:
            note(.unknownFunction, "Invalid function name; function: \(name)")
        }
        return .invalid
    }
}
