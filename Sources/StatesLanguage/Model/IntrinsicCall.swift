import Foundation

/// A call of an ASL intrinsic function, as written in the value of a payload-template key ending in
/// `.$`, e.g. `States.Format('Hello, {}!', $.name)`.
///
/// Parsing checks syntax only; ``checkSignature()`` checks the name, the number of arguments and the
/// types of literal arguments.
public struct IntrinsicCall: Sendable, Hashable, CustomStringConvertible {
    /// The whole call as written.
    public let text: String
    /// The function, or `nil` when ``name`` is not a known intrinsic.
    public let function: IntrinsicFunction?
    /// The function name as written, e.g. `States.Format`.
    public let name: String
    /// The arguments in order.
    public let arguments: [IntrinsicArgument]
    /// The `{}` placeholders and stray braces of the first argument when it is a string literal.
    let template: TemplateShape?

    /// What a `States.Format` template holds, as the runtime reads it: unescaped `{}` pairs, and
    /// whether an unescaped `{` or `}` stands outside a pair (the call then always fails).
    struct TemplateShape: Sendable, Hashable {
        var placeholders = 0
        var strayBrace = false
        private var afterOpenBrace = false

        /// Adds the next character; `escaped` when a backslash made it literal.
        mutating func add(_ c: Unicode.Scalar, escaped: Bool) {
            if !escaped && c == "}" {
                if afterOpenBrace { placeholders += 1 } else { strayBrace = true }
                afterOpenBrace = false
                return
            }
            if afterOpenBrace { strayBrace = true }
            afterOpenBrace = !escaped && c == "{"
        }

        /// Ends the template: a last `{` is stray.
        mutating func finish() {
            if afterOpenBrace { strayBrace = true }
            afterOpenBrace = false
        }
    }

    /// The call as written.
    public var description: String { text }

    /// Parses an intrinsic function call. Unknown function names are accepted here.
    /// - Parameter text: the call, e.g. `States.MathAdd($.i, 1)`.
    /// - Throws: ``IntrinsicSyntaxError`` at the first syntax problem.
    public init(parsing text: String) throws(IntrinsicSyntaxError) {
        var parser = IntrinsicParser(text)
        let call = try parser.parseCall()
        if parser.index < parser.scalars.count {
            throw IntrinsicSyntaxError(
                message: "unexpected \(PathParser.describe(parser.scalars[parser.index])) after the closing ')' of the call",
                offset: parser.index)
        }
        self = call
    }

    /// Creates a call from a function and its arguments, and writes its text. String literals are
    /// quoted and escaped (`'`, `\`, `{`, `}`), except that in a `States.Format` template `{}` stays a
    /// placeholder.
    public init(_ function: IntrinsicFunction, _ arguments: [IntrinsicArgument]) {
        var parts: [String] = []
        parts.reserveCapacity(arguments.count)
        var template: TemplateShape?
        for (i, argument) in arguments.enumerated() {
            switch argument {
            case .string(let s):
                let isTemplate = function == .format && i == 0
                if isTemplate { template = IntrinsicCall.templateShape(s) }
                parts.append(IntrinsicCall.quote(s, keepPlaceholders: isTemplate))
            case .number(let n): parts.append(n.text)
            case .bool(let b): parts.append(b ? "true" : "false")
            case .null: parts.append("null")
            case .path(let p): parts.append(p.text)
            case .call(let c): parts.append(c.text)
            }
        }
        self.init(text: "\(function.rawValue)(\(parts.joined(separator: ", ")))", name: function.rawValue, arguments: arguments,
                  template: template)
    }

    /// A single-quoted string literal: `'`, `\`, `{` and `}` escaped (braces kept when `keepPlaceholders`).
    static func quote(_ s: String, keepPlaceholders: Bool) -> String {
        let special = s.utf8.contains { b in
            b == UInt8(ascii: "'") || b == UInt8(ascii: "\\") || (!keepPlaceholders && (b == UInt8(ascii: "{") || b == UInt8(ascii: "}")))
        }
        if !special { return "'" + s + "'" }
        var out = "'"
        for c in s {
            switch c {
            case "'", "\\": out += "\\" + String(c)
            case "{", "}": out += keepPlaceholders ? String(c) : "\\" + String(c)
            default: out.append(c)
            }
        }
        return out + "'"
    }

