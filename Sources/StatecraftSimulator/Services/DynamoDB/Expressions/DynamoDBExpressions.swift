import Foundation
import StatesLanguage

// DynamoDB's ConditionExpression and UpdateExpression, for the simulated DynamoDB service.
//
// Items are DynamoDB JSON: each attribute value is an object with one type key (`{"S": "x"}`,
// `{"N": "12"}`, `{"M": {...}}`, ...). An expression is read once (`DynamoDBCondition`,
// `DynamoDBUpdate`) and then applied to items.
//
// Problems are reported with DynamoDB's `ValidationException` messages. Like DynamoDB, reading
// stops at the first syntax error; other problems (an undefined placeholder, a reserved word, two
// overlapping paths, ...) are collected while reading and the most important one is reported, so
// the order in which they are written does not matter.
//
// Where DynamoDB's behaviour is not known, the simulator chooses: more than 100 levels of
// parentheses, NOT and function calls are refused (DynamoDB has no such message; it limits
// expressions to 4 KB instead, which is not checked); `size` counts a string's UTF-8 bytes; a
// REMOVE below a missing map or list is refused like a SET there; arithmetic needing more than 38
// digits is refused rather than rounded.

// MARK: - Errors

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

// MARK: - Public surface

/// A parsed ConditionExpression (also usable as a FilterExpression: the grammar is the same).
///
/// Supports comparisons (`=`, `<>`, `<`, `<=`, `>`, `>=`), `BETWEEN ... AND ...`, `IN (...)`,
/// the functions `attribute_exists`, `attribute_not_exists`, `attribute_type`, `begins_with`,
/// `contains` and `size`, and `AND`, `OR`, `NOT` and parentheses (precedence NOT > AND > OR).
struct DynamoDBCondition: Sendable {
    fileprivate let root: _Condition
    /// The `#name` placeholders the expression uses.
    let usedNames: Set<String>
    /// The `:value` placeholders the expression uses.
    let usedValues: Set<String>

    /// Reads a condition.
    /// - Parameters:
    ///   - text: the expression.
    ///   - names: ExpressionAttributeNames (`"#n"` → `"attr"`).
    ///   - values: ExpressionAttributeValues (`":v"` → a typed value such as `{"N": "1"}`).
    init(_ text: String, names: [String: String], values: [String: JSONValue]) throws(DynamoDBExpressionError) {
        var parser = _Parser(text, kind: .condition, names: names, values: values)
        root = try parser.parseCondition()
        usedNames = parser.usedNames
        usedValues = parser.usedValues
    }

    /// Whether the condition holds for `item` (`nil` when the item does not exist: every attribute
    /// is absent). Comparing an absent attribute, or values of different types, is false, not an error.
    func holds(on item: JSONObject?) throws(DynamoDBExpressionError) -> Bool {
        _Evaluator.holds(root, item)
    }
}

/// A parsed UpdateExpression: `SET`, `REMOVE`, `ADD` and `DELETE` clauses, each at most once, in
/// any order.
struct DynamoDBUpdate: Sendable {
    fileprivate let actions: [_Action]
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
        var parser = _Parser(text, kind: .update, names: names, values: values)
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
        try _Evaluator.apply(actions, to: item)
    }
}

/// A document path: a top-level attribute name, then map keys (`.name`) and list indexes (`[n]`).
struct DynamoDBDocumentPath: Hashable, Sendable, CustomStringConvertible {
    enum Element: Hashable, Sendable {
        case key(String)
        case index(Int)

        /// Keys are equal when they have the same code points (DynamoDB keeps canonically
        /// equivalent names apart; Swift's `String ==` would not).
        static func == (a: Element, b: Element) -> Bool {
            switch (a, b) {
            case (.key(let x), .key(let y)): x.utf8.elementsEqual(y.utf8)
            case (.index(let i), .index(let j)): i == j
            default: false
            }
        }
    }

    /// The most levels a path may have (DynamoDB nests documents at most 32 deep).
    static let maximumLevels = 32

    /// The top-level attribute name.
    let attribute: String
    /// The map keys and list indexes below the attribute.
    let nested: [Element]

    /// All the elements, the attribute first.
    var elements: [Element] { [.key(attribute)] + nested }

    /// Paths are equal when their elements are (names compared code point by code point).
    static func == (a: DynamoDBDocumentPath, b: DynamoDBDocumentPath) -> Bool { a.elements == b.elements }

    /// DynamoDB's rendering in error messages: `[a, b, [0]]`.
    var description: String {
        let parts = elements.map { element in
            switch element {
            case .key(let name): name
            case .index(let i): "[\(i)]"
            }
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }
}

// MARK: - Expression trees

/// A comparison operator.
private enum _Comparator: String, Sendable {
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// An operand: something that yields a value (or nothing) for an item.
private indirect enum _Operand: Sendable {
    case path(DynamoDBDocumentPath)
    case value(JSONValue)
    /// `size(path)` (conditions only).
    case size(DynamoDBDocumentPath)
    /// `if_not_exists(path, fallback)` (updates only).
    case ifNotExists(DynamoDBDocumentPath, _Operand)
    /// `list_append(a, b)` (updates only).
    case listAppend(_Operand, _Operand)
    /// Stands for an operand whose problem was reported while reading; never evaluated.
    case invalid

    /// The type of the operand's value when reading the expression tells it (`nil` when only the
    /// item does): a literal's own type, `N` for `size`, `L` for `list_append`.
    var knownType: String? {
        switch self {
        case .value(let value): _Attribute(value)?.type
        case .size: "N"
        case .listAppend: "L"
        default: nil
        }
    }
}

/// A condition. `and` and `or` hold all their terms in one node, so long chains do not nest.
private indirect enum _Condition: Sendable {
    case compare(_Comparator, _Operand, _Operand)
    case between(_Operand, _Operand, _Operand)
    case oneOf(_Operand, [_Operand])
    case exists(DynamoDBDocumentPath)
    case notExists(DynamoDBDocumentPath)
    case hasType(DynamoDBDocumentPath, String)
    case beginsWith(_Operand, _Operand)
    case contains(_Operand, _Operand)
    case not(_Condition)
    case and([_Condition])
    case or([_Condition])
    /// Stands for a condition whose problem was reported while reading; never evaluated.
    case invalid
}

/// The right-hand side of a SET action.
private enum _SetValue: Sendable {
    case operand(_Operand)
    case sum(_Operand, _Operand)
    case difference(_Operand, _Operand)
}

/// One action of an update.
private enum _Action: Sendable {
    case set(DynamoDBDocumentPath, _SetValue)
    case remove(DynamoDBDocumentPath)
    case add(DynamoDBDocumentPath, JSONValue)
    case delete(DynamoDBDocumentPath, JSONValue)

