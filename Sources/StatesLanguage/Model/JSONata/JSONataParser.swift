/// A top-down operator-precedence (Pratt) parser for JSONata.
///
/// Binding powers (higher binds tighter), as in JSONata:
///
/// | power | operators |
/// |---|---|
/// | 80 | `[ ]` filter, `( )` call, `@` focus, `#` index |
/// | 75 | `.` map/path |
/// | 70 | `{ }` group-by; also the operand of unary `-` |
/// | 60 | `*` `/` `%` |
/// | 50 | `+` `-` `&` |
/// | 40 | `=` `!=` `<` `<=` `>` `>=` `in` `~>` `^( )` `?:` `??` |
/// | 30 | `and` |
/// | 25 | `or` |
/// | 20 | `? :` |
/// | 10 | `:=` (right associative) |
///
/// `?:` and `??` take everything after them as their right operand, and the branches of `? :` are
/// full expressions, as in JSONata.
///
/// Stack use: every function on the recursion path (`expression` → a construct → `expression`) is
/// small and out of line, the parser is a class (so helpers never copy it) and tokens are cheap to
/// copy. In unoptimised builds every temporary has its own stack slot; even so, input nested to the
/// depth limit stays inside a 512 KiB thread stack (about 450 KiB debug, 200 KiB release, measured
/// on x86_64 Linux).
final class JSONataParser {
    /// A parsed subexpression with what the parser needs to know about it.
    struct Node {
        var expression: JSONataExpression
        /// Height of the tree (a leaf is 1), bounded by ``JSONata/maximumDepth``.
        var height: Int
        /// Offset of the first token.
        var offset: Int
    }

    var lexer: JSONataLexer
    /// The next token (one token of look-ahead).
    var current: JSONataToken
    /// Nesting of `expression` calls.
    var depth = 0
    /// Brackets not closed yet, innermost last (for messages at the end of the input).
    var openers: [Opener] = []

    init(lexer: JSONataLexer, current: JSONataToken) {
        self.lexer = lexer
        self.current = current
    }

    /// An opening bracket (or `|`) and where it is.
    struct Opener {
        var symbol: JSONataSymbol
        var offset: Int
    }

    /// Parses a whole expression.
    static func parse(_ text: [Unicode.Scalar]) throws(JSONataSyntaxError) -> JSONataExpression {
        var lexer = JSONataLexer(text)
        let first = try lexer.next(operandExpected: true)
        let parser = JSONataParser(lexer: lexer, current: first)
        if first.isEnd {
            throw JSONataSyntaxError(message: "the expression is empty", offset: first.offset)
        }
        let node = try parser.expression(0, after: nil)
        if !parser.current.isEnd { throw parser.trailingTokenError() }
        return node.expression
    }

    // MARK: Helpers

    func advance(operandExpected: Bool) throws(JSONataSyntaxError) {
        current = try lexer.next(operandExpected: operandExpected)
    }

    /// A node over children whose greatest height is `height`, checked against the depth limit.
    func make(_ expression: JSONataExpression, height: Int, offset: Int) throws(JSONataSyntaxError) -> Node {
        if height + 1 > JSONata.maximumDepth { throw tooDeep(at: offset) }
        return Node(expression: expression, height: height + 1, offset: offset)
    }

    func tooDeep(at offset: Int) -> JSONataSyntaxError {
        JSONataSyntaxError(
            message: "the expression is nested too deeply (more than \(JSONata.maximumDepth) levels)", offset: offset)
    }

    /// " (the '(' at offset 3 is not closed)" when the input ended inside brackets.
    var unclosedNote: String {
        guard current.isEnd, let opener = openers.last else { return "" }
        return " (the '\(opener.symbol.rawValue)' at offset \(opener.offset) is not closed)"
    }

    func expectedExpression(after context: JSONataSymbol?) -> JSONataSyntaxError {
        var message = "expected an expression"
        if let context { message += " after '\(context.rawValue)'" }
        message += " but found \(current.description)"
        if current.isSymbol(.question), context == .openBracket {
            message += " (JSONPath filters such as [?(@.x > 1)] are not JSONata; write a[x > 1])"
        } else if current.isSymbol(.at) {
            message += " ('@' only binds a variable after a step, as in a@$v; the context value is '$')"
        }
        message += unclosedNote
        return JSONataSyntaxError(message: message, offset: current.offset, code: current.kind == .end ? "S0207" : "S0211")
    }

    /// Records the opening bracket at `current` and moves past it.
    /// - Returns: its offset.
    func open() throws(JSONataSyntaxError) -> Int {
        let offset = current.offset
        if let symbol = current.symbol { openers.append(Opener(symbol: symbol, offset: offset)) }
        try advance(operandExpected: true)
        return offset
    }

