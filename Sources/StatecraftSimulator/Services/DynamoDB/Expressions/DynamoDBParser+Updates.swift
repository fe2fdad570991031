import StatesLanguage

/// Updates: the SET, REMOVE, ADD and DELETE clauses.
extension DynamoDBParser {
    /// Reads a whole UpdateExpression: one or more clauses, each a keyword and comma-separated actions.
    mutating func parseUpdate() throws(DynamoDBExpressionError) -> [DynamoDBUpdateAction] {
        guard current.kind != .end else { throw invalid("The expression can not be empty;") }
        var actions: [DynamoDBUpdateAction] = []
        var sections = Set<String>()
        var targets: [DynamoDBDocumentPath] = []
        repeat {
            guard let section = DynamoDBUpdateSection.allCases.first(where: { isKeyword($0.rawValue) }) else { throw syntaxError() }
            advance()
            if !sections.insert(section.rawValue).inserted {
                note(.duplicateSection, "The \"\(section.rawValue)\" section can only be used once in an update expression;")
            }
            repeat {
                let path = try parsePath()
                checkOverlap(path, with: targets)
                targets.append(path)
                switch section {
                case .set:
                    try expect("=")
                    actions.append(.set(path, try parseSetValue()))
                case .remove:
                    actions.append(.remove(path))
                case .add, .delete:
                    guard current.kind == .value else { throw syntaxError() }
                    let value = parseValuePlaceholder()
                    checkSetOperand(section, value)
                    actions.append(section == .add ? .add(path, value) : .delete(path, value))
                }
            } while take(",")
        } while current.kind != .end
        try finish()
        return actions
    }

    /// `operand`, `operand + operand` or `operand - operand`, possibly in parentheses.
    mutating func parseSetValue() throws(DynamoDBExpressionError) -> DynamoDBSetValue {
        let left: DynamoDBOperand
        if take("(") {
            try descend()
            let inner = try parseSetValue()
            try expect(")")
            ascend()
            guard case .operand(let operand) = inner else { return inner }
            left = operand
        } else {
            left = try parseOperand()
        }
        guard current.kind == .symbol, current.text == "+" || current.text == "-" else { return .operand(left) }
        let symbol = current.text
        advance()
        let right = try parseOperand()
        for operand in [left, right] {
            if let type = operand.knownType, type != "N" { noteOperandType(symbol, type) }
        }
        return symbol == "+" ? .sum(left, right) : .difference(left, right)
    }

    /// ADD takes a number or a set, DELETE a set.
    mutating func checkSetOperand(_ section: DynamoDBUpdateSection, _ value: JSONValue) {
        guard let attribute = DynamoDBAttributeValue(value) else { return }
        switch attribute {
        case .set: return
        case .scalar(.number, _) where section == .add: return
        default:
            note(.operandType, "Incorrect operand type for operator or function; operator: \(section.rawValue), operand type: \(attribute.typeWord)")
        }
    }

    /// Two actions may not write the same path, nor one a path inside the other (overlap), nor use
    /// a key and an index at the same level (conflict).
    mutating func checkOverlap(_ path: DynamoDBDocumentPath, with earlier: [DynamoDBDocumentPath]) {
        let new = path.elements
        for old in earlier {
            var conflict = false
            var apart = false
            for (a, b) in zip(old.elements, new) {
                switch (a, b) {
                case (.key, .key), (.index, .index): apart = a != b
                default: conflict = true
                }
                if conflict || apart { break }
            }
            if conflict {
                note(.pathConflict, "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: \(old), path two: \(path)")
            } else if !apart {
                note(.pathOverlap, "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: \(old), path two: \(path)")
            }
        }
    }
}
