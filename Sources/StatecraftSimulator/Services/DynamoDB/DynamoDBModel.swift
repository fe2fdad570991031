import StatesLanguage

/// DynamoDB tables, modelled after AWS for the optimized integrations `dynamodb:getItem`, `putItem`,
/// `updateItem` and `deleteItem`: items in DynamoDB JSON (`{"S": "x"}`, `{"N": "1"}`, …), key
/// schemas, `ConditionExpression` and `UpdateExpression` (`DynamoDBCondition`, `DynamoDBUpdate`),
/// `ReturnValues`, and AWS's errors: `DynamoDB.ConditionalCheckFailedException`,
/// `DynamoDB.ResourceNotFoundException`, and validation errors as `DynamoDB.AmazonDynamoDBException`
/// (recorded). Each call takes effect at one instant, so a conditional update is atomic, as on AWS.
public final class DynamoDBModel {
    /// A table: its key attributes (partition key, then the sort key if any) and its items.
    public struct Table: Sendable {
        /// The table name.
        public let name: String
        /// The key attributes: the partition key, then the sort key if any.
        public let key: [String]
        /// The items, in DynamoDB JSON, in the order they were first written.
        public fileprivate(set) var items: [JSONObject] = []
        fileprivate var index: [String: Int] = [:]
    }

    /// Tables by name.
    public private(set) var tables: [String: Table] = [:]
    /// Whether a call on a table not created here fails with `DynamoDB.ResourceNotFoundException`;
    /// otherwise the call is left to the simulator's next integration.
    public var onlyDefinedTables = false

    /// Creates (or replaces) a table with key attributes `key` and initial `items` (DynamoDB JSON).
    /// - Throws: ``ServiceError`` when an item lacks a key attribute.
    public func createTable(_ name: String, key: [String], items: [JSONObject] = []) throws(ServiceError) {
        var table = Table(name: name, key: key)
        for item in items {
            guard let k = Self.keyText(item, table.key) else {
                throw Self.validation("One or more parameter values were invalid: Missing the key \(key.joined(separator: ", ")) in the item")
            }
            Self.store(item, k, in: &table)
        }
        tables[name] = table
    }

    /// The item with this key (DynamoDB JSON values), if any.
    public func item(in table: String, key: JSONObject) -> JSONObject? {
        guard let t = tables[table], let k = Self.keyText(key, t.key), let i = t.index[k] else { return nil }
        return t.items[i]
    }

    func call(_ action: String, _ call: TaskCall, _ context: inout ServiceContext) -> TaskOutcome? {
        let p = call.parameters
        let tableName = p["TableName"]?.stringValue ?? ""
        guard var table = tables[tableName] else {
            guard onlyDefinedTables else { return nil }
            return ServiceError(error: "DynamoDB.ResourceNotFoundException", service: "AmazonDynamoDBv2", statusCode: 400,
                                code: "ResourceNotFoundException", message: "Requested resource not found").outcome(&context)
        }
        do throws(ServiceError) {
            let attributes = try perform(action, p, &table)
            tables[tableName] = table
            var body: [(String, JSONValue)] = []
            if let attributes { body.append((action == "getItem" ? "Item" : "Attributes", .object(attributes))) }
            let bodyText = DataFlow.serialize(.object(JSONObject(distinctPairs: body)))
            let requestId = context.requestId()
            body += context.sdkMetadata(contentType: "application/x-amz-json-1.0", contentLength: bodyText.utf8.count, requestId: requestId,
                                         extraHeaders: [("Connection", "keep-alive"), ("Server", "Server"),
                                                        ("x-amz-crc32", String(Self.crc32(Array(bodyText.utf8))))])
            body.sort { $0.0 < $1.0 }
            return .success(.object(JSONObject(distinctPairs: body)))
        } catch {
            return error.outcome(&context)
        }
    }