    /// Moves past `symbol` when it is the current token.
    func consume(_ symbol: JSONataSymbol) throws(JSONataSyntaxError) -> Bool {
        guard current.symbol == symbol else { return false }
        try advance(operandExpected: true)
        return true
    }

    /// Whether the current token is `symbol` or the end of the input.
    func atClosing(_ symbol: JSONataSymbol) -> Bool { current.symbol == symbol || current.kind == .end }

    /// Consumes the closing `symbol` of the construct opened at `opener`, or fails.
    func close(
        _ symbol: JSONataSymbol, opener: Int, expecting expectation: StaticString, what: StaticString
    ) throws(JSONataSyntaxError) {
        guard current.symbol == symbol else { throw unclosed(opener, expecting: expectation, what: what) }
        if let last = openers.last, last.offset == opener { openers.removeLast() }
        try advance(operandExpected: false)
    }

    func unclosed(_ opener: Int, expecting expectation: StaticString, what: StaticString) -> JSONataSyntaxError {
        JSONataSyntaxError(
            message: "expected \(expectation) to close \(what) opened at offset \(opener) but found \(current.description)",
            offset: current.offset, code: current.kind == .end ? "S0203" : "S0202")
    }

    /// Expressions gathered by a construct, with their greatest height.
    struct Items {
        var expressions: [JSONataExpression] = []
        var height = 0
        init(height: Int = 0) { self.height = height }
        var isEmpty: Bool { expressions.isEmpty }
        mutating func add(_ node: Node) {
            expressions.append(node.expression)
            if node.height > height { height = node.height }
        }
    }

    func trailingTokenError() -> JSONataSyntaxError {
        if current.isSymbol(.closeParen) || current.isSymbol(.closeBracket) || current.isSymbol(.closeBrace) {
            return JSONataSyntaxError(
                message: "found \(current.description) with no matching opening bracket", offset: current.offset, code: "S0201")
        }
        return JSONataSyntaxError(
            message: "expected an operator or the end of the expression but found \(current.description)", offset: current.offset,
            code: "S0201")
    }

    /// Whether the token is a value (literal, name or variable), which can never follow a complete operand.
    static func isValueToken(_ token: JSONataToken) -> Bool {
        token.kind != .symbol && token.kind != .end
    }

    /// Whether the token can begin an operand.
    static func canStartOperand(_ token: JSONataToken) -> Bool {
        if isValueToken(token) { return true }
        switch token.symbol {
        case .minus, .star, .descendants, .percent, .openParen, .openBracket, .openBrace, .bar, .and, .or, .in: return true
        default: return false
        }
    }

    // MARK: Expressions

    /// Parses an expression whose operators bind tighter than `rbp`.
    /// - Parameter context: the preceding symbol, for messages, or `nil` at the start.
    func expression(_ rbp: Int, after context: JSONataSymbol?) throws(JSONataSyntaxError) -> Node {
        try enter()
        // The prefix part (what JSONata calls `nud`), then the infix and postfix parts (`led`).
        // Dispatching through function values keeps this frame, which recurs, small.
        var left = try JSONataParser.prefixParser(current.symbol)(self, context)
        while let symbol = current.symbol, rbp < symbol.bindingPower {
            left = try JSONataParser.infixParser(symbol)(self, left)
        }
        depth -= 1
        return left
    }

    /// Counts one more level of nesting, within the limit.
    func enter() throws(JSONataSyntaxError) {
        if depth >= JSONata.maximumDepth { throw tooDeep(at: current.offset) }
        depth += 1
    }

    typealias PrefixParser = (JSONataParser, JSONataSymbol?) throws(JSONataSyntaxError) -> Node
    typealias InfixParser = (JSONataParser, Node) throws(JSONataSyntaxError) -> Node

    static func prefixParser(_ symbol: JSONataSymbol?) -> PrefixParser {
        switch symbol {
        case nil: { (parser, context) throws(JSONataSyntaxError) in try parser.value(after: context) }
        case .openParen?: { (parser, _) throws(JSONataSyntaxError) in try parser.block() }
        case .openBracket?: { (parser, _) throws(JSONataSyntaxError) in try parser.arrayConstructor() }
        case .openBrace?: { (parser, _) throws(JSONataSyntaxError) in try parser.objectBody(groupingOn: nil) }
        case .bar?: { (parser, _) throws(JSONataSyntaxError) in try parser.transform() }
        case .minus?: { (parser, _) throws(JSONataSyntaxError) in try parser.negation() }
        default: { (parser, context) throws(JSONataSyntaxError) in try parser.prefixSymbol(after: context) }
        }
    }

