import StatesLanguage

/// Rewrites the JSONPath-style fields the DSL wrote for a state into JSONata, for states whose query
/// language is JSONata: `Parameters` become `Arguments`, `ResultSelector` and `ResultPath` one
/// `Output` expression, `.$` fields and `*Path` fields `{% %}` expressions, Choice rules `Condition`s.
///
/// Only what keeps its meaning is converted: paths of names and indices (`$.a.b[0]`, `$$.Execution.Id`,
/// `$variable`), the intrinsic functions with a JSONata equivalent, and the Choice comparisons other
/// than timestamps. Everything else (filters, wildcards, slices, `InputPath`, `OutputPath`, …) is
/// refused with a problem naming the field, reported at the Swift line of the step. Docs/DSL.md lists
/// the conversions and the few places where a failure is reported differently.
struct JSONataConversion {
    /// Problems found, each with the field (relative to the state) it concerns.
    var problems: [StepProblem] = []

    /// What `$` of a JSONPath field refers to.
    enum Root {
        case input, result, errorOutput

        var text: String {
            switch self {
            case .input: "$states.input"
            case .result: "$states.result"
            case .errorOutput: "$states.errorOutput"
            }
        }
    }

    mutating func refuse(_ field: String, _ message: String, hint: String = "write the value as .jsonata(...), or the state in JSONPath") {
        problems.append(StepProblem(code: "jsonata-conversion", message: message, field: field, hint: hint))
    }

    // MARK: States

    /// Converts every JSONPath field of `state` (its catchers included).
    mutating func convert(_ state: inout State) {
        switch state.kind {
        case .task(var s):
            if let p = s.parameters { s.arguments = json(p, root: .input, field: "Parameters"); s.parameters = nil }
            convertResult(&s)
            s.timeoutSeconds = source(s.timeoutSeconds, field: "TimeoutSecondsPath")
            s.heartbeatSeconds = source(s.heartbeatSeconds, field: "HeartbeatSecondsPath")
            if let c = s.credentials { s.credentials = Self.template(json(c, root: .input, field: "Credentials")) }
            state.kind = .task(s)
        case .pass(var s):
            refuseInputOutputPaths(s.inputPath, s.outputPath)
            if s.output != nil, s.parameters != nil || s.result != nil || s.resultPath != nil {
                refuse("Output", "the Pass sets both Output and Result, Parameters or ResultPath", hint: "shape the output with .output(...) alone")
            }
            switch Self.resultPlacement(s.resultPath) {
            case .replace:
                if let p = s.parameters { s.output = json(p, root: .input, field: "Parameters") } else if let r = s.result { s.output = r }
            case .discard:
                break  // the input passes through: JSONata's default
            case .at(let p):
                let value = if let parameters = s.parameters { text(parameters, root: .input, field: "Parameters") } else { s.result.map(JSONataRendering.literal) }
                s.output = merged(at: p, value: value ?? Root.input.text)
            }
            // `$` in a Pass's Assign is its result: the input only when there is no Parameters or Result.
            s.assign = assign(s.assign, root: s.parameters == nil && s.result == nil ? .input : nil, field: "Assign")
            (s.parameters, s.result, s.resultPath, s.inputPath, s.outputPath) = (nil, nil, nil, nil, nil)
            state.kind = .pass(s)
        case .wait(var s):
            refuseInputOutputPaths(s.inputPath, s.outputPath)
            switch s.duration {
            case .seconds(let v): s.duration = .seconds(source(v, field: "SecondsPath") ?? v)
            case .timestamp(let v): s.duration = .timestamp(source(v, field: "TimestampPath") ?? v)
            }
            s.assign = assign(s.assign, root: .input, field: "Assign")
            (s.inputPath, s.outputPath) = (nil, nil)
            state.kind = .wait(s)
        case .succeed(var s):
            refuseInputOutputPaths(s.inputPath, s.outputPath)
            (s.inputPath, s.outputPath) = (nil, nil)
            state.kind = .succeed(s)
        case .fail(var s):
            s.error = failSource(s.error, field: "ErrorPath")
            s.cause = failSource(s.cause, field: "CausePath")
            state.kind = .fail(s)
        case .choice(var s):
            refuseInputOutputPaths(s.inputPath, s.outputPath)
            for i in s.choices.indices {
                if let text = condition(s.choices[i].condition, field: "Choices") {
                    s.choices[i].condition = .jsonata(.string("{% \(text) %}"))
                }
                s.choices[i].assign = assign(s.choices[i].assign, root: .input, field: "Choices")
            }
            s.assign = assign(s.assign, root: .input, field: "Assign")
            (s.inputPath, s.outputPath) = (nil, nil)
            state.kind = .choice(s)
        case .parallel(var s):
            if let p = s.parameters { s.arguments = json(p, root: .input, field: "Parameters"); s.parameters = nil }
            convertResult(&s)
            state.kind = .parallel(s)
        case .map(var s):
            convertResult(&s)
            if let p = s.itemsPath {
                if let t = path(p, root: .input, field: "ItemsPath") { s.items = .string("{% \(t) %}") }
                s.itemsPath = nil
            }
            if let selector = s.itemSelector { s.itemSelector = Self.template(json(selector, root: .input, field: "ItemSelector")) }
            s.maxConcurrency = source(s.maxConcurrency, field: "MaxConcurrencyPath")
            s.toleratedFailureCount = source(s.toleratedFailureCount, field: "ToleratedFailureCountPath")
            s.toleratedFailurePercentage = source(s.toleratedFailurePercentage, field: "ToleratedFailurePercentagePath")
            if var reader = s.itemReader, let p = reader.parameters {
                reader.arguments = json(p, root: .input, field: "ItemReader")
                reader.parameters = nil
                s.itemReader = reader
            }
            if var batcher = s.itemBatcher {
                batcher.maxItemsPerBatch = source(batcher.maxItemsPerBatch, field: "ItemBatcher")
                batcher.maxInputBytesPerBatch = source(batcher.maxInputBytesPerBatch, field: "ItemBatcher")
                batcher.batchInput = batcher.batchInput.map { Self.template(json($0, root: .input, field: "ItemBatcher")) }
                s.itemBatcher = batcher
            }
            if var writer = s.resultWriter, let p = writer.parameters {
                writer.arguments = json(p, root: .input, field: "ResultWriter")
                writer.parameters = nil
                s.resultWriter = writer
            }
            state.kind = .map(s)
        }
    }

