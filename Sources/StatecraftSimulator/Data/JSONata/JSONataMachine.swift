import Foundation
import StatesLanguage

extension JSONataEvaluator {
    /// The limits one evaluation runs under.
    struct Budget {
        /// How deeply evaluation may nest (expression nesting plus function calls that are not tail
        /// calls; a recursive call costs about three levels). A level takes up to about 3 KiB of
        /// native stack in a debug build (measured on x86_64 Linux), so 100 levels stay well inside a
        /// 512 KiB secondary-thread stack; tail calls do not nest.
        var depth = 100
        /// How deeply the values built may nest: JSON's nesting limit in Statecraft's parser.
        var valueNesting = JSONParser.maximumDepth
        /// How many expression nodes may be evaluated in all (bounds time).
        var steps = 1_000_000
        /// The largest value (its JSON size in bytes, estimated) an evaluation may build: Step
        /// Functions' 256 KiB payload limit.
        var valueBytes = 262_144
        /// The native stack one evaluation may use, measured from where it starts: a second guard
        /// behind `depth`, so a debug build's large frames on a 512 KiB secondary thread end with
        /// `U1001`, never a crash (callers start evaluations near the top of their stacks: the
        /// runtime does not recurse natively). Raise it only on a thread with a larger stack.
        var stackBytes = 320 * 1024
        /// Wall-clock limit, when set.
        var deadline: Date?
    }

    /// One evaluation in progress: the budget counters, and the built-ins.
    final class Machine {
        let builtins: Environment
        var budget: Budget
        var depth = 0
        var steps = 0
        let usesParent: Bool
        /// `$now()`'s instant, fixed on first use.
        var now: Double?
        /// The environments that may hold a lambda which holds them back; ``releaseBindings()``
        /// empties them when the evaluation ends.
        ///
        /// A lambda holds the environment it was made in, and a bind (`$name := value`) stores a value
        /// into an existing environment: `( $f := function(){ $f() }; … )` puts the lambda into the
        /// block scope it holds, a reference cycle. Every other environment gets its bindings when it
        /// is made, from values older than itself, so only binds close cycles, and emptying the
        /// environments they wrote into breaks every one. That is safe because no function outlives
        /// the evaluation: a result becomes JSON (a function is an unsupported result, or `null` and an
        /// omitted member inside arrays and objects), and nothing calls it afterwards.
        ///
        /// Kept cheap and small: a block scope (where nearly all binds go) is listed when the block
        /// ends, and only if it bound something and something besides the block still holds it (a
        /// lambda made in it); a scope nothing else holds is freed at once, as before, so a loop's
        /// blocks are not kept to the end. Another environment is listed when a bind stores a
        /// function, array or object into it. Nothing is added per lookup, call or scope made.
        /// Capturing environments weakly instead would need the evaluation to hold every environment
        /// a live lambda may reach (an append per scope made, all kept to the end) and a weak load
        /// per variable lookup.
        private var bound: [Environment] = []

        /// The lowest stack address evaluation may reach (``Budget/stackBytes`` below its start).
        let stackLimit: UInt

        init(builtins: Environment, budget: Budget, usesParent: Bool) {
            self.builtins = builtins
            self.budget = budget
            self.usesParent = usesParent
            var marker: UInt8 = 0
            let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
            let allowance = UInt(max(0, budget.stackBytes))
            // Under AddressSanitizer a local's address may lie in a fake stack on the heap, so it says
            // nothing about the depth: the depth and step budgets alone apply there.
            self.stackLimit = Machine.localAddressesAreOnTheStack && here > allowance ? here - allowance : 0
        }

        /// Whether the addresses of locals are on the thread's stack: not when AddressSanitizer (whose
        /// runtime defines `__asan_init`) may move frames to fake stacks to catch use after return.
        static let localAddressesAreOnTheStack: Bool = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") == nil

        /// At the end of a block (returned or thrown): lists its scope for ``releaseBindings()`` when
        /// the scope bound something and is still held by more than the block (see `bound`).
        @inline(__always)
        func retire(_ scope: inout Environment) {
            if !scope.values.isEmpty && !isKnownUniquelyReferenced(&scope) { bound.append(scope) }
        }

        /// How many environments are listed for ``releaseBindings()`` so far.
        var listedEnvironments: Int { bound.count }

        /// Empties the environments listed in `bound`, so that no lambda stays alive through its own
        /// environment. Called when the evaluation ends; functions it made must not be called afterwards.
        func releaseBindings() {
            for environment in bound { environment.values.removeAll() }
            bound.removeAll()
        }

        // MARK: Budgets

        @inline(__always)
        func enter() throws(JSONataError) {
            depth += 1
            steps += 1
            var marker: UInt8 = 0
            let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
            if here < stackLimit {
                throw JSONataError("U1001", "Stack overflow error: the expression nests or recurses too deeply for this thread's stack")
            }
            if depth > budget.depth {
                throw JSONataError("U1001", "Stack overflow error: the expression nests or recurses more than \(budget.depth) levels deep")
            }
            if steps > budget.steps {
                throw JSONataError("U1001", "The expression took too long to evaluate: more than \(budget.steps) steps")
            }
            if steps & 0xFFF == 0, let deadline = budget.deadline, Date() > deadline {
                throw JSONataError("U1001", "The expression took too long to evaluate")
            }
        }

        /// Counts work that does not go through `eval` (long loops in built-ins).
        func tick(_ count: Int = 1) throws(JSONataError) {
            steps += count
            if steps > budget.steps {
                throw JSONataError("U1001", "The expression took too long to evaluate: more than \(budget.steps) steps")
            }
        }

