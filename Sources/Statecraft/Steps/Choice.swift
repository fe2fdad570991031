import StatesLanguage

/// A `Choice` state: runs the first `When` branch whose condition holds, else ``Otherwise(fileID:line:_:)``.
///
/// A branch's steps rejoin the flow after the Choice when they end, unless their last step ends the
/// flow (Succeed, Fail) or jumps (``Goto``, ``Break``, ``Continue``). An empty branch goes straight on.
/// Like `if` without `else`, a Choice without ``Otherwise(fileID:line:_:)`` continues with the next step when no rule
/// matches; with `noMatch: .fail` it has no `Default` and fails with `States.NoChoiceMatched`.
public struct Choice: Step {
    /// The step falls through to the step written after it.
    public typealias Ending = Continues
    var spec: ChoiceSpec
    public var _node: _StepNode { .choice(spec) }

    /// What happens when no rule matches and there is no ``Otherwise(fileID:line:_:)``.
    public enum NoMatch: Sendable {
        /// Continue with the step after the Choice (`Default` is that step).
        case `continue`
        /// Fail with `States.NoChoiceMatched` (no `Default`).
        case fail
    }

    /// Makes a Choice state of the `When` and `Otherwise` branches of `branches`; `noMatch` says what happens when no rule matches and there is no `Otherwise`.
    public init(
        _ name: String, noMatch: NoMatch = .continue, fileID: String = #fileID, line: Int = #line,
        @ChoiceBuilder _ branches: () -> [ChoiceBranchStep]
    ) {
        spec = ChoiceSpec(name: name, location: SwiftLocation(fileID: fileID, line: line))
        if case .continue = noMatch { spec.otherwise = [] }
        for branch in branches() {
            switch branch.kind {
            case .when(let rule): spec.branches.append(rule)
            case .otherwise(let steps, let location):
                if spec.otherwiseLocation != nil {
                    spec.problems.append(StepProblem(code: "choice-rule", message: "a Choice has at most one Otherwise", field: nil, hint: nil))
                }
                spec.otherwise = steps
                spec.otherwiseLocation = location
            }
        }
    }

    /// Sets `Comment`.
    public func comment(_ text: String) -> Choice { var c = self; c.spec.comment = text; return c }

    /// Sets `InputPath`.
    public func inputPath(_ path: String?) -> Choice { var c = self; c.spec.inputPath = c.nullablePath(path, "InputPath"); return c }

    /// Sets `OutputPath`.
    public func outputPath(_ path: String?) -> Choice { var c = self; c.spec.outputPath = c.nullablePath(path, "OutputPath"); return c }

    /// Sets `Assign`.
    public func assign(_ variables: Payload) -> Choice {
        var c = self
        let (template, problems) = variables.lower()
        c.spec.assign = template
        c.spec.problems += problems
        return c
    }

    mutating func nullablePath(_ text: String?, _ field: String) -> NullablePath? {
        guard let text else { return .null }
        do {
            return .path(try Path(parsing: text))
        } catch {
            spec.problems.append(StepProblem(code: "bad-jsonpath", message: "\(field) \"\(text)\" is not a valid path: \(error.message)", field: field, hint: nil))
            return nil
        }
    }
}

/// A branch of a ``Choice``: `When` or ``Otherwise(fileID:line:_:)``.
public struct ChoiceBranchStep: Sendable {
    enum Kind: Sendable {
        case when(ChoiceSpec.Rule)
        case otherwise([_StepNode], SwiftLocation)
    }
    let kind: Kind
}

/// Collects the branches of a ``Choice``.
@resultBuilder
public enum ChoiceBuilder {
    /// Turns one element written in the block into a part of it.
    public static func buildExpression(_ branch: ChoiceBranchStep) -> [ChoiceBranchStep] { [branch] }
    /// Joins the parts of a block in the order written.
    public static func buildBlock(_ parts: [ChoiceBranchStep]...) -> [ChoiceBranchStep] { parts.flatMap { $0 } }
    /// An `if` without `else`: its part when the condition holds, otherwise nothing.
    public static func buildOptional(_ part: [ChoiceBranchStep]?) -> [ChoiceBranchStep] { part ?? [] }
    /// One branch of an `if`/`else` or `switch`.
    public static func buildEither(first part: [ChoiceBranchStep]) -> [ChoiceBranchStep] { part }
    /// One branch of an `if`/`else` or `switch`.
    public static func buildEither(second part: [ChoiceBranchStep]) -> [ChoiceBranchStep] { part }
    /// A `for` loop: the parts of every iteration, in order.
    public static func buildArray(_ parts: [[ChoiceBranchStep]]) -> [ChoiceBranchStep] { parts.flatMap { $0 } }
}

/// A Choice rule: when `condition` holds, run `steps`.
public func When(
    _ condition: Condition, comment: String? = nil, fileID: String = #fileID, line: Int = #line,
    @StepsBuilder _ steps: () -> AnySteps
) -> ChoiceBranchStep {
    var problems: [StepProblem] = []
    let lowered = condition.lower(&problems)
    return ChoiceBranchStep(kind: .when(ChoiceSpec.Rule(
        condition: lowered, steps: steps().nodes, location: SwiftLocation(fileID: fileID, line: line), comment: comment,
        problems: problems)))
}

