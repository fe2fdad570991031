import StatesLanguage

extension JSONataEvaluator {
    /// An expression prepared for evaluation: the syntax tree rearranged the way JSONata's own
    /// compiler arranges it (names are one-step paths, predicates of a path step become its stages,
    /// order-by is a step, `@`/`#` make a path a tuple stream), with regular expressions compiled.
    final class Node {
        enum Kind {
            case literal(Value)
            case name(String)
            /// `$name`; the empty name is `$`, the context.
            case variable(String)
            case wildcard
            case descendants
            case parent
            case path([Node])
            case array([Node])
            case range(Node, Node)
            case object([(key: Node, value: Node)])
            case negate(Node)
            case binary(JSONataBinaryOperator, Node, Node)
            case condition(Node, Node, Node?)
            case chain(Node, Node)
            case bind(String, Node)
            case block([Node])
            case call(Node, [Node])
            case partial(Node, [Node?])
            case lambda([String], JSONataSignature?, Node)
            case transform(Node, Node, Node?)
            case regex(JSONataRegex)
            /// An order-by step.
            case sort([(expression: Node, descending: Bool)])
            /// A regular expression that does not compile: the error is raised when evaluated.
            case invalid(JSONataError)
        }

        /// A stage of a path step: a predicate, or an index binding after predicates.
        enum Stage {
            case filter(Node)
            case index(String)
        }

        var kind: Kind { didSet { tag = Self.tag(of: kind) } }
        /// The kind's case alone, so dispatch does not copy the payload (small native frames).
        private(set) var tag: Tag

        enum Tag: UInt8 {
            case literal, name, variable, wildcard, descendants, parent, path, array, range, object, negate, binary
            case condition, chain, bind, block, call, partial, lambda, transform, regex, sort, invalid
        }

        static func tag(of kind: Kind) -> Tag {
            switch kind {
            case .literal: .literal
            case .name: .name
            case .variable: .variable
            case .wildcard: .wildcard
            case .descendants: .descendants
            case .parent: .parent
            case .path: .path
            case .array: .array
            case .range: .range
            case .object: .object
            case .negate: .negate
            case .binary: .binary
            case .condition: .condition
            case .chain: .chain
            case .bind: .bind
            case .block: .block
            case .call: .call
            case .partial: .partial
            case .lambda: .lambda
            case .transform: .transform
            case .regex: .regex
            case .sort: .sort
            case .invalid: .invalid
            }
        }
        /// Predicates over the whole value (of an expression that is not a path).
        var predicates: [Node] = []
        /// Predicates (and index bindings) applied to a path step's results.
        var stages: [Stage] = []
        /// Group-by pairs `{key: value}` attached to the expression.
        var group: [(key: Node, value: Node)]?
        /// `@$name`: the step's values are bound to `$name`; the context does not move.
        var focus: String?
        /// `#$name`: each value's position is bound to `$name`.
        var index: String?
        /// `[]`: keep singleton arrays.
        var keepArray = false
        /// The step makes its path a tuple stream (it binds variables).
        var tuple = false
        /// An array constructor first or last in a path: not flattened.
        var constructedStep = false
        /// A path one of whose steps keeps singleton arrays.
        var keepSingletonArray = false

        init(_ kind: Kind) {
            self.kind = kind
            self.tag = Self.tag(of: kind)
        }

        var isPath: Bool { tag == .path }
        var isArrayConstructor: Bool { tag == .array }
    }

    /// Prepares an expression. Also reports whether it uses the parent operator `%`.
    struct Compiler {
        var usesParent = false
        /// How deeply the construct being compiled is nested.
        var nesting = 0
        /// Deeper expressions could not be evaluated within the depth budget anyway.
        static let maximumNesting = 128
        /// Parent operators compiled so far (to find the path steps that contain one).
        var parents = 0
        /// How many path steps (after a path's first) enclose the expression being compiled: `%`
        /// outside every step has no parent to refer to.
        var stepDepth = 0

        static let noParent = JSONataError("S0217", "The object representing the 'parent' cannot be derived from this expression")

        /// Compiles one expression. The dispatch is kept small and each construct is compiled out of
        /// line, so expressions nested to the parser's limit stay within a small native stack.
        mutating func compile(_ e: JSONataExpression) -> Node {
            nesting += 1
            defer { nesting -= 1 }
            if nesting > Self.maximumNesting {
                return Node(.invalid(JSONataError("U1001", "Stack overflow error: the expression nests more than \(Self.maximumNesting) levels deep")))
            }
            switch e {
            case .string, .number, .boolean, .null, .regex, .name, .variable, .context, .root, .wildcard, .descendants, .parent:
                return compileLeaf(e)
            case .path: return compilePath(e)
            case .filter, .keepArray, .groupBy, .sort, .focus, .index: return compileStepOperator(e)
            case .call, .partial: return compileCall(e)
            default: return compileOther(e)
            }
        }