    /// The shape of a template written without escapes (every brace counts).
    static func templateShape(_ s: String) -> TemplateShape {
        var shape = TemplateShape()
        for c in s.unicodeScalars { shape.add(c, escaped: false) }
        shape.finish()
        return shape
    }

    /// Creates a call from parts already known to match `text`.
    init(text: String, name: String, arguments: [IntrinsicArgument], template: TemplateShape?) {
        self.text = text
        self.name = name
        self.function = IntrinsicFunction(rawValue: name)
        self.arguments = arguments
        self.template = template
    }

    /// Whether `text` starts like a function call (an identifier chain such as `States.Format`
    /// followed by `(`) rather than a path.
    public static func looksLikeCall(_ text: String) -> Bool {
        // Paths, the common case, start with '$': no need to prepare a parser.
        guard let first = text.unicodeScalars.first, IntrinsicParser.isIdentifierStart(first) else { return false }
        var parser = IntrinsicParser(text)
        guard parser.readIdentifierChain() != nil else { return false }
        return parser.peek() == "("
    }

    /// Checks that the function is known, that the number of arguments fits and that literal
    /// arguments have the right types; nested calls are checked too.
    /// - Returns: the problems as messages; empty when there are none.
    public func checkSignature() -> [String] {
        var problems: [String] = []
        if let function {
            let arity = function.arity
            if !arity.contains(arguments.count) {
                problems.append("\(name) expects \(IntrinsicCall.describe(arity)) but got \(arguments.count)")
            }
            checkArgumentTypes(function, into: &problems)
        } else {
            var message = "unknown intrinsic function '\(name)'"
            if let match = IntrinsicFunction.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) {
                message += "; did you mean '\(match.rawValue)'?"
            }
            problems.append(message)
        }
        for argument in arguments {
            if case .call(let nested) = argument { problems += nested.checkSignature() }
        }
        return problems
    }

    // MARK: Signature checks

    static func describe(_ arity: ClosedRange<Int>) -> String {
        func arguments(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        if arity.upperBound == Int.max { return "at least \(arguments(arity.lowerBound))" }
        if arity.lowerBound == arity.upperBound {
            return arity.lowerBound == 0 ? "no arguments" : arguments(arity.lowerBound)
        }
        if arity.upperBound == arity.lowerBound + 1 { return "\(arity.lowerBound) or \(arity.upperBound) arguments" }
        return "\(arity.lowerBound) to \(arity.upperBound) arguments"
    }

    private func checkArgumentTypes(_ function: IntrinsicFunction, into problems: inout [String]) {
        let name = self.name
        func argument(_ i: Int) -> IntrinsicArgument? { i < arguments.count ? arguments[i] : nil }

        func requireNumber(_ i: Int) {
            guard let arg = argument(i), let kind = arg.literalKind, kind != "a number" else { return }
            problems.append("\(name): argument \(i + 1) must be a number but is \(kind)")
        }
        /// A number where AWS wants an integer: a fraction is accepted (AWS rounds it); the range is
        /// checked by `int32Literal`.
        func requireInteger(_ i: Int) {
            guard let arg = argument(i), let kind = arg.literalKind else { return }
            if case .number = arg { return }
            problems.append("\(name): argument \(i + 1) must be an integer but is \(kind)")
        }
        func requireString(_ i: Int) {
            guard let arg = argument(i), let kind = arg.literalKind, kind != "a string" else { return }
            problems.append("\(name): argument \(i + 1) must be a string but is \(kind)")
        }
        func requireArray(_ i: Int) {
            // No literal is an array: only a path or a nested call can supply one.
            guard let arg = argument(i), let kind = arg.literalKind else { return }
            problems.append("\(name): argument \(i + 1) must be an array (a path or a call such as States.Array) but is \(kind)")
        }
        /// A literal number as AWS reads it (truncated or rounded to a Java int); `nil` when the
        /// argument is not a number literal. Reports a literal outside the int range.
        func int32Literal(_ i: Int, rounded: Bool) -> Int? {
            guard case .number(let n)? = argument(i) else { return nil }
            guard let value = rounded ? n.roundedInt32 : n.truncatedInt32 else {
                problems.append("\(name): argument \(i + 1) must be an integer from -2147483648 to 2147483647 but is \(n.text)")
                return nil
            }
            return value
        }
        /// Reports a string literal longer than AWS's 10,000-character input limit.
        func requireShortString(_ i: Int) {
            guard case .string(let s)? = argument(i), s.utf16.count > IntrinsicFunction.maximumStringLength else { return }
            problems.append(
                "\(name): argument \(i + 1) has \(s.utf16.count) characters; at most \(IntrinsicFunction.maximumStringLength) are allowed")
        }
        func requireObject(_ i: Int) {
            guard let arg = argument(i), let kind = arg.literalKind else { return }
            problems.append("\(name): argument \(i + 1) must be an object (a path) but is \(kind)")
        }

        switch function {
        case .format:
            guard let template = argument(0) else { return }
            switch template {
            case .string:
                if self.template?.strayBrace == true {
                    problems.append("\(name): the template has a '{' or '}' outside a '{}' placeholder; write \\{ or \\} for a literal brace")
                } else if let placeholders = self.template?.placeholders, placeholders != arguments.count - 1 {
                    let values = arguments.count - 1
                    problems.append(
                        "\(name): the template has \(placeholders) placeholder\(placeholders == 1 ? "" : "s") '{}' but \(values) value\(values == 1 ? "" : "s") follow\(values == 1 ? "s" : "")")
                }
            case .path:
                break
            case .call:
                problems.append("\(name): the template (argument 1) must be a string literal or a path but is a function call")
            case .number, .bool, .null:
                problems.append("\(name): the template (argument 1) must be a string literal or a path but is \(template.literalKind ?? "a literal")")
            }
        case .stringToJson:
            requireString(0)
            // A literal that is not JSON always fails; a blank one gives null.
            if case .string(let s)? = argument(0), s.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
                do { _ = try JSONParser.parse(s) } catch {
                    problems.append("\(name): argument 1 is not JSON text: \(error.message)")
                }
            }
        case .base64Encode, .base64Decode:
            requireString(0)
            requireShortString(0)
        case .stringSplit:
            requireString(0)
            requireString(1)
        case .jsonToString, .array, .uuid:
            break
        case .arrayPartition:
            requireArray(0)
            if case .number(let n) = argument(1) {
                // AWS truncates the size (2.9 is 2, 0.6 is 0) and then needs it positive.
                if let size = n.truncatedInt32, size > 0 {} else {
                    problems.append("\(name): the chunk size (argument 2) must be a positive integer but is \(n.text)")
                }
            } else {
                requireNumber(1)
            }
        case .arrayContains, .arrayLength, .arrayUnique:
            requireArray(0)
        case .arrayRange:
            for i in 0..<3 { requireNumber(i) }
            let first = int32Literal(0, rounded: false), last = int32Literal(1, rounded: false)
            let step = int32Literal(2, rounded: false)
            if step == 0, case .number(let n)? = argument(2) {
                problems.append("\(name): the step (argument 3) must not be 0 but is \(n.text)")
            } else if let first, let last, let step, let count = IntrinsicFunction.rangeCount(first: first, last: last, step: step),
                count > IntrinsicFunction.maximumRangeCount {
                problems.append("\(name): the range has \(count) items; at most \(IntrinsicFunction.maximumRangeCount) are allowed")
            }
        case .arrayGetItem:
            requireArray(0)
            requireNumber(1)
            _ = int32Literal(1, rounded: false)
        case .hash:
            requireShortString(0)
            guard let algorithm = argument(1) else { return }
            if case .string(let value) = algorithm {
                if !IntrinsicFunction.hashAlgorithms.contains(value) {
                    problems.append("\(name): unsupported algorithm '\(value)'; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512")
                }
            } else if let kind = algorithm.literalKind {
                problems.append("\(name): the algorithm (argument 2) must be a string but is \(kind)")
            }
        case .jsonMerge:
            requireObject(0)
            requireObject(1)
            // Only `true` fails on AWS; a string such as 'false' merges shallowly.
            if argument(2) == .bool(true) {
                problems.append("\(name): only shallow merging is supported; argument 3 must be false")
            }
        case .mathRandom:
            for i in 0..<arguments.count { requireNumber(i) }
            // AWS truncates the bounds and needs start < end (the end is exclusive).
            if let start = int32Literal(0, rounded: false), let end = int32Literal(1, rounded: false), start >= end {
                problems.append("\(name): the start (argument 1) must be less than the end (argument 2) once both are truncated to integers")
            }
        case .mathAdd:
            for i in 0..<arguments.count { requireInteger(i) }
            // AWS rounds each number half up and needs the sum to fit in a Java int too.
            let a = int32Literal(0, rounded: true), b = int32Literal(1, rounded: true)
            if let a, let b, Int32(exactly: a + b) == nil {
                problems.append("\(name): the sum \(a + b) is outside -2147483648 to 2147483647")
            }
        }
    }
}

