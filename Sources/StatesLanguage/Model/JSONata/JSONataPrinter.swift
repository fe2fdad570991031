// Printing, equality and hashing of ``JSONataExpression`` walk the tree with an explicit stack
// rather than by recursion, so that no tree, however deep, can exhaust the thread's stack.

extension JSONataExpression: CustomStringConvertible {
    /// The expression as JSONata text. For a tree produced by ``JSONata/parse(_:)`` the text parses
    /// back to the same tree (grouping parentheses are ``block(_:)`` nodes, so none are added).
    public var description: String {
        var out = ""
        var pending: [JSONataPrinter.Part] = [.expression(self)]
        while let part = pending.popLast() {
            switch part {
            case .text(let text): out += text
            case .expression(let expression): pending.append(contentsOf: JSONataPrinter.parts(expression).reversed())
            }
        }
        return out
    }
}

extension JSONataExpression {
    /// Structural equality.
    public static func == (lhs: JSONataExpression, rhs: JSONataExpression) -> Bool {
        var pending: [(JSONataExpression, JSONataExpression)] = [(lhs, rhs)]
        while let (a, b) = pending.popLast() {
            guard a.shape == b.shape else { return false }
            let (left, right) = (a.children, b.children)
            guard left.count == right.count else { return false }
            for index in left.indices { pending.append((left[index], right[index])) }
        }
        return true
    }

    /// Hashes the structure (consistent with ``==(_:_:)``).
    public func hash(into hasher: inout Hasher) {
        var pending = [self]
        while let expression = pending.popLast() {
            hasher.combine(expression.shape)
            pending.append(contentsOf: expression.children)
        }
    }

    /// Everything about a node except its subexpressions, which ``children`` lists in order.
    enum Shape: Hashable {
        case string(String), number(JSONNumber), boolean(Bool), null, regex(String, String)
        case name(String), variable(String), context, root, wildcard, descendants, parent
        case path(Int), filter, keepArray, groupBy(Int), sort([Bool]), focus(String), index(String)
        case array(Int), range, object(Int)
        case negate, binary(JSONataBinaryOperator), condition(hasElse: Bool), chain, bind(String)
        case block(Int), call(Int), partial(placeholders: [Bool])
        case lambda([String], JSONataSignature?), transform(hasDelete: Bool)
    }

    var shape: Shape {
        switch self {
        case .string(let s): .string(s)
        case .number(let n): .number(n)
        case .boolean(let b): .boolean(b)
        case .null: .null
        case .regex(let pattern, let flags): .regex(pattern, flags)
        case .name(let n): .name(n)
        case .variable(let v): .variable(v)
        case .context: .context
        case .root: .root
        case .wildcard: .wildcard
        case .descendants: .descendants
        case .parent: .parent
        case .path(let steps): .path(steps.count)
        case .filter: .filter
        case .keepArray: .keepArray
        case .groupBy(_, let pairs): .groupBy(pairs.count)
        case .sort(_, let terms): .sort(terms.map(\.descending))
        case .focus(_, let v): .focus(v)
        case .index(_, let v): .index(v)
        case .array(let items): .array(items.count)
        case .range: .range
        case .object(let pairs): .object(pairs.count)
        case .negate: .negate
        case .binary(let op, _, _): .binary(op)
        case .condition(_, _, let otherwise): .condition(hasElse: otherwise != nil)
        case .chain: .chain
        case .bind(let v, _): .bind(v)
        case .block(let expressions): .block(expressions.count)
        case .call(_, let arguments): .call(arguments.count)
        case .partial(_, let arguments): .partial(placeholders: arguments.map { $0 == nil })
        case .lambda(let parameters, let signature, _): .lambda(parameters, signature)
        case .transform(_, _, let delete): .transform(hasDelete: delete != nil)
        }
    }

    /// The direct subexpressions, in source order.
    var children: [JSONataExpression] {
        switch self {
        case .string, .number, .boolean, .null, .regex, .name, .variable, .context, .root, .wildcard, .descendants, .parent:
            return []
        case .path(let steps): return steps
        case .filter(let base, let predicate): return [base, predicate]
        case .keepArray(let base), .focus(let base, _), .index(let base, _), .negate(let base), .bind(_, let base):
            return [base]
        case .groupBy(let base, let pairs): return [base] + pairs.flatMap { [$0.key, $0.value] }
        case .sort(let base, let terms): return [base] + terms.map(\.expression)
        case .array(let items), .block(let items): return items
        case .range(let from, let to): return [from, to]
        case .object(let pairs): return pairs.flatMap { [$0.key, $0.value] }
        case .binary(_, let lhs, let rhs), .chain(let lhs, let rhs): return [lhs, rhs]
        case .condition(let condition, let then, let otherwise): return [condition, then] + (otherwise.map { [$0] } ?? [])
        case .call(let function, let arguments): return [function] + arguments
        case .partial(let function, let arguments): return [function] + arguments.compactMap { $0 }
        case .lambda(_, _, let body): return [body]
        case .transform(let pattern, let update, let delete): return [pattern, update] + (delete.map { [$0] } ?? [])
        }
    }
}