    static func infixParser(_ symbol: JSONataSymbol) -> InfixParser {
        switch symbol {
        case .dot: { (parser, left) throws(JSONataSyntaxError) in try parser.map(left) }
        case .openBracket: { (parser, left) throws(JSONataSyntaxError) in try parser.filter(left) }
        case .openBrace: { (parser, left) throws(JSONataSyntaxError) in try parser.objectBody(groupingOn: left) }
        case .openParen:
            { (parser, left) throws(JSONataSyntaxError) in
                if case .name(let name) = left.expression, name == "function" || name == "λ" { return try parser.lambda(left) }
                return try parser.call(left)
            }
        case .caret: { (parser, left) throws(JSONataSyntaxError) in try parser.sort(left) }
        case .at, .hash: { (parser, left) throws(JSONataSyntaxError) in try parser.binding(left) }
        case .question: { (parser, left) throws(JSONataSyntaxError) in try parser.conditional(left) }
        case .assign: { (parser, left) throws(JSONataSyntaxError) in try parser.assignment(left) }
        default: { (parser, left) throws(JSONataSyntaxError) in try parser.binary(left) }
        }
    }

    /// A literal, name or variable.
    @inline(never)
    func value(after context: JSONataSymbol?) throws(JSONataSyntaxError) -> Node {
        let expression: JSONataExpression
        switch current.kind {
        case .number: expression = .number(JSONNumber(validatedText: current.text))
        case .string: expression = .string(current.text)
        case .true: expression = .boolean(true)
        case .false: expression = .boolean(false)
        case .null: expression = .null
        case .regex: expression = .regex(pattern: current.text, flags: current.regexFlags)
        case .name, .quotedName: expression = .name(current.text)
        case .variable: expression = current.text.isEmpty ? .context : current.text == "$" ? .root : .variable(current.text)
        case .symbol, .end: throw expectedExpression(after: context)
        }
        let offset = current.offset
        try advance(operandExpected: false)
        return Node(expression: expression, height: 1, offset: offset)
    }

    /// `and`/`or`/`in` as names, `*`, `**`, `%`; anything else cannot start an expression.
    @inline(never)
    func prefixSymbol(after context: JSONataSymbol?) throws(JSONataSyntaxError) -> Node {
        let token = current
        let expression: JSONataExpression
        switch token.symbol {
        case .and: expression = .name("and")
        case .or: expression = .name("or")
        case .in: expression = .name("in")
        case .star: expression = .wildcard
        case .descendants: expression = .descendants
        case .percent: expression = .parent
        default: throw expectedExpression(after: context)
        }
        try advance(operandExpected: false)
        if let context, context.isInfixOperator, token.symbol != .and, token.symbol != .or, token.symbol != .in,
            JSONataParser.isValueToken(current)
        {
            throw misreadWildcard(token, after: context)
        }
        return Node(expression: expression, height: 1, offset: token.offset)
    }

    /// `10 + * 2`: the `*` was meant as an operand but is read as the wildcard.
    func misreadWildcard(_ token: JSONataToken, after context: JSONataSymbol) -> JSONataSyntaxError {
        let meaning =
            token.isSymbol(.star) ? "the wildcard" : token.isSymbol(.descendants) ? "the descendants wildcard" : "the parent operator"
        return JSONataSyntaxError(
            message: "expected an expression after '\(context.rawValue)' but found \(token.description) "
                + "(as an operand \(token.description) is \(meaning), which cannot be followed by \(current.description))",
            offset: token.offset, code: current.kind == .end ? "S0207" : "S0211")
    }

    /// Unary minus; folded into a number literal operand.
    @inline(never)
    func negation() throws(JSONataSyntaxError) -> Node {
        let offset = current.offset
        try advance(operandExpected: true)
        return try negate(try expression(70, after: .minus), offset: offset)
    }

    func negate(_ operand: Node, offset: Int) throws(JSONataSyntaxError) -> Node {
        if case .number(let n) = operand.expression {
            let text = n.text.hasPrefix("-") ? String(n.text.dropFirst()) : "-" + n.text
            if let folded = JSONNumber(text: text) { return Node(expression: .number(folded), height: 1, offset: offset) }
        }
        return try make(.negate(operand.expression), height: operand.height, offset: offset)
    }