    var path: DynamoDBDocumentPath {
        switch self {
        case .set(let path, _), .remove(let path), .add(let path, _), .delete(let path, _): path
        }
    }
}

// MARK: - Tokens

/// One token of an expression; `start` and `end` are UTF-8 offsets into the expression.
private struct _Token: Sendable {
    enum Kind: Sendable {
        /// A plain identifier: a letter or `_`, then letters, digits and `_`.
        case word
        /// `#name`.
        case name
        /// `:value`.
        case value
        /// Digits (list indexes).
        case number
        /// Punctuation and operators.
        case symbol
        /// Anything else (always a syntax error).
        case other
        /// The end of the expression.
        case end
    }

    let kind: Kind
    let text: String
    let start: Int
    let end: Int
}

/// Splits an expression into tokens.
private enum _Lexer {
    static let symbols: [String] = ["<>", "<=", ">=", "(", ")", "[", "]", ",", ".", "=", "<", ">", "+", "-"]

    static func isWordByte(_ b: UInt8) -> Bool {
        b &- UInt8(ascii: "0") < 10 || (b | 0x20) &- UInt8(ascii: "a") < 26 || b == UInt8(ascii: "_")
    }

    /// The tokens of `bytes`, always ending with an `.end` token.
    static func tokens(_ bytes: [UInt8]) -> [_Token] {
        var tokens: [_Token] = []
        var i = 0
        func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1; continue }
            let start = i
            let kind: _Token.Kind
            if b &- UInt8(ascii: "0") < 10 {
                while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
                kind = .number
            } else if isWordByte(b) {
                while i < bytes.count, isWordByte(bytes[i]) { i += 1 }
                kind = .word
            } else if b == UInt8(ascii: "#") || b == UInt8(ascii: ":") {
                i += 1
                while i < bytes.count, isWordByte(bytes[i]) { i += 1 }
                kind = i - start == 1 ? .other : b == UInt8(ascii: "#") ? .name : .value
            } else if let symbol = symbols.first(where: { s in
                s.utf8.count <= bytes.count - i && s.utf8.elementsEqual(bytes[i..<(i + s.utf8.count)])
            }) {
                i += symbol.utf8.count
                kind = .symbol
            } else {
                // One whole character, so the message shows it intact.
                let length = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                i = min(i + length, bytes.count)
                kind = .other
            }
            tokens.append(_Token(kind: kind, text: text(start, i), start: start, end: i))
        }
        tokens.append(_Token(kind: .end, text: "", start: bytes.count, end: bytes.count))
        return tokens
    }
}

// MARK: - Reading

/// Problems found while reading an expression, other than syntax errors. DynamoDB reports one,
/// chosen by kind rather than position, so they are collected until the whole expression is read.
private struct _Problems {
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
private enum _ExpressionKind {
    case condition, update

    var label: String { self == .condition ? "ConditionExpression" : "UpdateExpression" }

    /// Words of the grammar, which cannot name attributes.
    var keywords: Set<String> { self == .condition ? _ExpressionKind.conditionKeywords : _ExpressionKind.updateKeywords }

    private static let conditionKeywords: Set<String> = ["AND", "OR", "NOT", "BETWEEN", "IN"]
    private static let updateKeywords: Set<String> = ["SET", "REMOVE", "ADD", "DELETE"]
}

/// The clauses of an update.
private enum _Section: String, CaseIterable {
    case set = "SET", remove = "REMOVE", add = "ADD", delete = "DELETE"
}

/// A recursive-descent reader for both kinds of expression.
private struct _Parser {
    /// How deeply parentheses, `NOT` and function calls may nest.
    static let maximumDepth = 100
    /// The most operands `IN` accepts.
    static let maximumInOperands = 100
    static let conditionFunctions: Set<String> = ["attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size"]
    static let updateFunctions: Set<String> = ["if_not_exists", "list_append"]

    let kind: _ExpressionKind
    let bytes: [UInt8]
    let tokens: [_Token]
    let names: [String: String]
    let values: [String: JSONValue]
    private var position = 0
    private var depth = 0
    private var problems = _Problems()
    private(set) var usedNames = Set<String>()
    private(set) var usedValues = Set<String>()

    init(_ text: String, kind: _ExpressionKind, names: [String: String], values: [String: JSONValue]) {
        self.kind = kind
        self.bytes = Array(text.utf8)
        self.tokens = _Lexer.tokens(bytes)
        self.names = names
        self.values = values
    }

    // MARK: Tokens

    private var current: _Token { tokens[position] }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol && current.text == symbol }

    /// Whether the current token is the keyword `word` (keywords are case-insensitive).
    private func isKeyword(_ word: String) -> Bool { current.kind == .word && current.text.uppercased() == word }

    private mutating func take(_ symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        advance()
        return true
    }

    private mutating func expect(_ symbol: String) throws(DynamoDBExpressionError) {
        guard take(symbol) else { throw syntaxError() }
    }