/// One argument of an intrinsic function call.
public enum IntrinsicArgument: Sendable, Hashable {
    /// A single-quoted string literal, with its escapes decoded.
    case string(String)
    /// A number literal.
    case number(JSONNumber)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// A path such as `$.x`, `$$.Execution.Id` or `$var`.
    case path(Path)
    /// A nested intrinsic function call.
    case call(IntrinsicCall)

    /// The literal's type for messages (`a string`, `a number`, `a boolean`, `null`); `nil` for paths and calls.
    var literalKind: String? {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .path, .call: nil
        }
    }
}

/// The intrinsic functions AWS Step Functions provides.
public enum IntrinsicFunction: String, Sendable, Hashable, CaseIterable {
    /// `States.Format`: Fills `{}` placeholders of a template string with the arguments.
    case format = "States.Format"
    /// `States.StringToJson`: Parses a JSON string into a value.
    case stringToJson = "States.StringToJson"
    /// `States.JsonToString`: Serialises a value as a JSON string.
    case jsonToString = "States.JsonToString"
    /// `States.Array`: Makes an array of its arguments.
    case array = "States.Array"
    /// `States.ArrayPartition`: Splits an array into chunks of a given size.
    case arrayPartition = "States.ArrayPartition"
    /// `States.ArrayContains`: Whether an array contains a value.
    case arrayContains = "States.ArrayContains"
    /// `States.ArrayRange`: An array of numbers from a start to an end with a step.
    case arrayRange = "States.ArrayRange"
    /// `States.ArrayGetItem`: The element of an array at an index.
    case arrayGetItem = "States.ArrayGetItem"
    /// `States.ArrayLength`: The number of elements of an array.
    case arrayLength = "States.ArrayLength"
    /// `States.ArrayUnique`: An array without its duplicate values.
    case arrayUnique = "States.ArrayUnique"
    /// `States.Base64Encode`: Encodes a string as Base64.
    case base64Encode = "States.Base64Encode"
    /// `States.Base64Decode`: Decodes a Base64 string.
    case base64Decode = "States.Base64Decode"
    /// `States.Hash`: The hash of a value with an algorithm (MD5, SHA-1, SHA-256, SHA-384, SHA-512), in hex.
    case hash = "States.Hash"
    /// `States.JsonMerge`: Merges two objects (shallow merge only).
    case jsonMerge = "States.JsonMerge"
    /// `States.MathRandom`: A random integer between a start (inclusive) and an end (exclusive).
    case mathRandom = "States.MathRandom"
    /// `States.MathAdd`: The sum of two integers.
    case mathAdd = "States.MathAdd"
    /// `States.StringSplit`: Splits a string by delimiter characters.
    case stringSplit = "States.StringSplit"
    /// `States.UUID`: A version 4 UUID.
    case uuid = "States.UUID"