        /// Refuses a value whose size is past the payload limit.
        func checkSize(_ bytes: Int) throws(JSONataError) {
            if bytes > budget.valueBytes {
                throw JSONataError("D1004", "The expression built a value of more than \(budget.valueBytes) bytes, the Step Functions payload limit")
            }
        }

        /// Refuses an array with more items than could fit in the payload limit.
        func checkCount(_ count: Int) throws(JSONataError) {
            if count > budget.valueBytes / 2 {
                throw JSONataError("D1004", "The expression built an array of \(count) items, more than fit in the \(budget.valueBytes)-byte payload limit")
            }
        }

        /// Refuses a value whose JSON form would be past the payload limit. The walk stops as soon as
        /// the limit is passed, so it costs at most the limit, however much the value shares.
        func checkWeight(_ value: Value?) throws(JSONataError) {
            guard let value else { return }
            var left = budget.valueBytes
            var stack: [(Value, Int)] = [(value, 1)]
            while let (v, level) = stack.popLast() {
                if level > budget.valueNesting {
                    throw JSONataError("D1004", "The expression built a value nested more than \(budget.valueNesting) levels deep")
                }
                switch v {
                case .string(let s): left -= s.utf8.count + 2
                case .array(let a, _):
                    left -= 2 + a.count
                    if left < 0 { break }
                    for item in a {
                        switch item {
                        case .array, .object: stack.append((item, level + 1))
                        case .string(let s): left -= s.utf8.count + 2
                        default: left -= 4
                        }
                    }
                case .object(let o):
                    left -= 2
                    for (k, item) in o.members {
                        left -= k.utf8.count + 4
                        stack.append((item, level + 1))
                    }
                default: left -= 4
                }
                if left < 0 {
                    throw JSONataError("D1004", "The expression built a value larger than \(budget.valueBytes) bytes, the Step Functions payload limit")
                }
            }
        }

        // MARK: Evaluate

        /// Evaluates a node. Kept small, with every construct out of line, so that deep nesting and
        /// recursion use little native stack per level (each level is a few frames).
        func eval(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            try enter()
            defer { depth -= 1 }
            let result = try evalKind(node, context, env)
            if node.predicates.isEmpty && node.group == nil {
                if case .array(_, let flags)? = result, flags.contains(.sequence) { return try finish(node, result, env) }
                return result
            }
            return try finish(node, result, env)
        }

        @inline(never)
        func finish(_ node: Node, _ value: Value?, _ env: Environment) throws(JSONataError) -> Value? {
            var result = value
            for predicate in node.predicates {
                result = try filter(predicate, result, env)
            }
            if !node.isPath, let group = node.group {
                result = try self.group(group, Self.tuples(Context(result)), tupleStream: false, env)
            }
            if case .array(let items, var flags)? = result, flags.contains(.sequence) {
                if node.keepArray { flags.insert(.keepSingleton) }
                if items.isEmpty { return nil }
                if items.count == 1 { return flags.contains(.keepSingleton) ? .array(items, flags) : items[0] }
                return .array(items, flags)
            }
            return result
        }

        @inline(never)
        func evalKind(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            switch node.tag {
            case .literal: return literal(node)
            case .path: return try evalPath(node, context, env)
            case .name: return evalName(node, context)
            case .variable: return evalVariable(node, context, env)
            case .wildcard: return Self.wildcard(context.value)
            case .descendants: return Self.descendants(context.value)
            case .parent: return context.ancestry?.value
            case .array: return try evalArray(node, context, env)
            case .range: return try evalRange(node, context, env)
            case .object: return try evalObject(node, context, env)
            case .negate: return try evalNegate(node, context, env)
            case .binary: return try evalBinary(node, context, env)
            case .condition: return try evalCondition(node, context, env)
            case .chain: return try evalChain(node, context, env)
            case .bind: return try evalBind(node, context, env)
            case .block: return try evalBlock(node, context, env)
            case .call: return try evalCall(node, context, env)
            case .partial: return try evalPartial(node, context, env)
            case .lambda: return evalLambda(node, context, env)
            case .transform: return evalTransform(node, env)
            case .regex: return evalRegex(node)
            case .sort: return nil
            case .invalid: return try evalInvalid(node)
            }
        }