    /// The result fields Task, Parallel and Map share: `ResultSelector` and `ResultPath` become `Output`,
    /// `Assign` reads `$states.result`, and the catchers are converted.
    mutating func convertResult<S: ResultFields>(_ s: inout S) {
        refuseInputOutputPaths(s.inputPath, s.outputPath)
        s.output = output(s.output, selector: s.resultSelector, resultPath: s.resultPath)
        s.assign = assign(s.assign, root: s.resultSelector == nil ? .result : nil, field: "Assign")
        (s.resultSelector, s.resultPath, s.inputPath, s.outputPath) = (nil, nil, nil, nil)
        s.catchers = s.catchers.map { convert($0) }
    }

    /// A catcher: `ResultPath` becomes `Output` over `$states.errorOutput`, `Assign` reads it.
    mutating func convert(_ catcher: Catcher) -> Catcher {
        var c = catcher
        switch Self.resultPlacement(c.resultPath) {
        case .replace: break  // the error output replaces the input: JSONata's default
        case .discard: c.output = .string("{% $states.input %}")
        case .at(let p): c.output = merged(at: p, value: Root.errorOutput.text)
        }
        c.resultPath = nil
        c.assign = assign(c.assign, root: .errorOutput, field: "Catch")
        return c
    }

    mutating func refuseInputOutputPaths(_ input: NullablePath?, _ output: NullablePath?) {
        if input != nil {
            refuse("InputPath", "InputPath has no JSONata counterpart in Statecraft's conversion",
                   hint: "read the part you need with $states.input in .jsonata(...) expressions")
        }
        if output != nil {
            refuse("OutputPath", "OutputPath has no JSONata counterpart in Statecraft's conversion",
                   hint: "shape the state's output with .output(...)")
        }
    }

    /// A `*Path` field (`TimeoutSecondsPath`, `SecondsPath`, …) as a `{% %}` expression.
    mutating func source<V>(_ value: ValueSource<V>?, field: String) -> ValueSource<V>? {
        guard case .path(let p)? = value else { return value }
        return path(p, root: .input, field: field).map { .jsonata("{% \($0) %}") }
    }

    mutating func failSource(_ source: FailState.Source?, field: String) -> FailState.Source? {
        guard case .expression(let e)? = source else { return source }
        return expression(e, root: .input, field: field).map { .literal("{% \($0) %}") }
    }

