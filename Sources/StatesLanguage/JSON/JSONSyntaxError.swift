/// Why JSON text could not be parsed, and where.
public struct JSONSyntaxError: Error, Sendable, Hashable {
    /// The class of problem; each has a stable diagnostic code.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case unexpectedToken = "json-unexpected-token"
        case unexpectedEnd = "json-unexpected-end"
        case trailingComma = "json-trailing-comma"
        case unterminatedString = "json-unterminated-string"
        case invalidEscape = "json-invalid-escape"
        case controlCharacter = "json-control-character"
        case invalidUTF8 = "json-invalid-utf8"
        case invalidNumber = "json-invalid-number"
        case duplicateKey = "json-duplicate-key"
        case nestingTooDeep = "json-nesting-too-deep"
        case trailingContent = "json-trailing-content"
    }

    public var kind: Kind
    public var message: String
    public var position: SourcePosition

    public init(kind: Kind, message: String, position: SourcePosition) {
        self.kind = kind
        self.message = message
        self.position = position
    }
}

extension JSONSyntaxError: CustomStringConvertible {
    public var description: String { "\(position): [\(kind.rawValue)] \(message)" }
}
