/// The syntax tree of a JSONata expression, as produced by ``JSONata/parse(_:)``.
///
/// The tree follows JSONata's grammar closely: every construct of the language has its own case,
/// parentheses survive as ``block(_:)`` (a parenthesised expression *is* a block in JSONata), and
/// operator precedence is already resolved. Two small normalisations match what JSONata itself does
/// while compiling:
/// - a unary `-` applied directly to a number literal is folded into the literal (`-1` is
///   `.number(-1)`, so `a[-1]` is an index);
/// - the steps of a path (`a.b.c`) are gathered into one ``path(_:)`` node, and a string literal
///   used as a step is a field name (`a."b c"` and `a.` followed by `b c` in backticks both give `.name("b c")`).
///
/// Source positions are not kept. ``description`` prints the expression back as JSONata text that
/// parses to the same tree.
public indirect enum JSONataExpression: Sendable, Hashable {
    // MARK: Literals

    /// A string literal (`"text"` or `'text'`), escapes resolved.
    case string(String)
    /// A number literal, in its written form (`1`, `1.5`, `1e3`; `-1` after folding).
    case number(JSONNumber)
    /// `true` or `false`.
    case boolean(Bool)
    /// `null`.
    case null
    /// A regular expression literal `/pattern/flags`. `pattern` is the text between the slashes,
    /// unchanged (JavaScript syntax); `flags` holds only `i` and `m` characters, as written.
    case regex(pattern: String, flags: String)

    // MARK: Names and variables

    /// A field name: a bare name (`price`), a name quoted in backticks (`unit price` between backticks), or a
    /// string literal used as a path step. Evaluates to that field of the context value(s).
    case name(String)
    /// A variable reference `$name` (`name` is without the `$`), e.g. `$states`, `$sum`, `$x`.
    case variable(String)
    /// `$`: the context value.
    case context
    /// `$$`: the root input value.
    case root
    /// `*`: the values of all fields of the context object.
    case wildcard
    /// `**`: all descendant values of the context.
    case descendants
    /// `%`: the parent of the context value (within a path).
    case parent

    // MARK: Path operators

    /// `a.b.c`: a map/path, at least two steps, left to right. A step may be any expression
    /// (a name, a filter, a block, a function call, a constructor, ...).
    case path([JSONataExpression])
    /// `expression[predicate]`: a filter, or an index when the predicate evaluates to numbers.
    case filter(JSONataExpression, predicate: JSONataExpression)
    /// `expression[]`: keep singleton arrays in the result of the path this step belongs to.
    case keepArray(JSONataExpression)
    /// `expression{key: value, ...}`: group-by (aggregation) of the expression's values.
    case groupBy(JSONataExpression, [JSONataPair])
    /// `expression^(term, ...)`: order-by.
    case sort(JSONataExpression, [JSONataSortTerm])
    /// `expression@$variable`: binds each value of the step to `$variable` (context stays as before).
    case focus(JSONataExpression, variable: String)
    /// `expression#$variable`: binds the position of each value within the step's sequence.
    case index(JSONataExpression, variable: String)

    // MARK: Constructors

    /// `[item, ...]`: an array constructor; items may be ``range(from:to:)``.
    case array([JSONataExpression])
    /// `from..to`: an integer range. Only appears as an item of ``array(_:)``.
    case range(from: JSONataExpression, to: JSONataExpression)
    /// `{key: value, ...}`: an object constructor (keys are expressions that must yield strings).
    case object([JSONataPair])

    // MARK: Operators

    /// `-expression` (when not folded into a number literal).
    case negate(JSONataExpression)
    /// `lhs operator rhs` for the arithmetic, concatenation, comparison, Boolean, default (`?:`)
    /// and coalescing (`??`) operators.
    case binary(JSONataBinaryOperator, JSONataExpression, JSONataExpression)
    /// `condition ? then : else`; the `: else` part is optional.
    case condition(JSONataExpression, then: JSONataExpression, else: JSONataExpression?)
    /// `value ~> function`: function application (chain).
    case chain(JSONataExpression, JSONataExpression)
    /// `$variable := value`: variable binding; evaluates to the value.
    case bind(variable: String, value: JSONataExpression)

    // MARK: Blocks and functions

    /// `(expression; expression; ...)`: a block with its own variable scope; evaluates to the last
    /// expression. `()` is an empty block. Parentheses used for grouping are one-expression blocks.
    case block([JSONataExpression])
    /// `function(argument, ...)`: a function call. `function` is usually a variable (`$sum`).
    case call(JSONataExpression, arguments: [JSONataExpression])
    /// `function(?, argument)`: partial application; `nil` arguments are the `?` placeholders.
    case partial(JSONataExpression, arguments: [JSONataExpression?])
    /// `function($a, $b)<signature>{ body }` (or `λ(...)`): a lambda. Parameter names are without
    /// the `$`.
    case lambda(parameters: [String], signature: JSONataSignature?, body: JSONataExpression)
    /// `| pattern | update, delete |`: the transform operator; `delete` is optional.
    case transform(pattern: JSONataExpression, update: JSONataExpression, delete: JSONataExpression?)
}

