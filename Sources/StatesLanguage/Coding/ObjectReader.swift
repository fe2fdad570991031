/// Reads the fields of one JSON object for ``DecodingSession``, checking JSON types and reporting problems
/// at the field's JSON pointer.
final class ObjectReader {
    let object: JSONObject
    let pointer: JSONPointer
    unowned let decoding: DecodingSession

    init(_ object: JSONObject, at pointer: JSONPointer, decoding: DecodingSession) {
        self.object = object
        self.pointer = pointer
        self.decoding = decoding
    }

    func error(_ code: Diagnostic.Code, _ message: String, at pointer: JSONPointer, key: Bool = false, hint: String? = nil) {
        decoding.error(code, message, at: pointer, key: key, hint: hint)
    }

    /// Reports every member not in `allowed`: a field of another place as `field-not-allowed`, anything else as `unknown-field`.
    func checkFields(allowed: Set<String>, context: String) {
        for member in object where !allowed.contains(member.key) {
            let at = pointer.appending(member.key)
            if ASLFields.anyState.contains(member.key) || ASLFields.machine.contains(member.key) {
                error(.fieldNotAllowed, "\(member.key) is not allowed in \(context)", at: at, key: true,
                      hint: "remove it")
            } else {
                let suggestion = Spelling.suggestion(for: member.key, among: allowed)
                error(.unknownField, "\"\(member.key)\" is not a field of \(context)", at: at, key: true,
                      hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "remove it; allowed fields are \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    func missing(_ key: String) {
        error(.missingField, "\(key) is required here", at: pointer, hint: "add \"\(key)\"")
    }

    func typeError(_ key: String, expected: String, found: JSONValue) {
        error(.badType, "\(key) must be \(expected), found \(found.typeName)", at: pointer.appending(key))
    }

    // MARK: Scalars and containers

    func raw(_ key: String) -> JSONValue? { object[key] }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = object[key] else {
            if required { missing(key) }
            return nil
        }
        guard case .string(let s) = value else {
            typeError(key, expected: "a string", found: value)
            return nil
        }
        return s
    }

    func int(_ key: String) -> Int? {
        guard let value = object[key] else { return nil }
        return intValue(value, key: key)
    }

    func intValue(_ value: JSONValue, key: String) -> Int? {
        guard case .number(let n) = value else {
            typeError(key, expected: "an integer", found: value)
            return nil
        }
        guard let i = n.intValue else {
            error(.badType, "\(key) must be an integer, found \(n.text)", at: pointer.appending(key))
            return nil
        }
        return i
    }

    func object(_ key: String, required: Bool = false) -> JSONObject? {
        guard let value = object[key] else {
            if required { missing(key) }
            return nil
        }
        guard case .object(let o) = value else {
            typeError(key, expected: "an object", found: value)
            return nil
        }
        return o
    }

    func array(_ key: String, required: Bool = false) -> [JSONValue]? {
        guard let value = object[key] else {
            if required { missing(key) }
            return nil
        }
        guard case .array(let a) = value else {
            typeError(key, expected: "an array", found: value)
            return nil
        }
        return a
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) -> E? where E.RawValue == String {
        guard let text = string(key) else { return nil }
        guard let value = E(rawValue: text) else {
            let names = E.allCases.map(\.rawValue)
            error(.badValue, "\(key) must be one of \(names.joined(separator: ", ")), found \"\(text)\"", at: pointer.appending(key),
                  hint: Spelling.suggestion(for: text, among: names).map { "did you mean \"\($0)\"?" })
            return nil
        }
        return value
    }

    func queryLanguage() -> QueryLanguage? { enumeration("QueryLanguage", QueryLanguage.self) }

    // MARK: Transitions

    func transition() -> Transition {
        let next = object["Next"]
        let end = object["End"]
        switch (next, end) {
        case (.some, .some):
            error(.fieldExclusive, "a state takes Next or End, not both", at: pointer.appending("End"), key: true,
                  hint: "keep Next to continue, or End: true to finish")
            return string("Next").map(Transition.next) ?? .end
        case (.some, nil):
            return string("Next").map(Transition.next) ?? .end
        case (nil, .some(let value)):
            if value != .bool(true) {
                error(.badValue, "End must be true, found \(value)", at: pointer.appending("End"),
                      hint: "write \"End\": true, or remove End and set Next")
            }
            return .end
        case (nil, nil):
            error(.missingField, "this state needs Next (the state to go to) or \"End\": true", at: pointer,
                  hint: "add \"Next\": \"<state name>\" or \"End\": true")
            return .end
        }
    }

    // MARK: Paths and expressions

    func parsePath(_ text: String, at pointer: JSONPointer, field: String, reference: Bool) -> Path? {
        do {
            let path = reference ? try Path.parseReferencePath(text) : try Path(parsing: text)
            return path
        } catch let problem {
            error(.badJSONPath, "\(field) \"\(text)\" is not a valid \(reference ? "reference path" : "path"): \(problem.message)",
                  at: pointer, hint: reference ? "a reference path is $ followed by .name, ['name'] or [index] steps" : nil)
            return nil
        }
    }

    func path(_ key: String, reference: Bool = false) -> Path? {
        guard let value = object[key] else { return nil }
        guard case .string(let text) = value else {
            typeError(key, expected: "a path string", found: value)
            return nil
        }
        if IntrinsicCall.looksLikeCall(text) {
            error(.badJSONPath, "\(key) must be a path; intrinsic functions are not allowed here", at: pointer.appending(key),
                  hint: "compute the value in Parameters or a Pass state first")
            return nil
        }
        return parsePath(text, at: pointer.appending(key), field: key, reference: reference)
    }

    /// `InputPath`/`OutputPath`: a path or `null`.
    func nullablePath(_ key: String) -> NullablePath? {
        guard let value = object[key] else { return nil }
        if value.isNull { return .null }
        return path(key).map(NullablePath.path)
    }

    /// `ResultPath`: a reference path into the state input, or `null`.
    func resultPath(_ key: String = "ResultPath") -> NullablePath? {
        guard let value = object[key] else { return nil }
        if value.isNull { return .null }
        guard let path = path(key, reference: true) else { return nil }
        if path.root != .input {
            error(.badJSONPath, "\(key) \"\(path.text)\" must start with $: results cannot be written to \(path.root == .context ? "the context object" : "a variable")",
                  at: pointer.appending(key), hint: path.root == .context ? nil : "use Assign to set a variable")
            return nil
        }
        return .path(path)
    }

    /// The value of a `.$` field, `ErrorPath` or `CausePath`: a path or an intrinsic call.
    func expression(_ text: String, at pointer: JSONPointer, field: String) -> Expression? {
        if IntrinsicCall.looksLikeCall(text) {
            do {
                return .intrinsic(try IntrinsicCall(parsing: text))
            } catch let problem {
                error(.badIntrinsic, "\(field) \"\(text)\" is not a valid intrinsic function call: \(problem.message)", at: pointer)
                return nil
            }
        }
        if text.hasPrefix("$") {
            return parsePath(text, at: pointer, field: field, reference: false).map(Expression.path)
        }
        error(.badJSONPath, "\(field) must hold a path (starting with $) or an intrinsic function call (States.…), found \"\(text)\"",
              at: pointer, hint: field.hasSuffix(".$") ? "for a literal value drop the .$ suffix from the key" : nil)
        return nil
    }

    // MARK: Payload templates

    func payload(_ key: String) -> PayloadTemplate? {
        guard let value = object[key] else { return nil }
        return template(value, at: pointer.appending(key))
    }

    func template(_ value: JSONValue, at pointer: JSONPointer) -> PayloadTemplate {
        switch value {
        case .object(let members):
            var fields: [PayloadField] = []
            var firstKeyForName: [String: String] = [:]
            for member in members {
                let memberPointer = pointer.appending(member.key)
                let isDynamic = member.key.hasSuffix(".$") && member.key.count > 2
                let name = isDynamic ? String(member.key.dropLast(2)) : member.key
                if let other = firstKeyForName[name] {
                    error(.duplicateField, "\"\(member.key)\" and \"\(other)\" both produce the field \"\(name)\"", at: memberPointer, key: true,
                          hint: "keep one of them")
                    continue
                }
                firstKeyForName[name] = member.key
                if isDynamic {
                    guard case .string(let text) = member.value else {
                        error(.badType, "the value of \"\(member.key)\" must be a string holding a path or an intrinsic function call, found \(member.value.typeName)",
                              at: memberPointer, hint: "for a literal value drop the .$ suffix from the key")
                        continue
                    }
                    if let e = expression(text, at: memberPointer, field: member.key) {
                        fields.append(PayloadField(name, .expression(e)))
                    }
                } else {
                    fields.append(PayloadField(name, .template(template(member.value, at: memberPointer))))
                }
            }
            return .object(fields)
        case .array(let elements):
            return .array(elements.enumerated().map { template($1, at: pointer.appending($0)) })
        default:
            return .value(value)
        }
    }

    // MARK: Literal-or-path fields

    private func checkExclusive(_ key: String, _ pathKey: String) -> Bool {
        if object.index(forKey: key) != nil && object.index(forKey: pathKey) != nil {
            error(.fieldExclusive, "\(key) and \(pathKey) cannot both be set", at: pointer.appending(pathKey), key: true,
                  hint: "keep \(key) for a fixed value or \(pathKey) to read it from the input")
            return false
        }
        return true
    }

    private func source<V>(_ key: String, pathKey: String, exclusiveChecked: Bool, literal: (JSONValue) -> V?) -> ValueSource<V>? {
        if !exclusiveChecked { _ = checkExclusive(key, pathKey) }
        if let value = object[key] {
            if case .string(let s) = value, s.hasPrefix("{%") || s.hasSuffix("%}") { return .jsonata(s) }
            return literal(value).map(ValueSource.literal)
        }
        if object.index(forKey: pathKey) != nil {
            return path(pathKey, reference: true).map(ValueSource.path)
        }
        return nil
    }

    func intSource(_ key: String, pathKey: String, exclusiveChecked: Bool = false) -> ValueSource<Int>? {
        source(key, pathKey: pathKey, exclusiveChecked: exclusiveChecked) { self.intValue($0, key: key) }
    }

    func numberSource(_ key: String, pathKey: String) -> ValueSource<JSONNumber>? {
        source(key, pathKey: pathKey, exclusiveChecked: false) { value in
            guard case .number(let n) = value else {
                self.typeError(key, expected: "a number", found: value)
                return nil
            }
            return n
        }
    }

    func stringSource(_ key: String, pathKey: String, exclusiveChecked: Bool = false) -> ValueSource<String>? {
        source(key, pathKey: pathKey, exclusiveChecked: exclusiveChecked) { value in
            guard case .string(let s) = value else {
                self.typeError(key, expected: "a string", found: value)
                return nil
            }
            return s
        }
    }

    // MARK: Retry and Catch

    func errorEquals(_ reader: ObjectReader) -> [ErrorName] {
        guard let array = reader.array("ErrorEquals", required: true) else { return [] }
        var names: [ErrorName] = []
        for (i, element) in array.enumerated() {
            guard case .string(let s) = element else {
                error(.badType, "ErrorEquals entries must be error names (strings), found \(element.typeName)",
                      at: reader.pointer.appending("ErrorEquals").appending(i))
                continue
            }
            names.append(ErrorName(s))
        }
        return names
    }

    func entries(_ key: String, allowed: Set<String>, context: String) -> [(ObjectReader, JSONPointer)] {
        guard let array = array(key) else { return [] }
        var readers: [(ObjectReader, JSONPointer)] = []
        for (i, element) in array.enumerated() {
            let at = pointer.appending(key).appending(i)
            guard case .object(let o) = element else {
                error(.badType, "each \(context) must be an object, found \(element.typeName)", at: at)
                continue
            }
            let reader = ObjectReader(o, at: at, decoding: decoding)
            reader.checkFields(allowed: allowed, context: context)
            readers.append((reader, at))
        }
        return readers
    }

    func retriers() -> [Retrier] {
        entries("Retry", allowed: ASLFields.retrier, context: "a Retry entry").map { reader, _ in
            var backoff: JSONNumber?
            if let value = reader.object["BackoffRate"] {
                if case .number(let n) = value { backoff = n } else { reader.typeError("BackoffRate", expected: "a number", found: value) }
            }
            return Retrier(
                errorEquals: errorEquals(reader), intervalSeconds: reader.int("IntervalSeconds"),
                maxAttempts: reader.int("MaxAttempts"), backoffRate: backoff, maxDelaySeconds: reader.int("MaxDelaySeconds"),
                jitterStrategy: reader.string("JitterStrategy").map(JitterStrategy.init(rawValue:)),
                comment: reader.string("Comment"))
        }
    }

    func catchers() -> [Catcher] {
        entries("Catch", allowed: ASLFields.catcher, context: "a Catch entry").map { reader, _ in
            Catcher(
                errorEquals: errorEquals(reader), next: reader.string("Next", required: true) ?? "",
                resultPath: reader.resultPath(), output: reader.raw("Output"), assign: reader.payload("Assign"),
                comment: reader.string("Comment"))
        }
    }
}