/// The `Default` branch of a ``Choice``.
public func Otherwise(fileID: String = #fileID, line: Int = #line, @StepsBuilder _ steps: () -> AnySteps) -> ChoiceBranchStep {
    ChoiceBranchStep(kind: .otherwise(steps().nodes, SwiftLocation(fileID: fileID, line: line)))
}

// MARK: - Conditions

/// A value in the state input (or context object, or a variable) to test in a Choice rule.
///
/// ```swift
/// When(Variable("$.attempts") >= 3 && Variable("$.status") == "FAILED") { ... }
/// When(Variable("$.lock").isPresent) { ... }
/// ```
public struct Variable: Sendable {
    /// The JSONPath of the value, such as `$.status`.
    public let path: String
    /// Names the value at `path`.
    public init(_ path: String) { self.path = path }

    func compare(_ op: ComparisonOperator, _ operand: Condition.Operand) -> Condition {
        Condition(kind: .comparison(path, op, operand))
    }

    /// `IsPresent: true`.
    public var isPresent: Condition { compare(.isPresent, .literal(true)) }
    /// `IsPresent: false`.
    public var isAbsent: Condition { compare(.isPresent, .literal(false)) }
    /// `IsNull: true`.
    public var isNull: Condition { compare(.isNull, .literal(true)) }
    /// `IsString: true`.
    public var isString: Condition { compare(.isString, .literal(true)) }
    /// `IsNumeric: true`.
    public var isNumeric: Condition { compare(.isNumeric, .literal(true)) }
    /// `IsBoolean: true`.
    public var isBoolean: Condition { compare(.isBoolean, .literal(true)) }
    /// `IsTimestamp: true`.
    public var isTimestamp: Condition { compare(.isTimestamp, .literal(true)) }
    /// `StringMatches`, with `*` as a wildcard.
    public func matches(_ pattern: String) -> Condition { compare(.stringMatches, .literal(.string(pattern))) }

    /// Compares with a literal or another path using any operator, e.g. `.compare(.timestampLessThan, path: "$.deadline")`.
    public func compare(_ op: ComparisonOperator, path other: String) -> Condition { compare(op, .path(other)) }
    /// Compares with a literal using any operator, e.g. `.compare(.stringMatches, "job-*")`.
    public func compare(_ op: ComparisonOperator, _ literal: JSONValue) -> Condition { compare(op, .literal(literal)) }

    /// A condition that holds when the variable is a string equal to `rhs` (`StringEquals`).
    public static func == (lhs: Variable, rhs: String) -> Condition { lhs.compare(.stringEquals, .literal(.string(rhs))) }
    /// A condition that holds when the variable is a Boolean equal to `rhs` (`BooleanEquals`).
    public static func == (lhs: Variable, rhs: Bool) -> Condition { lhs.compare(.booleanEquals, .literal(.bool(rhs))) }
    /// A condition that holds when the variable is a number equal to `rhs` (`NumericEquals`).
    public static func == (lhs: Variable, rhs: Int) -> Condition { lhs.compare(.numericEquals, .literal(.number(JSONNumber(rhs)))) }
    /// A condition that holds when the variable is a number equal to `rhs` (`NumericEquals`).
    public static func == (lhs: Variable, rhs: Double) -> Condition { lhs.compare(.numericEquals, .literal(.number(JSONNumber(rhs)))) }
    /// A condition that holds when the variable is not equal to `rhs` (`Not` around the equality).
    public static func != (lhs: Variable, rhs: String) -> Condition { !(lhs == rhs) }
    /// A condition that holds when the variable is not equal to `rhs` (`Not` around the equality).
    public static func != (lhs: Variable, rhs: Bool) -> Condition { !(lhs == rhs) }
    /// A condition that holds when the variable is not equal to `rhs` (`Not` around the equality).
    public static func != (lhs: Variable, rhs: Int) -> Condition { !(lhs == rhs) }
    /// A condition that holds when the variable is a number less than `rhs` (`NumericLessThan`).
    public static func < (lhs: Variable, rhs: Int) -> Condition { lhs.compare(.numericLessThan, .literal(.number(JSONNumber(rhs)))) }
    /// A condition that holds when the variable is a number less than or equal to `rhs` (`NumericLessThanEquals`).
    public static func <= (lhs: Variable, rhs: Int) -> Condition { lhs.compare(.numericLessThanEquals, .literal(.number(JSONNumber(rhs)))) }
    /// A condition that holds when the variable is a number greater than `rhs` (`NumericGreaterThan`).
    public static func > (lhs: Variable, rhs: Int) -> Condition { lhs.compare(.numericGreaterThan, .literal(.number(JSONNumber(rhs)))) }
    /// A condition that holds when the variable is a number greater than or equal to `rhs` (`NumericGreaterThanEquals`).
    public static func >= (lhs: Variable, rhs: Int) -> Condition { lhs.compare(.numericGreaterThanEquals, .literal(.number(JSONNumber(rhs)))) }
    /// A condition that holds when the variable is a number less than `rhs` (`NumericLessThan`).
    public static func < (lhs: Variable, rhs: Double) -> Condition { lhs.compare(.numericLessThan, .literal(.number(JSONNumber(rhs)))) }
    /// A condition that holds when the variable is a number less than or equal to `rhs` (`NumericLessThanEquals`).
    public static func <= (lhs: Variable, rhs: Double) -> Condition { lhs.compare(.numericLessThanEquals, .literal(.number(JSONNumber(rhs)))) }
    /// A condition that holds when the variable is a number greater than `rhs` (`NumericGreaterThan`).
    public static func > (lhs: Variable, rhs: Double) -> Condition { lhs.compare(.numericGreaterThan, .literal(.number(JSONNumber(rhs)))) }
    /// A condition that holds when the variable is a number greater than or equal to `rhs` (`NumericGreaterThanEquals`).
    public static func >= (lhs: Variable, rhs: Double) -> Condition { lhs.compare(.numericGreaterThanEquals, .literal(.number(JSONNumber(rhs)))) }
    /// A condition that holds when the variable is a string ordered before `rhs` (`StringLessThan`).
    public static func < (lhs: Variable, rhs: String) -> Condition { lhs.compare(.stringLessThan, .literal(.string(rhs))) }
    /// A condition that holds when the variable is a string ordered before or equal to `rhs` (`StringLessThanEquals`).
    public static func <= (lhs: Variable, rhs: String) -> Condition { lhs.compare(.stringLessThanEquals, .literal(.string(rhs))) }
    /// A condition that holds when the variable is a string ordered after `rhs` (`StringGreaterThan`).
    public static func > (lhs: Variable, rhs: String) -> Condition { lhs.compare(.stringGreaterThan, .literal(.string(rhs))) }
    /// A condition that holds when the variable is a string ordered after or equal to `rhs` (`StringGreaterThanEquals`).
    public static func >= (lhs: Variable, rhs: String) -> Condition { lhs.compare(.stringGreaterThanEquals, .literal(.string(rhs))) }
}

