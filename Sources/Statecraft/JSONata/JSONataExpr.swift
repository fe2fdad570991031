import Foundation
import StatesLanguage

/// A Swift type a JSONata expression can stand for: its values are written as JSON literals.
public protocol JSONataType: Sendable {
    /// The value as JSON (a literal in the definition).
    var jsonValue: JSONValue { get }
}

extension Int: JSONataType {
    public var jsonValue: JSONValue { .number(JSONNumber(self)) }
}

extension Double: JSONataType {
    public var jsonValue: JSONValue { .number(JSONNumber(self)) }
}

extension Bool: JSONataType {
    public var jsonValue: JSONValue { .bool(self) }
}

extension String: JSONataType {
    public var jsonValue: JSONValue { .string(self) }
}

extension JSONValue: JSONataType {
    public var jsonValue: JSONValue { self }
}

extension Array: JSONataType where Element: JSONataType {
    public var jsonValue: JSONValue { .array(map(\.jsonValue)) }
}

/// A number type for JSONata arithmetic and ordering.
public protocol JSONataNumber: JSONataType {}
extension Int: JSONataNumber {}
extension Double: JSONataNumber {}

/// Something that reads as a JSONata expression of a known type: ``JSONataExpr`` and
/// ``WorkflowVariable``. Fields that want a number take `some JSONataTyped<Int>`, so an expression
/// declared as a string or a Boolean does not compile there.
public protocol JSONataTyped<Value>: Sendable {
    /// The JSON type the expression evaluates to.
    associatedtype Value: JSONataType
    /// The expression, typed.
    var expression: JSONataExpr<Value> { get }
}

/// A JSONata expression whose result has the Swift type `Value`, for fields that want a number,
/// a Boolean, a string or any JSON value in JSONata states.
///
/// ```swift
/// let timeout = JSONataExpr<Int>("$states.input.timeoutSeconds")
/// let big = JSONataExpr<Int>("$count($states.input.items)") > 100   // JSONataExpr<Bool>
/// ```
///
/// The text is the expression itself; `{% %}` around it is accepted and dropped. The type is what
/// the author declares: Statecraft checks the expression's syntax when it builds the machine, and
/// that it goes only where its type fits when the Swift compiles.
public struct JSONataExpr<Value: JSONataType>: JSONataTyped, Hashable, CustomStringConvertible {
    /// The expression without its `{% %}` delimiters.
    public let text: String
    /// Whether the text needs parentheses when it is an operand.
    let isCompound: Bool

    /// An expression given as JSONata text, with or without `{% %}`.
    public init(_ text: String) {
        let trimmed = JSONataExpr.strip(text)
        self.init(text: trimmed, compound: !JSONataExpr.isSimple(trimmed))
    }

    init(text: String, compound: Bool) {
        self.text = text
        self.isCompound = compound
    }

    /// A literal value as an expression.
    public static func literal(_ value: Value) -> JSONataExpr {
        JSONataExpr(text: JSONataRendering.literal(value.jsonValue), compound: false)
    }

    public var expression: JSONataExpr<Value> { self }

    /// The field value: `{% text %}`.
    public var template: String { "{% \(text) %}" }

    public var description: String { template }

    /// The text as an operand: parenthesised when it is not a single term.
    var operand: String { isCompound ? "(\(text))" : text }

    /// The same text, read as another type (for the operators that change type).
    func retyped<T>() -> JSONataExpr<T> { JSONataExpr<T>(text: text, compound: isCompound) }

    static func strip(_ text: String) -> String {
        var s = Substring(text).drop { $0 == " " || $0 == "\n" || $0 == "\t" }
        while let last = s.last, last == " " || last == "\n" || last == "\t" { s = s.dropLast() }
        if s.hasPrefix("{%") && s.hasSuffix("%}") && s.count >= 4 {
            s = s.dropFirst(2).dropLast(2)
            s = s.drop { $0 == " " || $0 == "\n" || $0 == "\t" }
            while let last = s.last, last == " " || last == "\n" || last == "\t" { s = s.dropLast() }
        }
        return String(s)
    }

    /// A path of names, a variable or a literal: no operator at the top level.
    static func isSimple(_ text: String) -> Bool {
        text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "$" || $0 == "." || $0 == "_" || $0 == "'" }
    }
}