    // MARK: Problems

    private func invalid(_ detail: String) -> DynamoDBExpressionError {
        DynamoDBExpressionError("Invalid \(kind.label): \(detail)")
    }

    /// DynamoDB's syntax error at the current token: `near` is the text from the previous token to
    /// the next one (to the end of the expression at its end).
    private func syntaxError() -> DynamoDBExpressionError {
        let token = current
        let previous = position > 0 ? tokens[position - 1] : token
        let next = token.kind == .end ? token : tokens[position + 1]
        let near = String(decoding: bytes[previous.start..<next.end], as: UTF8.self)
        return invalid("Syntax error; token: \"\(token.kind == .end ? "<EOF>" : token.text)\", near: \"\(near)\"")
    }

    private mutating func note(_ kind: _Problems.Kind, _ detail: String) {
        problems.note(kind, "Invalid \(self.kind.label): \(detail)")
    }

    /// Enters one level of nesting (parentheses, `NOT`, a function's arguments).
    private mutating func descend() throws(DynamoDBExpressionError) {
        depth += 1
        guard depth <= _Parser.maximumDepth else {
            throw invalid("The expression is nested too deeply; nesting levels: \(depth), the simulator allows \(_Parser.maximumDepth)")
        }
    }

    private mutating func ascend() { depth -= 1 }

    /// Throws the syntax error at the current token unless the expression is over, then the most
    /// important problem found.
    private func finish() throws(DynamoDBExpressionError) {
        guard current.kind == .end else { throw syntaxError() }
        if let message = problems.first { throw DynamoDBExpressionError(message) }
    }

    // MARK: Paths and placeholders