    /// `left . step . step ...`: all the consecutive steps at once (so long paths take linear time).
    @inline(never)
    func map(_ left: Node) throws(JSONataSyntaxError) -> Node {
        var steps: [JSONataExpression]
        var height: Int
        if case .path(let existing) = left.expression {
            steps = existing
            height = left.height - 1
        } else {
            if case .number = left.expression { try checkNumberBeforeDot() }
            steps = [try pathStep(left)]
            height = left.height
        }
        while current.symbol == .dot {
            let step = try pathStep()
            steps.append(step.expression)
            height = max(height, step.height)
        }
        return try make(.path(steps), height: height, offset: left.offset)
    }

    /// The step after a `.`, `current` at the `.`.
    @inline(never)
    func pathStep() throws(JSONataSyntaxError) -> Node {
        try advance(operandExpected: true)
        let step = try expression(75, after: .dot)
        return Node(expression: try pathStep(step), height: step.height, offset: step.offset)
    }

    /// `420.`: a number followed by a `.` and nothing that could be a path step.
    func checkNumberBeforeDot() throws(JSONataSyntaxError) {
        var lookahead = lexer
        guard let next = try? lookahead.next(operandExpected: true), !JSONataParser.canStartOperand(next) else { return }
        throw JSONataSyntaxError(
            message: "a number cannot end with '.' "
                + "(expected digits after the decimal point, or a path step after '.', but found \(next.description))",
            offset: current.offset)
    }

    /// `left[predicate]` or `left[]`.
    @inline(never)
    func filter(_ left: Node) throws(JSONataSyntaxError) -> Node {
        guard let opener = try openPredicate(on: left) else {
            return try make(.keepArray(left.expression), height: left.height, offset: left.offset)
        }
        let predicate = try expression(0, after: .openBracket)
        try close(.closeBracket, opener: opener, expecting: "']'", what: "the predicate")
        return try make(.filter(left.expression, predicate: predicate.expression), height: max(left.height, predicate.height),
                        offset: left.offset)
    }

    /// Moves past the `[` of a filter on `left`.
    /// - Returns: its offset, or `nil` when it was `[]` (consumed).
    func openPredicate(on left: Node) throws(JSONataSyntaxError) -> Int? {
        let offset = current.offset
        try advance(operandExpected: true)
        if current.symbol == .closeBracket {
            try advance(operandExpected: false)
            return nil
        }
        if JSONataParser.analyze(left.expression).last.hasGroup {
            throw JSONataSyntaxError(message: "a predicate cannot follow a group-by expression in the same step", offset: offset, code: "S0209")
        }
        openers.append(Opener(symbol: .openBracket, offset: offset))
        return offset
    }

    /// `left^(<term, >term, ...)`
    @inline(never)
    func sort(_ left: Node) throws(JSONataSyntaxError) -> Node {
        try advance(operandExpected: true)
        guard current.symbol == .openParen else { throw missingSortParenthesis() }
        let opener = try open()
        var terms: [JSONataSortTerm] = []
        var height = left.height
        repeat {
            let term = try sortTerm(first: terms.isEmpty)
            terms.append(term.term)
            height = max(height, term.height)
        } while try consume(.comma)
        try close(.closeParen, opener: opener, expecting: "',' or ')'", what: "the sort terms")
        return try make(.sort(left.expression, terms), height: height, offset: left.offset)
    }

    /// `<expression`, `>expression` or `expression`.
    @inline(never)
    func sortTerm(first: Bool) throws(JSONataSyntaxError) -> (term: JSONataSortTerm, height: Int) {
        let descending = current.symbol == .greater
        if !(try consume(.less)) { _ = try consume(.greater) }
        let term = try expression(0, after: first ? .openParen : .comma)
        return (JSONataSortTerm(expression: term.expression, descending: descending), term.height)
    }

    func missingSortParenthesis() -> JSONataSyntaxError {
        JSONataSyntaxError(message: "expected '(' after '^' to begin the sort terms but found \(current.description)", offset: current.offset)
    }

    /// `left@$variable` or `left#$variable`.
    @inline(never)
    func binding(_ left: Node) throws(JSONataSyntaxError) -> Node {
        let token = current
        let isFocus = token.isSymbol(.at)
        try advance(operandExpected: true)
        let right = try expression(80, after: isFocus ? .at : .hash)
        guard case .variable(let name) = right.expression else {
            throw JSONataSyntaxError(
                message: "the right side of \(token.description) must be a variable name (starting with $)", offset: right.offset, code: "S0214")
        }
        if !isFocus {
            return try make(.index(left.expression, variable: name), height: left.height, offset: left.offset)
        }
        let step = JSONataParser.analyze(left.expression).last
        if step.hasPredicates {
            throw JSONataSyntaxError(
                message: "a context variable binding ('@') must come before any predicates on a step", offset: token.offset, code: "S0215")
        }
        if step.isSort {
            throw JSONataSyntaxError(
                message: "a context variable binding ('@') must come before the order-by ('^') on a step", offset: token.offset, code: "S0216")
        }
        return try make(.focus(left.expression, variable: name), height: left.height, offset: left.offset)
    }