    /// `Assign` with its `.$` fields as `{% %}` strings. `root` is what `$` meant; `nil` when it has no
    /// JSONata counterpart (the result shaped by a `ResultSelector`, a Pass's `Parameters` or `Result`).
    mutating func assign(_ template: PayloadTemplate?, root: Root?, field: String) -> PayloadTemplate? {
        guard let template else { return nil }
        if root == nil {
            for (_, e) in template.expressions {
                if case .path(let p) = e, p.root == .input {
                    refuse(field, "Assign reads \(p.text) from the result as ResultSelector, Parameters or Result shape it, which JSONata's $states does not hold",
                           hint: "assign from $states.result or $states.input with .jsonata(...)")
                    return template
                }
            }
        }
        return Self.template(json(template, root: root ?? .result, field: field))
    }

    /// The output of a Task, Parallel or Map: the selected result placed at the result path of the input.
    mutating func output(_ written: JSONValue?, selector: PayloadTemplate?, resultPath: NullablePath?) -> JSONValue? {
        guard let converted = output(selector: selector, resultPath: resultPath, value: Root.result.text) else { return written }
        if written != nil {
            refuse("Output", "the state sets both Output and ResultSelector or ResultPath", hint: "shape the output with .output(...) alone")
        }
        return converted
    }

    mutating func output(selector: PayloadTemplate?, resultPath: NullablePath?, value: String) -> JSONValue? {
        switch Self.resultPlacement(resultPath) {
        case .replace:
            return selector.map { json($0, root: .result, field: "ResultSelector") }
        case .discard:
            return .string("{% $states.input %}")
        case .at(let p):
            return merged(at: p, value: selector.map { text($0, root: .result, field: "ResultSelector") } ?? value)
        }
    }

    /// `{% $merge([$states.input, {"a": $merge([$states.input.a, {"b": value}])}]) %}`: the input with
    /// `value` at the reference path `p` (what `ResultPath` does).
    mutating func merged(at p: Path, value: String) -> JSONValue? {
        var names: [String] = []
        for segment in p.segments {
            guard case .member(let name) = segment else {
                refuse("ResultPath", "ResultPath \(p.text) sets an array element; only paths of field names are converted",
                       hint: "build the output with .output(...)")
                return nil
            }
            names.append(name)
        }
        func build(_ base: String, _ rest: ArraySlice<String>) -> String {
            guard let head = rest.first else { return value }
            let inner = build(base + "." + JSONataRendering.name(head), rest.dropFirst())
            return "$merge([\(base), {\(JSONataRendering.literal(.string(head))): \(inner)}])"
        }
        return .string("{% \(build(Root.input.text, names[...])) %}")
    }

    // MARK: Templates

    /// A payload template as JSON with `{% %}` strings for its computed fields (`Arguments`, `Output`).
    mutating func json(_ template: PayloadTemplate, root: Root, field: String) -> JSONValue {
        switch template {
        case .value(let v): return v
        case .array(let items): return .array(items.map { json($0, root: root, field: field) })
        case .object(let fields):
            var members: [(String, JSONValue)] = []
            for f in fields {
                switch f.value {
                case .template(let t): members.append((f.name, json(t, root: root, field: field)))
                case .expression(let e):
                    if let text = expression(e, root: root, field: field) { members.append((f.name, .string("{% \(text) %}"))) }
                }
            }
            return .object(JSONObject(members))
        }
    }