    /// The algorithms `States.Hash` accepts.
    static let hashAlgorithms: Set<String> = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"]

    /// How many arguments the function takes.
    public var arity: ClosedRange<Int> {
        switch self {
        case .format: 1...Int.max
        case .array: 0...Int.max
        case .stringToJson, .jsonToString, .arrayLength, .arrayUnique, .base64Encode, .base64Decode: 1...1
        case .arrayPartition, .arrayContains, .arrayGetItem, .hash, .mathAdd, .stringSplit: 2...2
        case .arrayRange, .jsonMerge: 3...3
        case .mathRandom: 2...3
        case .uuid: 0...0
        }
    }
}


// MARK: - Parser

/// The cursor of one intrinsic-call parse over Unicode scalars.
struct IntrinsicParser: ScalarCursor {
    /// The deepest nesting of calls accepted.
    static let maximumDepth = 64

    let source: ScalarText
    let scalars: [Unicode.Scalar]
    var index = 0
    var depth = 0

    init(_ text: String) {
        source = ScalarText(text)
        scalars = source.scalars
    }


    func error(_ message: String, at offset: Int) -> IntrinsicSyntaxError {
        IntrinsicSyntaxError(message: message, offset: offset)
    }

    func describe(at offset: Int) -> String {
        offset < scalars.count ? PathParser.describe(scalars[offset]) : "the end of the text"
    }

