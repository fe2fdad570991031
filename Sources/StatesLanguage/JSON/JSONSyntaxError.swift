/// Why JSON text could not be parsed, and where.
public struct JSONSyntaxError: Error, Sendable, Hashable {
    /// The class of problem; each has a stable diagnostic code.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A token that cannot appear here, such as a letter outside a string.
        case unexpectedToken = "json-unexpected-token"
        /// The text ends inside a value.
        case unexpectedEnd = "json-unexpected-end"
        /// A comma before `]` or `}`.
        case trailingComma = "json-trailing-comma"
        /// A string without its closing quote.
        case unterminatedString = "json-unterminated-string"
        /// A backslash escape JSON does not define, or a malformed `\u` escape.
        case invalidEscape = "json-invalid-escape"
        /// An unescaped control character (below U+0020) inside a string.
        case controlCharacter = "json-control-character"
        /// Bytes that are not valid UTF-8.
        case invalidUTF8 = "json-invalid-utf8"
        /// A number JSON does not allow (leading zero, missing digits, `NaN`).
        case invalidNumber = "json-invalid-number"
        /// An object key written twice.
        case duplicateKey = "json-duplicate-key"
        /// Arrays and objects nested deeper than the parser's budget.
        case nestingTooDeep = "json-nesting-too-deep"
        /// Text after the top-level value.
        case trailingContent = "json-trailing-content"
    }

    /// What went wrong; its raw value is the diagnostic code.
    public var kind: Kind
    /// The message, in words, with what was expected.
    public var message: String
    /// Where in the text the problem is.
    public var position: SourcePosition

    /// Makes a syntax error.
    public init(kind: Kind, message: String, position: SourcePosition) {
        self.kind = kind
        self.message = message
        self.position = position
    }
}

extension JSONSyntaxError: CustomStringConvertible {
    public var description: String { "\(position): [\(kind.rawValue)] \(message)" }
}