/// A Choice rule condition, combined with `&&`, `||` and `!`.
public struct Condition: Sendable {
    indirect enum Kind: Sendable {
        case comparison(String, ComparisonOperator, Operand)
        case and([Condition])
        case or([Condition])
        case not(Condition)
        case jsonata(String)
    }
    enum Operand: Sendable {
        case literal(JSONValue)
        case path(String)
    }
    let kind: Kind

    /// A JSONata `Condition` (for JSONata states), e.g. `"{% $states.input.count > 3 %}"`.
    public static func jsonata(_ expression: String) -> Condition { Condition(kind: .jsonata(expression)) }

    /// `And`: both conditions hold (`a && b && c` makes one `And` of three).
    public static func && (lhs: Condition, rhs: Condition) -> Condition {
        if case .and(let items) = lhs.kind { return Condition(kind: .and(items + [rhs])) }
        return Condition(kind: .and([lhs, rhs]))
    }

    /// `Or`: at least one condition holds (`a || b || c` makes one `Or` of three).
    public static func || (lhs: Condition, rhs: Condition) -> Condition {
        if case .or(let items) = lhs.kind { return Condition(kind: .or(items + [rhs])) }
        return Condition(kind: .or([lhs, rhs]))
    }

    /// `Not`: the condition does not hold.
    public static prefix func ! (condition: Condition) -> Condition { Condition(kind: .not(condition)) }

    func lower(_ problems: inout [StepProblem]) -> ChoiceCondition? {
        func parse(_ text: String) -> Path? {
            do { return try Path(parsing: text) } catch {
                problems.append(StepProblem(code: "bad-jsonpath", message: "\"\(text)\" is not a valid path: \(error.message)", field: nil, hint: nil))
                return nil
            }
        }
        switch kind {
        case .comparison(let variable, let op, let operand):
            guard let v = parse(variable) else { return nil }
            switch operand {
            case .literal(let value): return .comparison(Comparison(variable: v, operator: op, operand: .literal(value)))
            case .path(let p):
                guard op.hasPathForm else {
                    problems.append(StepProblem(code: "choice-rule", message: "\(op.rawValue) has no Path form", field: nil, hint: nil))
                    return nil
                }
                guard let other = parse(p) else { return nil }
                return .comparison(Comparison(variable: v, operator: op, operand: .path(other)))
            }
        case .and(let items):
            let lowered = items.compactMap { $0.lower(&problems) }
            return lowered.count == items.count ? .and(lowered) : nil
        case .or(let items):
            let lowered = items.compactMap { $0.lower(&problems) }
            return lowered.count == items.count ? .or(lowered) : nil
        case .not(let inner):
            return inner.lower(&problems).map { .not($0) }
        case .jsonata(let text):
            return .jsonata(.string(text))
        }
    }
}