        @inline(never)
        mutating func compileLeaf(_ e: JSONataExpression) -> Node {
            switch e {
            case .string(let s): return Node(.literal(.string(s)))
            case .number(let n): return Node(.literal(.number(n.doubleValue)))
            case .boolean(let b): return Node(.literal(.bool(b)))
            case .null: return Node(.literal(.null))
            case .regex(let pattern, let flags):
                do throws(JSONataError) {
                    return Node(.regex(try JSONataRegex(pattern: pattern, flags: flags)))
                } catch {
                    return Node(.invalid(error))
                }
            case .name(let name): return Node(.path([Node(.name(name))]))
            case .variable(let name): return Node(.variable(name))
            case .context: return Node(.variable(""))
            case .root: return Node(.variable("$"))
            case .wildcard: return Node(.path([Node(.wildcard)]))
            case .descendants: return Node(.path([Node(.descendants)]))
            case .parent:
                usesParent = true
                parents += 1
                if stepDepth == 0 { return Node(.invalid(Self.noParent)) }
                return Node(.parent)
            default: return Node(.literal(.null))
            }
        }

        @inline(never)
        mutating func compilePath(_ e: JSONataExpression) -> Node {
            switch e {
            case .path(let steps):
                var list: [Node] = []
                var keep = false
                var available = 0
                var counting = false
                for (index, step) in steps.enumerated() {
                    let before = parents
                    if index > 0 { stepDepth += 1 }
                    let node = compile(step)
                    if index > 0 { stepDepth -= 1 }
                    // Parents after the path's own steps cannot climb above its start (leading
                    // `%` steps refer to an enclosing path and are not counted).
                    if case .parent = node.kind {
                        if counting {
                            available -= 1
                            if available < 0 { return Node(.invalid(Self.noParent)) }
                        }
                    } else {
                        counting = true
                        available += 1
                    }
                    if case .parent = node.kind, index > 0, let previous = list.last {
                        switch previous.kind {
                        case .variable, .object, .literal, .array:
                            return Node(.invalid(Self.noParent))
                        default: break
                        }
                    }
                    // A step using `%` runs as a tuple-stream step, as in JSONata.
                    let containsParent = parents > before
                    if case .path(let inner) = node.kind {
                        list += inner
                        keep = keep || node.keepSingletonArray
                        if let group = node.group, let last = inner.last { last.group = group }
                        if containsParent, let last = inner.last { last.tuple = true }
                    } else {
                        if !node.predicates.isEmpty {
                            node.stages = node.predicates.map { .filter($0) }
                            node.predicates = []
                        }
                        if containsParent { node.tuple = true }
                        list.append(node)
                    }
                }
                let path = Node(.path(list))
                path.keepSingletonArray = keep || list.contains { $0.keepArray }
                if let first = list.first, first.isArrayConstructor { first.constructedStep = true }
                if let last = list.last, last.isArrayConstructor { last.constructedStep = true }
                // A group-by on the last step belongs to the path as a whole.
                if let last = list.last, let group = last.group, list.count > 1 {
                    path.group = group
                    last.group = nil
                }
                return path
            default: return Node(.literal(.null))
            }
        }

        @inline(never)
        mutating func compileStepOperator(_ e: JSONataExpression) -> Node {
            switch e {
            case .filter(let base, let predicate):
                let node = compile(base)
                let p = compile(predicate)
                if case .path(let steps) = node.kind, let last = steps.last, node.group == nil {
                    last.stages.append(.filter(p))
                } else {
                    node.predicates.append(p)
                }
                return node
            case .keepArray(let inner):
                let node = compile(inner)
                if case .path(let steps) = node.kind, let last = steps.last {
                    last.keepArray = true
                    node.keepSingletonArray = true
                } else {
                    node.keepArray = true
                }
                return node
            case .groupBy(let inner, let pairs):
                let node = compile(inner)
                node.group = pairs.map { (compile($0.key), compile($0.value)) }
                return node
            case .sort(let inner, let terms):
                var node = compile(inner)
                if !node.isPath || node.group != nil { node = wrap(node) }
                stepDepth += 1
                let step = Node(.sort(terms.map { (compile($0.expression), $0.descending) }))
                stepDepth -= 1
                if case .path(let steps) = node.kind { node.kind = .path(steps + [step]) }
                return node
            case .focus(let inner, let variable):
                let node = compile(inner)
                var step = node
                if case .path(let steps) = node.kind, let last = steps.last { step = last }
                step.focus = variable
                step.tuple = true
                return node
            case .index(let inner, let variable):
                var node = compile(inner)
                if !node.isPath || node.group != nil { node = wrap(node) }
                guard case .path(let steps) = node.kind, let step = steps.last else { return node }
                if step.stages.isEmpty { step.index = variable } else { step.stages.append(.index(variable)) }
                step.tuple = true
                return node
            default: return Node(.literal(.null))
            }
        }

