import StatesLanguage

/// Amazon DynamoDB integrations (`dynamodb:getItem`, `putItem`, `updateItem`, `deleteItem`).
public enum DynamoDB {
    /// A DynamoDB attribute value, e.g. `.s("lock-1")`, `.n(.path("$.count"))`.
    public indirect enum Attribute: Sendable, ExpressibleByStringLiteral {
        /// A string (`S`).
        case s(PayloadValue)
        /// A number, written as a string (`"3"`) or read from a path.
        case n(PayloadValue)
        /// A Boolean (`BOOL`).
        case bool(PayloadValue)
        /// `NULL`.
        case null
        /// A string set (`SS`).
        case ss([PayloadValue])
        /// A list (`L`).
        case l([Attribute])
        /// A map (`M`), its keys in the order written.
        case m(KeyValuePairs<String, Attribute>)

        public init(stringLiteral value: String) { self = .s(.literal(.string(value))) }

        /// A number literal.
        public static func number(_ value: Int) -> Attribute { .n(.literal(.string(String(value)))) }

        var value: PayloadValue {
            switch self {
            case .s(let v): return ["S": v]
            case .n(let v): return ["N": v]
            case .bool(let v): return ["BOOL": v]
            case .null: return ["NULL": true]
            case .ss(let v): return ["SS": .array(v)]
            case .l(let items): return ["L": .array(items.map(\.value))]
            case .m(let fields): return ["M": .object(Payload(fields.map { ($0.key, $0.value.value) }))]
            }
        }
    }

    /// A map of attributes (a key or an item).
    public typealias Attributes = KeyValuePairs<String, Attribute>

    static func attributes(_ a: Attributes) -> PayloadValue { .object(Payload(a.map { ($0.key, $0.value.value) })) }

    static func expressionFields(
        _ p: inout Payload, condition: String?, names: KeyValuePairs<String, PayloadValue>, values: Attributes
    ) {
        p.add("ConditionExpression", condition.map { .literal(.string($0)) })
        if names.count > 0 { p.append("ExpressionAttributeNames", .object(Payload(names.map { ($0.key, $0.value) }))) }
        if values.count > 0 { p.append("ExpressionAttributeValues", attributes(values)) }
    }

    /// Reads one item.
    public struct GetItem: TaskStep {
        /// The step falls through to the step written after it.
        public typealias Ending = Continues
        public var _spec: _StateSpec
        /// Makes a `dynamodb:getItem` task that reads the item with `key` from `table`; `consistentRead` asks for a strongly consistent read.
        public init(_ name: String, table: PayloadValue, key: Attributes, consistentRead: Bool? = nil, fileID: String = #fileID, line: Int = #line) {
            var p: Payload = ["TableName": table, "Key": DynamoDB.attributes(key)]
            p.add("ConsistentRead", consistentRead.map { .literal(.bool($0)) })
            _spec = .task(name, service: "dynamodb", action: "getItem", pattern: .requestResponse, parameters: p, fileID: fileID, line: line)
        }
    }

    /// Writes one item, optionally only when `condition` holds (else `DynamoDB.ConditionalCheckFailedException`).
    public struct PutItem: TaskStep {
        /// The step falls through to the step written after it.
        public typealias Ending = Continues
        public var _spec: _StateSpec
        /// Makes a `dynamodb:putItem` task; `condition` is a condition expression whose `#name` and `:value` placeholders `names` and `values` fill.
        public init(
            _ name: String, table: PayloadValue, item: Attributes, condition: String? = nil,
            names: KeyValuePairs<String, PayloadValue> = [:], values: Attributes = [:], fileID: String = #fileID, line: Int = #line
        ) {
            var p: Payload = ["TableName": table, "Item": DynamoDB.attributes(item)]
            DynamoDB.expressionFields(&p, condition: condition, names: names, values: values)
            _spec = .task(name, service: "dynamodb", action: "putItem", pattern: .requestResponse, parameters: p, fileID: fileID, line: line)
        }
    }

    /// Updates one item with an update expression (`SET`, `REMOVE`, `ADD`), optionally conditionally.
    public struct UpdateItem: TaskStep {
        /// The step falls through to the step written after it.
        public typealias Ending = Continues
        public var _spec: _StateSpec
        /// Makes a `dynamodb:updateItem` task applying `update` to the item with `key`; `returnValues` is `NONE`, `ALL_OLD`, `UPDATED_OLD`, `ALL_NEW` or `UPDATED_NEW`.
        public init(
            _ name: String, table: PayloadValue, key: Attributes, update: String, condition: String? = nil,
            names: KeyValuePairs<String, PayloadValue> = [:], values: Attributes = [:], returnValues: String? = nil,
            fileID: String = #fileID, line: Int = #line
        ) {
            var p: Payload = ["TableName": table, "Key": DynamoDB.attributes(key), "UpdateExpression": .literal(.string(update))]
            DynamoDB.expressionFields(&p, condition: condition, names: names, values: values)
            p.add("ReturnValues", returnValues.map { .literal(.string($0)) })
            _spec = .task(name, service: "dynamodb", action: "updateItem", pattern: .requestResponse, parameters: p, fileID: fileID, line: line)
        }
    }

    /// Deletes one item, optionally only when `condition` holds.
    public struct DeleteItem: TaskStep {
        /// The step falls through to the step written after it.
        public typealias Ending = Continues
        public var _spec: _StateSpec
        /// Makes a `dynamodb:deleteItem` task for the item with `key`, only when `condition` holds if one is given.
        public init(
            _ name: String, table: PayloadValue, key: Attributes, condition: String? = nil,
            names: KeyValuePairs<String, PayloadValue> = [:], values: Attributes = [:], fileID: String = #fileID, line: Int = #line
        ) {
            var p: Payload = ["TableName": table, "Key": DynamoDB.attributes(key)]
            DynamoDB.expressionFields(&p, condition: condition, names: names, values: values)
            _spec = .task(name, service: "dynamodb", action: "deleteItem", pattern: .requestResponse, parameters: p, fileID: fileID, line: line)
        }
    }
}