/// A workflow variable (`Assign`) whose value has the Swift type `Value`: set it with
/// ``AssigningStep/assign(_:_:)-(WorkflowVariable<T>,T)``, read it in later expressions.
///
/// ```swift
/// let attempts = WorkflowVariable<Int>("attempts")
/// Pass("Start").assign(attempts, 0)
/// Pass("Count").assign(attempts, attempts + 1)
/// Choice("Enough?") { When(attempts >= 3) { Succeed("Done") } }
/// ```
///
/// Reading a variable that no earlier state assigns is reported by the validator
/// (`jsonata-unassigned-variable`), at the Swift line of the state that reads it.
public struct WorkflowVariable<Value: JSONataType>: JSONataTyped, Hashable {
    /// The name, without `$`.
    public let name: String

    /// Names a variable; a leading `$` is dropped.
    public init(_ name: String) {
        self.name = name.hasPrefix("$") ? String(name.dropFirst()) : name
    }

    /// `$name`.
    public var expression: JSONataExpr<Value> { JSONataExpr(text: "$" + name, compound: false) }
}

extension JSONataTyped {
    /// An expression given as JSONata text, where a typed expression is wanted:
    /// `.timeout(seconds: .expression("{% $count %}"))` is a `JSONataExpr<Int>`.
    public static func expression<V>(_ text: String) -> Self where Self == JSONataExpr<V> { JSONataExpr<V>(text) }
}

// MARK: - Operators

/// JSONata's `=`, `!=`, `<`, `<=`, `>`, `>=`, arithmetic and Boolean operators on typed expressions.
enum JSONataOperators {
    static func binary<L: JSONataTyped, R: JSONataTyped, T>(_ lhs: L, _ op: String, _ rhs: R) -> JSONataExpr<T> {
        JSONataExpr<T>(text: "\(lhs.expression.operand) \(op) \(rhs.expression.operand)", compound: true)
    }
}

extension JSONataTyped {
    /// A JSONata condition: `lhs = rhs`, true when the left side is equal to the right.
    public static func == (lhs: Self, rhs: Value) -> JSONataExpr<Bool> { JSONataOperators.binary(lhs, "=", JSONataExpr.literal(rhs)) }
    /// A JSONata condition: `lhs != rhs`, true when the left side is not equal to the right.
    public static func != (lhs: Self, rhs: Value) -> JSONataExpr<Bool> { JSONataOperators.binary(lhs, "!=", JSONataExpr.literal(rhs)) }
    /// A JSONata condition: `lhs = rhs`, true when both sides are equal.
    public static func == <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<Bool> where R.Value == Value {
        JSONataOperators.binary(lhs, "=", rhs)
    }
    /// A JSONata condition: `lhs != rhs`, true when the sides differ.
    public static func != <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<Bool> where R.Value == Value {
        JSONataOperators.binary(lhs, "!=", rhs)
    }
}

extension JSONataTyped where Value: Comparable {
    /// A JSONata condition: `lhs < rhs`, true when the left side is less than the right.
    public static func < (lhs: Self, rhs: Value) -> JSONataExpr<Bool> { JSONataOperators.binary(lhs, "<", JSONataExpr.literal(rhs)) }
    /// A JSONata condition: `lhs <= rhs`, true when the left side is less than or equal to the right.
    public static func <= (lhs: Self, rhs: Value) -> JSONataExpr<Bool> { JSONataOperators.binary(lhs, "<=", JSONataExpr.literal(rhs)) }
    /// A JSONata condition: `lhs > rhs`, true when the left side is greater than the right.
    public static func > (lhs: Self, rhs: Value) -> JSONataExpr<Bool> { JSONataOperators.binary(lhs, ">", JSONataExpr.literal(rhs)) }
    /// A JSONata condition: `lhs >= rhs`, true when the left side is greater than or equal to the right.
    public static func >= (lhs: Self, rhs: Value) -> JSONataExpr<Bool> { JSONataOperators.binary(lhs, ">=", JSONataExpr.literal(rhs)) }
    /// A JSONata condition: `lhs < rhs`, true when the left side is less than the right.
    public static func < <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<Bool> where R.Value == Value { JSONataOperators.binary(lhs, "<", rhs) }
    /// A JSONata condition: `lhs <= rhs`, true when the left side is less than or equal to the right.
    public static func <= <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<Bool> where R.Value == Value { JSONataOperators.binary(lhs, "<=", rhs) }
    /// A JSONata condition: `lhs > rhs`, true when the left side is greater than the right.
    public static func > <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<Bool> where R.Value == Value { JSONataOperators.binary(lhs, ">", rhs) }
    /// A JSONata condition: `lhs >= rhs`, true when the left side is greater than or equal to the right.
    public static func >= <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<Bool> where R.Value == Value { JSONataOperators.binary(lhs, ">=", rhs) }
}

