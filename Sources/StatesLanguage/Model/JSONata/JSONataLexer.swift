/// The operators and punctuation of JSONata, including the word operators `and`, `or`, `in`.
enum JSONataSymbol: String, CaseIterable {
    case dot = ".", openBracket = "[", closeBracket = "]", openBrace = "{", closeBrace = "}"
    case openParen = "(", closeParen = ")", comma = ",", at = "@", hash = "#", semicolon = ";", colon = ":"
    case question = "?", plus = "+", minus = "-", star = "*", slash = "/", percent = "%", bar = "|"
    case equal = "=", less = "<", greater = ">", caret = "^", ampersand = "&", bang = "!", tilde = "~"
    case range = "..", assign = ":=", notEqual = "!=", greaterOrEqual = ">=", lessOrEqual = "<="
    case descendants = "**", chain = "~>", elvis = "?:", coalesce = "??"
    case and = "and", or = "or", `in` = "in"

    static let singleCharacter: [Unicode.Scalar: JSONataSymbol] = {
        var table: [Unicode.Scalar: JSONataSymbol] = [:]
        for symbol in allCases where symbol.rawValue.unicodeScalars.count == 1 {
            if let scalar = symbol.rawValue.unicodeScalars.first { table[scalar] = symbol }
        }
        return table
    }()

    static let twoCharacter: [String: JSONataSymbol] = {
        var table: [String: JSONataSymbol] = [:]
        for symbol in allCases where symbol.rawValue.unicodeScalars.count == 2 && symbol != .or && symbol != .in {
            // "or" and "in" are words, read as names first.
            table[symbol.rawValue] = symbol
        }
        return table
    }()

    /// How tightly the symbol binds as an infix/postfix operator (0: not one).
    var bindingPower: Int {
        switch self {
        case .openBracket, .openParen, .at, .hash: 80
        case .dot: 75
        case .openBrace: 70
        case .star, .slash, .percent: 60
        case .plus, .minus, .ampersand: 50
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in, .caret, .chain, .elvis, .coalesce: 40
        case .and: 30
        case .or: 25
        case .question: 20
        case .assign: 10
        default: 0
        }
    }

    /// The operator of ``JSONataExpression/binary(_:_:_:)`` this symbol stands for.
    var binaryOperator: JSONataBinaryOperator? { JSONataBinaryOperator(rawValue: rawValue) }
}

/// A token of JSONata text.
struct JSONataToken {
    enum Kind: UInt8 {
        /// A number literal (never negative: `-` is an operator); `text` is as written.
        case number
        /// A string literal; `text` is its value.
        case string
        /// A bare name (not `and`/`or`/`in`/`true`/`false`/`null`).
        case name
        /// A backtick-quoted name; `text` is the name.
        case quotedName
        /// `$...`: `text` is what follows the `$` (empty for `$`, `"$"` for `$$`).
        case variable
        /// `/pattern/flags`: `text` is the pattern, `regexFlags` the flags.
        case regex
        case `true`, `false`, null
        /// An operator or punctuation: see `symbol`.
        case symbol
        case end
    }

    var kind: Kind
    var symbol: JSONataSymbol?
    var text: String
    var regexFlags: String
    /// Offset of the first scalar.
    var offset: Int
    /// Offset just past the last scalar.
    var end: Int

    init(_ kind: Kind, symbol: JSONataSymbol? = nil, text: String = "", regexFlags: String = "", offset: Int, end: Int) {
        self.kind = kind
        self.symbol = symbol
        self.text = text
        self.regexFlags = regexFlags
        self.offset = offset
        self.end = end
    }

    func isSymbol(_ symbol: JSONataSymbol) -> Bool { self.symbol == symbol }

    var isEnd: Bool { kind == .end }