        @inline(never) func literal(_ node: Node) -> Value? {
            if case .literal(let v) = node.kind { return v }
            return nil
        }
        @inline(never) func evalPath(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .path(let steps) = node.kind else { return nil }
            return try path(node, steps, context, env)
        }
        @inline(never) func evalName(_ node: Node, _ context: Context) -> Value? {
            guard case .name(let name) = node.kind else { return nil }
            return Self.lookup(context.value, name)
        }
        @inline(never) func evalVariable(_ node: Node, _ context: Context, _ env: Environment) -> Value? {
            guard case .variable(let name) = node.kind else { return nil }
            if name.isEmpty {
                if case .array(let a, let f)? = context.value, f.contains(.outerWrapper), let first = a.first { return first }
                return context.value
            }
            return env.lookup(name)
        }
        @inline(never) func evalArray(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .array(let items) = node.kind else { return nil }
            return try arrayConstructor(node, items, context, env)
        }
        @inline(never) func evalRange(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .range(let from, let to) = node.kind else { return nil }
            return try range(from, to, context, env)
        }
        @inline(never) func evalObject(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .object(let pairs) = node.kind else { return nil }
            return try group(pairs, Self.tuples(context), tupleStream: false, env)
        }
        @inline(never) func evalNegate(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .negate(let inner) = node.kind, let v = try eval(inner, context, env) else { return nil }
            guard case .number(let d) = v else {
                throw JSONataError("D1002", "Cannot negate a non-numeric value: \(Self.describe(v))")
            }
            return .number(-d)
        }
        @inline(never) func evalBinary(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .binary(let op, let l, let r) = node.kind else { return nil }
            return try binary(op, l, r, context, env)
        }
        @inline(never) func evalCondition(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .condition(let test, let then, let otherwise) = node.kind else { return nil }
            if Self.truthy(try eval(test, context, env)) { return try eval(then, context, env) }
            if let otherwise { return try eval(otherwise, context, env) }
            return nil
        }
        @inline(never) func evalChain(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .chain(let l, let r) = node.kind else { return nil }
            return try chain(l, r, context, env)
        }
        @inline(never) func evalBind(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .bind(let name, let value) = node.kind else { return nil }
            let result = try eval(value, context, env)
            env.values[name] = result
            // A block scope is looked at when its block ends (`retire`).
            if !env.isBlockScope && env !== builtins && bound.last !== env {
                switch result {
                case .function?, .array?, .object?: bound.append(env)
                default: break
                }
            }
            return result
        }
        @inline(never) func evalBlock(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .block(let items) = node.kind else { return nil }
            var scope = Environment([:], parent: env, isBlockScope: true)
            defer { retire(&scope) }
            var result: Value?
            for item in items { result = try eval(item, context, scope) }
            return result
        }
        @inline(never) func evalCall(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .call(let callee, let arguments) = node.kind else { return nil }
            return try call(callee, arguments, context, env, applyTo: nil)
        }
        @inline(never) func evalPartial(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            guard case .partial(let callee, let arguments) = node.kind else { return nil }
            return try partial(callee, arguments, context, env)
        }
        @inline(never) func evalLambda(_ node: Node, _ context: Context, _ env: Environment) -> Value? {
            guard case .lambda(let parameters, let signature, let body) = node.kind else { return nil }
            return .function(Function(.lambda(parameters: parameters, body: body, environment: env, context: context), signature: signature))
        }
        @inline(never) func evalTransform(_ node: Node, _ env: Environment) -> Value? {
            guard case .transform(let pattern, let update, let delete) = node.kind else { return nil }
            return transformer(pattern, update, delete, env)
        }
        @inline(never) func evalRegex(_ node: Node) -> Value? {
            guard case .regex(let regex) = node.kind else { return nil }
            return .regex(regex)
        }
        @inline(never) func evalInvalid(_ node: Node) throws(JSONataError) -> Value? {
            guard case .invalid(let error) = node.kind else { return nil }
            throw error
        }

        // MARK: Paths

        /// An item of a path's stream: a value, the variables bound so far by `@` and `#`, and the
        /// value's ancestors (for `%`).
        struct Tuple {
            var value: Value?
            var env: Environment?
            var ancestry: Ancestry?
        }

        static func tuples(_ context: Context) -> [Tuple] {
            if case .array(let a, _)? = context.value { return a.map { Tuple(value: $0, ancestry: context.ancestry) } }
            return [Tuple(value: context.value, ancestry: context.ancestry)]
        }

        @inline(never)
        func path(_ node: Node, _ steps: [Node], _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            var input: [Tuple]
            if case .array(let a, _)? = context.value, let first = steps.first, !(first.isVariable) {
                input = a.map { Tuple(value: $0, ancestry: context.ancestry) }
            } else {
                input = [Tuple(value: context.value, ancestry: context.ancestry)]
            }
            var isTupleStream = false
            var output: [Tuple] = []
            var tupleBindings: [Tuple]? = nil
            var raw: Value?
            for (i, step) in steps.enumerated() {
                if step.tuple { isTupleStream = true }
                raw = nil
                if i == 0 && step.constructedStep {
                    let v = try eval(step, Context(.sequence(input.compactMap(\.value)), ancestry: context.ancestry), env)
                    if case .array(let items, _)? = v {
                        raw = v
                        output = items.map { Tuple(value: $0, ancestry: context.ancestry) }
                    } else {
                        output = v.map { [Tuple(value: $0, ancestry: context.ancestry)] } ?? []
                    }
                } else if isTupleStream {
                    let stream = tupleBindings ?? input
                    let next = try tupleStep(step, stream, first: tupleBindings == nil, env)
                    tupleBindings = next
                    output = next
                } else {
                    (output, raw) = try self.step(step, input, env, last: i == steps.count - 1)
                }
                if !isTupleStream && output.isEmpty {
                    if raw == nil { break }
                    if case .array(let a, _)? = raw, a.isEmpty { break }
                }
                if step.focus == nil { input = output }
            }
            var result: Value
            if let raw, !isTupleStream {
                result = raw
            } else {
                result = .sequence(output.compactMap(\.value))
            }
            if node.keepSingletonArray {
                if case .array(_, let flags) = result, flags.contains(.constructed), !flags.contains(.sequence) {
                    result = .array([result], [.sequence, .keepSingleton])
                } else if case .array(let a, var flags) = result {
                    flags.insert(.keepSingleton)
                    result = .array(a, flags)
                }
            }
            if let group = node.group {
                if isTupleStream {
                    return try self.group(group, output, tupleStream: true, env)
                }
                return try self.group(group, Self.tuples(Context(result)), tupleStream: false, env)
            }
            return result
        }

