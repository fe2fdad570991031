/// Why a path, an intrinsic function call or a JSONata expression could not be parsed, and where.
public struct ExpressionSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. `expected a member name after '.'`.
    public var message: String
    /// The 0-based offset, in Unicode scalars, of the problem in the text that was parsed (for
    /// ``JSONata/template(_:)``, in the whole `{% … %}` string).
    public var offset: Int
    /// For JSONata, the reference implementation's error code (`S0202`, ...), when one applies.
    public var code: String?

    /// Creates an error.
    public init(message: String, offset: Int, code: String? = nil) {
        self.message = message
        self.offset = offset
        self.code = code
    }

    /// The message with its 1-based character position.
    public var description: String { "\(message) (at character \(offset + 1))" }
}

/// A JSONPath syntax error.
public typealias PathSyntaxError = ExpressionSyntaxError
/// An intrinsic function call syntax error.
public typealias IntrinsicSyntaxError = ExpressionSyntaxError
/// A JSONata syntax error.
public typealias JSONataSyntaxError = ExpressionSyntaxError