    /// `left ? then : else`
    @inline(never)
    func conditional(_ left: Node) throws(JSONataSyntaxError) -> Node {
        try advance(operandExpected: true)
        var branches = Items(height: left.height)
        branches.add(try expression(0, after: .question))
        if try consume(.colon) {
            branches.add(try expression(0, after: .colon))
        }
        return try make(.conditional(left.expression, branches), height: branches.height, offset: left.offset)
    }

    /// `$variable := value` (right associative).
    @inline(never)
    func assignment(_ left: Node) throws(JSONataSyntaxError) -> Node {
        guard case .variable(let name) = left.expression else {
            throw JSONataSyntaxError(message: "the left side of ':=' must be a variable name (starting with $)", offset: left.offset, code: "S0212")
        }
        try advance(operandExpected: true)
        let value = try expression(9, after: .assign)
        return try make(.bind(variable: name, value: value.expression), height: value.height, offset: left.offset)
    }

    /// The binary operators and `~>`.
    @inline(never)
    func binary(_ left: Node) throws(JSONataSyntaxError) -> Node {
        guard let symbol = current.symbol, symbol.isInfixOperator else { throw trailingTokenError() }
        try advance(operandExpected: true)
        // `?:` and `??` take everything after them, as in JSONata.
        let rbp = (symbol == .elvis || symbol == .coalesce) ? 0 : symbol.bindingPower
        let right = try expression(rbp, after: symbol)
        let expression: JSONataExpression
        if let op = symbol.binaryOperator {
            expression = .binary(op, left.expression, right.expression)
        } else {
            expression = .chain(left.expression, right.expression)
        }
        return try make(expression, height: max(left.height, right.height), offset: left.offset)
    }

    /// A path step: string literals become names; number, Boolean and null literals are rejected.
    func pathStep(_ node: Node) throws(JSONataSyntaxError) -> JSONataExpression {
        switch node.expression {
        case .string(let s): return .name(s)
        case .number, .boolean, .null:
            throw JSONataSyntaxError(
                message: "the literal value \(node.expression) cannot be used as a step within a path expression", offset: node.offset, code: "S0213")
        default: return node.expression
        }
    }

    // MARK: Constructs

    /// `( expr; expr; ... )`, `current` at the `(`.
    @inline(never)
    func block() throws(JSONataSyntaxError) -> Node {
        let opener = try open()
        var items = Items()
        while !atClosing(.closeParen) {
            items.add(try expression(0, after: items.isEmpty ? .openParen : .semicolon))
            if !(try consume(.semicolon)) { break }
        }
        return try finishBlock(items, opener: opener)
    }

    func finishBlock(_ items: Items, opener: Int) throws(JSONataSyntaxError) -> Node {
        try close(.closeParen, opener: opener, expecting: "';' or ')'", what: "the block")
        return try make(.block(items.expressions), height: items.height, offset: opener)
    }

    /// `[ item, from..to, ... ]`, `current` at the `[`.
    @inline(never)
    func arrayConstructor() throws(JSONataSyntaxError) -> Node {
        let opener = try open()
        var items = Items()
        if current.symbol != .closeBracket {
            repeat {
                let item = try expression(0, after: items.isEmpty ? .openBracket : .comma)
                items.add(current.symbol == .range ? try range(from: item) : item)
            } while try consume(.comma)
        }
        return try finishArray(items, opener: opener)
    }

    func finishArray(_ items: Items, opener: Int) throws(JSONataSyntaxError) -> Node {
        try close(.closeBracket, opener: opener, expecting: "',' or ']'", what: "the array constructor")
        return try make(.array(items.expressions), height: items.height, offset: opener)
    }

    /// `from..to` in an array constructor, `current` at the `..`.
    @inline(never)
    func range(from: Node) throws(JSONataSyntaxError) -> Node {
        try advance(operandExpected: true)
        let to = try expression(0, after: .range)
        return try make(.range(from: from.expression, to: to.expression), height: max(from.height, to.height), offset: from.offset)
    }

    /// `{ key: value, ... }` (an object constructor) or, after `left`, a group-by; `current` at the `{`.
    @inline(never)
    func objectBody(groupingOn left: Node?) throws(JSONataSyntaxError) -> Node {
        var items = try openObject(groupingOn: left)
        let opener = current.offset
        try advance(operandExpected: true)
        if current.symbol != .closeBrace {
            repeat {
                items.add(try expression(0, after: items.isEmpty ? .openBrace : .comma))
                guard try consume(.colon) else { throw missingColon(opener) }
                items.add(try expression(0, after: .colon))
            } while try consume(.comma)
        }
        return try finishObject(groupingOn: left, items, opener: opener)
    }

