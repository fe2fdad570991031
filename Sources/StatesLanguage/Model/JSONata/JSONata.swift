
/// JSONata expressions, as used by Amazon States Language (`"{% expression %}"` strings).
///
/// Only syntax is handled here: ``parse(_:)`` builds a ``JSONataExpression`` tree or reports the
/// first syntax error. Besides the grammar it makes the checks JSONata itself makes while compiling
/// an expression: a variable on the left of `:=` and after `@`/`#`, variables as lambda
/// parameters, no number/Boolean/null literal as a path step, a valid lambda signature, no
/// predicate after a group-by on the same step, one group-by per step, and `@` before a step's
/// predicates and order-by; numbers must be finite, string escapes JSON's, regex flags `i`/`m`.
///
/// Not checked (they need evaluation-time machinery): the syntax of regular expression patterns
/// (kept as text, JavaScript dialect) and whether a parent operator `%` can be resolved to an
/// ancestor step.
public enum JSONata {
    /// How deeply expressions may nest (parentheses, operators, constructors, ...): the limit on both
    /// the parser's recursion and the height of the tree, so a chain of more than 200 `+` is too
    /// deep as well (long paths `a.b.c...` are flat and not affected). Deeper input is rejected with
    /// a syntax error instead of risking the stack.
    public static let maximumDepth = 200

    /// Parses an expression (the text between `{%` and `%}`).
    /// - Parameter expression: the JSONata text.
    /// - Returns: the syntax tree.
    /// - Throws: ``JSONataSyntaxError`` at the first problem; offsets are within `expression`.
    public static func parse(_ expression: String) throws(JSONataSyntaxError) -> JSONataExpression {
        try JSONataParser.parse(Array(expression.unicodeScalars))
    }

    /// Reads an ASL string value as a JSONata template.
    ///
    /// - Parameter string: the whole string value, e.g. `"{% $states.input.x + 1 %}"`.
    /// - Returns: `nil` when the string neither starts with `{%` nor ends with `%}` (it is not a
    ///   template); `.success` with the tree when it is `{% expression %}` (whitespace, newlines
    ///   included, may surround the expression); `.failure` when only one delimiter is present or
    ///   the expression does not parse. Error offsets count from the start of `string`.
    public static func template(_ string: String) -> Result<JSONataExpression, JSONataSyntaxError>? {
        let scalars = Array(string.unicodeScalars)
        let opens = scalars.count >= 2 && scalars[0] == "{" && scalars[1] == "%"
        let endsWithClose = scalars.count >= 2 && scalars[scalars.count - 2] == "%" && scalars[scalars.count - 1] == "}"
        if !opens && !endsWithClose { return nil }
        // The closing delimiter must not overlap the opening one: "{%}" has no closing "%}".
        let closes = endsWithClose && scalars.count >= 4
        if opens && !closes {
            return .failure(JSONataSyntaxError(
                message: "the JSONata template starts with '{%' but does not end with '%}'", offset: scalars.count))
        }
        if !opens {
            return .failure(JSONataSyntaxError(
                message: "the string ends with '%}' but does not start with '{%', so it is not a complete JSONata template",
                offset: 0))
        }
        do {
            return .success(try JSONataParser.parse(Array(scalars[2..<(scalars.count - 2)])))
        } catch {
            return .failure(JSONataSyntaxError(message: error.message, offset: error.offset + 2))
        }
    }
}
