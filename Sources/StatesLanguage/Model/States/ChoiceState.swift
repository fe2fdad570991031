/// A `Choice` state: moves to the first branch whose condition holds, else to `Default`.
public struct ChoiceState: Sendable, Hashable {
    public var choices: [ChoiceBranch]
    public var defaultState: String?
    public var inputPath: NullablePath?
    public var outputPath: NullablePath?
    public var output: JSONValue?
    public var assign: PayloadTemplate?

    public init(
        choices: [ChoiceBranch], defaultState: String? = nil, inputPath: NullablePath? = nil,
        outputPath: NullablePath? = nil, output: JSONValue? = nil, assign: PayloadTemplate? = nil
    ) {
        self.choices = choices
        self.defaultState = defaultState
        self.inputPath = inputPath
        self.outputPath = outputPath
        self.output = output
        self.assign = assign
    }
}

/// One top-level entry of `Choices`: a condition and the state to go to.
public struct ChoiceBranch: Sendable, Hashable {
    public var condition: ChoiceCondition
    public var next: String
    public var comment: String?
    public var output: JSONValue?
    public var assign: PayloadTemplate?

    public init(
        condition: ChoiceCondition, next: String, comment: String? = nil, output: JSONValue? = nil,
        assign: PayloadTemplate? = nil
    ) {
        self.condition = condition
        self.next = next
        self.comment = comment
        self.output = output
        self.assign = assign
    }
}

/// A Choice rule's condition: a comparison, a Boolean combination, or (JSONata) a `Condition` expression.
public indirect enum ChoiceCondition: Sendable, Hashable {
    case comparison(Comparison)
    case and([ChoiceCondition], comment: String? = nil)
    case or([ChoiceCondition], comment: String? = nil)
    case not(ChoiceCondition, comment: String? = nil)
    /// JSONata `Condition`: a `{% %}` expression (or a literal Boolean).
    case jsonata(JSONValue)
}

/// `Variable` compared with an operator, e.g. `{"Variable": "$.n", "NumericGreaterThan": 3}`.
public struct Comparison: Sendable, Hashable {
    public var variable: Path
    public var `operator`: ComparisonOperator
    public var operand: Operand
    public var comment: String?

    /// What the variable is compared with.
    public enum Operand: Sendable, Hashable {
        /// A literal (`"StringEquals": "x"`, `"IsPresent": true`).
        case literal(JSONValue)
        /// Another path (`"StringEqualsPath": "$.other"`).
        case path(Path)
    }

    public init(variable: Path, operator: ComparisonOperator, operand: Operand, comment: String? = nil) {
        self.variable = variable
        self.operator = `operator`
        self.operand = operand
        self.comment = comment
    }

    /// The operator's JSON key: `StringEquals`, or `StringEqualsPath` when the operand is a path.
    public var operatorKey: String {
        if case .path = operand { return self.operator.rawValue + "Path" }
        return self.operator.rawValue
    }
}

/// The comparison operators of JSONPath Choice rules (each also has a `...Path` form, except the type tests and `StringMatches`).
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case stringEquals = "StringEquals"
    case stringLessThan = "StringLessThan"
    case stringGreaterThan = "StringGreaterThan"
    case stringLessThanEquals = "StringLessThanEquals"
    case stringGreaterThanEquals = "StringGreaterThanEquals"
    case stringMatches = "StringMatches"
    case numericEquals = "NumericEquals"
    case numericLessThan = "NumericLessThan"
    case numericGreaterThan = "NumericGreaterThan"
    case numericLessThanEquals = "NumericLessThanEquals"
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    case booleanEquals = "BooleanEquals"
    case timestampEquals = "TimestampEquals"
    case timestampLessThan = "TimestampLessThan"
    case timestampGreaterThan = "TimestampGreaterThan"
    case timestampLessThanEquals = "TimestampLessThanEquals"
    case timestampGreaterThanEquals = "TimestampGreaterThanEquals"
    case isNull = "IsNull"
    case isPresent = "IsPresent"
    case isNumeric = "IsNumeric"
    case isString = "IsString"
    case isBoolean = "IsBoolean"
    case isTimestamp = "IsTimestamp"

    /// Whether a `<name>Path` variant exists.
    public var hasPathForm: Bool {
        switch self {
        case .stringMatches, .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp: false
        default: true
        }
    }

    /// The JSON type the literal operand must have.
    public var operandType: OperandType {
        switch self {
        case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals, .stringGreaterThanEquals,
            .stringMatches:
            .string
        case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals, .numericGreaterThanEquals:
            .number
        case .timestampEquals, .timestampLessThan, .timestampGreaterThan, .timestampLessThanEquals,
            .timestampGreaterThanEquals:
            .timestamp
        case .booleanEquals, .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp:
            .boolean
        }
    }

    /// The literal type an operator compares against.
    public enum OperandType: String, Sendable { case string, number, boolean, timestamp }

    /// Looks up an operator key, with or without its `Path` suffix.
    /// - Returns: the operator and whether the key was the path form, or `nil` for an unknown key.
    public static func parse(key: String) -> (ComparisonOperator, isPath: Bool)? {
        if let op = ComparisonOperator(rawValue: key) { return (op, false) }
        if key.hasSuffix("Path"), let op = ComparisonOperator(rawValue: String(key.dropLast(4))), op.hasPathForm {
            return (op, true)
        }
        return nil
    }
}