    /// Checks that `left` (when grouping) has no group-by yet and records the `{`.
    func openObject(groupingOn left: Node?) throws(JSONataSyntaxError) -> Items {
        if let left, JSONataParser.analyze(left.expression).resultHasGroup {
            throw JSONataSyntaxError(message: "a step can have only one group-by expression", offset: current.offset, code: "S0210")
        }
        openers.append(Opener(symbol: .openBrace, offset: current.offset))
        return Items(height: left?.height ?? 0)
    }

    func finishObject(groupingOn left: Node?, _ items: Items, opener: Int) throws(JSONataSyntaxError) -> Node {
        try close(.closeBrace, opener: opener, expecting: "',' or '}'", what: "the object constructor")
        return try make(.objectOrGroup(left?.expression, items), height: items.height, offset: left?.offset ?? opener)
    }

    func missingColon(_ opener: Int) -> JSONataSyntaxError {
        JSONataSyntaxError(
            message: "expected ':' after the key of the object constructor opened at offset \(opener) "
                + "but found \(current.description)\(unclosedNote)",
            offset: current.offset, code: "S0208")
    }

    /// `| pattern | update (, delete)? |`, `current` at the first `|`.
    @inline(never)
    func transform() throws(JSONataSyntaxError) -> Node {
        let opener = try open()
        var items = Items()
        items.add(try expression(0, after: .bar))
        guard try consume(.bar) else { throw missingTransformBar(opener) }
        items.add(try expression(0, after: .bar))
        if try consume(.comma) {
            items.add(try expression(0, after: .comma))
            try close(.bar, opener: opener, expecting: "'|'", what: "the transform")
        } else {
            try close(.bar, opener: opener, expecting: "',' or '|'", what: "the transform")
        }
        return try make(.transform(items), height: items.height, offset: opener)
    }

    func missingTransformBar(_ opener: Int) -> JSONataSyntaxError {
        JSONataSyntaxError(
            message: "expected '|' after the pattern of the transform opened at offset \(opener) "
                + "but found \(current.description)\(unclosedNote)",
            offset: current.offset, code: "S0208")
    }

    /// `callee(argument, ?, ...)`, `current` at the `(`.
    @inline(never)
    func call(_ callee: Node) throws(JSONataSyntaxError) -> Node {
        let opener = try open()
        var arguments = Arguments(height: callee.height)
        if current.symbol != .closeParen {
            repeat {
                if current.symbol == .question {
                    try placeholder(&arguments)
                } else {
                    arguments.add(try expression(0, after: arguments.isEmpty ? .openParen : .comma))
                }
            } while try consume(.comma)
        }
        return try finishCall(callee, arguments, opener: opener)
    }

    func finishCall(_ callee: Node, _ arguments: Arguments, opener: Int) throws(JSONataSyntaxError) -> Node {
        try close(.closeParen, opener: opener, expecting: "',' or ')'", what: "the argument list")
        return try make(arguments.call(callee.expression), height: arguments.height, offset: callee.offset)
    }

    /// A `?` argument (partial application).
    func placeholder(_ arguments: inout Arguments) throws(JSONataSyntaxError) {
        arguments.values.append(nil)
        try advance(operandExpected: false)
    }

    /// The arguments of a call; `nil` for `?`.
    struct Arguments {
        var values: [JSONataExpression?] = []
        var height: Int
        var isEmpty: Bool { values.isEmpty }
        mutating func add(_ node: Node) {
            values.append(node.expression)
            if node.height > height { height = node.height }
        }
        func call(_ callee: JSONataExpression) -> JSONataExpression {
            if values.contains(where: { $0 == nil }) { return .partial(callee, arguments: values) }
            return .call(callee, arguments: values.compactMap { $0 })
        }
    }

    /// `function($a, $b)<signature>{ body }`, `current` at the `(` after `function`/`λ`.
    @inline(never)
    func lambda(_ keyword: Node) throws(JSONataSyntaxError) -> Node {
        let header = try lambdaHeader()
        let opener = try open()
        let body = try expression(0, after: .openBrace)
        try close(.closeBrace, opener: opener, expecting: "'}'", what: "the body of the function")
        return try make(.lambda(parameters: header.parameters, signature: header.signature, body: body.expression), height: body.height,
                        offset: keyword.offset)
    }