        /// A step outside a tuple stream: evaluated on each input item, its stages applied to each
        /// item's result, the results flattened one level (arrays made by a constructor excepted).
        func step(_ step: Node, _ input: [Tuple], _ env: Environment, last: Bool) throws(JSONataError) -> ([Tuple], Value?) {
            if case .sort(let terms) = step.kind {
                var sorted = try sort(terms, input, tupleStream: false, env)
                for stage in step.stages {
                    if case .filter(let p) = stage { sorted = try filterTuples(p, sorted, tupleStream: false, env) }
                }
                return (sorted, nil)
            }
            var results: [(Value, Ancestry?)] = []
            let isParent: Bool = if case .parent = step.kind { true } else { false }
            for item in input {
                var res = try eval(step, Context(item.value, ancestry: item.ancestry), item.env ?? env)
                var ancestry: Ancestry? = nil
                if usesParent {
                    if isParent { ancestry = item.ancestry?.parent } else if let v = item.value { ancestry = Ancestry(v, parent: item.ancestry) }
                }
                for stage in step.stages {
                    if case .filter(let p) = stage { res = try filter(p, res, env, ancestry: ancestry) }
                }
                guard let res else { continue }
                results.append((res, ancestry))
            }
            if last, results.count == 1, case .array(_, let flags) = results[0].0, !flags.contains(.sequence) {
                let only = results[0].0
                return (only.arrayItems.map { $0.map { Tuple(value: $0, ancestry: results[0].1) } } ?? [], only)
            }
            var out: [Tuple] = []
            for (res, ancestry) in results {
                if case .array(let items, let flags) = res, !flags.contains(.constructed) {
                    for v in items { out.append(Tuple(value: v, ancestry: ancestry)) }
                } else {
                    out.append(Tuple(value: res, ancestry: ancestry))
                }
            }
            try checkCount(out.count)
            return (out, nil)
        }

        /// A step of a tuple stream: each tuple's result values become tuples carrying the bindings.
        func tupleStep(_ step: Node, _ stream: [Tuple], first: Bool, _ env: Environment) throws(JSONataError) -> [Tuple] {
            if case .sort(let terms) = step.kind {
                var sorted = try sort(terms, stream, tupleStream: !first, env)
                if first, let name = step.index {
                    for (i, _) in sorted.enumerated() { sorted[i].env = Environment([name: .number(Double(i))], parent: sorted[i].env ?? env) }
                }
                return try stages(step.stages, sorted, env)
            }
            var out: [Tuple] = []
            let isParent: Bool = if case .parent = step.kind { true } else { false }
            for item in stream {
                let itemEnv = item.env ?? env
                guard let res = try eval(step, Context(item.value, ancestry: item.ancestry), itemEnv) else { continue }
                let values: [Value] = if case .array(let a, _) = res { a } else { [res] }
                var ancestry: Ancestry? = nil
                if usesParent {
                    if isParent { ancestry = item.ancestry?.parent } else if let v = item.value { ancestry = Ancestry(v, parent: item.ancestry) }
                }
                for (i, v) in values.enumerated() {
                    var bindings: [String: Value] = [:]
                    var tuple = Tuple(value: v, env: item.env, ancestry: ancestry)
                    if let focus = step.focus {
                        bindings[focus] = v
                        tuple.value = item.value
                        if usesParent, let current = item.value { tuple.ancestry = Ancestry(current, parent: item.ancestry) }
                    }
                    if let index = step.index { bindings[index] = .number(Double(i)) }
                    if !bindings.isEmpty { tuple.env = Environment(bindings, parent: itemEnv) }
                    out.append(tuple)
                }
            }
            try checkCount(out.count)
            return try stages(step.stages, out, env)
        }

        func stages(_ stages: [Node.Stage], _ stream: [Tuple], _ env: Environment) throws(JSONataError) -> [Tuple] {
            var result = stream
            for stage in stages {
                switch stage {
                case .filter(let p): result = try filterTuples(p, result, tupleStream: true, env)
                case .index(let name):
                    for i in result.indices { result[i].env = Environment([name: .number(Double(i))], parent: result[i].env ?? env) }
                }
            }
            return result
        }

        // MARK: Predicates

        /// A predicate over a value (as a sequence of its items).
        func filter(_ predicate: Node, _ value: Value?, _ env: Environment, ancestry: Ancestry? = nil) throws(JSONataError) -> Value? {
            let items: [Value?] = if case .array(let a, _)? = value { a } else { [value] }
            var out: [Value] = []
            if case .literal(.number(let d)) = predicate.kind, predicate.predicates.isEmpty {
                if let index = Self.position(d, count: items.count), let item = items[index] {
                    if case .array = item { return item }
                    out.append(item)
                }
                return .sequence(out)
            }
            for (i, item) in items.enumerated() {
                let res = try eval(predicate, Context(item, ancestry: ancestry), env)
                if let positions = try Self.numbers(res) {
                    for p in positions where Self.position(p, count: items.count) == i {
                        if let item { out.append(item) }
                    }
                } else if Self.truthy(res), let item {
                    out.append(item)
                }
            }
            return .sequence(out)
        }

        func filterTuples(_ predicate: Node, _ stream: [Tuple], tupleStream: Bool, _ env: Environment) throws(JSONataError) -> [Tuple] {
            var out: [Tuple] = []
            if case .literal(.number(let d)) = predicate.kind, predicate.predicates.isEmpty {
                if let index = Self.position(d, count: stream.count) { out.append(stream[index]) }
                return out
            }
            for (i, item) in stream.enumerated() {
                let res = try eval(predicate, Context(item.value, ancestry: item.ancestry), item.env ?? env)
                if let positions = try Self.numbers(res) {
                    for p in positions where Self.position(p, count: stream.count) == i { out.append(item) }
                } else if Self.truthy(res) {
                    out.append(item)
                }
            }
            return out
        }