    private mutating func parsePath() throws(DynamoDBExpressionError) -> DynamoDBDocumentPath {
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
    private mutating func parsePathName() throws(DynamoDBExpressionError) -> String {
        let token = current
        switch token.kind {
        case .word where !kind.keywords.contains(token.text.uppercased()):
            advance()
            if _ReservedWords.contains(token.text) {
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
    private mutating func parseValuePlaceholder() -> JSONValue {
        let token = current
        advance()
        usedValues.insert(token.text)
        guard let value = values[token.text] else {
            note(.undefinedValue, "An expression attribute value used in expression is not defined; attribute value: \(token.text)")
            return .null
        }
        if let reason = _Attribute.problem(in: value) {
            problems.note(.invalidValue, "ExpressionAttributeValues contains invalid value: \(reason) for key \(token.text)")
        }
        return value
    }

    // MARK: Operands

    /// What a term is: an operand, or a function call whose meaning depends on where it is.
    private enum _Term {
        case operand(_Operand)
        case call(String, [_Operand])
    }

    /// A path, a `:value` placeholder or a function call.
    private mutating func parseTerm() throws(DynamoDBExpressionError) -> _Term {
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
    private mutating func parseOperand() throws(DynamoDBExpressionError) -> _Operand {
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

    private mutating func operand(_ term: _Term) -> _Operand {
        switch term {
        case .operand(let operand): operand
        case .call(let name, let arguments): valueFunction(name, arguments)
        }
    }

    /// Checks a function's operand count.
    private mutating func hasCount(_ name: String, _ arguments: [_Operand], _ count: Int) -> Bool {
        guard arguments.count == count else {
            note(.operandCount, "Incorrect number of operands for operator or function; operator or function: \(name), number of operands: \(arguments.count)")
            return false
        }
        return true
    }

    private mutating func requirePath(_ name: String, _ operand: _Operand) -> DynamoDBDocumentPath? {
        guard case .path(let path) = operand else {
            note(.documentPathRequired, "Operator or function requires a document path; operator or function: \(name)")
            return nil
        }
        return path
    }

    private mutating func noteOperandType(_ name: String, _ type: String) {
        note(.operandType, "Incorrect operand type for operator or function; operator or function: \(name), operand type: \(type)")
    }

    /// `a = a`, `contains(a, a)`: DynamoDB refuses a path compared with itself.
    private mutating func checkDistinct(_ name: String, _ first: _Operand, _ second: _Operand) {
        guard case .path(let a) = first, case .path(let b) = second, a == b else { return }
        note(.distinctOperands, "The first operand must be distinct from the remaining operands for this operator or function; operator: \(name), first operand: \(a)")
    }

    /// A function call used as an operand: `size` in conditions, `if_not_exists` and `list_append`
    /// in updates.
    private mutating func valueFunction(_ name: String, _ arguments: [_Operand]) -> _Operand {
        switch (kind, name) {
        case (.condition, "size"):
            guard hasCount(name, arguments, 1), let path = requirePath(name, arguments[0]) else { return .invalid }
            return .size(path)
        case (.condition, _) where _Parser.conditionFunctions.contains(name):
            note(.misusedFunction, "The function is not allowed to be used this way in an expression; function: \(name)")
        case (.condition, _) where _Parser.updateFunctions.contains(name):
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
        case (.update, _) where _Parser.conditionFunctions.contains(name):
            note(.misusedFunction, "The function is not allowed in an update expression; function: \(name)")
        default:
            note(.unknownFunction, "Invalid function name; function: \(name)")
        }
        return .invalid
    }

    // MARK: Conditions

    /// What a part of a condition read so far is. A lone operand (`bare`) is only allowed directly
    /// inside parentheses, where `(a) = :v` may follow.
    private enum _Node {
        case condition(_Condition, parenthesized: Bool)
        case bare(_Term, parenthesized: Bool)
    }

    /// Reads a whole ConditionExpression.
    mutating func parseCondition() throws(DynamoDBExpressionError) -> _Condition {
        guard current.kind != .end else { throw invalid("The expression can not be empty;") }
        let root = try condition(try parseOr(allowingBare: false))
        try finish()
        return root
    }

    private func condition(_ node: _Node) throws(DynamoDBExpressionError) -> _Condition {
        guard case .condition(let condition, _) = node else { throw syntaxError() }
        return condition
    }

    private mutating func parseOr(allowingBare: Bool) throws(DynamoDBExpressionError) -> _Node {
        let first = try parseAnd(allowingBare: allowingBare)
        guard isKeyword("OR") else { return first }
        var terms = [try condition(first)]
        while isKeyword("OR") {
            advance()
            terms.append(try condition(try parseAnd(allowingBare: false)))
        }
        return .condition(.or(terms), parenthesized: false)
    }

    private mutating func parseAnd(allowingBare: Bool) throws(DynamoDBExpressionError) -> _Node {
        let first = try parseNot(allowingBare: allowingBare)
        guard isKeyword("AND") else { return first }
        var terms = [try condition(first)]
        while isKeyword("AND") {
            advance()
            terms.append(try condition(try parseNot(allowingBare: false)))
        }
        return .condition(.and(terms), parenthesized: false)
    }

    private mutating func parseNot(allowingBare: Bool) throws(DynamoDBExpressionError) -> _Node {
        guard isKeyword("NOT") else { return try parsePrimary(allowingBare: allowingBare) }
        advance()
        try descend()
        let inner = try condition(try parseNot(allowingBare: false))
        ascend()
        return .condition(.not(inner), parenthesized: false)
    }

    /// Whether a comparison (`=`, ..., `BETWEEN`, `IN`) follows.
    private var atComparison: Bool {
        (current.kind == .symbol && _Comparator(rawValue: current.text) != nil) || isKeyword("BETWEEN") || isKeyword("IN")
    }

    /// A parenthesized condition, a comparison, or a function used as a condition.
    private mutating func parsePrimary(allowingBare: Bool) throws(DynamoDBExpressionError) -> _Node {
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
    private mutating func complete(_ term: _Term, parenthesized: Bool, allowingBare: Bool) throws(DynamoDBExpressionError) -> _Node {
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
    private mutating func parseComparison(_ left: _Operand) throws(DynamoDBExpressionError) -> _Condition {
        if current.kind == .symbol, let comparator = _Comparator(rawValue: current.text) {
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
        if list.count > _Parser.maximumInOperands {
            note(.tooManyOperands, "The IN operator is provided with too many operands; number of operands: \(list.count)")
        }
        return .oneOf(left, list)
    }

    /// BETWEEN's literal bounds must have one type and be in order.
    private mutating func checkBounds(_ low: _Operand, _ high: _Operand) {
        guard case .value(let a) = low, case .value(let b) = high, let x = _Attribute(a), let y = _Attribute(b) else { return }
        let operands = "lower bound operand: AttributeValue: {\(x.type):\(x.summary)}, upper bound operand: AttributeValue: {\(y.type):\(y.summary)}"
        if x.type != y.type {
            note(.operandType, "The BETWEEN operator requires same data type for lower and upper bounds; " + operands)
        } else if let order = _Attribute.order(a, b), order > 0 {
            note(.operandType, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + operands)
        }
    }

    /// A function used as a condition.
    private mutating func conditionFunction(_ name: String, _ arguments: [_Operand]) -> _Condition {
        switch name {
        case "attribute_exists", "attribute_not_exists":
            guard hasCount(name, arguments, 1), let path = requirePath(name, arguments[0]) else { return .invalid }
            return name == "attribute_exists" ? .exists(path) : .notExists(path)
        case "attribute_type":
            guard hasCount(name, arguments, 2), let path = requirePath(name, arguments[0]) else { return .invalid }
            guard case .value(let value) = arguments[1], case .scalar(.string, let type)? = _Attribute(value) else {
                noteOperandType(name, arguments[1].knownType ?? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}")
                return .invalid
            }
            guard _Attribute.typeNames.contains(type) else {
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
        case _ where _Parser.updateFunctions.contains(name):
            note(.misusedFunction, "The function is not allowed in a condition expression; function: \(name)")
        default:
            note(.unknownFunction, "Invalid function name; function: \(name)")
        }
        return .invalid
    }

    // MARK: Updates

    /// Reads a whole UpdateExpression: one or more clauses, each a keyword and comma-separated actions.
    mutating func parseUpdate() throws(DynamoDBExpressionError) -> [_Action] {
        guard current.kind != .end else { throw invalid("The expression can not be empty;") }
        var actions: [_Action] = []
        var sections = Set<String>()
        var targets: [DynamoDBDocumentPath] = []
        repeat {
            guard let section = _Section.allCases.first(where: { isKeyword($0.rawValue) }) else { throw syntaxError() }
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
    private mutating func parseSetValue() throws(DynamoDBExpressionError) -> _SetValue {
        let left: _Operand
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
    private mutating func checkSetOperand(_ section: _Section, _ value: JSONValue) {
        guard let attribute = _Attribute(value) else { return }
        switch attribute {
        case .set: return
        case .scalar(.number, _) where section == .add: return
        default:
            note(.operandType, "Incorrect operand type for operator or function; operator: \(section.rawValue), operand type: \(attribute.typeWord)")
        }
    }

    /// Two actions may not write the same path, nor one a path inside the other (overlap), nor use
    /// a key and an index at the same level (conflict).
    private mutating func checkOverlap(_ path: DynamoDBDocumentPath, with earlier: [DynamoDBDocumentPath]) {
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

/// DynamoDB's reserved words, which plain attribute names in expressions may not be
/// (case-insensitively); a `#name` placeholder stands in for them.
private enum _ReservedWords {
    static func contains(_ word: String) -> Bool { words.contains(word.uppercased()) }

    static let words: Set<String> = Set("""
        ABORT ABSOLUTE ACTION ADD AFTER AGENT AGGREGATE ALL ALLOCATE ALTER ANALYZE AND ANY ARCHIVE ARE ARRAY AS ASC ASCII \
        ASENSITIVE ASSERTION ASYMMETRIC AT ATOMIC ATTACH ATTRIBUTE AUTH AUTHORIZATION AUTHORIZE AUTO AVG BACK BACKUP BASE \
        BATCH BEFORE BEGIN BETWEEN BIGINT BINARY BIT BLOB BLOCK BOOLEAN BOTH BREADTH BUCKET BULK BY BYTE CALL CALLED CALLING \
        CAPACITY CASCADE CASCADED CASE CAST CATALOG CHAR CHARACTER CHECK CLASS CLOB CLOSE CLUSTER CLUSTERED CLUSTERING \
        CLUSTERS COALESCE COLLATE COLLATION COLLECTION COLUMN COLUMNS COMBINE COMMENT COMMIT COMPACT COMPILE COMPRESS \
        CONDITION CONFLICT CONNECT CONNECTION CONSISTENCY CONSISTENT CONSTRAINT CONSTRAINTS CONSTRUCTOR CONSUMED CONTINUE \
        CONVERT COPY CORRESPONDING COUNT COUNTER CREATE CROSS CUBE CURRENT CURSOR CYCLE DATA DATABASE DATE DATETIME DAY \
        DEALLOCATE DEC DECIMAL DECLARE DEFAULT DEFERRABLE DEFERRED DEFINE DEFINED DEFINITION DELETE DELIMITED DEPTH DEREF \
        DESC DESCRIBE DESCRIPTOR DETACH DETERMINISTIC DIAGNOSTICS DIRECTORIES DISABLE DISCONNECT DISTINCT DISTRIBUTE DO \
        DOMAIN DOUBLE DROP DUMP DURATION DYNAMIC EACH ELEMENT ELSE ELSEIF EMPTY ENABLE END EQUAL EQUALS ERROR ESCAPE \
        ESCAPED EVAL EVALUATE EXCEEDED EXCEPT EXCEPTION EXCEPTIONS EXCLUSIVE EXEC EXECUTE EXISTS EXIT EXPLAIN EXPLODE \
        EXPORT EXPRESSION EXTENDED EXTERNAL EXTRACT FAIL FALSE FAMILY FETCH FIELDS FILE FILTER FILTERING FINAL FINISH \
        FIRST FIXED FLATTERN FLOAT FOR FORCE FOREIGN FORMAT FORWARD FOUND FREE FROM FULL FUNCTION FUNCTIONS GENERAL \
        GENERATE GET GLOB GLOBAL GO GOTO GRANT GREATER GROUP GROUPING HANDLER HASH HAVE HAVING HEAP HIDDEN HOLD HOUR \
        IDENTIFIED IDENTITY IF IGNORE IMMEDIATE IMPORT IN INCLUDING INCLUSIVE INCREMENT INCREMENTAL INDEX INDEXED INDEXES \
        INDICATOR INFINITE INITIALLY INLINE INNER INNTER INOUT INPUT INSENSITIVE INSERT INSTEAD INT INTEGER INTERSECT \
        INTERVAL INTO INVALIDATE IS ISOLATION ITEM ITEMS ITERATE JOIN KEY KEYS LAG LANGUAGE LARGE LAST LATERAL LEAD \
        LEADING LEAVE LEFT LENGTH LESS LEVEL LIKE LIMIT LIMITED LINES LIST LOAD LOCAL LOCALTIME LOCALTIMESTAMP LOCATION \
        LOCATOR LOCK LOCKS LOG LOGED LONG LOOP LOWER MAP MATCH MATERIALIZED MAX MAXLEN MEMBER MERGE METHOD METRICS MIN \
        MINUS MINUTE MISSING MOD MODE MODIFIES MODIFY MODULE MONTH MULTI MULTISET NAME NAMES NATIONAL NATURAL NCHAR NCLOB \
        NEW NEXT NO NONE NOT NULL NULLIF NUMBER NUMERIC OBJECT OF OFFLINE OFFSET OLD ON ONLINE ONLY OPAQUE OPEN OPERATOR \
        OPTION OR ORDER ORDINALITY OTHER OTHERS OUT OUTER OUTPUT OVER OVERLAPS OVERRIDE OWNER PAD PARALLEL PARAMETER \
        PARAMETERS PARTIAL PARTITION PARTITIONED PARTITIONS PATH PERCENT PERCENTILE PERMISSION PERMISSIONS PIPE PIPELINED \
        PLAN POOL POSITION PRECISION PREPARE PRESERVE PRIMARY PRIOR PRIVATE PRIVILEGES PROCEDURE PROCESSED PROJECT \
        PROJECTION PROPERTY PROVISIONING PUBLIC PUT QUERY QUIT QUORUM RAISE RANDOM RANGE RANK RAW READ READS REAL REBUILD \
        RECORD RECURSIVE REDUCE REF REFERENCE REFERENCES REFERENCING REGEXP REGION REINDEX RELATIVE RELEASE REMAINDER \
        RENAME REPEAT REPLACE REQUEST RESET RESIGNAL RESOURCE RESPONSE RESTORE RESTRICT RESULT RETURN RETURNING RETURNS \
        REVERSE REVOKE RIGHT ROLE ROLES ROLLBACK ROLLUP ROUTINE ROW ROWS RULE RULES SAMPLE SATISFIES SAVE SAVEPOINT SCAN \
        SCHEMA SCOPE SCROLL SEARCH SECOND SECTION SEGMENT SEGMENTS SELECT SELF SEMI SENSITIVE SEPARATE SEQUENCE \
        SERIALIZABLE SESSION SET SETS SHARD SHARE SHARED SHORT SHOW SIGNAL SIMILAR SIZE SKEWED SMALLINT SNAPSHOT SOME \
        SOURCE SPACE SPACES SPARSE SPECIFIC SPECIFICTYPE SPLIT SQL SQLCODE SQLERROR SQLEXCEPTION SQLSTATE SQLWARNING START \
        STATE STATIC STATUS STORAGE STORE STORED STREAM STRING STRUCT STYLE SUB SUBMULTISET SUBPARTITION SUBSTRING SUBTYPE \
        SUM SUPER SYMMETRIC SYNONYM SYSTEM TABLE TABLESAMPLE TEMP TEMPORARY TERMINATED TEXT THAN THEN THROUGHPUT TIME \
        TIMESTAMP TIMEZONE TINYINT TO TOKEN TOTAL TOUCH TRAILING TRANSACTION TRANSFORM TRANSLATE TRANSLATION TREAT TRIGGER \
        TRIM TRUE TRUNCATE TTL TUPLE TYPE UNDER UNDO UNION UNIQUE UNIT UNKNOWN UNLOGGED UNNEST UNPROCESSED UNSIGNED UNTIL \
        UPDATE UPPER URL USAGE USE USER USERS USING UUID VACUUM VALUE VALUED VALUES VARCHAR VARIABLE VARIANCE VARINT \
        VARYING VIEW VIEWS VIRTUAL VOID WAIT WHEN WHENEVER WHERE WHILE WINDOW WITH WITHIN WITHOUT WORK WRAPPED WRITE YEAR ZONE
        """.split(separator: " ").map(String.init))
}

// MARK: - Attribute values

/// The three scalar types DynamoDB orders, which are also the element types of its sets.
private enum _ScalarType: String, Sendable {
    case string = "S", number = "N", binary = "B"
}

/// A typed attribute value read from DynamoDB JSON (`{"N": "1"}` → `.scalar(.number, "1")`).
private enum _Attribute {
    case scalar(_ScalarType, String)
    case bool(Bool)
    case null
    case map(JSONObject)
    case list([JSONValue])
    case set(_ScalarType, [String])

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
            guard let type = _ScalarType(rawValue: String(member.key.prefix(1))) else { return nil }
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

    static func wrapSet(_ type: _ScalarType, _ elements: [String]) -> JSONValue {
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
        guard let attribute = _Attribute(value) else {
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
        guard let number = _DynamoDBNumber(text) else { return "The parameter cannot be converted to a numeric value: \(text)" }
        return number.problem
    }

    // MARK: Comparison

    /// The bytes of a binary value (base64 text; text that is not base64 stands for its own bytes).
    static func bytes(ofBinary text: String) -> [UInt8] {
        Data(base64Encoded: text).map { [UInt8]($0) } ?? Array(text.utf8)
    }

    /// A key equal for equal scalars: code points for strings, the normalized number, the bytes of
    /// binary values.
    static func key(_ type: _ScalarType, _ text: String) -> [UInt8] {
        switch type {
        case .string: Array(text.utf8)
        case .number: _DynamoDBNumber(text)?.key ?? Array(text.utf8)
        case .binary: bytes(ofBinary: text)
        }
    }

    /// How two scalars of one type compare: numbers by value, strings by UTF-8 bytes, binary by bytes.
    static func order(_ type: _ScalarType, _ a: String, _ b: String) -> Int? {
        switch type {
        case .string: return compare(Array(a.utf8), Array(b.utf8))
        case .binary: return compare(bytes(ofBinary: a), bytes(ofBinary: b))
        case .number:
            guard let x = _DynamoDBNumber(a), let y = _DynamoDBNumber(b) else { return nil }
            return _DynamoDBNumber.compare(x, y)
        }
    }

    /// How two values compare (-1, 0, 1), or `nil` unless both are scalars of one type.
    static func order(_ a: JSONValue, _ b: JSONValue) -> Int? {
        guard case .scalar(let t, let x)? = _Attribute(a), case .scalar(let u, let y)? = _Attribute(b), t == u else { return nil }
        return order(t, x, y)
    }

    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? 0 : a.count < b.count ? -1 : 1
    }

    /// DynamoDB equality: same type and same content; numbers by value, maps regardless of member
    /// order, sets regardless of element order.
    static func equal(_ a: JSONValue, _ b: JSONValue, depth: Int = 0) -> Bool {
        guard depth <= 2 * maximumNesting, let x = _Attribute(a), let y = _Attribute(b) else { return false }
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
        case .scalar(.binary, let s): _Attribute.bytes(ofBinary: s).count
        case .set(_, let elements): elements.count
        case .list(let elements): elements.count
        case .map(let members): members.count
        default: nil
        }
    }
}

// MARK: - Numbers

/// A DynamoDB number, read exactly: up to 38 significant digits, magnitude from 1E-130 to below
/// 1E+126. Comparison is exact on this form; arithmetic uses Foundation's `Decimal`.
private struct _DynamoDBNumber {
    static let maximumDigits = 38
    /// The largest exponent (in this form's terms) within range: 9.99…E+125 = 0.999…E+126.
    static let maximumExponent = 126
    /// The smallest: 1E-130 = 0.1E-129.
    static let minimumExponent = -129

    var negative: Bool
    /// The significant digits (0...9), without leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    /// The value is ±0.d1d2…dn × 10^exponent.
    var exponent: Int

    /// Reads `[+-]digits[.digits][e[+-]digits]` (also `.5` and `5.`); `nil` for anything else.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        var i = 0
        negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var all: [UInt8] = []
        var integerCount = 0
        while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 { all.append(bytes[i] - UInt8(ascii: "0")); i += 1 }
        integerCount = all.count
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 { all.append(bytes[i] - UInt8(ascii: "0")); i += 1 }
        }
        guard !all.isEmpty else { return nil }
        var scale = 0
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
                // Far beyond any valid exponent; capping keeps the arithmetic from overflowing.
                if scale < 1_000_000_000 { scale = scale * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
                i += 1
            }
            guard i > start else { return nil }
            if exponentNegative { scale = -scale }
        }
        guard i == bytes.count else { return nil }
        var pointPosition = integerCount
        var first = 0
        while first < all.count, all[first] == 0 { first += 1; pointPosition -= 1 }
        var last = all.count
        while last > first, all[last - 1] == 0 { last -= 1 }
        digits = Array(all[first..<last])
        exponent = pointPosition + scale
        if digits.isEmpty {
            negative = false
            exponent = 0
        }
    }

    init(_ decimal: Decimal) throws(DynamoDBExpressionError) {
        guard let number = _DynamoDBNumber(decimal.description) else { throw DynamoDBExpressionError.incorrectOperandType }
        self = number
    }

    /// Why DynamoDB would not store this number, or `nil` when it would.
    var problem: String? {
        if digits.count > _DynamoDBNumber.maximumDigits { return "Attempting to store more than 38 significant digits in a Number" }
        guard !digits.isEmpty else { return nil }
        if exponent > _DynamoDBNumber.maximumExponent { return "Number overflow. Attempting to store a number with magnitude larger than supported range" }
        if exponent < _DynamoDBNumber.minimumExponent { return "Number underflow. Attempting to store a number with magnitude smaller than supported range" }
        return nil
    }

    /// The number in plain decimal notation (`2`, `-1`, `1.5`, `0.001`). Only for numbers within
    /// range (the text of 1E+1000000 would be a million digits long).
    var text: String {
        guard !digits.isEmpty else { return "0" }
        let d = String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        let sign = negative ? "-" : ""
        if exponent <= 0 { return sign + "0." + String(repeating: "0", count: -exponent) + d }
        if exponent >= digits.count { return sign + d + String(repeating: "0", count: exponent - digits.count) }
        let point = d.index(d.startIndex, offsetBy: exponent)
        return sign + String(d[..<point]) + "." + String(d[point...])
    }

    /// Bytes equal for equal numbers, however written (compact, unlike ``text``, for any exponent).
    var key: [UInt8] {
        (negative ? [UInt8(ascii: "-")] : []) + digits.map { $0 + UInt8(ascii: "0") } + Array("e\(exponent)".utf8)
    }

    /// The value as a `Decimal` (exact within Decimal's range, which ends near 1E-128).
    var decimal: Decimal {
        guard !digits.isEmpty, let significand = Decimal(string: String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)) else { return 0 }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent - digits.count, significand: significand)
    }

    /// -1, 0 or 1 as `a` is less than, equal to or greater than `b`.
    static func compare(_ a: _DynamoDBNumber, _ b: _DynamoDBNumber) -> Int {
        let signA = a.digits.isEmpty ? 0 : a.negative ? -1 : 1
        let signB = b.digits.isEmpty ? 0 : b.negative ? -1 : 1
        guard signA == signB else { return signA < signB ? -1 : 1 }
        guard signA != 0 else { return 0 }
        let magnitude = a.exponent != b.exponent ? (a.exponent < b.exponent ? -1 : 1) : _Attribute.compare(a.digits, b.digits)
        return magnitude * signA
    }

    /// `a + b` or `a - b` for two number texts, as DynamoDB stores the result.
    static func combine(_ a: String, _ b: String, subtracting: Bool) throws(DynamoDBExpressionError) -> String {
        guard let x = _DynamoDBNumber(a), let y = _DynamoDBNumber(b) else { throw DynamoDBExpressionError.incorrectOperandType }
        // Only numbers DynamoDB could have stored (Decimal turns larger ones into NaN).
        if let problem = x.problem ?? y.problem { throw DynamoDBExpressionError(problem) }
        var left = x.decimal, right = y.decimal, result = Decimal()
        let status = subtracting ? NSDecimalSubtract(&result, &left, &right, .plain) : NSDecimalAdd(&result, &left, &right, .plain)
        switch status {
        case .overflow: throw DynamoDBExpressionError("Number overflow. Attempting to store a number with magnitude larger than supported range")
        case .underflow: throw DynamoDBExpressionError("Number underflow. Attempting to store a number with magnitude smaller than supported range")
        case .lossOfPrecision: throw DynamoDBExpressionError("Attempting to store more than 38 significant digits in a Number")
        default: break
        }
        let number = try _DynamoDBNumber(result)
        if let problem = number.problem { throw DynamoDBExpressionError(problem) }
        return number.text
    }
}

// MARK: - Evaluation

/// Evaluates conditions on items and applies updates to them.
private enum _Evaluator {
    /// The value at `path` in `item`, or `nil` when there is none.
    static func resolve(_ path: DynamoDBDocumentPath, in item: JSONObject?) -> JSONValue? {
        guard var current = item?[path.attribute] else { return nil }
        for element in path.nested {
            switch (element, _Attribute(current)) {
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
    static func conditionValue(of operand: _Operand, in item: JSONObject?) -> JSONValue? {
        switch operand {
        case .path(let path):
            return resolve(path, in: item)
        case .value(let value):
            return value
        case .size(let path):
            guard let size = resolve(path, in: item).flatMap({ _Attribute($0)?.size }) else { return nil }
            return _Attribute.number(String(size))
        case .ifNotExists, .listAppend, .invalid:
            return nil
        }
    }

    static func holds(_ condition: _Condition, _ item: JSONObject?) -> Bool {
        switch condition {
        case .compare(let comparator, let left, let right):
            let a = conditionValue(of: left, in: item), b = conditionValue(of: right, in: item)
            switch comparator {
            case .equal:
                guard let a, let b else { return false }
                return _Attribute.equal(a, b)
            case .notEqual:
                guard let a, let b else { return true }
                return !_Attribute.equal(a, b)
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                guard let a, let b, let order = _Attribute.order(a, b) else { return false }
                switch comparator {
                case .less: return order < 0
                case .lessOrEqual: return order <= 0
                case .greater: return order > 0
                default: return order >= 0
                }
            }
        case .between(let operand, let low, let high):
            guard let v = conditionValue(of: operand, in: item), let lo = conditionValue(of: low, in: item), let hi = conditionValue(of: high, in: item),
                  let fromLow = _Attribute.order(v, lo), let fromHigh = _Attribute.order(v, hi) else { return false }
            return fromLow >= 0 && fromHigh <= 0
        case .oneOf(let operand, let list):
            guard let v = conditionValue(of: operand, in: item) else { return false }
            for candidate in list {
                if let c = conditionValue(of: candidate, in: item), _Attribute.equal(v, c) { return true }
            }
            return false
        case .exists(let path):
            return resolve(path, in: item) != nil
        case .notExists(let path):
            return resolve(path, in: item) == nil
        case .hasType(let path, let type):
            return resolve(path, in: item).flatMap { _Attribute($0)?.type } == type
        case .beginsWith(let whole, let prefix):
            guard let a = conditionValue(of: whole, in: item).flatMap(_Attribute.init), let b = conditionValue(of: prefix, in: item).flatMap(_Attribute.init) else { return false }
            switch (a, b) {
            case (.scalar(.string, let s), .scalar(.string, let p)): return s.utf8.starts(with: p.utf8)
            case (.scalar(.binary, let s), .scalar(.binary, let p)): return _Attribute.bytes(ofBinary: s).starts(with: _Attribute.bytes(ofBinary: p))
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
        guard let whole = _Attribute(container), let part = _Attribute(element) else { return false }
        switch (whole, part) {
        case (.scalar(.string, let s), .scalar(.string, let p)):
            return containsBytes(Array(s.utf8), Array(p.utf8))
        case (.scalar(.binary, let s), .scalar(.binary, let p)):
            return containsBytes(_Attribute.bytes(ofBinary: s), _Attribute.bytes(ofBinary: p))
        case (.set(let t, let elements), .scalar(let u, let e)):
            guard t == u else { return false }
            let key = _Attribute.key(t, e)
            return elements.contains { _Attribute.key(t, $0) == key }
        case (.list(let elements), _):
            return elements.contains { _Attribute.equal($0, element) }
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

    static func apply(_ actions: [_Action], to item: JSONObject) throws(DynamoDBExpressionError) -> JSONObject {
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
    static func updateValue(of operand: _Operand, in item: JSONObject) throws(DynamoDBExpressionError) -> JSONValue {
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
            guard case .list(let x)? = _Attribute(a), case .list(let y)? = _Attribute(b) else { throw DynamoDBExpressionError.incorrectOperandType }
            return _Attribute.wrap("L", .array(x + y))
        case .size, .invalid:
            throw DynamoDBExpressionError.incorrectOperandType
        }
    }

    static func evaluate(_ value: _SetValue, in item: JSONObject) throws(DynamoDBExpressionError) -> JSONValue {
        switch value {
        case .operand(let operand):
            return try updateValue(of: operand, in: item)
        case .sum(let a, let b), .difference(let a, let b):
            let x = try updateValue(of: a, in: item), y = try updateValue(of: b, in: item)
            guard case .scalar(.number, let p)? = _Attribute(x), case .scalar(.number, let q)? = _Attribute(y) else {
                throw DynamoDBExpressionError.incorrectOperandType
            }
            if case .difference = value { return _Attribute.number(try _DynamoDBNumber.combine(p, q, subtracting: true)) }
            return _Attribute.number(try _DynamoDBNumber.combine(p, q, subtracting: false))
        }
    }

    /// ADD: a number is added (to 0 when absent); a set gains the elements it lacks.
    static func add(_ value: JSONValue, to current: JSONValue?) throws(DynamoDBExpressionError) -> JSONValue {
        switch (_Attribute(value), current.map(_Attribute.init)) {
        case (.scalar(.number, let n)?, nil):
            return _Attribute.number(try _DynamoDBNumber.combine("0", n, subtracting: false))
        case (.scalar(.number, let n)?, .scalar(.number, let c)??):
            return _Attribute.number(try _DynamoDBNumber.combine(c, n, subtracting: false))
        case (.set?, nil):
            return value
        case (.set(let t, let added)?, .set(let u, var elements)??) where t == u:
            var keys = Set(elements.map { _Attribute.key(t, $0) })
            for element in added where keys.insert(_Attribute.key(t, element)).inserted { elements.append(element) }
            return _Attribute.wrapSet(t, elements)
        default:
            throw DynamoDBExpressionError.incorrectOperandType
        }
    }

    /// DELETE: the set without the given elements, or `nil` when none are left (DynamoDB has no
    /// empty sets, so the attribute goes).
    static func delete(_ value: JSONValue, from current: JSONValue) throws(DynamoDBExpressionError) -> JSONValue? {
        guard case .set(let t, let removed)? = _Attribute(value), case .set(let u, let elements)? = _Attribute(current), t == u else {
            throw DynamoDBExpressionError.incorrectOperandType
        }
        let keys = Set(removed.map { _Attribute.key(t, $0) })
        let remaining = elements.filter { !keys.contains(_Attribute.key(t, $0)) }
        // Not `remaining.isEmpty ? nil : ...`: JSONValue is ExpressibleByNilLiteral, so that `nil` would be `.null`.
        if remaining.isEmpty { return nil }
        return _Attribute.wrapSet(t, remaining)
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
        switch (element, _Attribute(container)) {
        case (.key(let key), .map(var members)?):
            if rest.isEmpty {
                members[key] = value
            } else {
                guard let child = members[key] else { throw DynamoDBExpressionError.invalidDocumentPath }
                members[key] = try write(value, at: rest, into: child)
            }
            return _Attribute.wrap("M", .object(members))
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
            return _Attribute.wrap("L", .array(list))
        default:
            throw DynamoDBExpressionError.invalidDocumentPath
        }
    }
}
