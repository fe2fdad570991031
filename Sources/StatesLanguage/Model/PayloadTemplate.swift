/// A JSON payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`, `Credentials`):
/// JSON whose object fields named `key.$` are computed from a path or an intrinsic call.
///
/// Field order is kept as written.
public indirect enum PayloadTemplate: Sendable, Hashable {
    case object([PayloadField])
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
        collectExpressions(at: .root, into: &found)
        return found
    }

    func collectExpressions(at pointer: JSONPointer, into found: inout [(JSONPointer, Expression)]) {
        switch self {
        case .object(let fields):
            for field in fields {
                switch field.value {
                case .template(let t): t.collectExpressions(at: pointer.appending(field.name), into: &found)
                case .expression(let e): found.append((pointer.appending(field.name + ".$"), e))
                }
            }
        case .array(let items):
            for (i, item) in items.enumerated() { item.collectExpressions(at: pointer.appending(i), into: &found) }
        case .value:
            break
        }
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
    public var value: Value

    public enum Value: Sendable, Hashable {
        /// A nested template (`"key": ...`).
        case template(PayloadTemplate)
        /// A computed value (`"key.$": "$.path"` or `"key.$": "States.Format(...)"`).
        case expression(Expression)
    }

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