/// Writes ``JSONataExpression`` trees as JSONata text.
enum JSONataPrinter {
    enum Part {
        case text(String)
        case expression(JSONataExpression)
    }

    /// A node as text and subexpressions (printed in turn), without recursion.
    static func parts(_ expression: JSONataExpression) -> [Part] {
        switch expression {
        case .string(let s): return [.text(quote(s))]
        case .number(let n): return [.text(n.text)]
        case .boolean(let b): return [.text(b ? "true" : "false")]
        case .null: return [.text("null")]
        case .regex(let pattern, let flags): return [.text("/\(pattern)/\(flags)")]
        case .name(let n): return [.text(name(n))]
        case .variable(let v): return [.text("$" + v)]
        case .context: return [.text("$")]
        case .root: return [.text("$$")]
        case .wildcard: return [.text("*")]
        case .descendants: return [.text("**")]
        case .parent: return [.text("%")]
        case .path(let steps): return separated(steps, by: ".")
        case .filter(let base, let predicate): return [.expression(base), .text("["), .expression(predicate), .text("]")]
        case .keepArray(let base): return [.expression(base), .text("[]")]
        case .groupBy(let base, let pairs): return [.expression(base), .text("{")] + pairList(pairs) + [.text("}")]
        case .sort(let base, let terms):
            var parts: [Part] = [.expression(base), .text("^(")]
            for (index, term) in terms.enumerated() {
                parts.append(.text((index > 0 ? ", " : "") + (term.descending ? ">" : "<")))
                parts.append(.expression(term.expression))
            }
            return parts + [.text(")")]
        case .focus(let base, let variable): return [.expression(base), .text("@$" + variable)]
        case .index(let base, let variable): return [.expression(base), .text("#$" + variable)]
        case .array(let items): return [.text("[")] + separated(items, by: ", ") + [.text("]")]
        case .range(let from, let to): return [.expression(from), .text(" .. "), .expression(to)]
        case .object(let pairs): return [.text("{")] + pairList(pairs) + [.text("}")]
        case .negate(let operand): return [.text("-"), .expression(operand)]
        case .binary(let op, let lhs, let rhs): return [.expression(lhs), .text(" \(op.rawValue) "), .expression(rhs)]
        case .condition(let condition, let then, let otherwise):
            let parts: [Part] = [.expression(condition), .text(" ? "), .expression(then)]
            guard let otherwise else { return parts }
            return parts + [.text(" : "), .expression(otherwise)]
        case .chain(let lhs, let rhs): return [.expression(lhs), .text(" ~> "), .expression(rhs)]
        case .bind(let variable, let value): return [.text("$" + variable + " := "), .expression(value)]
        case .block(let expressions): return [.text("(")] + separated(expressions, by: "; ") + [.text(")")]
        case .call(let function, let arguments):
            return [.expression(function), .text("(")] + separated(arguments, by: ", ") + [.text(")")]
        case .partial(let function, let arguments):
            var parts: [Part] = [.expression(function), .text("(")]
            for (index, argument) in arguments.enumerated() {
                if index > 0 { parts.append(.text(", ")) }
                parts.append(argument.map { .expression($0) } ?? .text("?"))
            }
            return parts + [.text(")")]
        case .lambda(let parameters, let signature, let body):
            let header = "function(" + parameters.map { "$" + $0 }.joined(separator: ", ") + ")" + (signature?.description ?? "") + "{ "
            return [.text(header), .expression(body), .text(" }")]
        case .transform(let pattern, let update, let delete):
            var parts: [Part] = [.text("| "), .expression(pattern), .text(" | "), .expression(update)]
            if let delete { parts += [.text(", "), .expression(delete)] }
            return parts + [.text(" |")]
        }
    }

    static func separated(_ expressions: [JSONataExpression], by separator: String) -> [Part] {
        var parts: [Part] = []
        for (index, expression) in expressions.enumerated() {
            if index > 0 { parts.append(.text(separator)) }
            parts.append(.expression(expression))
        }
        return parts
    }

    static func pairList(_ pairs: [JSONataPair]) -> [Part] {
        var parts: [Part] = []
        for (index, pair) in pairs.enumerated() {
            if index > 0 { parts.append(.text(", ")) }
            parts += [.expression(pair.key), .text(": "), .expression(pair.value)]
        }
        return parts
    }

    /// A double-quoted string literal with JSON escapes.
    static func quote(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONWriter.writeString(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A field name: bare when the lexer would read it back as that name, else in backticks (or,
    /// when it contains a backtick, as a string literal, which names a field as a path step).
    static func name(_ text: String) -> String {
        if isBareName(text) { return text }
        if !text.unicodeScalars.contains("`") { return "`" + text + "`" }
        return quote(text)
    }

    static func isBareName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        if JSONataLexer.isDigit(first) || first == "\"" || first == "'" || first == "`" || first == "$" { return false }
        if ["and", "or", "in", "true", "false", "null"].contains(text) { return false }
        return text.unicodeScalars.allSatisfy {
            !JSONataLexer.isWhitespace($0) && !JSONataLexer.operatorCharacters.contains($0)
        }
    }
}