    func text(_ range: Range<Int>) -> String { source.string(range) }

    mutating func skipWhitespace() {
        while let c = peek(), PathParser.isWhitespace(c) { index += 1 }
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || PathParser.isASCIILetter(c) || (c.value >= 0x80 && c.properties.isAlphabetic)
    }

    static func isIdentifierCharacter(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || PathParser.isDigit(c)
    }

    /// Reads `name(.name)*` and returns it, or returns `nil` (cursor unchanged) when there is none
    /// or it ends with a dangling `.`.
    mutating func readIdentifierChain() -> String? {
        let start = index
        var end = index
        while true {
            guard end < scalars.count, IntrinsicParser.isIdentifierStart(scalars[end]) else { return nil }
            end += 1
            while end < scalars.count, IntrinsicParser.isIdentifierCharacter(scalars[end]) { end += 1 }
            guard end < scalars.count, scalars[end] == "." else { break }
            end += 1
        }
        index = end
        return text(start..<end)
    }

    /// Parses `Name.Chain(args)`; the cursor is on the name.
    mutating func parseCall() throws(IntrinsicSyntaxError) -> IntrinsicCall {
        let start = index
        depth += 1
        if depth > IntrinsicParser.maximumDepth {
            throw error("intrinsic function calls are nested deeper than the limit of \(IntrinsicParser.maximumDepth)", at: start)
        }
        guard let name = readIdentifierChain() else {
            // Say precisely what is wrong with the name.
            var probe = index
            while probe < scalars.count, IntrinsicParser.isIdentifierCharacter(scalars[probe]) || scalars[probe] == "." {
                probe += 1
            }
            if probe > index, scalars[probe - 1] == "." {
                throw error("expected a name after '.' in the function name but found \(describe(at: probe))", at: probe)
            }
            throw error("expected an intrinsic function name like States.Format but found \(describe(at: index))", at: index)
        }
        guard peek() == "(" else {
            throw error("expected '(' after the function name '\(name)' but found \(describe(at: index))", at: index)
        }
        let open = index
        index += 1
        skipWhitespace()
        var arguments: [IntrinsicArgument] = []
        var template: IntrinsicCall.TemplateShape?
        if peek() == ")" {
            index += 1
        } else {
            while true {
                skipWhitespace()
                let (argument, count) = try parseArgument(open: open)
                if arguments.isEmpty { template = count }
                arguments.append(argument)
                skipWhitespace()
                guard let c = peek() else {
                    throw error("missing ')' to close the call of \(name) opened at character \(open + 1)", at: index)
                }
                index += 1
                if c == ")" { break }
                if c != "," {
                    throw error("expected ',' or ')' after the argument but found \(PathParser.describe(c))", at: index - 1)
                }
            }
        }
        depth -= 1
        return IntrinsicCall(text: text(start..<index), name: name, arguments: arguments, template: template)
    }