    /// How the token is named in error messages.
    var description: String {
        switch kind {
        case .number: return "the number \(text)"
        case .string: return "the string \(JSONataPrinter.quote(JSONataToken.abbreviate(text)))"
        case .name: return "the name '\(JSONataToken.abbreviate(text))'"
        case .quotedName: return "the name `\(JSONataToken.abbreviate(text))`"
        case .variable:
            if text.isEmpty { return "'$'" }
            if text == "$" { return "'$$'" }
            return "the variable $\(JSONataToken.abbreviate(text))"
        case .regex: return "the regular expression /\(JSONataToken.abbreviate(text))/\(regexFlags)"
        case .true: return "'true'"
        case .false: return "'false'"
        case .null: return "'null'"
        case .symbol: return "'\(symbol?.rawValue ?? "")'"
        case .end: return "the end of the expression"
        }
    }

    static func abbreviate(_ text: String) -> String {
        text.unicodeScalars.count <= 32 ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(30))) + "…"
    }
}

/// Splits JSONata text into tokens, one at a time, on demand of the parser (whether `/` starts a
/// regular expression depends on whether the parser expects an operand).
struct JSONataLexer {
    let text: [Unicode.Scalar]
    var position = 0

    init(_ text: [Unicode.Scalar]) { self.text = text }

