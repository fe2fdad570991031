/// A `Choice` state: moves to the first branch whose condition holds, else to `Default`.
public struct ChoiceState: Sendable, Hashable {
    /// `Choices`: the rules, tried in order; the first that matches chooses the next state.
    public var choices: [ChoiceBranch]
    /// `Default`: the state to go to when no rule matches; `nil` when absent (the execution fails with `States.NoChoiceMatched`).
    public var defaultState: String?
    /// `InputPath`: selects the part of the state input the state works on; `nil` when absent (the whole input), `.null` for an empty object.
    public var inputPath: NullablePath?
    /// `OutputPath`: selects the part of the state output passed on; `nil` when absent (all of it), `.null` for an empty object.
    public var outputPath: NullablePath?
    /// `Output` (JSONata): the output when the `Default` is taken; `nil` when absent (the input passes through).
    public var output: JSONValue?
    /// `Assign`: the variables set when the `Default` is taken; `nil` when absent.
    public var assign: PayloadTemplate?

    /// Makes a Choice state.
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
    /// The test this rule makes: a comparison (JSONPath) or a JSONata `Condition`, possibly combined with `And`, `Or`, `Not`.
    public var condition: ChoiceCondition
    /// `Next`: the state to go to.
    public var next: String
    /// `Comment`: free text for readers; `nil` when absent.
    public var comment: String?
    /// `Output` (JSONata): the Choice state's output when this rule matches; `nil` when absent (the input passes through).
    public var output: JSONValue?
    /// `Assign`: the variables set when this rule matches; `nil` when absent.
    public var assign: PayloadTemplate?

    /// Makes a rule that goes to `next` when `condition` holds.
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
    /// A single comparison of a variable.
    case comparison(Comparison)
    /// `And`: every condition holds.
    case and([ChoiceCondition], comment: String? = nil)
    /// `Or`: at least one condition holds.
    case or([ChoiceCondition], comment: String? = nil)
    /// `Not`: the condition does not hold.
    case not(ChoiceCondition, comment: String? = nil)
    /// JSONata `Condition`: a `{% %}` expression (or a literal Boolean).
    case jsonata(JSONValue)
}

/// `Variable` compared with an operator, e.g. `{"Variable": "$.n", "NumericGreaterThan": 3}`.
public struct Comparison: Sendable, Hashable {
    /// `Variable`: the path whose value is compared.
    public var variable: Path
    /// The comparison operator, such as `NumericGreaterThan`.
    public var `operator`: ComparisonOperator
    /// What the value is compared with: a literal or another path.
    public var operand: Operand
    /// `Comment`: free text for readers; `nil` when absent.
    public var comment: String?

    /// What the variable is compared with.
    public enum Operand: Sendable, Hashable {
        /// A literal (`"StringEquals": "x"`, `"IsPresent": true`).
        case literal(JSONValue)
        /// Another path (`"StringEqualsPath": "$.other"`).
        case path(Path)
    }

    /// Makes a comparison of the value at `variable` with `operand`.
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
    /// `StringEquals`: the variable is a string equal to the operand.
    case stringEquals = "StringEquals"
    /// `StringLessThan`: the variable is a string ordered before the operand.
    case stringLessThan = "StringLessThan"
    /// `StringGreaterThan`: the variable is a string ordered after the operand.
    case stringGreaterThan = "StringGreaterThan"
    /// `StringLessThanEquals`: the variable is a string ordered before or equal to the operand.
    case stringLessThanEquals = "StringLessThanEquals"
    /// `StringGreaterThanEquals`: the variable is a string ordered after or equal to the operand.
    case stringGreaterThanEquals = "StringGreaterThanEquals"
    /// `StringMatches`: the variable is a string matching the `*` wildcard pattern of the operand.
    case stringMatches = "StringMatches"
    /// `NumericEquals`: the variable is a number equal to the operand.
    case numericEquals = "NumericEquals"
    /// `NumericLessThan`: the variable is a number less than the operand.
    case numericLessThan = "NumericLessThan"
    /// `NumericGreaterThan`: the variable is a number greater than the operand.
    case numericGreaterThan = "NumericGreaterThan"
    /// `NumericLessThanEquals`: the variable is a number less than or equal to the operand.
    case numericLessThanEquals = "NumericLessThanEquals"
    /// `NumericGreaterThanEquals`: the variable is a number greater than or equal to the operand.
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    /// `BooleanEquals`: the variable is a Boolean equal to the operand.
    case booleanEquals = "BooleanEquals"
    /// `TimestampEquals`: the variable is a timestamp equal to the operand.
    case timestampEquals = "TimestampEquals"
    /// `TimestampLessThan`: the variable is a timestamp earlier than the operand.
    case timestampLessThan = "TimestampLessThan"
    /// `TimestampGreaterThan`: the variable is a timestamp later than the operand.
    case timestampGreaterThan = "TimestampGreaterThan"
    /// `TimestampLessThanEquals`: the variable is a timestamp earlier than or equal to the operand.
    case timestampLessThanEquals = "TimestampLessThanEquals"
    /// `TimestampGreaterThanEquals`: the variable is a timestamp later than or equal to the operand.
    case timestampGreaterThanEquals = "TimestampGreaterThanEquals"
    /// `IsNull`: whether the variable is `null` (operand `true`) or is not (`false`).
    case isNull = "IsNull"
    /// `IsPresent`: whether the variable exists in the input (operand `true`) or does not (`false`).
    case isPresent = "IsPresent"
    /// `IsNumeric`: whether the variable is a number (operand `true`) or is not (`false`).
    case isNumeric = "IsNumeric"
    /// `IsString`: whether the variable is a string (operand `true`) or is not (`false`).
    case isString = "IsString"
    /// `IsBoolean`: whether the variable is a Boolean (operand `true`) or is not (`false`).
    case isBoolean = "IsBoolean"
    /// `IsTimestamp`: whether the variable is an RFC 3339 timestamp string (operand `true`) or is not (`false`).
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
    public enum OperandType: String, Sendable {
        /// A string (`String…` operators).
        case string
        /// A number (`Numeric…` operators).
        case number
        /// A Boolean (`BooleanEquals` and the `Is…` tests).
        case boolean
        /// An RFC 3339 timestamp string (`Timestamp…` operators).
        case timestamp
    }

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