    /// Parses one argument; for a string literal also returns its template shape.
    mutating func parseArgument(open: Int) throws(IntrinsicSyntaxError) -> (IntrinsicArgument, IntrinsicCall.TemplateShape?) {
        guard let c = peek() else {
            throw error("missing ')' to close the call opened at character \(open + 1)", at: index)
        }
        switch c {
        case ",", ")":
            throw error("expected an argument but found \(PathParser.describe(c))", at: index)
        case "'":
            let (value, shape) = try parseStringLiteral()
            return (.string(value), shape)
        case "\"":
            throw error("string literals in intrinsic functions use single quotes", at: index)
        case "$":
            return (.path(try parsePath()), nil)
        default:
            if c == "-" || PathParser.isDigit(c) {
                let start = index
                index += 1
                while let d = peek(), PathParser.isDigit(d) || d == "." || d == "e" || d == "E" || d == "+" || d == "-" {
                    index += 1
                }
                let literal = text(start..<index)
                guard let number = JSONNumber(text: literal) else {
                    throw error("invalid number '\(literal)'", at: start)
                }
                return (.number(number), nil)
            }
            if IntrinsicParser.isIdentifierStart(c) {
                let start = index
                let word = readIdentifierChain()
                if peek() == "(" {
                    index = start
                    return (.call(try parseCall()), nil)
                }
                switch word {
                case "true": return (.bool(true), nil)
                case "false": return (.bool(false), nil)
                case "null": return (.null, nil)
                default:
                    var end = start
                    while end < scalars.count, IntrinsicParser.isIdentifierCharacter(scalars[end]) || scalars[end] == "." { end += 1 }
                    throw error(
                        "unexpected '\(text(start..<end))'; expected a string in single quotes, a number, true, false, null, a path or a function call",
                        at: start)
                }
            }
            throw error(
                "expected a string in single quotes, a number, true, false, null, a path or a function call but found \(PathParser.describe(c))",
                at: index)
        }
    }

    /// A `'...'` literal with `\'`, `\{`, `\}` and `\\` escapes; also reads its template shape.
    mutating func parseStringLiteral() throws(IntrinsicSyntaxError) -> (String, IntrinsicCall.TemplateShape) {
        let open = index
        index += 1
        var value = String.UnicodeScalarView()
        var shape = IntrinsicCall.TemplateShape()
        while true {
            guard let c = peek() else {
                throw error("unterminated string literal; expected a closing \"'\"", at: open)
            }
            index += 1
            if c == "'" {
                shape.finish()
                return (String(value), shape)
            }
            if c == "\\" {
                guard let escaped = peek() else {
                    throw error("unterminated string literal; expected a closing \"'\"", at: open)
                }
                guard escaped == "'" || escaped == "{" || escaped == "}" || escaped == "\\" else {
                    throw error(
                        "invalid escape '\\\(Character(escaped))'; only \\', \\{, \\} and \\\\ may be escaped in an intrinsic string",
                        at: index - 1)
                }
                index += 1
                value.append(escaped)
                shape.add(escaped, escaped: true)
                continue
            }
            shape.add(c, escaped: false)
            value.append(c)
        }
    }

    /// A path argument: it runs to the first `,` or `)` outside brackets, parentheses and quotes.
    mutating func parsePath() throws(IntrinsicSyntaxError) -> Path {
        let start = index
        var end = index
        var brackets = 0
        var parentheses = 0
        var quote: Unicode.Scalar?
        scan: while end < scalars.count {
            let c = scalars[end]
            if let q = quote {
                if c == "\\" { end += 2; continue }
                if c == q { quote = nil }
                end += 1
                continue
            }
            switch c {
            case "'", "\"": if brackets > 0 || parentheses > 0 { quote = c }
            case "[": brackets += 1
            case "]": if brackets > 0 { brackets -= 1 }
            case "(": parentheses += 1
            case ")":
                if parentheses == 0 && brackets == 0 { break scan }
                if parentheses > 0 { parentheses -= 1 }
            case ",":
                if parentheses == 0 && brackets == 0 { break scan }
            default: break
            }
            end += 1
        }
        end = min(end, scalars.count)
        var trimmedEnd = end
        while trimmedEnd > start, PathParser.isWhitespace(scalars[trimmedEnd - 1]) { trimmedEnd -= 1 }
        let pathText = text(start..<trimmedEnd)
        do throws(PathSyntaxError) {
            let path = try Path(parsing: pathText)
            index = trimmedEnd
            return path
        } catch {
            throw self.error("invalid path '\(pathText)': \(error.message)", at: start + error.offset)
        }
    }
}