    /// Characters that end a name (besides whitespace).
    static let operatorCharacters: Set<Unicode.Scalar> = Set(JSONataSymbol.singleCharacter.keys)

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}"
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    func scalar(at index: Int) -> Unicode.Scalar? { index >= 0 && index < text.count ? text[index] : nil }

    /// Skips whitespace and `/* */` comments.
    mutating func skipTrivia() throws(JSONataSyntaxError) {
        while position < text.count {
            let c = text[position]
            if JSONataLexer.isWhitespace(c) {
                position += 1
            } else if c == "/", scalar(at: position + 1) == "*" {
                let start = position
                position += 2
                var closed = false
                while position < text.count {
                    if text[position] == "*", scalar(at: position + 1) == "/" {
                        position += 2
                        closed = true
                        break
                    }
                    position += 1
                }
                if !closed {
                    throw JSONataSyntaxError(message: "unterminated comment: '/*' has no closing '*/'", offset: start, code: "S0106")
                }
            } else {
                return
            }
        }
    }

    /// Reads the next token.
    /// - Parameter operandExpected: whether an operand may start here (then `/` starts a regular
    ///   expression rather than being the division operator).
    mutating func next(operandExpected: Bool) throws(JSONataSyntaxError) -> JSONataToken {
        try skipTrivia()
        let start = position
        guard position < text.count else { return JSONataToken(.end, offset: start, end: start) }
        let c = text[position]

        if c == "/" && operandExpected {
            return try scanRegex()
        }
        if let d = scalar(at: position + 1) {
            var pair = String(c)
            pair.unicodeScalars.append(d)
            if let symbol = JSONataSymbol.twoCharacter[pair] {
                position += 2
                return JSONataToken(.symbol, symbol: symbol, offset: start, end: position)
            }
        }
        if let symbol = JSONataSymbol.singleCharacter[c] {
            position += 1
            return JSONataToken(.symbol, symbol: symbol, offset: start, end: position)
        }
        if c == "\"" || c == "'" {
            return try scanString(quote: c)
        }
        if JSONataLexer.isDigit(c) {
            return try scanNumber()
        }
        if c == "`" {
            position += 1
            let contentStart = position
            while position < text.count, text[position] != "`" { position += 1 }
            guard position < text.count else {
                throw JSONataSyntaxError(message: "unterminated quoted name: '`' has no closing '`'", offset: start, code: "S0105")
            }
            let name = String(String.UnicodeScalarView(text[contentStart..<position]))
            position += 1
            return JSONataToken(.quotedName, text: name, offset: start, end: position)
        }
        // A name or a variable: everything up to whitespace or an operator character.
        var end = position
        while end < text.count, !JSONataLexer.isWhitespace(text[end]), !JSONataLexer.operatorCharacters.contains(text[end]) {
            end += 1
        }
        let isVariable = c == "$"
        let word = String(String.UnicodeScalarView(text[(isVariable ? position + 1 : position)..<end]))
        position = end
        if isVariable { return JSONataToken(.variable, text: word, offset: start, end: end) }
        switch word {
        case "and": return JSONataToken(.symbol, symbol: .and, offset: start, end: end)
        case "or": return JSONataToken(.symbol, symbol: .or, offset: start, end: end)
        case "in": return JSONataToken(.symbol, symbol: .in, offset: start, end: end)
        case "true": return JSONataToken(.true, offset: start, end: end)
        case "false": return JSONataToken(.false, offset: start, end: end)
        case "null": return JSONataToken(.null, offset: start, end: end)
        default: return JSONataToken(.name, text: word, offset: start, end: end)
        }
    }

    /// `0|[1-9][0-9]*` then an optional `.digits` and an optional exponent; a `.` or `e` not
    /// followed by digits is not part of the number.
    mutating func scanNumber() throws(JSONataSyntaxError) -> JSONataToken {
        let start = position
        if text[position] == "0" {
            position += 1
        } else {
            while position < text.count, JSONataLexer.isDigit(text[position]) { position += 1 }
        }
        if scalar(at: position) == ".", let d = scalar(at: position + 1), JSONataLexer.isDigit(d) {
            position += 1
            while position < text.count, JSONataLexer.isDigit(text[position]) { position += 1 }
        }
        if let e = scalar(at: position), e == "e" || e == "E" {
            var index = position + 1
            if let sign = scalar(at: index), sign == "+" || sign == "-" { index += 1 }
            if let d = scalar(at: index), JSONataLexer.isDigit(d) {
                position = index
                while position < text.count, JSONataLexer.isDigit(text[position]) { position += 1 }
            }
        }
        let literal = String(String.UnicodeScalarView(text[start..<position]))
        guard let value = Double(literal), value.isFinite else {
            throw JSONataSyntaxError(message: "the number \(JSONataToken.abbreviate(literal)) is out of range", offset: start, code: "S0102")
        }
        return JSONataToken(.number, text: literal, offset: start, end: position)
    }

    /// A string in `quote`s with JSON escapes (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`,
    /// `\uXXXX`). Surrogate pairs written as two `\u` escapes are combined; a lone surrogate
    /// becomes U+FFFD.
    mutating func scanString(quote: Unicode.Scalar) throws(JSONataSyntaxError) -> JSONataToken {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        var pendingHighSurrogate: UInt32?

        func flushSurrogate() {
            if pendingHighSurrogate != nil {
                value.append("\u{FFFD}")
                pendingHighSurrogate = nil
            }
        }

        while position < text.count {
            let c = text[position]
            if c == quote {
                flushSurrogate()
                position += 1
                return JSONataToken(.string, text: String(value), offset: start, end: position)
            }
            if c != "\\" {
                flushSurrogate()
                value.append(c)
                position += 1
                continue
            }
            let escapeStart = position
            guard let e = scalar(at: position + 1) else { break }
            position += 2
            var simple: Unicode.Scalar?
            switch e {
            case "\"": simple = "\""
            case "\\": simple = "\\"
            case "/": simple = "/"
            case "b": simple = "\u{08}"
            case "f": simple = "\u{0C}"
            case "n": simple = "\n"
            case "r": simple = "\r"
            case "t": simple = "\t"
            case "u":
                var code: UInt32 = 0
                for _ in 0..<4 {
                    guard let h = scalar(at: position), let digit = JSONataLexer.hexValue(h) else {
                        throw JSONataSyntaxError(
                            message: "the escape sequence \\u must be followed by 4 hexadecimal digits", offset: escapeStart, code: "S0104")
                    }
                    code = code * 16 + digit
                    position += 1
                }
                if (0xDC00...0xDFFF).contains(code), let high = pendingHighSurrogate {
                    pendingHighSurrogate = nil
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                    value.append(Unicode.Scalar(combined) ?? "\u{FFFD}")
                } else {
                    flushSurrogate()
                    if (0xD800...0xDBFF).contains(code) {
                        pendingHighSurrogate = code
                    } else {
                        value.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    }
                }
                continue
            default:
                throw JSONataSyntaxError(
                    message: "unsupported escape sequence '\\\(e)' in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                    offset: escapeStart, code: "S0103")
            }
            flushSurrogate()
            if let simple { value.append(simple) }
        }
        throw JSONataSyntaxError(
            message: "unterminated string: the string opened here has no closing \(quote == "\"" ? "'\"'" : "\"'\"")",
            offset: start, code: "S0101")
    }

    static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 0x30...0x39: c.value - 0x30
        case 0x41...0x46: c.value - 0x41 + 10
        case 0x61...0x66: c.value - 0x61 + 10
        default: nil
        }
    }

    /// A regular expression `/pattern/flags`. As in JSONata, a `/` closes the pattern only when it
    /// is preceded by an even number of backslashes and is outside `(...)`, `[...]` and `{...}`
    /// (brackets count when not directly preceded by a backslash). Flags are `i` and `m`.
    mutating func scanRegex() throws(JSONataSyntaxError) -> JSONataToken {
        let start = position
        position += 1
        let patternStart = position
        var depth = 0
        while position < text.count {
            let c = text[position]
            let escaped = scalar(at: position - 1) == "\\"
            if c == "/" && depth == 0 {
                var backslashes = 0
                while scalar(at: position - backslashes - 1) == "\\", position - backslashes - 1 >= patternStart {
                    backslashes += 1
                }
                if backslashes % 2 == 0 {
                    let pattern = String(String.UnicodeScalarView(text[patternStart..<position]))
                    if pattern.isEmpty {
                        throw JSONataSyntaxError(message: "empty regular expressions are not allowed", offset: start, code: "S0301")
                    }
                    position += 1
                    var flags = ""
                    while let f = scalar(at: position), f == "i" || f == "m" {
                        if flags.unicodeScalars.contains(f) {
                            throw JSONataSyntaxError(message: "the regular expression flag '\(f)' is repeated", offset: position)
                        }
                        flags.unicodeScalars.append(f)
                        position += 1
                    }
                    return JSONataToken(.regex, text: pattern, regexFlags: flags, offset: start, end: position)
                }
            }
            if !escaped {
                if c == "(" || c == "[" || c == "{" { depth += 1 }
                if c == ")" || c == "]" || c == "}" { depth -= 1 }
            }
            position += 1
        }
        throw JSONataSyntaxError(message: "unterminated regular expression: no closing '/'", offset: start, code: "S0302")
    }

    /// Reads a lambda signature starting at the `<` at `start`: the text up to the matching `>`
    /// (angle brackets nest), whitespace and comments dropped.
    /// - Returns: the characters between the outer brackets with their offsets.
    mutating func scanSignature(from start: Int) throws(JSONataSyntaxError) -> [(scalar: Unicode.Scalar, offset: Int)] {
        position = start + 1
        var depth = 1
        var content: [(scalar: Unicode.Scalar, offset: Int)] = []
        while true {
            try skipTrivia()
            guard position < text.count, text[position] != "{" else {
                throw JSONataSyntaxError(
                    message: "expected '>' to close the function signature opened at offset \(start) but found "
                        + (position < text.count ? "'{'" : "the end of the expression"),
                    offset: position)
            }
            let c = text[position]
            if c == "<" { depth += 1 }
            if c == ">" {
                depth -= 1
                if depth == 0 {
                    position += 1
                    return content
                }
            }
            content.append((c, position))
            position += 1
        }
    }
}

extension JSONataSymbol {
    /// Whether the symbol is an infix operator whose right operand is an ordinary expression
    /// (the binary operators and `~>`).
    var isInfixOperator: Bool { binaryOperator != nil || self == .chain }
}