    /// `($a, $b)<signature>` of a lambda, up to its `{`, `current` at the `(`.
    @inline(never)
    func lambdaHeader() throws(JSONataSyntaxError) -> (parameters: [String], signature: JSONataSignature?) {
        let opener = try open()
        var parameters: [String] = []
        if current.symbol != .closeParen {
            repeat {
                guard current.kind == .variable, !current.text.isEmpty, current.text != "$" else { throw badParameter() }
                parameters.append(current.text)
                try advance(operandExpected: false)
            } while try consume(.comma)
        }
        try close(.closeParen, opener: opener, expecting: "',' or ')'", what: "the parameter list")
        var signature: JSONataSignature?
        if current.symbol == .less || current.symbol == .lessOrEqual {
            let start = current.offset
            let content = try lexer.scanSignature(from: start)
            signature = try JSONataSignatureParser.parse(content, close: lexer.position - 1)
            try advance(operandExpected: true)
        }
        guard current.symbol == .openBrace else { throw missingBody(hasSignature: signature != nil) }
        return (parameters, signature)
    }

    func badParameter() -> JSONataSyntaxError {
        JSONataSyntaxError(
            message: "expected a parameter name (a variable such as $x) in the parameter list of the function "
                + "but found \(current.description)\(unclosedNote)",
            offset: current.offset, code: "S0208")
    }

    func missingBody(hasSignature: Bool) -> JSONataSyntaxError {
        JSONataSyntaxError(
            message: "expected '{' to begin the body of the function\(hasSignature ? "" : " (or '<' to begin its signature)") "
                + "but found \(current.description)",
            offset: current.offset)
    }

    // MARK: Step checks

    /// What JSONata's compiler knows about the step an operator applies to, to reject the orders
    /// it does not allow (a predicate after a group-by, two group-bys, `@` after a predicate or
    /// after `^( )`).
    struct StepFlags {
        var hasGroup = false
        var hasPredicates = false
        var isSort = false
    }

    struct Analysis {
        /// Whether JSONata treats the expression as a path (names are one-step paths).
        var isPath: Bool
        /// A group-by attached to the path as a whole.
        var pathGroup: Bool
        /// The last step (the expression itself when it is not a path).
        var last: StepFlags

        var resultHasGroup: Bool { isPath ? pathGroup : last.hasGroup }

        static let other = Analysis(isPath: false, pathGroup: false, last: StepFlags())

        func asPath() -> Analysis { isPath ? self : Analysis(isPath: true, pathGroup: false, last: last) }
    }

    static func analyze(_ expression: JSONataExpression) -> Analysis {
        // Down the chain of step operators to its base, then back up applying each of them.
        var operators: [JSONataExpression] = []
        var base = expression
        descent: while true {
            switch base {
            case .filter(let inner, _), .keepArray(let inner), .focus(let inner, _), .groupBy(let inner, _), .sort(let inner, _),
                .index(let inner, _):
                operators.append(base)
                base = inner
            default:
                break descent
            }
        }
        var result: Analysis
        switch base {
        case .name:
            result = Analysis(isPath: true, pathGroup: false, last: StepFlags())
        case .path(let steps):
            // A path step is never itself a path, so this recursion is shallow.
            result = (steps.first.map(analyze) ?? .other).asPath()
            for step in steps.dropFirst() { result.last = analyze(step).last }
        default:
            result = .other
        }
        for node in operators.reversed() {
            switch node {
            case .filter:
                result.last.hasPredicates = true
            case .groupBy:
                if result.isPath { result.pathGroup = true } else { result.last.hasGroup = true }
            case .sort:
                result = result.asPath()
                result.last = StepFlags(isSort: true)
            case .index:
                result = result.asPath()
            default:
                break
            }
        }
        return result
    }
}

/// Parses the text of a lambda signature (between its angle brackets).
struct JSONataSignatureParser {
    let content: [(scalar: Unicode.Scalar, offset: Int)]
    /// Offset of the closing `>`, for problems at the end.
    let closeOffset: Int
    var index = 0
    var depth = 0
    /// How deeply `a<...>` and `f<...>` may nest (real signatures nest two or three levels).
    static let maximumDepth = 20

    static func parse(
        _ content: [(scalar: Unicode.Scalar, offset: Int)], close: Int
    ) throws(JSONataSyntaxError) -> JSONataSignature {
        var parser = JSONataSignatureParser(content: content, closeOffset: close)
        return try parser.signature(nested: false)
    }

    var peek: Unicode.Scalar? { index < content.count ? content[index].scalar : nil }
    var offset: Int { index < content.count ? content[index].offset : closeOffset }

    func error(_ message: String, code: String = "S0401") -> JSONataSyntaxError { JSONataSyntaxError(message: message, offset: offset, code: code) }

