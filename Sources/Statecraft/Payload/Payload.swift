import StatesLanguage

/// A JSON payload written in Swift: an ordered dictionary literal whose values may be literals,
/// paths, context-object fields, variables or intrinsic calls.
///
/// ```swift
/// let parameters: Payload = [
///     "LaunchType": "FARGATE",
///     "Cluster": .path("$.cluster"),
///     "Attempt": .context("State.RetryCount"),
///     "Message": .format("Job {} failed", .executionId),
/// ]
/// ```
/// Dynamic values become `key.$` fields in the definition.
public struct Payload: Sendable, ExpressibleByDictionaryLiteral {
    /// The fields in the order written.
    public var fields: [(key: String, value: PayloadValue)]

    public init(dictionaryLiteral elements: (String, PayloadValue)...) {
        fields = elements.map { ($0, $1) }
    }

    /// Makes a payload from fields in order.
    public init(_ fields: [(key: String, value: PayloadValue)]) {
        self.fields = fields
    }

    /// Adds a field (later fields with the same key are reported when lowered).
    public mutating func append(_ key: String, _ value: PayloadValue) { fields.append((key, value)) }

    /// The payload with `key` set to `value` (replacing an existing field of that key in place).
    public func setting(_ key: String, _ value: PayloadValue?) -> Payload {
        var copy = self
        if let i = copy.fields.firstIndex(where: { $0.key == key }) {
            if let value { copy.fields[i].value = value } else { copy.fields.remove(at: i) }
        } else if let value {
            copy.fields.append((key, value))
        }
        return copy
    }

    /// The payload as a template, and the problems found (bad paths, dynamic values where none can go).
    func lower() -> (template: PayloadTemplate, problems: [StepProblem]) {
        var problems: [StepProblem] = []
        let template = PayloadValue.object(self).lowerTemplate(&problems)
        return (template, problems)
    }
}