extension JSONataTyped where Value: JSONataNumber {
    /// A JSONata expression: `lhs + rhs`, the sum of the two sides.
    public static func + (lhs: Self, rhs: Value) -> JSONataExpr<Value> { JSONataOperators.binary(lhs, "+", JSONataExpr.literal(rhs)) }
    /// A JSONata expression: `lhs - rhs`, the difference of the two sides.
    public static func - (lhs: Self, rhs: Value) -> JSONataExpr<Value> { JSONataOperators.binary(lhs, "-", JSONataExpr.literal(rhs)) }
    /// A JSONata expression: `lhs * rhs`, the product of the two sides.
    public static func * (lhs: Self, rhs: Value) -> JSONataExpr<Value> { JSONataOperators.binary(lhs, "*", JSONataExpr.literal(rhs)) }
    /// A JSONata expression: `lhs + rhs`, the sum of the two sides.
    public static func + <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<Value> where R.Value == Value { JSONataOperators.binary(lhs, "+", rhs) }
    /// A JSONata expression: `lhs - rhs`, the difference of the two sides.
    public static func - <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<Value> where R.Value == Value { JSONataOperators.binary(lhs, "-", rhs) }
    /// A JSONata expression: `lhs * rhs`, the product of the two sides.
    public static func * <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<Value> where R.Value == Value { JSONataOperators.binary(lhs, "*", rhs) }
}

extension JSONataTyped where Value == String {
    /// JSONata's string concatenation, `&`.
    public static func & (lhs: Self, rhs: String) -> JSONataExpr<String> { JSONataOperators.binary(lhs, "&", JSONataExpr.literal(rhs)) }
    /// A JSONata expression: `lhs & rhs`, the two sides as strings, joined.
    public static func & <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<String> { JSONataOperators.binary(lhs, "&", rhs) }
}

extension JSONataTyped where Value == Bool {
    /// A JSONata condition: `lhs and rhs`.
    public static func && <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<Bool> where R.Value == Bool { JSONataOperators.binary(lhs, "and", rhs) }
    /// A JSONata condition: `lhs or rhs`.
    public static func || <R: JSONataTyped>(lhs: Self, rhs: R) -> JSONataExpr<Bool> where R.Value == Bool { JSONataOperators.binary(lhs, "or", rhs) }
    /// A JSONata condition: `$not(operand)`.
    public static prefix func ! (operand: Self) -> JSONataExpr<Bool> { JSONataExpr(text: "$not(\(operand.expression.text))", compound: false) }
}

// MARK: - Rendering

/// JSON values and model paths written as JSONata text.
enum JSONataRendering {
    /// A JSON value as a JSONata literal: strings in single quotes where they can be (so that they need
    /// no escaping inside the definition's JSON strings), the rest as JSON (which is valid JSONata).
    static func literal(_ value: JSONValue) -> String {
        switch value {
        case .string(let s):
            // JSON's escapes are JSONata's, and JSONata has no escape for a quote of the other kind:
            // a string holding a single quote stays in double quotes.
            let json = JSONWriter.string(.string(s), style: .compact)
            if s.contains("'") { return json }
            return "'" + json.dropFirst().dropLast().replacingOccurrences(of: "\\\"", with: "\"") + "'"
        case .array(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.map { literal(.string($0.key)) + ": " + literal($0.value) }.joined(separator: ", ") + "}"
        default: return JSONWriter.string(value, style: .compact)
        }
    }

    /// A field name in a JSONata path: bare when it is an identifier, else in backticks.
    static func name(_ name: String) -> String {
        let identifier = !name.isEmpty && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || $0 == "_" }
            && !(name.unicodeScalars.first.map { $0.properties.numericType != nil } ?? false)
            && !["and", "or", "in", "true", "false", "null", "function"].contains(name)
        return identifier ? name : "`\(name)`"
    }
}
