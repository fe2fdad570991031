import StatesLanguage

/// A payload template (`Parameters`, `ResultSelector`, `Assign`) prepared once, when the program is
/// compiled: each object knows the order AWS writes its members in (the literal fields as written,
/// then the computed `.$` fields in `java.util.HashMap` order), so evaluating it builds each object
/// directly, without looking keys up or hashing them again.
///
/// It gives exactly what ``DataFlow/evaluate(_:_:random:)-(PayloadTemplate,_,_)`` gives: fields are
/// evaluated in the order they are written (the first failure wins, random draws keep their order),
/// and an object whose fields repeat a name keeps the general evaluation.
struct CompiledTemplate: Sendable {
    private let node: Node

    private indirect enum Node: Sendable {
        case value(JSONValue)
        case array([Node])
        /// Fields in written order, and the order of the output members (indexes into `fields`).
        case object(fields: [Field], order: [Int])
        /// A template evaluated the general way (an object with a repeated name).
        case general(PayloadTemplate)
    }

    private struct Field: Sendable {
        let name: String
        let value: Value
    }

    private enum Value: Sendable {
        case template(Node)
        /// A path, with the `.$` key its failure names.
        case path(Path, key: String)
        case intrinsic(CompiledIntrinsic)
    }

    init(_ template: PayloadTemplate) {
        node = CompiledTemplate.compile(template)
    }

    private static func compile(_ template: PayloadTemplate) -> Node {
        switch template {
        case .value(let v): return .value(v)
        case .array(let items):
            let compiled = items.map(compile)
            // Literal all the way down: one value, made now instead of on every evaluation.
            var literal: [JSONValue] = []
            for node in compiled { guard case .value(let v) = node else { return .array(compiled) }; literal.append(v) }
            return .value(.array(literal))
        case .object(let fields):
            guard Set(fields.map(\.name)).count == fields.count else { return .general(template) }
            var compiled: [Field] = []
            var literal: [Int] = []
            var computed: [Int] = []
            for (i, field) in fields.enumerated() {
                switch field.value {
                case .template(let t):
                    compiled.append(Field(name: field.name, value: .template(compile(t))))
                    literal.append(i)
                case .expression(.path(let p)):
                    compiled.append(Field(name: field.name, value: .path(p, key: field.key)))
                    computed.append(i)
                case .expression(.intrinsic(let call)):
                    compiled.append(Field(name: field.name, value: .intrinsic(CompiledIntrinsic(call))))
                    computed.append(i)
                }
            }
            if computed.isEmpty {
                // Literal all the way down (written order, as literal members keep it): one value.
                var members: [JSONObject.Member] = []
                for field in compiled {
                    guard case .template(.value(let v)) = field.value else { return .object(fields: compiled, order: literal) }
                    members.append(JSONObject.Member(key: field.name, value: v))
                }
                return .value(.object(JSONObject(uniqueMembers: members)))
            }
            let computedOrder = JavaText.hashMapOrder(computed.map { fields[$0].name }).map { computed[$0] }
            return .object(fields: compiled, order: literal + computedOrder)
        }
    }

    /// Evaluates the template against `scope`.
    /// - Throws: as ``DataFlow/evaluate(_:_:random:)-(PayloadTemplate,_,_)``.
    func evaluate(_ scope: DataScope, random: inout SeededRandom) throws(RuntimeError) -> JSONValue {
        try CompiledTemplate.evaluate(node, scope, &random)
    }

    private static func evaluate(_ node: Node, _ scope: DataScope, _ random: inout SeededRandom) throws(RuntimeError) -> JSONValue {
        switch node {
        case .value(let v):
            return v
        case .array(let items):
            var values: [JSONValue] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item, scope, &random)) }
            return .array(values)
        case .general(let template):
            return try DataFlow.evaluate(template, scope, random: &random)
        case .object(let fields, let order):
            var values: [JSONValue] = []
            values.reserveCapacity(fields.count)
            for field in fields {
                switch field.value {
                case .template(let inner):
                    values.append(try evaluate(inner, scope, &random))
                case .path(let path, let key):
                    // The `.$` key is spelled out only for the cause of a failure.
                    do { values.append(try DataFlow.select(path, in: scope)) } catch {
                        values.append(try DataFlow.select(path, in: scope, field: key))
                    }
                case .intrinsic(let compiled):
                    values.append(try Intrinsics(scope: scope, expressionText: compiled.call.text).evaluate(compiled, random: &random))
                }
            }
            var members: [JSONObject.Member] = []
            members.reserveCapacity(order.count)
            for i in order { members.append(JSONObject.Member(key: fields[i].name, value: values[i])) }
            return .object(JSONObject(uniqueMembers: members))
        }
    }
}