/// One value of a ``Payload``.
public indirect enum PayloadValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// A literal JSON value.
    case literal(JSONValue)
    /// A nested object.
    case object(Payload)
    /// An array of values.
    case array([PayloadValue])
    /// A path: `$.field` into the input, `$$.Execution.Id` into the context object, `$name` to a variable.
    case path(String)
    /// An intrinsic function call.
    case intrinsic(IntrinsicFunction, [PayloadValue])
    /// An intrinsic call written as ASL text, e.g. `"States.Format('{}', $.a)"`.
    case intrinsicText(String)
    /// A JSONata expression, for JSONata states: `.jsonata("$states.input.x")` is the counterpart of
    /// `.path("$.x")` (`{% %}` around the text is accepted). In a JSONPath state it is refused.
    case jsonata(String)

    public init(stringLiteral value: String) { self = .literal(.string(value)) }
    public init(integerLiteral value: Int) { self = .literal(.number(JSONNumber(value))) }
    public init(floatLiteral value: Double) { self = .literal(.number(JSONNumber(value))) }
    public init(booleanLiteral value: Bool) { self = .literal(.bool(value)) }
    public init(nilLiteral: ()) { self = .literal(.null) }
    public init(arrayLiteral elements: PayloadValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, PayloadValue)...) { self = .object(Payload(elements.map { ($0, $1) })) }
    /// A literal string (use `.path` for paths: a string literal is never read as one).
    public init(_ string: String) { self = .literal(.string(string)) }
    /// A literal JSON value.
    public init(_ json: JSONValue) { self = .literal(json) }

    /// A typed JSONata expression or a workflow variable, e.g. `.jsonata(attempts + 1)`.
    public static func jsonata<E: JSONataTyped>(_ expression: E) -> PayloadValue { .jsonata(expression.expression.text) }

    // MARK: Context object and variables

    /// A field of the context object, e.g. `.context("Execution.Id")` for `$$.Execution.Id`.
    public static func context(_ field: String) -> PayloadValue { .path("$$." + field) }
    /// A workflow variable, `$name`.
    public static func variable(_ name: String) -> PayloadValue { .path("$" + name) }
    /// `$$.Execution.Id`: the execution ARN.
    public static var executionId: PayloadValue { .context("Execution.Id") }
    /// `$$.Execution.Name`.
    public static var executionName: PayloadValue { .context("Execution.Name") }
    /// `$$.Execution.StartTime`.
    public static var executionStartTime: PayloadValue { .context("Execution.StartTime") }
    /// `$$.Execution.Input`.
    public static var executionInput: PayloadValue { .context("Execution.Input") }
    /// `$$.State.Name`: the current state's name.
    public static var stateName: PayloadValue { .context("State.Name") }
    /// `$$.State.EnteredTime`.
    public static var stateEnteredTime: PayloadValue { .context("State.EnteredTime") }
    /// `$$.State.RetryCount`.
    public static var retryCount: PayloadValue { .context("State.RetryCount") }
    /// `$$.StateMachine.Id`.
    public static var stateMachineId: PayloadValue { .context("StateMachine.Id") }
    /// `$$.Task.Token`: the callback token of a `.waitForTaskToken` task.
    public static var taskToken: PayloadValue { .context("Task.Token") }
    /// `$$.Map.Item.Index`.
    public static var mapItemIndex: PayloadValue { .context("Map.Item.Index") }
    /// `$$.Map.Item.Value`.
    public static var mapItemValue: PayloadValue { .context("Map.Item.Value") }

    // MARK: Intrinsic functions

    /// `States.Format`: `{}` in `template` are replaced by the arguments.
    public static func format(_ template: String, _ arguments: PayloadValue...) -> PayloadValue {
        .intrinsic(.format, [.literal(.string(template))] + arguments)
    }
    /// `States.StringToJson`: parses a JSON string.
    public static func stringToJson(_ value: PayloadValue) -> PayloadValue { .intrinsic(.stringToJson, [value]) }
    /// `States.JsonToString`: serialises a value as JSON text.
    public static func jsonToString(_ value: PayloadValue) -> PayloadValue { .intrinsic(.jsonToString, [value]) }
    /// `States.Array`: an array of the arguments (also made automatically for array literals holding dynamic values).
    public static func makeArray(_ elements: PayloadValue...) -> PayloadValue { .intrinsic(.array, elements) }
    /// `States.ArrayPartition`: splits an array into chunks of `size`.
    public static func arrayPartition(_ array: PayloadValue, size: PayloadValue) -> PayloadValue { .intrinsic(.arrayPartition, [array, size]) }
    /// `States.ArrayContains`: whether the array contains `value`.
    public static func arrayContains(_ array: PayloadValue, _ value: PayloadValue) -> PayloadValue { .intrinsic(.arrayContains, [array, value]) }
    /// `States.ArrayRange`: the numbers from `start` to `end` (inclusive) by `step`.
    public static func arrayRange(_ start: PayloadValue, _ end: PayloadValue, step: PayloadValue) -> PayloadValue { .intrinsic(.arrayRange, [start, end, step]) }
    /// `States.ArrayGetItem`: the element at `index` (from 0).
    public static func arrayGetItem(_ array: PayloadValue, _ index: PayloadValue) -> PayloadValue { .intrinsic(.arrayGetItem, [array, index]) }
    /// `States.ArrayLength`: the number of elements.
    public static func arrayLength(_ array: PayloadValue) -> PayloadValue { .intrinsic(.arrayLength, [array]) }
    /// `States.ArrayUnique`: the array without duplicates.
    public static func arrayUnique(_ array: PayloadValue) -> PayloadValue { .intrinsic(.arrayUnique, [array]) }
    /// `States.Base64Encode`.
    public static func base64Encode(_ value: PayloadValue) -> PayloadValue { .intrinsic(.base64Encode, [value]) }
    /// `States.Base64Decode`.
    public static func base64Decode(_ value: PayloadValue) -> PayloadValue { .intrinsic(.base64Decode, [value]) }
    /// `States.Hash` with `MD5`, `SHA-1`, `SHA-256`, `SHA-384` or `SHA-512`.
    public static func hash(_ value: PayloadValue, _ algorithm: String) -> PayloadValue { .intrinsic(.hash, [value, .literal(.string(algorithm))]) }
    /// `States.JsonMerge` (shallow).
    public static func jsonMerge(_ a: PayloadValue, _ b: PayloadValue) -> PayloadValue { .intrinsic(.jsonMerge, [a, b, false]) }
    /// `States.MathRandom`: a random integer from `start` (inclusive) to `end` (exclusive).
    public static func mathRandom(_ start: PayloadValue, _ end: PayloadValue) -> PayloadValue { .intrinsic(.mathRandom, [start, end]) }
    /// `States.MathAdd`: the sum of two integers.
    public static func mathAdd(_ a: PayloadValue, _ b: PayloadValue) -> PayloadValue { .intrinsic(.mathAdd, [a, b]) }
    /// `States.StringSplit`: splits the string at any of the characters of `separator`.
    public static func stringSplit(_ value: PayloadValue, _ separator: PayloadValue) -> PayloadValue { .intrinsic(.stringSplit, [value, separator]) }
    /// `States.UUID`: a random version 4 UUID.
    public static var uuid: PayloadValue { .intrinsic(.uuid, []) }

    // MARK: Lowering

    /// Whether the value (or anything inside it) is computed at run time.
    var isDynamic: Bool {
        switch self {
        case .literal, .jsonata: false
        case .path, .intrinsic, .intrinsicText: true
        case .array(let items): items.contains(where: \.isDynamic)
        case .object(let payload): payload.fields.contains { $0.value.isDynamic }
        }
    }

    func lowerTemplate(_ problems: inout [StepProblem]) -> PayloadTemplate {
        switch self {
        case .literal(let v):
            return .value(v)
        case .object(let payload):
            var fields: [PayloadField] = []
            fields.reserveCapacity(payload.fields.count)
            for (writtenKey, writtenValue) in payload.fields {
                var key = writtenKey
                var value = writtenValue
                // ASL's own spelling, "key.$": "$.path", is accepted too.
                if key.hasSuffix(".$"), key.count > 2 {
                    key = String(key.dropLast(2))
                    if case .literal(.string(let text)) = value {
                        value = IntrinsicCall.looksLikeCall(text) ? .intrinsicText(text) : .path(text)
                    } else if !value.isDynamic {
                        problems.append(StepProblem(code: "bad-payload", message: "\"\(writtenKey)\" must hold a path or an intrinsic call", field: nil,
                                                 hint: "drop the .$ suffix for a literal value"))
                        continue
                    }
                }
                // Objects are small: a linear scan for repeated keys beats hashing.
                let length = key.utf8.count
                if fields.contains(where: { $0.name.utf8.count == length && $0.name == key }) {
                    problems.append(StepProblem(code: "duplicate-field", message: "the field \"\(key)\" is given twice", field: nil, hint: "keep one of them"))
                    continue
                }
                switch value {
                case .literal(let v):
                    fields.append(PayloadField(key, .template(.value(v))))
                case .jsonata:
                    fields.append(PayloadField(key, .template(value.lowerTemplate(&problems))))
                case .object:
                    fields.append(PayloadField(key, .template(value.lowerTemplate(&problems))))
                case .array where value.isDynamic && value.isFlatArray:
                    if let e = value.lowerIntrinsic(&problems) { fields.append(PayloadField(key, .expression(e))) }
                case .array:
                    fields.append(PayloadField(key, .template(value.lowerTemplate(&problems))))
                case .path, .intrinsic, .intrinsicText:
                    if let e = value.lowerExpression(&problems) { fields.append(PayloadField(key, .expression(e))) }
                }
            }
            return .object(fields)
        case .array(let items):
            return .array(items.map { $0.lowerTemplate(&problems) })
        case .jsonata(let text):
            problems.append(.jsonataInJSONPath("a JSONata expression"))
            return .value(.string(JSONataExpr<JSONValue>(text).template))
        case .path, .intrinsic, .intrinsicText:
            // A dynamic value needs a key; at the top level or inside an array it has none.
            problems.append(StepProblem(code: "bad-payload", message: "a path or intrinsic call needs a field name to go in", field: nil,
                                     hint: "put it under a key, or build the array with .makeArray(...)"))
            return .value(.null)
        }
    }

    var isContainer: Bool {
        switch self {
        case .object, .array: true
        default: false
        }
    }

    /// The expression for a dynamic field: a path, an intrinsic call, or an array literal with dynamic
    /// elements (made with `States.Array`). `nil` for values written as plain JSON.
    func lowerExpression(_ problems: inout [StepProblem]) -> Expression? {
        switch self {
        case .path(let text):
            do {
                return .path(try Path(parsing: text))
            } catch {
                problems.append(StepProblem(code: "bad-jsonpath", message: "\"\(text)\" is not a valid path: \(error.message)", field: nil, hint: nil))
                return nil
            }
        case .intrinsic:
            return lowerIntrinsic(&problems)
        case .intrinsicText(let text):
            do {
                return .intrinsic(try IntrinsicCall(parsing: text))
            } catch {
                problems.append(StepProblem(code: "bad-intrinsic", message: "\"\(text)\": \(error.message)", field: nil, hint: nil))
                return nil
            }
        case .array where isDynamic && isFlatArray:
            return lowerIntrinsic(&problems)
        default:
            return nil
        }
    }

    func lowerIntrinsic(_ problems: inout [StepProblem]) -> Expression? {
        intrinsicCall(&problems).map(Expression.intrinsic)
    }

    var isFlatArray: Bool {
        if case .array(let items) = self { return !items.contains(where: \.isContainer) }
        return false
    }

    /// The intrinsic call this value stands for (an array literal becomes `States.Array(...)`).
    func intrinsicCall(_ problems: inout [StepProblem]) -> IntrinsicCall? {
        let function: IntrinsicFunction
        let values: [PayloadValue]
        switch self {
        case .intrinsic(let f, let a): (function, values) = (f, a)
        case .array(let items): (function, values) = (.array, items)
        case .intrinsicText(let text):
            do {
                return try IntrinsicCall(parsing: text)
            } catch {
                problems.append(StepProblem(code: "bad-intrinsic", message: "\"\(text)\": \(error.message)", field: nil, hint: nil))
                return nil
            }
        default: return nil
        }
        var arguments: [IntrinsicArgument] = []
        arguments.reserveCapacity(values.count)
        for value in values {
            switch value {
            case .literal(.string(let s)): arguments.append(.string(s))
            case .literal(.number(let n)): arguments.append(.number(n))
            case .literal(.bool(let b)): arguments.append(.bool(b))
            case .literal(.null): arguments.append(.null)
            case .path(let text):
                do {
                    arguments.append(.path(try Path(parsing: text)))
                } catch {
                    problems.append(StepProblem(code: "bad-jsonpath", message: "\"\(text)\" is not a valid path: \(error.message)", field: nil, hint: nil))
                    return nil
                }
            case .intrinsic, .intrinsicText, .array:
                guard let nested = value.intrinsicCall(&problems) else { return nil }
                arguments.append(.call(nested))
            case .jsonata:
                problems.append(StepProblem(code: "bad-intrinsic", message: "\(function.rawValue) cannot take a JSONata expression as an argument",
                                         field: nil, hint: "write the whole value as one .jsonata(...) expression"))
                return nil
            case .literal, .object:
                problems.append(StepProblem(code: "bad-intrinsic", message: "\(function.rawValue) takes strings, numbers, Booleans, null, paths and intrinsic calls as arguments, not objects or arrays",
                                         field: nil, hint: "read the value from a path instead"))
                return nil
            }
        }
        return IntrinsicCall(function, arguments)
    }
}