        /// The index a predicate's number selects among `count` items (negative counts from the
        /// end, fractions round down), or nil when it selects none: out of range, infinite or NaN.
        static func position(_ d: Double, count: Int) -> Int? {
            let floor = d.rounded(.down)
            guard floor.isFinite, abs(floor) <= Double(count) else { return nil }
            let index = floor < 0 ? count + Int(floor) : Int(floor)
            return index >= 0 && index < count ? index : nil
        }

        /// The numbers of a predicate result that selects by position (a number, or an array of only
        /// numbers). A single NaN is no number (it selects by truth, as JSONata's `isNumeric` has it);
        /// a single infinite one is `D1001`.
        static func numbers(_ value: Value?) throws(JSONataError) -> [Double]? {
            switch value {
            case .number(let d)?:
                if d.isNaN { return nil }
                if d.isInfinite { throw JSONataError.numberOutOfRange(d) }
                return [d]
            case .array(let a, _)?:
                var out: [Double] = []
                for v in a { guard case .number(let d) = v else { return nil }; out.append(d) }
                return out
            default: return nil
            }
        }

        // MARK: Sort and group

        func sort(_ terms: [(expression: Node, descending: Bool)], _ stream: [Tuple], tupleStream: Bool, _ env: Environment) throws(JSONataError) -> [Tuple] {
            var keys: [[Value?]] = []
            for item in stream {
                var row: [Value?] = []
                for term in terms {
                    row.append(try eval(term.expression, Context(item.value, ancestry: item.ancestry), item.env ?? env))
                }
                keys.append(row)
            }
            let order = try Self.mergeSort(Array(stream.indices)) { (a: Int, b: Int) throws(JSONataError) -> Bool in
                var comparison = 0
                for (t, term) in terms.enumerated() where comparison == 0 {
                    let x = keys[a][t], y = keys[b][t]
                    guard let x else { comparison = y == nil ? 0 : 1; continue }
                    guard let y else { comparison = -1; continue }
                    switch (x, y) {
                    case (.number(let p), .number(let q)): comparison = p == q ? 0 : p < q ? -1 : 1
                    case (.string(let p), .string(let q)): comparison = Self.compareStrings(p, q)
                    case (.number, .string), (.string, .number):
                        throw JSONataError("T2007", "Type mismatch when comparing values \(Self.describe(x)) and \(Self.describe(y)) in order-by clause")
                    default:
                        let bad = (x.numberValue == nil && x.stringValue == nil) ? x : y
                        throw JSONataError("T2008", "The expressions within an order-by clause must evaluate to numeric or string values: \(Self.describe(bad))")
                    }
                    if term.descending { comparison = -comparison }
                }
                return comparison == 1
            }
            return order.map { stream[$0] }
        }

        /// A stable merge sort; `swap(a, b)` says `a` goes after `b`.
        static func mergeSort<T>(_ items: [T], _ swap: (T, T) throws(JSONataError) -> Bool) throws(JSONataError) -> [T] {
            if items.count < 2 { return items }
            var source = items
            var target = items
            var width = 1
            while width < source.count {
                var start = 0
                while start < source.count {
                    let mid = min(start + width, source.count), end = min(start + 2 * width, source.count)
                    var i = start, j = mid, k = start
                    while i < mid && j < end {
                        if try swap(source[i], source[j]) { target[k] = source[j]; j += 1 } else { target[k] = source[i]; i += 1 }
                        k += 1
                    }
                    while i < mid { target[k] = source[i]; i += 1; k += 1 }
                    while j < end { target[k] = source[j]; j += 1; k += 1 }
                    start += 2 * width
                }
                Swift.swap(&source, &target)
                width *= 2
            }
            return source
        }

        /// JavaScript's string order (UTF-16 code units).
        static func compareStrings(_ a: String, _ b: String) -> Int {
            if a == b { return 0 }
            return a.utf16.lexicographicallyPrecedes(b.utf16) ? -1 : 1
        }

        /// Group-by and object constructors: each item's keys collect the items; each group's value
        /// expression is evaluated over its items.
        func group(_ pairs: [(key: Node, value: Node)], _ stream: [Tuple], tupleStream: Bool, _ env: Environment) throws(JSONataError) -> Value? {
            var groups: [String: (items: [Tuple], pair: Int)] = [:]
            var order: [String] = []
            let input = stream.isEmpty ? [Tuple(value: nil)] : stream
            for item in input {
                for (p, pair) in pairs.enumerated() {
                    let key = try eval(pair.key, Context(item.value, ancestry: item.ancestry), item.env ?? env)
                    guard let key else { continue }
                    guard case .string(let k) = key else {
                        throw JSONataError("T1003", "Key in object structure must evaluate to a string; got: \(Self.describe(key))")
                    }
                    if var existing = groups[k] {
                        if existing.pair != p {
                            throw JSONataError("D1009", "Multiple key definitions evaluate to same key: \"\(k)\"")
                        }
                        existing.items.append(item)
                        groups[k] = existing
                    } else {
                        groups[k] = ([item], p)
                        order.append(k)
                    }
                }
            }
            var object = Object()
            for k in order {
                guard let entry = groups[k] else { continue }
                let valueNode = pairs[entry.pair].value
                var context: Context
                var scope = env
                if tupleStream {
                    // The tuples' bindings merge: each variable collects its values.
                    var merged: [String: Value] = [:]
                    var values: [Value] = []
                    for t in entry.items {
                        if let v = t.value { values = Self.append(values, v) }
                        var e = t.env
                        while let s = e, s !== env {
                            for (name, bound) in s.values {
                                guard let v = bound else { continue }
                                merged[name] =  merged[name].map { .sequence(Self.append(Self.items($0), v)) } ?? v
                            }
                            e = s.parent
                        }
                    }
                    context = Context(values.count == 1 ? values[0] : .sequence(values), ancestry: entry.items.first?.ancestry)
                    scope = Environment(merged, parent: env)
                } else if entry.items.count == 1 {
                    context = Context(entry.items[0].value, ancestry: entry.items[0].ancestry)
                } else {
                    var values: [Value] = []
                    for t in entry.items { if let v = t.value { values = Self.append(values, v) } }
                    context = Context(.sequence(values), ancestry: entry.items.first?.ancestry)
                }
                if let v = try eval(valueNode, context, scope) { object[k] = v }
            }
            let result = Value.object(object)
            try checkWeight(result)
            return result
        }