    /// Runs one action on `table`; returns the `Item` (getItem) or `Attributes` to report, if any.
    private func perform(_ action: String, _ p: JSONValue, _ table: inout Table) throws(ServiceError) -> JSONObject? {
        let names = Self.names(p["ExpressionAttributeNames"])
        let values = Self.values(p["ExpressionAttributeValues"])
        let returnValues = p["ReturnValues"]?.stringValue ?? "NONE"
        // Both expressions are read, and every placeholder checked, before anything is evaluated.
        let parsedCondition: DynamoDBCondition?
        let parsedUpdate: DynamoDBUpdate?
        do throws(DynamoDBExpressionError) {
            parsedCondition = try p["ConditionExpression"]?.stringValue.map { text throws(DynamoDBExpressionError) in
                try DynamoDBCondition(text, names: names, values: values)
            }
            parsedUpdate = action == "updateItem" ? try p["UpdateExpression"]?.stringValue.map { text throws(DynamoDBExpressionError) in
                try DynamoDBUpdate(text, names: names, values: values)
            } : nil
            if let unused = DynamoDBExpressionError.unusedPlaceholders(
                names: names, values: values,
                usedNames: (parsedCondition?.usedNames ?? []).union(parsedUpdate?.usedNames ?? []),
                usedValues: (parsedCondition?.usedValues ?? []).union(parsedUpdate?.usedValues ?? [])) {
                throw unused
            }
        } catch {
            throw Self.validation(error.message)
        }
        if let touched = parsedUpdate?.touchedAttributes.first(where: table.key.contains) {
            throw Self.validation("One or more parameter values were invalid: Cannot update attribute \(touched). This attribute is part of the key")
        }
        func condition(_ existing: JSONObject?) throws(ServiceError) {
            guard let parsedCondition else { return }
            let holds: Bool
            do throws(DynamoDBExpressionError) { holds = try parsedCondition.holds(on: existing) } catch { throw Self.validation(error.message) }
            guard holds else {
                throw ServiceError(error: "DynamoDB.ConditionalCheckFailedException", service: "AmazonDynamoDBv2", statusCode: 400,
                                   code: "ConditionalCheckFailedException", message: "The conditional request failed")
            }
        }
        switch action {
        case "getItem":
            let (key, _) = try keyOf(p["Key"], table)
            return table.index[key].map { table.items[$0] }
        case "putItem":
            guard case .object(let item)? = p["Item"] else {
                throw Self.validation("1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null")
            }
            guard let key = Self.keyText(item, table.key) else {
                throw Self.validation("One or more parameter values were invalid: Missing the key \(table.key.joined(separator: ", ")) in the item")
            }
            let old = table.index[key].map { table.items[$0] }
            try condition(old)
            Self.store(item, key, in: &table)
            return returnValues == "ALL_OLD" ? old : nil
        case "deleteItem":
            let (key, _) = try keyOf(p["Key"], table)
            let old = table.index[key].map { table.items[$0] }
            try condition(old)
            if let i = table.index[key] {
                table.items.remove(at: i)
                table.index = [:]
                for (n, item) in table.items.enumerated() { if let k = Self.keyText(item, table.key) { table.index[k] = n } }
            }
            return returnValues == "ALL_OLD" ? old : nil
        case "updateItem":
            let (key, keyObject) = try keyOf(p["Key"], table)
            let old = table.index[key].map { table.items[$0] }
            try condition(old)
            var new = old ?? keyObject
            if let update = parsedUpdate {
                do throws(DynamoDBExpressionError) { new = try update.apply(to: new) } catch { throw Self.validation(error.message) }
            }
            Self.store(new, key, in: &table)
            switch returnValues {
            case "ALL_OLD": return old
            case "ALL_NEW": return new
            case "UPDATED_OLD", "UPDATED_NEW":
                let source = returnValues == "UPDATED_OLD" ? old ?? JSONObject() : new
                let changed = Set(parsedUpdate?.touchedAttributes ?? [])
                let picked = source.members.filter { changed.contains($0.key) }
                return picked.isEmpty ? nil : JSONObject(uniqueMembers: picked)
            default: return nil
            }
        default:
            throw Self.validation("unsupported action \(action)")
        }
    }

    /// The text identifying the item of a `Key` parameter, and the key as an object.
    private func keyOf(_ value: JSONValue?, _ table: Table) throws(ServiceError) -> (String, JSONObject) {
        guard case .object(let key)? = value, key.count == table.key.count, let text = Self.keyText(key, table.key) else {
            throw Self.validation("The provided key element does not match the schema")
        }
        return (text, key)
    }

    static func keyText(_ item: JSONObject, _ key: [String]) -> String? {
        var parts: [JSONValue] = []
        for name in key {
            guard let value = item[name] else { return nil }
            parts.append(value)
        }
        return DataFlow.serialize(.array(parts))
    }

    fileprivate static func store(_ item: JSONObject, _ key: String, in table: inout Table) {
        if let i = table.index[key] { table.items[i] = item } else {
            table.index[key] = table.items.count
            table.items.append(item)
        }
    }

    static func names(_ value: JSONValue?) -> [String: String] {
        guard case .object(let o)? = value else { return [:] }
        var names: [String: String] = [:]
        for member in o.members { if let s = member.value.stringValue { names[member.key] = s } }
        return names
    }

    static func values(_ value: JSONValue?) -> [String: JSONValue] {
        guard case .object(let o)? = value else { return [:] }
        var values: [String: JSONValue] = [:]
        for member in o.members { values[member.key] = member.value }
        return values
    }

    static func validation(_ message: String) -> ServiceError {
        ServiceError(error: "DynamoDB.AmazonDynamoDBException", service: "AmazonDynamoDBv2", statusCode: 400, code: "ValidationException",
                     message: message)
    }

    /// CRC-32 (IEEE), which DynamoDB sends as `x-amz-crc32` over the response body.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
