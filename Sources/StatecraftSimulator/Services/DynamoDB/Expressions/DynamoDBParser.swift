import Foundation
import StatesLanguage

/// A recursive-descent reader for both kinds of expression.
struct DynamoDBParser {
    /// How deeply parentheses, `NOT` and function calls may nest.
    static let maximumDepth = 100
    /// The most operands `IN` accepts.
    static let maximumInOperands = 100
    static let conditionFunctions: Set<String> = ["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size"]
    static let updateFunctions: Set<String> = ["if_not_exists", "list_append"]

    let kind: DynamoDBExpressionKind
    let bytes: [UInt8]
    let tokens: [DynamoDBToken]
    let names: [String: String]
    let values: [String: JSONValue]
    var position = 0
    var depth = 0
    var problems = DynamoDBProblems()
    private(set) var usedNames = Set<String>()
    private(set) var usedValues = Set<String>()

    init(_ text: String, kind: DynamoDBExpressionKind, names: [String: String], values: [String: JSONValue]) {
        self.kind = kind
        self.bytes = Array(text.utf8)
        self.tokens = DynamoDBLexer.tokens(bytes)
        self.names = names
        self.values = values
    }

    // MARK: Tokens

    var current: DynamoDBToken { tokens[position] }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol && current.text == symbol }

    /// Whether the current token is the keyword `word` (keywords are case-insensitive).
    func isKeyword(_ word: String) -> Bool { current.kind == .word && current.text.uppercased() == word }

    mutating func take(_ symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func expect(_ symbol: String) throws(DynamoDBExpressionError) {
        guard take(symbol) else { throw syntaxError() }
    }

    // MARK: Problems

    func invalid(_ detail: String) -> DynamoDBExpressionError {
        DynamoDBExpressionError("Invalid \(kind.label): \(detail)")
    }

    /// DynamoDB's syntax error at the current token: `near` is the text from the previous token to
    /// the next one (to the end of the expression at its end).
    func syntaxError() -> DynamoDBExpressionError {
        let token = current
        let previous = position > 0 ? tokens[position - 1] : token
        let next = token.kind == .end ? token : tokens[position + 1]
        let near = String(decoding: bytes[previous.start..<next.end], as: UTF8.self)
        return invalid("Syntax error; token: \"\(token.kind == .end ? "<EOF>" : token.text)\", near: \"\(near)\"")
    }

    mutating func note(_ kind: DynamoDBProblems.Kind, _ detail: String) {
        problems.note(kind, "Invalid \(self.kind.label): \(detail)")
    }

    /// Enters one level of nesting (parentheses, `NOT`, a function's arguments).
    mutating func descend() throws(DynamoDBExpressionError) {
        depth += 1
        guard depth <= DynamoDBParser.maximumDepth else {
            throw invalid("The expression is nested too deeply; nesting levels: \(depth), the simulator allows \(DynamoDBParser.maximumDepth)")
        }
    }

    mutating func ascend() { depth -= 1 }

    /// Throws the syntax error at the current token unless the expression is over, then the most
    /// important problem found.
    func finish() throws(DynamoDBExpressionError) {
        guard current.kind == .end else { throw syntaxError() }
        if let message = problems.first { throw DynamoDBExpressionError(message) }
    }

    // MARK: Paths and placeholders

    mutating func parsePath() throws(DynamoDBExpressionError) -> DynamoDBDocumentPath {
        let attribute = try parsePathName()
        var nested: [DynamoDBDocumentPath.Element] = []
        while true {
            if take(".") {
                nested.append(.key(try parsePathName()))
            } else if take("[") {
                guard current.kind == .number, let index = Int(current.text) else { throw syntaxError() }
                advance()
                try expect("]")
                nested.append(.index(index))
            } else {
                break
            }
            guard nested.count < DynamoDBDocumentPath.maximumLevels else {
                throw invalid("The document path has too many nesting levels; nesting levels: \(nested.count + 1)")
            }
        }
        return DynamoDBDocumentPath(attribute: attribute, nested: nested)
    }

    /// An attribute name: a plain identifier (not a reserved word) or a `#name` placeholder.
    mutating func parsePathName() throws(DynamoDBExpressionError) -> String {
        let token = current
        switch token.kind {
        case .word where !kind.keywords.contains(token.text.uppercased()):
            advance()
            if DynamoDBReservedWords.contains(token.text) {
                note(.reservedKeyword, "Attribute name is a reserved keyword; reserved keyword: \(token.text)")
            }
            return token.text
        case .name:
            advance()
            usedNames.insert(token.text)
            guard let name = names[token.text] else {
                note(.undefinedName, "An expression attribute name used in the document path is not defined; attribute name: \(token.text)")
                return token.text
            }
            return name
        default:
            throw syntaxError()
        }
    }

    /// The value of the current `:value` placeholder.
    mutating func parseValuePlaceholder() -> JSONValue {
        let token = current
        advance()
        usedValues.insert(token.text)
        guard let value = values[token.text] else {
            note(.undefinedValue, "An expression attribute value used in expression is not defined; attribute value: \(token.text)")
            return .null
        }
        if let reason = DynamoDBAttributeValue.problem(in: value) {
            problems.note(.invalidValue, "ExpressionAttributeValues contains invalid value: \(reason) for key \(token.text)")
        }
        return value
    }

    // MARK: Operands

    /// What a term is: an operand, or a function call whose meaning depends on where it is.
    enum Term {
        case operand(DynamoDBOperand)
        case call(String, [DynamoDBOperand])
    }

    /// A path, a `:value` placeholder or a function call.
    mutating func parseTerm() throws(DynamoDBExpressionError) -> Term {
        let token = current
        switch token.kind {
        case .value:
            return .operand(.value(parseValuePlaceholder()))
        case .word where !kind.keywords.contains(token.text.uppercased()) && tokens[position + 1].kind == .symbol && tokens[position + 1].text == "(":
            advance()
            advance()
            try descend()
            var arguments = [try parseOperand()]
            while take(",") { arguments.append(try parseOperand()) }
            try expect(")")
            ascend()
            return .call(token.text, arguments)
        default:
            return .operand(.path(try parsePath()))
        }
    }

    /// An operand, possibly in parentheses. A function call here must yield a value.
    mutating func parseOperand() throws(DynamoDBExpressionError) -> DynamoDBOperand {
        if take("(") {
            try descend()
            let doubled = isSymbol("(")
            let inner = try parseOperand()
            try expect(")")
            ascend()
            if doubled && kind == .condition { note(.redundantParentheses, "The expression has redundant parentheses;") }
            return inner
        }
        return operand(try parseTerm())
    }

    mutating func operand(_ term: Term) -> DynamoDBOperand {
        switch term {
        case .operand(let operand): operand
        case .call(let name, let arguments): valueFunction(name, arguments)
        }
    }

    /// Checks a function's operand count.
    mutating func hasCount(_ name: String, _ arguments: [DynamoDBOperand], _ count: Int) -> Bool {
        guard arguments.count == count else {
            note(.operandCount, "Incorrect number of operands for operator or function; operator or function: \(name), number of operands: \(arguments.count)")
            return false
        }
        return true
    }

    mutating func requirePath(_ name: String, _ operand: DynamoDBOperand) -> DynamoDBDocumentPath? {
        guard case .path(let path) = operand else {
            note(.documentPathRequired, "Operator or function requires a document path; operator or function: \(name)")
            return nil
        }
        return path
    }

    mutating func noteOperandType(_ name: String, _ type: String) {
        note(.operandType, "Incorrect operand type for operator or function; operator or function: \(name), operand type: \(type)")
    }

    /// `a = a`, `contains(a, a)`: DynamoDB refuses a path compared with itself.
    mutating func checkDistinct(_ name: String, _ first: DynamoDBOperand, _ second: DynamoDBOperand) {
        guard case .path(let a) = first, case .path(let b) = second, a == b else { return }
        note(.distinctOperands, "The first operand must be distinct from the remaining operands for this operator or function; operator: \(name), first operand: \(a)")
    }

    /// A function call used as an operand: `size` in conditions, `if_not_exists` and `list_append`
    /// in updates.
    mutating func valueFunction(_ name: String, _ arguments: [DynamoDBOperand]) -> DynamoDBOperand {
        switch (kind, name) {
        case (.condition, "size"):
            guard hasCount(name, arguments, 1), let path = requirePath(name, arguments[0]) else { return .invalid }
            return .size(path)
        case (.condition, _) where DynamoDBParser.conditionFunctions.contains(name):
            note(.misusedFunction, "The function is not allowed to be used this way in an expression; function: \(name)")
        case (.condition, _) where DynamoDBParser.updateFunctions.contains(name):
            note(.misusedFunction, "The function is not allowed in a condition expression; function: \(name)")
        case (.update, "if_not_exists"):
            guard hasCount(name, arguments, 2), let path = requirePath(name, arguments[0]) else { return .invalid }
            return .ifNotExists(path, arguments[1])
        case (.update, "list_append"):
            guard hasCount(name, arguments, 2) else { return .invalid }
            for argument in arguments {
                if let type = argument.knownType, type != "L" { noteOperandType(name, type) }
            }
            return .listAppend(arguments[0], arguments[1])
        case (.update, _) where DynamoDBParser.conditionFunctions.contains(name):
            note(.misusedFunction, "The function is not allowed in an update expression; function: \(name)")
        default:
            note(.unknownFunction, "Invalid function name; function: \(name)")
        }
        return .invalid
    }
}