        // MARK: Constructors

        func arrayConstructor(_ node: Node, _ items: [Node], _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            var out: [Value] = []
            for item in items {
                guard let v = try eval(item, context, env) else { continue }
                if item.isArrayConstructor {
                    out.append(v)
                } else if case .array(let a, _) = v {
                    out += a
                } else {
                    out.append(v)
                }
                try checkCount(out.count)
            }
            let array = Value.array(out, node.constructedStep ? [.constructed] : [])
            if out.contains(where: { if case .string = $0 { true } else { $0.isArray || $0.objectValue != nil } }) { try checkWeight(array) }
            return array
        }

        func range(_ from: Node, _ to: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            let lhs = try eval(from, context, env), rhs = try eval(to, context, env)
            if let lhs, !Self.isInteger(lhs) {
                throw JSONataError("T2003", "The left side of the range operator (..) must evaluate to an integer")
            }
            if let rhs, !Self.isInteger(rhs) {
                throw JSONataError("T2004", "The right side of the range operator (..) must evaluate to an integer")
            }
            guard case .number(let a)? = lhs, case .number(let b)? = rhs, a <= b else { return .array([], []) }
            let size = b - a + 1
            if size > 1e7 {
                throw JSONataError("D2014", "The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate \(Self.numberText(size)).")
            }
            let count = Int(saturating: size)
            try checkCount(count)
            return .array((0..<count).map { .number(a + Double($0)) }, [])
        }

        static func isInteger(_ v: Value) -> Bool {
            if case .number(let d) = v { return d.rounded() == d && d.isFinite }
            return false
        }

        // MARK: Operators

        @inline(never)
        func binary(_ op: JSONataBinaryOperator, _ l: Node, _ r: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            switch op {
            case .and, .or, .defaultValue, .coalesce: return try logical(op, l, r, context, env)
            default: break
            }
            return try operands(op, l, r, context, env)
        }

        @inline(never)
        func logical(_ op: JSONataBinaryOperator, _ l: Node, _ r: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            switch op {
            case .and:
                guard Self.truthy(try eval(l, context, env)) else { return .bool(false) }
                return .bool(Self.truthy(try eval(r, context, env)))
            case .or:
                if Self.truthy(try eval(l, context, env)) { return .bool(true) }
                return .bool(Self.truthy(try eval(r, context, env)))
            case .defaultValue:
                let left = try eval(l, context, env)
                return Self.truthy(left) ? left : try eval(r, context, env)
            default:
                if let left = try eval(l, context, env) { return left }
                return try eval(r, context, env)
            }
        }

        @inline(never)
        func operands(_ op: JSONataBinaryOperator, _ l: Node, _ r: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            let left = try eval(l, context, env)
            let right = try eval(r, context, env)
            return try operate(op, left, right)
        }

        /// `a op b` for `+ - * / %` (`%` is JavaScript's remainder, truncating).
        static func arithmetic(_ op: JSONataBinaryOperator, _ a: Double, _ b: Double) -> Double {
            switch op {
            case .add: a + b
            case .subtract: a - b
            case .multiply: a * b
            case .divide: a / b
            default: a.truncatingRemainder(dividingBy: b)
            }
        }

        @inline(never)
        func operate(_ op: JSONataBinaryOperator, _ left: Value?, _ right: Value?) throws(JSONataError) -> Value? {
            switch op {
            case .add, .subtract, .multiply, .divide, .modulo:
                if let left, !(try Self.checkedNumeric(left)) {
                    throw JSONataError("T2001", "The left side of the \(op.rawValue) operator must evaluate to a number")
                }
                if let right, !(try Self.checkedNumeric(right)) {
                    throw JSONataError("T2002", "The right side of the \(op.rawValue) operator must evaluate to a number")
                }
                guard case .number(let a)? = left, case .number(let b)? = right else { return nil }
                return .number(Self.arithmetic(op, a, b))
            case .concatenate:
                let s = try Self.string(left) + Self.string(right)
                try checkSize(s.utf8.count)
                return .string(s)
            case .equal, .notEqual:
                guard let left, let right else { return .bool(false) }
                let same = Self.deepEqual(left, right)
                return .bool(op == .equal ? same : !same)
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                func comparable(_ v: Value?) -> Bool {
                    switch v {
                    case nil, .number?, .string?: true
                    default: false
                    }
                }
                if !comparable(left) || !comparable(right) {
                    let bad = comparable(left) ? right : left
                    throw JSONataError("T2010", "The expressions either side of operator \"\(op.rawValue)\" must evaluate to numeric or string values: \(Self.describe(bad))")
                }
                guard let left, let right else { return nil }
                let order: Int
                switch (left, right) {
                case (.number(let x), .number(let y)): order = x < y ? -1 : x == y ? 0 : 1
                case (.string(let x), .string(let y)): order = Self.compareStrings(x, y)
                default:
                    throw JSONataError("T2009", "The values \(Self.describe(left)) and \(Self.describe(right)) either side of operator \"\(op.rawValue)\" must be of the same data type")
                }
                switch op {
                case .less: return .bool(order < 0)
                case .lessOrEqual: return .bool(order <= 0)
                case .greater: return .bool(order > 0)
                default: return .bool(order >= 0)
                }
            case .in:
                guard let left, let right else { return .bool(false) }
                let list: [Value] = if case .array(let a, _) = right { a } else { [right] }
                return .bool(list.contains { Self.strictEqual($0, left) })
            default:
                return nil
            }
        }