    /// A payload template as one JSONata expression (an object or array constructor).
    mutating func text(_ template: PayloadTemplate, root: Root, field: String) -> String {
        switch template {
        case .value(.string(let s)):
            let inner = JSONataExpr<JSONValue>.strip(s)
            return inner != s ? "(\(inner))" : JSONataRendering.literal(.string(s))
        case .value(let v): return JSONataRendering.literal(v)
        case .array(let items): return "[" + items.map { text($0, root: root, field: field) }.joined(separator: ", ") + "]"
        case .object(let fields):
            var parts: [String] = []
            for f in fields {
                let value: String?
                switch f.value {
                case .template(let t): value = text(t, root: root, field: field)
                case .expression(let e): value = expression(e, root: root, field: field)
                }
                if let value { parts.append("\(JSONataRendering.literal(.string(f.name))): \(value)") }
            }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    /// A template made of plain JSON (for fields the model keeps as templates: `Assign`, `ItemSelector`).
    static func template(_ value: JSONValue) -> PayloadTemplate {
        switch value {
        case .object(let o): .object(o.map { PayloadField($0.key, .template(template($0.value))) })
        case .array(let items): .array(items.map(template))
        default: .value(value)
        }
    }

    // MARK: Expressions

    mutating func expression(_ e: Expression, root: Root, field: String) -> String? {
        switch e {
        case .path(let p): path(p, root: root, field: field)
        case .intrinsic(let call): intrinsic(call, root: root, field: field)
        }
    }

    /// A path of names and indices, rooted at `root`, `$states.context` or a variable.
    mutating func path(_ p: Path, root: Root, field: String) -> String? {
        var out: String
        switch p.root {
        case .input: out = root.text
        case .context: out = "$states.context"
        case .variable(let name): out = "$" + name
        }
        for segment in p.segments {
            switch segment {
            case .member(let name): out += "." + JSONataRendering.name(name)
            case .index(let i): out += "[\(i)]"
            default:
                refuse(field, "the path \(p.text) uses a JSONPath construct (wildcard, slice, union, deep scan, filter or function) that has no JSONata counterpart with the same meaning")
                return nil
            }
        }
        return out
    }

    mutating func argument(_ a: IntrinsicArgument, root: Root, field: String) -> String? {
        switch a {
        case .string(let s): JSONataRendering.literal(.string(s))
        case .number(let n): n.text
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .path(let p): path(p, root: root, field: field)
        case .call(let c): intrinsic(c, root: root, field: field)
        }
    }

    /// The intrinsic functions whose JSONata counterpart means the same.
    mutating func intrinsic(_ call: IntrinsicCall, root: Root, field: String) -> String? {
        var args: [String] = []
        for a in call.arguments {
            guard let t = argument(a, root: root, field: field) else { return nil }
            args.append(t)
        }
        func unsupported(_ why: String) -> String? {
            refuse(field, "\(call.name) \(why)")
            return nil
        }
        switch call.function {
        case .format?:
            guard case .string(let template)? = call.arguments.first else { return unsupported("needs a literal template to be converted") }
            let pieces = template.components(separatedBy: "{}")
            guard !template.contains("\\"), pieces.allSatisfy({ !$0.contains("{") && !$0.contains("}") }), pieces.count == args.count else {
                return unsupported("has a template with escapes or braces, which is not converted")
            }
            // Literal strings are folded into the text around them; other values are joined with `&`.
            var parts: [String] = []
            var text = ""
            for (i, piece) in pieces.enumerated() {
                text += piece
                guard i + 1 < pieces.count else { break }
                if case .string(let s) = call.arguments[i + 1] {
                    text += s
                    continue
                }
                if !text.isEmpty { parts.append(JSONataRendering.literal(.string(text))) }
                text = ""
                parts.append(Self.operand(args[i + 1]))
            }
            if !text.isEmpty { parts.append(JSONataRendering.literal(.string(text))) }
            if parts.count == 1 { return "$string(\(parts[0]))" }
            return parts.isEmpty ? "''" : parts.joined(separator: " & ")
        case .array?:
            if call.arguments.contains(where: { if case .path = $0 { true } else { false } }) {
                return unsupported("with a path argument is not converted: a JSONata array constructor flattens arrays it is given")
            }
            return "[" + args.joined(separator: ", ") + "]"
        case .mathAdd? where args.count == 2:
            return "\(Self.operand(args[0])) + \(Self.operand(args[1]))"
        case .arrayGetItem? where args.count == 2:
            // An array constructor indexes as it is; anything else is parenthesised first.
            if case .call(let inner) = call.arguments[0], inner.function == .array { return "\(args[0])[\(args[1])]" }
            return "\(Self.operand(args[0]))[\(args[1])]"
        case .arrayLength? where args.count == 1:
            return "$count(\(args[0]))"
        case .stringToJson? where args.count == 1:
            return "$parse(\(args[0]))"
        case .jsonMerge? where args.count == 3 && call.arguments[2] == .bool(false):
            return "$merge([\(args[0]), \(args[1])])"
        case .uuid? where args.isEmpty:
            return "$uuid()"
        default:
            return unsupported("has no JSONata counterpart in Statecraft's conversion")
        }
    }

    /// Parenthesised unless it is a path or a literal.
    static func operand(_ text: String) -> String {
        let simple = text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || "$._'`[]".unicodeScalars.contains($0) }
        return simple ? text : "(\(text))"
    }

    // MARK: Choice rules

    /// A JSONPath rule as a JSONata `Condition`, or `nil` when it already is one (or cannot be converted).
    mutating func condition(_ c: ChoiceCondition, field: String) -> String? {
        switch c {
        case .jsonata: return nil
        case .and(let items, _), .or(let items, _):
            var parts: [String] = []
            for item in items {
                guard let t = condition(item, field: field) else { return nil }
                parts.append("(\(t))")
            }
            if case .and = c { return parts.joined(separator: " and ") }
            return parts.joined(separator: " or ")
        case .not(let inner, _):
            return condition(inner, field: field).map { "$not(\($0))" }
        case .comparison(let cmp):
            guard let v = path(cmp.variable, root: .input, field: field) else { return nil }
            return comparison(cmp, v, field: field)
        }
    }

    mutating func comparison(_ cmp: Comparison, _ v: String, field: String) -> String? {
        let op = cmp.operator
        var operand: String
        var operandGuard: String?
        switch cmp.operand {
        case .literal(let value): operand = JSONataRendering.literal(value)
        case .path(let p):
            guard let t = path(p, root: .input, field: field) else { return nil }
            operand = t
            operandGuard = t
        }
        func typeTest(_ type: String, _ value: Bool) -> String {
            value ? "$type(\(v)) = '\(type)'" : "$not($type(\(v)) = '\(type)')"
        }
        func typed(_ type: String, _ symbol: String) -> String {
            var guards = ["$type(\(v)) = '\(type)'"]
            if let g = operandGuard { guards.append("$type(\(g)) = '\(type)'") }
            return (guards + ["\(v) \(symbol) \(operand)"]).joined(separator: " and ")
        }
        let literalBool: Bool = if case .literal(.bool(let b)) = cmp.operand { b } else { true }
        switch op {
        case .stringEquals: return operandGuard == nil ? "\(v) = \(operand)" : typed("string", "=")
        case .numericEquals: return operandGuard == nil ? "\(v) = \(operand)" : typed("number", "=")
        case .booleanEquals: return operandGuard == nil ? "\(v) = \(operand)" : typed("boolean", "=")
        case .stringLessThan: return typed("string", "<")
        case .stringLessThanEquals: return typed("string", "<=")
        case .stringGreaterThan: return typed("string", ">")
        case .stringGreaterThanEquals: return typed("string", ">=")
        case .numericLessThan: return typed("number", "<")
        case .numericLessThanEquals: return typed("number", "<=")
        case .numericGreaterThan: return typed("number", ">")
        case .numericGreaterThanEquals: return typed("number", ">=")
        case .isPresent: return literalBool ? "$exists(\(v))" : "$not($exists(\(v)))"
        case .isNull: return typeTest("null", literalBool)
        case .isNumeric: return typeTest("number", literalBool)
        case .isString: return typeTest("string", literalBool)
        case .isBoolean: return typeTest("boolean", literalBool)
        case .stringMatches:
            guard case .literal(.string(let pattern)) = cmp.operand else { return nil }
            return "$type(\(v)) = 'string' and $contains(\(v), /^\(Self.regex(wildcard: pattern))$/)"
        case .isTimestamp, .timestampEquals, .timestampLessThan, .timestampGreaterThan, .timestampLessThanEquals, .timestampGreaterThanEquals:
            refuse(field, "\(cmp.operatorKey) has no JSONata counterpart in Statecraft's conversion",
                   hint: "compare with $toMillis(...) in a When(JSONataExpr<Bool>(...)) condition")
            return nil
        }
    }

    /// A `StringMatches` pattern (`*` any text, `\*` a star, `\\` a backslash) as a regular expression body.
    static func regex(wildcard pattern: String) -> String {
        var out = ""
        var escaped = false
        for c in pattern {
            if escaped {
                out += "\\" + String(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "*" {
                out += "[\\s\\S]*"
            } else if "^$.|?+()[]{}/".contains(c) {
                out += "\\" + String(c)
            } else {
                out.append(c)
            }
        }
        return out
    }
}

/// The fields of the states whose result is placed into their input: Task, Parallel and Map.
protocol ResultFields {
    var inputPath: NullablePath? { get set }
    var outputPath: NullablePath? { get set }
    var resultSelector: PayloadTemplate? { get set }
    var resultPath: NullablePath? { get set }
    var output: JSONValue? { get set }
    var assign: PayloadTemplate? { get set }
    var catchers: [Catcher] { get set }
}

extension TaskState: ResultFields {}
extension ParallelState: ResultFields {}
extension MapState: ResultFields {}

extension JSONataConversion {
    /// What a `ResultPath` does with the result.
    enum ResultPlacement {
        /// `$` (or absent): the result is the output.
        case replace
        /// `null`: the input is the output.
        case discard
        /// A field of the input.
        case at(Path)
    }

    static func resultPlacement(_ path: NullablePath?) -> ResultPlacement {
        switch path {
        case nil: .replace
        case .null: .discard
        case .path(let p): p.root == .input && p.segments.isEmpty ? .replace : .at(p)
        }
    }
}
