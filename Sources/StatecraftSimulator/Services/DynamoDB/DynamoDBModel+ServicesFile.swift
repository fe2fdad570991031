import StatesLanguage

extension DynamoDBModel: ServiceModel {
    /// `"dynamodb"`.
    public var sectionName: String? { "dynamodb" }

    /// `dynamodb:getItem`, `putItem`, `updateItem` and `deleteItem`, request-response.
    public var routes: [ServiceRoute] { [ServiceRoute(resourceType: "dynamodb", actions: ["getItem", "putItem", "updateItem", "deleteItem"])] }

    /// Answers one of the four item actions.
    public func answer(_ call: TaskCall, action: String, in context: inout ServiceContext) -> TaskOutcome? {
        self.call(action, call, &context)
    }

    /// Reads the `dynamodb` section: tables, their keys and items.
    public func readSection(_ section: JSONValue, at pointer: JSONPointer, with reader: ServicesFileReader,
                            in context: inout ServiceContext) throws(ServicesFileError) {
        try reader.readDynamoDB(section, pointer, self)
    }
}

/// The `dynamodb` section of a services file.
extension ServicesFileReader {
    func readDynamoDB(_ value: JSONValue, _ at: JSONPointer, _ dynamodb: DynamoDBModel) throws(ServicesFileError) {
        let o = try object(value, at, allowed: ["tables"])
        guard let t = o["tables"] else { return }
        let ta = at.appending("tables")
        for member in try map(t, ta).members {
            let ea = ta.appending(member.key)
            let e = try object(member.value, ea, allowed: ["key", "items"])
            guard let k = e["key"] else { throw fail("a table needs its \"key\" attributes, e.g. [\"pk\"]", ea) }
            let keyEntries = try array(k, ea.appending("key"))
            var key: [String] = []
            for (i, entry) in keyEntries.enumerated() { key.append(try string(entry, ea.appending("key").appending(i))) }
            guard (1...2).contains(key.count) else { throw fail("a key has one attribute (partition) or two (partition, sort)", ea.appending("key")) }
            var items: [JSONObject] = []
            if let i = e["items"] {
                for (n, entry) in try array(i, ea.appending("items")).enumerated() {
                    let item = try map(entry, ea.appending("items").appending(n))
                    for name in key where item[name] == nil {
                        throw fail("the item lacks the key attribute \"\(name)\"", ea.appending("items").appending(n))
                    }
                    items.append(item)
                }
            }
            do {
                try dynamodb.createTable(member.key, key: key, items: items)
            } catch {
                throw fail(error.message, ea)
            }
        }
        dynamodb.onlyDefinedTables = true
    }
}
