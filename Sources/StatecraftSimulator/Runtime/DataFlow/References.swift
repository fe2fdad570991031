import StatesLanguage

/// What a state's expressions can read besides its input: the context object (`$$` in JSONPath,
/// `$states.context` in JSONata) and workflow variables. Found by walking the expressions' syntax
/// trees when the program is compiled, so that a state that reads neither skips building them.
/// Anything the walk cannot see through counts as reading both.
struct References {
    var context = false
    var variables = false

    /// Everything both ways (what a Task, Map or Parallel state gets: its calls and items carry the
    /// context object, and its catchers and item processors may read variables).
    static let all = References(context: true, variables: true)

    init(context: Bool = false, variables: Bool = false) {
        self.context = context
        self.variables = variables
    }

    /// The references of a Pass, Choice, Wait, Succeed or Fail state; ``all`` for the others.
    init(_ state: State) {
        switch state.kind {
        case .pass(let s):
            add(s.inputPath); add(s.parameters); add(s.outputPath); add(jsonata: s.output); add(s.assign)
        case .choice(let s):
            add(s.inputPath); add(s.outputPath); add(jsonata: s.output); add(s.assign)
            for rule in s.choices {
                add(rule.condition); add(jsonata: rule.output); add(rule.assign)
            }
        case .wait(let s):
            add(s.inputPath); add(s.outputPath); add(jsonata: s.output); add(s.assign)
            switch s.duration {
            case .seconds(let source): add(source)
            case .timestamp(let source): add(source)
            }
        case .succeed(let s):
            add(s.inputPath); add(s.outputPath); add(jsonata: s.output)
        case .fail(let s):
            for source in [s.error, s.cause] {
                switch source {
                case .literal(let text)?: add(jsonata: .string(text))
                case .expression(let e)?: add(e)
                case nil: break
                }
            }
        case .task, .parallel, .map:
            self = .all
        }
    }

    mutating func add(_ path: Path) {
        switch path.root {
        case .context: context = true
        case .variable: variables = true
        case .input: break
        }
        for segment in path.segments { add(segment) }
    }

    mutating func add(_ segment: Path.Segment) {
        switch segment {
        case .recursive(let inner): add(inner)
        case .filter(let filter): add(filter)
        case .member, .index, .wildcard, .slice, .union, .function: break
        }
    }

    mutating func add(_ filter: FilterExpression) {
        switch filter {
        case .exists(let operand): add(operand)
        case .comparison(let a, _, let b): add(a); add(b)
        case .and(let a, let b), .or(let a, let b): add(a); add(b)
        case .not(let a): add(a)
        }
    }

    mutating func add(_ operand: FilterOperand) {
        switch operand {
        case .path(let p): add(p)
        case .current(let segments): for s in segments { add(s) }
        case .literal: break
        }
    }

    mutating func add(_ path: NullablePath?) {
        if case .path(let p)? = path { add(p) }
    }

    mutating func add<T>(_ source: ValueSource<T>) {
        switch source {
        case .literal: break
        case .path(let p): add(p)
        case .jsonata(let text): add(jsonata: .string(text))
        }
    }

    mutating func add(_ expression: Expression) {
        switch expression {
        case .path(let p): add(p)
        case .intrinsic(let call): add(call)
        }
    }

    mutating func add(_ call: IntrinsicCall) {
        for argument in call.arguments {
            switch argument {
            case .path(let p): add(p)
            case .call(let inner): add(inner)
            case .string, .number, .bool, .null: break
            }
        }
    }

    mutating func add(_ template: PayloadTemplate?) {
        switch template {
        case nil: break
        case .value(let v)?: add(jsonata: v)
        case .array(let items)?: for item in items { add(item) }
        case .object(let fields)?:
            for field in fields {
                switch field.value {
                case .template(let t): add(t)
                case .expression(let e): add(e)
                }
            }
        }
    }

    mutating func add(_ condition: ChoiceCondition) {
        switch condition {
        case .comparison(let c):
            add(c.variable)
            if case .path(let p) = c.operand { add(p) }
        case .and(let items, _), .or(let items, _): for item in items { add(item) }
        case .not(let inner, _): add(inner)
        case .jsonata(let value): add(jsonata: value)
        }
    }

    /// The `{% %}` templates inside a JSON value (JSONata `Output`, `Assign`, `Condition`, ...).
    mutating func add(jsonata value: JSONValue?) {
        switch value {
        case .string(let text)?:
            switch JSONata.template(text) {
            case nil: break
            case .success(let expression)?: add(expression)
            case .failure?: context = true; variables = true
            }
        case .array(let items)?: for item in items { add(jsonata: item) }
        case .object(let object)?: for member in object.members { add(jsonata: member.value) }
        default: break
        }
    }

    /// The fields of `$states` that are not the context object.
    static let statesFieldsWithoutContext: Set<String> = ["input", "result", "errorOutput"]

    mutating func add(_ expression: JSONataExpression) {
        switch expression {
        case .string, .number, .boolean, .null, .regex, .name, .context, .root, .wildcard, .descendants, .parent:
            break
        case .variable(let name):
            // `$states` as a whole may be read for its context; any other variable may be a workflow variable.
            if name == "states" { context = true } else { variables = true }
        case .path(let steps):
            if steps.count >= 2, case .variable("states") = steps[0], case .name(let field) = steps[1],
               Self.statesFieldsWithoutContext.contains(field) {
                for step in steps.dropFirst(2) { add(step) }
            } else {
                for step in steps { add(step) }
            }
        case .filter(let e, let predicate): add(e); add(predicate)
        case .keepArray(let e), .negate(let e): add(e)
        case .focus(let e, _), .index(let e, _): add(e)
        case .groupBy(let e, let pairs): add(e); for p in pairs { add(p.key); add(p.value) }
        case .sort(let e, let terms): add(e); for t in terms { add(t.expression) }
        case .array(let items), .block(let items): for item in items { add(item) }
        case .range(let a, let b), .binary(_, let a, let b), .chain(let a, let b): add(a); add(b)
        case .object(let pairs): for p in pairs { add(p.key); add(p.value) }
        case .condition(let c, let then, let otherwise): add(c); add(then); if let otherwise { add(otherwise) }
        case .bind(_, let value): add(value)
        case .call(let f, let arguments): add(f); for a in arguments { add(a) }
        case .partial(let f, let arguments): add(f); for a in arguments { if let a { add(a) } }
        case .lambda(_, _, let body): add(body)
        case .transform(let pattern, let update, let delete): add(pattern); add(update); if let delete { add(delete) }
        @unknown default:
            context = true
            variables = true
        }
    }
}