    /// Parameters and an optional `:result`, up to the end (or a `>` when `nested`).
    mutating func signature(nested: Bool) throws(JSONataSyntaxError) -> JSONataSignature {
        var parameters: [JSONataSignature.Parameter] = []
        while let c = peek, !(nested && c == ">") {
            switch c {
            case "+", "?", "-":
                guard let last = parameters.indices.last else {
                    throw error("the modifier '\(c)' in the function signature must follow a parameter type")
                }
                if c == "+" { parameters[last].isVariadic = true }
                if c == "?" { parameters[last].isOptional = true }
                if c == "-" { parameters[last].usesContext = true }
                index += 1
            case ":":
                index += 1
                let result = try type()
                if let extra = peek, !(nested && extra == ">") {
                    throw error("unexpected '\(extra)' after the return type of the function signature")
                }
                return JSONataSignature(parameters: parameters, result: result)
            default:
                parameters.append(JSONataSignature.Parameter(type: try type()))
            }
        }
        return JSONataSignature(parameters: parameters)
    }

    mutating func type() throws(JSONataSyntaxError) -> JSONataSignatureType {
        guard let c = peek, !(c == ">") else {
            throw error("expected a type in the function signature but found \(peek == nil ? "its end" : "'>'")")
        }
        index += 1
        let simple: JSONataSignatureType
        switch c {
        case "b": simple = .boolean
        case "n": simple = .number
        case "s": simple = .string
        case "l": simple = .null
        case "o": simple = .object
        case "j": simple = .json
        case "x": simple = .any
        case "a", "f":
            guard peek == "<" else { return c == "a" ? .array(nil) : .function(nil) }
            index += 1
            depth += 1
            defer { depth -= 1 }
            if depth > JSONataSignatureParser.maximumDepth {
                throw error("the function signature is nested too deeply (more than \(JSONataSignatureParser.maximumDepth) levels)")
            }
            let parameterised: JSONataSignatureType
            if c == "a" {
                parameterised = .array(try type())
            } else {
                parameterised = .function(try signature(nested: true))
            }
            guard peek == ">" else {
                throw error("expected '>' to close the type parameter of '\(c)' in the function signature but found "
                    + (peek.map { "'\($0)'" } ?? "its end"))
            }
            index += 1
            return parameterised
        case "(":
            var types: [JSONataSignatureType] = []
            while let d = peek, d != ")" {
                if d == "(" { throw error("choice groups cannot be nested in a function signature") }
                let memberStart = index
                let member = try type()
                if isParameterised(member) {
                    index = memberStart
                    throw error("choice groups containing parameterized types are not supported", code: "S0402")
                }
                types.append(member)
            }
            guard peek == ")" else { throw error("expected ')' to close the choice group in the function signature but found its end") }
            if types.isEmpty { throw error("a choice group in a function signature cannot be empty") }
            index += 1
            return .choice(types)
        default:
            index -= 1
            throw error("unknown type '\(c)' in the function signature (expected one of b n s l a o f j x or a choice group '(...)')")
        }
        if peek == "<" {
            throw error("type parameters can only be applied to functions and arrays, not '\(c)'")
        }
        return simple
    }

    func isParameterised(_ type: JSONataSignatureType) -> Bool {
        switch type {
        case .array(let member): member != nil
        case .function(let signature): signature != nil
        default: false
        }
    }
}

extension JSONataExpression {
    // Builders for constructs whose parts the parser gathers in a list (the parts are always there).

    /// A transform from its two or three parts.
    fileprivate static func transform(_ items: JSONataParser.Items) -> JSONataExpression {
        let parts = items.expressions
        return .transform(pattern: parts.first ?? .null, update: parts.count > 1 ? parts[1] : .null,
                          delete: parts.count > 2 ? parts[2] : nil)
    }

    /// A conditional from its one or two branches.
    fileprivate static func conditional(_ condition: JSONataExpression, _ branches: JSONataParser.Items) -> JSONataExpression {
        let parts = branches.expressions
        return .condition(condition, then: parts.first ?? .null, else: parts.count > 1 ? parts[1] : nil)
    }

    /// An object constructor, or a group-by on `base`, from alternating keys and values.
    fileprivate static func objectOrGroup(_ base: JSONataExpression?, _ items: JSONataParser.Items) -> JSONataExpression {
        let parts = items.expressions
        let pairs = stride(from: 0, to: parts.count - 1, by: 2).map { JSONataPair(key: parts[$0], value: parts[$0 + 1]) }
        if let base { return .groupBy(base, pairs) }
        return .object(pairs)
    }
}