        @inline(never)
        func chain(_ l: Node, _ r: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            let left = try eval(l, context, env)
            if case .call(let callee, let arguments) = r.kind, r.predicates.isEmpty, r.group == nil {
                return try call(callee, arguments, context, env, applyTo: .some(left))
            }
            let right = try eval(r, context, env)
            guard let right, right.isFunction else {
                throw JSONataError("T2006", "The right side of the function application operator ~> must be a function")
            }
            if let left, left.isFunction {
                // Composition: a function that applies `left`, then `right`.
                let composed = Function(.builtin { (args: [Value?], call: Call) throws(JSONataError) -> Value? in
                    let once = try call.evaluator.apply(left, args, context: call.context)
                    return try call.evaluator.apply(right, [once], context: call.context)
                }, signature: nil, name: "composition")
                return .function(composed)
            }
            return try apply(right, [left], context: context.value)
        }

        // MARK: Functions

        @inline(never)
        func call(_ calleeNode: Node, _ argumentNodes: [Node], _ context: Context, _ env: Environment,
                  applyTo: Value??) throws(JSONataError) -> Value? {
            let callee = try eval(calleeNode, context, env)
            if callee == nil, case .path(let steps) = calleeNode.kind, steps.count == 1, case .name(let name) = steps[0].kind,
               env.lookup(name) != nil {
                throw JSONataError("T1005", "Attempted to invoke a non-function. Did you mean ${\(name)}?")
            }
            var arguments: [Value?] = []
            if let applyTo { arguments.append(applyTo) }
            for a in argumentNodes { arguments.append(try eval(a, context, env)) }
            guard let callee, callee.isFunction else {
                throw JSONataError("T1006", "Attempted to invoke a non-function")
            }
            return try apply(callee, arguments, context: context.value)
        }

        /// Calls a function value. Lambdas run in a loop so tail calls do not nest.
        @inline(never)
        func apply(_ callee: Value, _ arguments: [Value?], context: Value?) throws(JSONataError) -> Value? {
            var callee = callee
            var arguments = arguments
            while true {
                let function: Function
                switch callee {
                case .function(let f): function = f
                case .regex(let r): return try regexMatcher(r, arguments)
                default: throw JSONataError("T1006", "Attempted to invoke a non-function")
                }
                let validated = try Self.validate(function, arguments, context: context)
                switch function.kind {
                case .builtin(let body):
                    return try body(validated, Call(evaluator: self, context: context))
                case .partial(let inner, let bound, let placeholders):
                    var full: [Value?] = []
                    var next = 0
                    for (i, isPlaceholder) in placeholders.enumerated() {
                        if isPlaceholder {
                            full.append(next < validated.count ? validated[next] : nil)
                            next += 1
                        } else {
                            full.append(bound[i])
                        }
                    }
                    callee = .function(inner)
                    arguments = full
                case .lambda:
                    switch try enterLambda(function, validated) {
                    case .value(let v):
                        return v
                    case .call(let next, let nextArguments):
                        callee = next
                        arguments = nextArguments
                    }
                }
            }
        }

        /// Binds a lambda's parameters and evaluates its body up to a tail call.
        @inline(never)
        func enterLambda(_ function: Function, _ arguments: [Value?]) throws(JSONataError) -> TailResult {
            guard case .lambda(let parameters, let body, let environment, let closure) = function.kind else { return .value(nil) }
            var bindings: [String: Value] = [:]
            for (i, p) in parameters.enumerated() where i < arguments.count {
                if let a = arguments[i] { bindings[p] = a }
            }
            return try tail(body, closure, Environment(bindings, parent: environment))
        }

        enum TailResult {
            case value(Value?)
            case call(Value, [Value?])
        }