        @inline(never)
        mutating func compileCall(_ e: JSONataExpression) -> Node {
            switch e {
            case .call(let callee, let arguments):
                // `%()` calls whatever `%` is (nothing, outside a path): a call error, as in JSONata.
                let calleeNode: Node
                if case .parent = callee { calleeNode = Node(.parent) } else { calleeNode = compile(callee) }
                return Node(.call(calleeNode, arguments.map { compile($0) }))
            case .partial(let callee, let arguments): return Node(.partial(compile(callee), arguments.map { $0.map { compile($0) } }))
            default: return Node(.literal(.null))
            }
        }

        @inline(never)
        mutating func compileOther(_ e: JSONataExpression) -> Node {
            switch e {
            case .array(let items): return Node(.array(items.map { compile($0) }))
            case .range(let from, let to): return Node(.range(compile(from), compile(to)))
            case .object(let pairs): return Node(.object(pairs.map { (compile($0.key), compile($0.value)) }))
            case .negate(let inner): return Node(.negate(compile(inner)))
            case .binary(let op, let l, let r): return Node(.binary(op, compile(l), compile(r)))
            case .condition(let c, let t, let f): return Node(.condition(compile(c), compile(t), f.map { compile($0) }))
            case .chain(let l, let r):
                let left = compile(l), right = compile(r)
                let node = Node(.chain(left, right))
                node.keepArray = left.keepArray || right.keepArray
                return node
            case .bind(let name, let value): return Node(.bind(name, compile(value)))
            case .block(let items): return Node(.block(items.map { compile($0) }))
            case .lambda(let parameters, let signature, let body): return Node(.lambda(parameters, signature, compile(body)))
            case .transform(let pattern, let update, let delete):
                return Node(.transform(compile(pattern), compile(update), delete.map { compile($0) }))
            default: return Node(.literal(.null))
            }
        }

        /// A one-step path around `node`, its predicates becoming the step's stages.
        func wrap(_ node: Node) -> Node {
            if !node.predicates.isEmpty {
                node.stages = node.predicates.map { .filter($0) }
                node.predicates = []
            }
            let path = Node(.path([node]))
            if node.keepArray { path.keepSingletonArray = true }
            return path
        }
    }
}

extension JSONataEvaluator {
    /// What an expression reads from outside itself: variables, the fields of `$states`, and whether
    /// it may read the context value (conservatively: any function call might).
    struct ExternalReads {
        var variables = Set<String>()
        var statesFields: Set<String>? = []
        var readsContext = false

        init(_ root: JSONataExpression) {
            // Each entry: an expression, and whether it is evaluated against the outer context
            // (steps after a path's first are evaluated against their items instead).
            var stack: [(JSONataExpression, Bool)] = [(root, true)]
            while let (e, outer) = stack.popLast() {
                switch e {
                case .variable(let name):
                    if name.isEmpty { if outer { readsContext = true } } else { variables.insert(name) }
                    if name == "states" { statesFields = nil }
                case .context, .root:
                    if outer { readsContext = true }
                    if case .root = e { readsContext = true }
                case .name, .wildcard, .descendants, .parent:
                    if outer { readsContext = true }
                case .path(let steps):
                    if steps.count >= 2, case .variable("states") = steps[0], case .name(let field) = steps[1] {
                        variables.insert("states")
                        statesFields?.insert(field)
                        for step in steps.dropFirst(2) { stack.append((step, false)) }
                    } else {
                        if let first = steps.first { stack.append((first, outer)) }
                        for step in steps.dropFirst() { stack.append((step, false)) }
                    }
                case .filter(let base, let predicate): stack += [(base, outer), (predicate, false)]
                case .keepArray(let inner), .focus(let inner, _), .index(let inner, _): stack.append((inner, outer))
                case .groupBy(let inner, let pairs):
                    stack.append((inner, outer))
                    for p in pairs { stack += [(p.key, false), (p.value, false)] }
                case .sort(let inner, let terms):
                    stack.append((inner, outer))
                    for t in terms { stack.append((t.expression, false)) }
                case .array(let items), .block(let items): for i in items { stack.append((i, outer)) }
                case .range(let a, let b): stack += [(a, outer), (b, outer)]
                case .object(let pairs):
                    if outer { readsContext = true }
                    for p in pairs { stack += [(p.key, outer), (p.value, outer)] }
                case .negate(let inner): stack.append((inner, outer))
                case .binary(_, let l, let r), .chain(let l, let r): stack += [(l, outer), (r, outer)]
                case .condition(let c, let t, let f):
                    stack += [(c, outer), (t, outer)]
                    if let f { stack.append((f, outer)) }
                case .bind(_, let value): stack.append((value, outer))
                case .call(let callee, let arguments):
                    if outer { readsContext = true }
                    stack.append((callee, outer))
                    for a in arguments { stack.append((a, outer)) }
                case .partial(let callee, let arguments):
                    if outer { readsContext = true }
                    stack.append((callee, outer))
                    for a in arguments.compactMap({ $0 }) { stack.append((a, outer)) }
                case .lambda(_, _, let body): stack.append((body, outer))
                case .transform(let pattern, let update, let delete):
                    stack += [(pattern, false), (update, false)]
                    if let delete { stack.append((delete, false)) }
                default: break
                }
            }
        }
    }
}
