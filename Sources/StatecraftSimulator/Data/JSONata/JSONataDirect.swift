import StatesLanguage

extension JSONataEvaluator {
    /// The expressions most states hold (`$states.input.count + 1`, `$x < $states.input.limit`,
    /// `$states.input.name & "-done"`), evaluated straight on the JSON bindings: no conversion of the
    /// input or variables into evaluation values, no machine.
    ///
    /// It covers field paths from a variable or the context, scalar literals, arithmetic, string
    /// concatenation, comparisons, `and`/`or` and `? :` when every operand is a scalar of the type the
    /// operator wants. Anything else, at compile time or while evaluating (an array on a path, a
    /// missing field, a mixed-type comparison, an infinite number, a non-scalar result), answers `nil`
    /// and the full evaluator runs instead, so errors, *undefined* and every rule of the language come
    /// from one place. Evaluating an expression here and in the full evaluator gives the same value
    /// (`JSONataDirectTests` checks both on the same inputs).
    indirect enum Direct {
        case literal(JSONValue)
        /// A variable (`$states`, `$count`) or the context (`nil`), then field names.
        case path(root: String?, fields: [String])
        case arithmetic(JSONataBinaryOperator, Direct, Direct)
        case concatenate(Direct, Direct)
        case equality(negated: Bool, Direct, Direct)
        case comparison(JSONataBinaryOperator, Direct, Direct)
        case and(Direct, Direct)
        case or(Direct, Direct)
        case condition(Direct, then: Direct, else: Direct)
        case negate(Direct)

        /// The longest string a result may hold; longer ones go to the full evaluator, which applies the
        /// evaluation budget.
        static let stringLimit = 65_536

        /// The direct form of `expression`, or `nil` when it uses anything beyond the subset above.
        static func compile(_ expression: JSONataExpression, depth: Int = 0) -> Direct? {
            guard depth < 32 else { return nil }
            func sub(_ e: JSONataExpression) -> Direct? { compile(e, depth: depth + 1) }
            switch expression {
            case .string(let s): return .literal(.string(s))
            case .number(let n): return n.doubleValue.isFinite ? .literal(.number(JSONNumber(n.doubleValue))) : nil
            case .boolean(let b): return .literal(.bool(b))
            case .null: return .literal(.null)
            case .variable(let name) where !name.isEmpty: return .path(root: name, fields: [])
            case .name(let field): return .path(root: nil, fields: [field])
            case .path(let steps):
                guard let first = steps.first else { return nil }
                var root: String?
                var fields: [String] = []
                switch first {
                case .variable(let name) where !name.isEmpty: root = name
                case .context, .root: root = nil
                case .name(let field): fields.append(field)
                default: return nil
                }
                for step in steps.dropFirst() {
                    guard case .name(let field) = step else { return nil }
                    fields.append(field)
                }
                return .path(root: root, fields: fields)
            case .block(let body) where body.count == 1: return sub(body[0])
            case .negate(let e): return sub(e).map { .negate($0) }
            case .condition(let test, let then, let otherwise?):
                guard let t = sub(test), let a = sub(then), let b = sub(otherwise) else { return nil }
                return .condition(t, then: a, else: b)
            case .binary(let op, let l, let r):
                guard let a = sub(l), let b = sub(r) else { return nil }
                switch op {
                case .add, .subtract, .multiply, .divide, .modulo: return .arithmetic(op, a, b)
                case .concatenate: return .concatenate(a, b)
                case .equal: return .equality(negated: false, a, b)
                case .notEqual: return .equality(negated: true, a, b)
                case .less, .lessOrEqual, .greater, .greaterOrEqual: return .comparison(op, a, b)
                case .and: return .and(a, b)
                case .or: return .or(a, b)
                default: return nil
                }
            default: return nil
            }
        }

        /// The value, or `nil`: the full evaluator decides (see the type's description). Only scalar
        /// values come out.
        func evaluate(input: JSONValue, states: States? = nil, variables: [String: JSONValue]) -> JSONValue? {
            guard let value = value(Bindings(input: input, states: states, variables: variables)) else { return nil }
            switch value {
            case .null, .bool: return value
            case .number(let n): return n.doubleValue.isFinite ? value : nil
            case .string(let s): return s.utf8.count <= Self.stringLimit ? value : nil
            case .array, .object: return nil
            }
        }

        /// What an expression reads: the context, `$states` (its fields, without an object made of them)
        /// and the variables.
        struct Bindings {
            let input: JSONValue
            let states: States?
            let variables: [String: JSONValue]
        }

        private func value(_ env: Bindings) -> JSONValue? {
            switch self {
            case .literal(let v):
                return v
            case .path(let root, var fields):
                var current: JSONValue
                if root == "states", let states = env.states {
                    guard let first = fields.first, let field = states.field(first) else { return nil }
                    current = field
                    fields.removeFirst()
                } else if let root {
                    guard let bound = env.variables[root] else { return nil }
                    current = bound
                } else {
                    current = env.input
                }
                for field in fields {
                    guard case .object(let object) = current, let next = object[field] else { return nil }
                    current = next
                }
                if case .array = current { return nil }  // sequences and singleton rules: the full evaluator's
                return current
            case .arithmetic(let op, let l, let r):
                guard let a = l.number(env), let b = r.number(env) else { return nil }
                let result = Machine.arithmetic(op, a, b)
                return result.isFinite ? .number(JSONNumber(result)) : nil
            case .concatenate(let l, let r):
                guard case .string(let a)? = l.value(env), case .string(let b)? = r.value(env) else { return nil }
                guard a.utf8.count + b.utf8.count <= Self.stringLimit else { return nil }
                return .string(a + b)
            case .equality(let negated, let l, let r):
                guard let a = l.value(env), let b = r.value(env) else { return nil }
                let same: Bool
                switch (a, b) {
                case (.null, .null): same = true
                case (.bool(let x), .bool(let y)): same = x == y
                case (.number(let x), .number(let y)): same = x.doubleValue == y.doubleValue
                case (.string(let x), .string(let y)): same = x == y
                case (.array, _), (_, .array), (.object, _), (_, .object): return nil
                default: same = false
                }
                return .bool(same != negated)
            case .comparison(let op, let l, let r):
                guard let a = l.value(env), let b = r.value(env) else { return nil }
                let order: Int
                switch (a, b) {
                case (.number(let x), .number(let y)):
                    let (p, q) = (x.doubleValue, y.doubleValue)
                    guard !p.isNaN, !q.isNaN else { return nil }
                    order = p < q ? -1 : p == q ? 0 : 1
                case (.string(let x), .string(let y)): order = Machine.compareStrings(x, y)
                default: return nil
                }
                switch op {
                case .less: return .bool(order < 0)
                case .lessOrEqual: return .bool(order <= 0)
                case .greater: return .bool(order > 0)
                default: return .bool(order >= 0)
                }
            case .and(let l, let r):
                guard case .bool(let a)? = l.value(env) else { return nil }
                guard a else { return .bool(false) }
                guard case .bool(let b)? = r.value(env) else { return nil }
                return .bool(b)
            case .or(let l, let r):
                guard case .bool(let a)? = l.value(env) else { return nil }
                if a { return .bool(true) }
                guard case .bool(let b)? = r.value(env) else { return nil }
                return .bool(b)
            case .condition(let test, let then, let otherwise):
                guard case .bool(let holds)? = test.value(env) else { return nil }
                return (holds ? then : otherwise).value(env)
            case .negate(let e):
                guard let d = e.number(env) else { return nil }
                return .number(JSONNumber(-d))
            }
        }

        /// A finite number operand (JSONata's numbers are doubles).
        private func number(_ env: Bindings) -> Double? {
            guard case .number(let n)? = value(env) else { return nil }
            let d = n.doubleValue
            return d.isFinite ? d : nil
        }
    }
}