        /// Evaluates a lambda body, stopping at a call in tail position to hand it back to `apply`.
        @inline(never)
        func tail(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> TailResult {
            guard node.predicates.isEmpty, node.group == nil, !node.keepArray else { return .value(try eval(node, context, env)) }
            switch node.tag {
            case .call: return try tailCall(node, context, env)
            case .condition: return try tailCondition(node, context, env)
            case .block: return try tailBlock(node, context, env)
            default: return .value(try eval(node, context, env))
            }
        }

        @inline(never)
        func tailCall(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> TailResult {
            guard case .call(let calleeNode, let argumentNodes) = node.kind else { return .value(nil) }
            try enter()
            defer { depth -= 1 }
            let callee = try eval(calleeNode, context, env)
            var arguments: [Value?] = []
            for a in argumentNodes { arguments.append(try eval(a, context, env)) }
            guard let callee, callee.isFunction else {
                if callee == nil, case .path(let steps) = calleeNode.kind, steps.count == 1, case .name(let name) = steps[0].kind,
                   env.lookup(name) != nil {
                    throw JSONataError("T1005", "Attempted to invoke a non-function. Did you mean ${\(name)}?")
                }
                throw JSONataError("T1006", "Attempted to invoke a non-function")
            }
            if case .function(let f) = callee, case .lambda = f.kind { return .call(callee, arguments) }
            return .value(Self.collapse(try apply(callee, arguments, context: context.value)))
        }

        @inline(never)
        func tailCondition(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> TailResult {
            guard case .condition(let test, let then, let otherwise) = node.kind else { return .value(nil) }
            try enter()
            defer { depth -= 1 }
            if Self.truthy(try eval(test, context, env)) { return try tail(then, context, env) }
            if let otherwise { return try tail(otherwise, context, env) }
            return .value(nil)
        }

        @inline(never)
        func tailBlock(_ node: Node, _ context: Context, _ env: Environment) throws(JSONataError) -> TailResult {
            guard case .block(let items) = node.kind, let last = items.last else { return .value(nil) }
            try enter()
            defer { depth -= 1 }
            var scope = Environment([:], parent: env, isBlockScope: true)
            defer { retire(&scope) }
            for item in items.dropLast() { _ = try eval(item, context, scope) }
            return try tail(last, context, scope)
        }

        /// A sequence result as `eval` returns it (singletons unwrapped, empty undefined).
        static func collapse(_ value: Value?) -> Value? {
            if case .array(let items, let flags)? = value, flags.contains(.sequence) {
                if items.isEmpty { return nil }
                if items.count == 1 && !flags.contains(.keepSingleton) { return items[0] }
            }
            return value
        }

        @inline(never)
        func partial(_ calleeNode: Node, _ argumentNodes: [Node?], _ context: Context, _ env: Environment) throws(JSONataError) -> Value? {
            let callee = try eval(calleeNode, context, env)
            if callee == nil, case .path(let steps) = calleeNode.kind, steps.count == 1, case .name(let name) = steps[0].kind,
               env.lookup(name) != nil {
                throw JSONataError("T1007", "Attempted to partially apply a non-function. Did you mean ${\(name)}?")
            }
            guard case .function(let f)? = callee else {
                throw JSONataError("T1008", "Attempted to partially apply a non-function")
            }
            var bound: [Value?] = []
            var placeholders: [Bool] = []
            for a in argumentNodes {
                if let a {
                    bound.append(try eval(a, context, env))
                    placeholders.append(false)
                } else {
                    bound.append(nil)
                    placeholders.append(true)
                }
            }
            return .function(Function(.partial(f, arguments: bound, placeholders: placeholders), signature: nil, name: f.name))
        }

        // MARK: Transform

        func transformer(_ pattern: Node, _ update: Node, _ delete: Node?, _ env: Environment) -> Value {
            let signature = JSONataEvaluator.signature("<(oa):o>")
            return .function(Function(.builtin { (args: [Value?], call: Call) throws(JSONataError) -> Value? in
                guard let input = args.first, let object = input else { return nil }
                let machine = call.evaluator
                var counter = 0
                let cloned = Self.identify(object, &counter)
                let matches = try machine.eval(pattern, Context(cloned), env)
                var updates: [Int: [(Object?, [String])]] = [:]
                var order: [Int] = []
                for match in Self.items(matches) {
                    guard case .object(let o) = match else { continue }
                    let changes = try machine.eval(update, Context(match), env)
                    var newMembers: Object? = nil
                    if let changes {
                        guard case .object(let u) = changes else {
                            throw JSONataError("T2011", "The insert/update clause of the transform expression must evaluate to an object: \(Self.describe(changes))")
                        }
                        newMembers = u
                    }
                    var deletions: [String] = []
                    if let delete, let d = try machine.eval(delete, Context(match), env) {
                        for item in Self.items(d) {
                            guard case .string(let s) = item else {
                                throw JSONataError("T2012", "The delete clause of the transform expression must evaluate to a string or array of strings: \(Self.describe(d))")
                            }
                            deletions.append(s)
                        }
                    }
                    if updates[o.id] == nil { order.append(o.id) }
                    updates[o.id, default: []].append((newMembers, deletions))
                }
                return Self.rebuild(cloned, updates)
            }, signature: signature, name: "transform"))
        }

        /// A copy of `value` whose objects carry distinct identities (so matches can be found again).
        static func identify(_ value: Value, _ counter: inout Int) -> Value {
            switch value {
            case .array(let a, let f): return .array(a.map { identify($0, &counter) }, f)
            case .object(let o):
                var copy = Object()
                for (k, v) in o.members { copy[k] = identify(v, &counter) }
                counter += 1
                copy.id = counter
                return .object(copy)
            default: return value
            }
        }

        static func rebuild(_ value: Value, _ updates: [Int: [(Object?, [String])]]) -> Value {
            switch value {
            case .array(let a, let f): return .array(a.map { rebuild($0, updates) }, f)
            case .object(let o):
                var copy = Object()
                for (k, v) in o.members { copy[k] = rebuild(v, updates) }
                for (u, deletions) in updates[o.id] ?? [] {
                    if let u { for (k, v) in u.members { copy[k] = v } }
                    for d in deletions { copy[d] = nil }
                }
                return .object(copy)
            default: return value
            }
        }
    }
}

extension JSONataEvaluator.Node {
    var isVariable: Bool { if case .variable = kind { true } else { false } }
}