/// The infix operators that have no construct of their own in ``JSONataExpression``.
public enum JSONataBinaryOperator: String, Sendable, Hashable, CaseIterable {
    /// `+`
    case add = "+"
    /// `-`
    case subtract = "-"
    /// `*`
    case multiply = "*"
    /// `/`
    case divide = "/"
    /// `%` (remainder)
    case modulo = "%"
    /// `&`: string concatenation.
    case concatenate = "&"
    /// `=`
    case equal = "="
    /// `!=`
    case notEqual = "!="
    /// `<`
    case less = "<"
    /// `<=`
    case lessOrEqual = "<="
    /// `>`
    case greater = ">"
    /// `>=`
    case greaterOrEqual = ">="
    /// `in`: membership of the left value in the right array.
    case `in` = "in"
    /// `and`
    case and = "and"
    /// `or`
    case or = "or"
    /// `?:`: the left value when its Boolean value is true, else the right value (JSONata 2.1).
    case defaultValue = "?:"
    /// `??`: the left value when it exists, else the right value (JSONata 2.1).
    case coalesce = "??"
}

/// A `key: value` pair of an object constructor or a group-by.
public struct JSONataPair: Sendable, Hashable {
    /// The key expression (a string literal, usually).
    public var key: JSONataExpression
    /// The value expression.
    public var value: JSONataExpression

    /// Creates a pair.
    public init(key: JSONataExpression, value: JSONataExpression) {
        self.key = key
        self.value = value
    }
}

/// One term of an order-by `^( ... )`: `<expression` or `expression` (ascending) or `>expression`
/// (descending).
public struct JSONataSortTerm: Sendable, Hashable {
    /// The sort key, evaluated for each value.
    public var expression: JSONataExpression
    /// Whether the term was written with `>`.
    public var descending: Bool

    /// Creates a sort term.
    public init(expression: JSONataExpression, descending: Bool = false) {
        self.expression = expression
        self.descending = descending
    }
}

/// A lambda's type signature, e.g. `<n-n:n>` or `<a<s>f?:s>`.
public struct JSONataSignature: Sendable, Hashable, CustomStringConvertible {
    /// One parameter of a signature: a type and its modifiers.
    public struct Parameter: Sendable, Hashable {
        /// The accepted type.
        public var type: JSONataSignatureType
        /// `?`: the argument may be omitted.
        public var isOptional: Bool
        /// `+`: one or more arguments of this type.
        public var isVariadic: Bool
        /// `-`: when the argument is missing, the context value is used.
        public var usesContext: Bool

        /// Creates a parameter.
        public init(type: JSONataSignatureType, isOptional: Bool = false, isVariadic: Bool = false, usesContext: Bool = false) {
            self.type = type
            self.isOptional = isOptional
            self.isVariadic = isVariadic
            self.usesContext = usesContext
        }
    }

    /// The parameters in order.
    public var parameters: [Parameter]
    /// The type after `:`, when given.
    public var result: JSONataSignatureType?

    /// Creates a signature.
    public init(parameters: [Parameter], result: JSONataSignatureType? = nil) {
        self.parameters = parameters
        self.result = result
    }

    /// The signature in JSONata syntax, with angle brackets (`<n-n:n>`).
    public var description: String { "<" + body + ">" }

    /// The signature without the enclosing angle brackets.
    var body: String {
        var text = ""
        for parameter in parameters {
            text += parameter.type.description
            if parameter.usesContext { text += "-" }
            if parameter.isVariadic { text += "+" }
            if parameter.isOptional { text += "?" }
        }
        if let result { text += ":" + result.description }
        return text
    }
}

/// A type in a lambda signature.
public indirect enum JSONataSignatureType: Sendable, Hashable, CustomStringConvertible {
    /// `b`
    case boolean
    /// `n`
    case number
    /// `s`
    case string
    /// `l`
    case null
    /// `o`
    case object
    /// `j`: any JSON value.
    case json
    /// `x`: any value, including functions.
    case any
    /// `a`, or `a<type>` for an array whose members have the given type.
    case array(JSONataSignatureType?)
    /// `f`, or `f<signature>` for a function with the given signature.
    case function(JSONataSignature?)
    /// `(...)`: any of the listed (unparameterised) types.
    case choice([JSONataSignatureType])

    /// The type in signature syntax.
    public var description: String {
        switch self {
        case .boolean: "b"
        case .number: "n"
        case .string: "s"
        case .null: "l"
        case .object: "o"
        case .json: "j"
        case .any: "x"
        case .array(let member): member.map { "a<\($0)>" } ?? "a"
        case .function(let signature): signature.map { "f<\($0.body)>" } ?? "f"
        case .choice(let types): "(" + types.map(\.description).joined() + ")"
        }
    }
}

extension JSONataSignature {
    /// Parses a signature written without its angle brackets, e.g. `n-n:n` or `a<s>f?:s`.
    /// - Parameter text: the signature text.
    /// - Throws: ``JSONataSyntaxError`` when it is not a valid signature; offsets are within `text`.
    public init(parsing text: String) throws(JSONataSyntaxError) {
        let scalars = Array(text.unicodeScalars)
        self = try JSONataSignatureParser.parse(scalars.enumerated().map { ($0.element, $0.offset) }, close: scalars.count)
    }
}
