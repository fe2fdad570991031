/// A JSON payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`, `Credentials`):
/// JSON whose object fields named `key.$` are computed from a path or an intrinsic call.
///
/// Field order is kept as written.
public indirect enum PayloadTemplate: Sendable, Hashable {
    /// An object template, its fields in the order written.
    case object([PayloadField])
    /// An array of templates.
    case array([PayloadTemplate])
    /// A literal scalar (string, number, Boolean, null).
    case value(JSONValue)

    /// Whether any field, at any depth, is dynamic.
    public var isDynamic: Bool {
        switch self {
        case .object(let fields): fields.contains { $0.isDynamic }
        case .array(let items): items.contains { $0.isDynamic }
        case .value: false
        }
    }

    /// Every dynamic expression at any depth, with the JSON pointer (relative to the template) of its field.
    public var expressions: [(pointer: JSONPointer, expression: Expression)] {
        var found: [(JSONPointer, Expression)] = []
        forEachExpression { e, tokens in found.append((JSONPointer(tokens: tokens), e)) }
        return found
    }

    /// Calls `body` with each dynamic expression and the pointer tokens (relative to the template) of its field.
    public func forEachExpression(_ body: (Expression, [String]) -> Void) {
        var tokens: [String] = []
        visitExpressions(&tokens, body)
    }

    private func visitExpressions(_ tokens: inout [String], _ body: (Expression, [String]) -> Void) {
        switch self {
        case .object(let fields):
            for field in fields {
                switch field.value {
                case .template(let t):
                    tokens.append(field.name)
                    t.visitExpressions(&tokens, body)
                    tokens.removeLast()
                case .expression(let e):
                    tokens.append(field.key)
                    body(e, tokens)
                    tokens.removeLast()
                }
            }
        case .array(let items):
            for (i, item) in items.enumerated() {
                tokens.append(String(i))
                item.visitExpressions(&tokens, body)
                tokens.removeLast()
            }
        case .value:
            break
        }
    }

    /// The top-level field called `name` (its output name, without `.$`), when this template is an object.
    public func field(named name: String) -> PayloadField? {
        guard case .object(let fields) = self else { return nil }
        let length = name.utf8.count
        return fields.first { JSONObject.sameKey($0.name, name, length) }
    }

    /// The template as plain JSON when it has no dynamic fields.
    public var literalValue: JSONValue? {
        switch self {
        case .value(let v): return v
        case .array(let items):
            var values: [JSONValue] = []
            for item in items {
                guard let v = item.literalValue else { return nil }
                values.append(v)
            }
            return .array(values)
        case .object(let fields):
            var object = JSONObject()
            for field in fields {
                guard case .template(let t) = field.value, let v = t.literalValue else { return nil }
                object.appendUnchecked(field.name, v)
            }
            return .object(object)
        }
    }
}

/// One field of a payload-template object.
public struct PayloadField: Sendable, Hashable {
    /// The output key: the JSON key without its `.$` suffix.
    public var name: String
    /// What the field holds: a nested template or a computed expression.
    public var value: Value

    /// The value of a payload-template field.
    public enum Value: Sendable, Hashable {
        /// A nested template (`"key": ...`).
        case template(PayloadTemplate)
        /// A computed value (`"key.$": "$.path"` or `"key.$": "States.Format(...)"`).
        case expression(Expression)
    }

    /// Makes a field from its output key (without `.$`) and value.
    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }

    /// Whether the field or anything inside it is computed.
    public var isDynamic: Bool {
        switch value {
        case .expression: true
        case .template(let t): t.isDynamic
        }
    }

    /// The JSON key as written: `name.$` for computed fields.
    public var key: String {
        if case .expression = value { return name + ".$" }
        return name
    }
}
