/// A state machine as a diagram: states, transitions, Choice conditions, Catch edges (dashed) and retry
/// annotations, with Parallel branches and Map processors as subgraphs. Written as Mermaid or DOT.
///
/// ```swift
/// let graph = StateGraph(machine)
/// print(graph.mermaid)   // paste into Markdown: GitHub renders it
/// print(graph.dot)       // or: dot -Tsvg
/// ```
///
/// Each state shows its name and type, with a Task's resource, a Wait's duration or a Fail's error on
/// the same line; a Choice's conditions label its edges; each retrier is a line under its state
/// (`↻ errors · attempts · interval · backoff`).
public struct StateGraph {
    private struct Node {
        let id: String
        let label: String
        let shape: Shape
    }

    private enum Shape { case state, choice, terminal, marker }

    private struct Edge {
        let from: String
        let to: String
        let label: String?
        let dashed: Bool
    }

    /// A Parallel branch or Map processor: its title and what it holds.
    private final class Cluster {
        let id: String
        let title: String
        var nodes: [Node] = []
        var clusters: [Cluster] = []
        init(id: String, title: String) {
            self.id = id
            self.title = title
        }
    }

    private let root = Cluster(id: "machine", title: "")
    private var edges: [Edge] = []
    private var counter = 0

    /// The diagram of a machine (a valid one: transitions to missing states are drawn to a placeholder node).
    public init(_ machine: StateMachine) {
        let start = Node(id: "start", label: "Start", shape: .marker)
        root.nodes.append(start)
        let end = Node(id: "finish", label: "End", shape: .marker)
        let first = add(machine, into: root, end: end.id)
        edges.insert(Edge(from: start.id, to: first ?? end.id, label: nil, dashed: false), at: 0)
        root.nodes.append(end)
    }

    /// Adds the states of a scope; returns the id of its StartAt state.
    @discardableResult
    private mutating func add(_ scope: some StateContainer, into cluster: Cluster, end: String?) -> String? {
        var ids: [String: String] = [:]
        for named in scope.states {
            ids[named.name] = "s\(counter)"
            counter += 1
        }
        for named in scope.states {
            guard let id = ids[named.name] else { continue }
            let state = named.state
            var label = named.name
            var shape = Shape.state
            switch state.kind {
            case .choice: shape = .choice
            case .succeed, .fail: shape = .terminal
            default: break
            }
            label += "\n" + state.typeName + Self.detail(state)
            for retrier in state.retriers { label += "\n↻ " + Self.describe(retrier) }
            cluster.nodes.append(Node(id: id, label: label, shape: shape))
            func target(_ name: String) -> String { ids[name] ?? "missing_\(name.filter { $0.isLetter || $0.isNumber })" }
            switch state.transition {
            case .next(let next)?: edges.append(Edge(from: id, to: target(next), label: nil, dashed: false))
            case .end?: if let end { edges.append(Edge(from: id, to: end, label: nil, dashed: false)) }
            case nil: break
            }
            if case .choice(let choice) = state.kind {
                for branch in choice.choices {
                    edges.append(Edge(from: id, to: target(branch.next), label: Self.describe(branch.condition), dashed: false))
                }
                if let fallback = choice.defaultState { edges.append(Edge(from: id, to: target(fallback), label: "default", dashed: false)) }
            }
            if case .succeed = state.kind, let end { edges.append(Edge(from: id, to: end, label: nil, dashed: false)) }
            for catcher in state.catchers {
                edges.append(Edge(from: id, to: target(catcher.next), label: "catch " + catcher.errorEquals.map(\.rawValue).joined(separator: ", "),
                                  dashed: true))
            }
            switch state.kind {
            case .parallel(let parallel):
                for (i, branch) in parallel.branches.enumerated() {
                    let inner = Cluster(id: "\(id)_branch\(i)", title: "\(named.name): branch \(i + 1)")
                    cluster.clusters.append(inner)
                    if let first = add(branch, into: inner, end: nil) {
                        edges.append(Edge(from: id, to: first, label: "branch \(i + 1)", dashed: false))
                    }
                }
            case .map(let map):
                let inner = Cluster(id: "\(id)_items", title: "\(named.name): each item")
                cluster.clusters.append(inner)
                if let first = add(map.itemProcessor, into: inner, end: nil) {
                    edges.append(Edge(from: id, to: first, label: "each item", dashed: false))
                }
            default:
                break
            }
        }
        return ids[scope.startAt]
    }

    /// A short line under the type: the Task's resource, a Wait's duration.
    private static func detail(_ state: State) -> String {
        switch state.kind {
        case .task(let task):
            let resource = task.resource.hasPrefix("arn:aws:states:::") ? String(task.resource.dropFirst("arn:aws:states:::".count)) : task.resource
            return " · " + resource
        case .wait(let wait):
            switch wait.duration {
            case .seconds(.literal(let s)): return " · \(s) s"
            case .seconds(.path(let p)): return " · " + p.text
            case .timestamp(.literal(let t)): return " · until " + t
            case .timestamp(.path(let p)): return " · until " + p.text
            default: return ""
            }
        case .fail(let fail):
            if case .literal(let error)? = fail.error { return " · " + error }
            return ""
        default: return ""
        }
    }

    private static func describe(_ retrier: Retrier) -> String {
        var parts = [retrier.errorEquals.map(\.rawValue).joined(separator: ", ")]
        parts.append("×\(retrier.maxAttempts ?? 3)")
        parts.append("\(retrier.intervalSeconds ?? 1) s")
        if let rate = retrier.backoffRate { parts.append("backoff \(rate.text)") }
        if let cap = retrier.maxDelaySeconds { parts.append("max \(cap) s") }
        if retrier.jitterStrategy == .full { parts.append("jitter") }
        return parts.joined(separator: " · ")
    }

    private static func describe(_ condition: ChoiceCondition) -> String {
        switch condition {
        case .comparison(let c):
            let operand: String
            switch c.operand {
            case .path(let p): operand = p.text
            case .literal(let v): operand = JSONWriter.string(v)
            }
            let symbols: [ComparisonOperator: String] = [
                .stringEquals: "==", .numericEquals: "==", .booleanEquals: "==", .timestampEquals: "==",
                .stringLessThan: "<", .numericLessThan: "<", .timestampLessThan: "<",
                .stringGreaterThan: ">", .numericGreaterThan: ">", .timestampGreaterThan: ">",
                .stringLessThanEquals: "<=", .numericLessThanEquals: "<=", .timestampLessThanEquals: "<=",
                .stringGreaterThanEquals: ">=", .numericGreaterThanEquals: ">=", .timestampGreaterThanEquals: ">=",
                .stringMatches: "matches",
            ]
            if let symbol = symbols[c.operator] { return "\(c.variable.text) \(symbol) \(operand)" }
            let test = c.operator.rawValue.hasPrefix("Is") ? String(c.operator.rawValue.dropFirst(2)).lowercased() : c.operator.rawValue
            return operand == "false" ? "\(c.variable.text) is not \(test)" : "\(c.variable.text) is \(test)"
        case .and(let items, _): return items.map { "(" + describe($0) + ")" }.joined(separator: " and ")
        case .or(let items, _): return items.map { "(" + describe($0) + ")" }.joined(separator: " or ")
        case .not(let inner, _): return "not (" + describe(inner) + ")"
        case .jsonata(let v): return v.stringValue ?? JSONWriter.string(v)
        }
    }

    // MARK: Mermaid

    /// The diagram as a Mermaid flowchart (`flowchart TD`), ready for a Markdown code block.
    public var mermaid: String {
        var out = "flowchart TD\n"
        func write(_ cluster: Cluster, indent: String) {
            for node in cluster.nodes {
                let text = Self.mermaidText(node.label)
                switch node.shape {
                case .state: out += "\(indent)\(node.id)[\"\(text)\"]\n"
                case .choice: out += "\(indent)\(node.id){\"\(text)\"}\n"
                case .terminal: out += "\(indent)\(node.id)([\"\(text)\"])\n"
                case .marker: out += "\(indent)\(node.id)((\"\(text)\"))\n"
                }
            }
            for inner in cluster.clusters {
                out += "\(indent)subgraph \(inner.id)[\"\(Self.mermaidText(inner.title))\"]\n"
                write(inner, indent: indent + "    ")
                out += "\(indent)end\n"
            }
        }
        write(root, indent: "    ")
        for edge in edges {
            if let label = edge.label {
                let text = Self.mermaidText(label)
                out += edge.dashed ? "    \(edge.from) -. \"\(text)\" .-> \(edge.to)\n" : "    \(edge.from) -- \"\(text)\" --> \(edge.to)\n"
            } else {
                out += edge.dashed ? "    \(edge.from) -.-> \(edge.to)\n" : "    \(edge.from) --> \(edge.to)\n"
            }
        }
        return out
    }

    /// Text for a quoted Mermaid label: quotes as `#quot;`, line breaks as `<br/>`, and `<`, `>`, `#`, `&` as entities.
    private static func mermaidText(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "&": out += "#amp;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "\n": out += "<br/>"
            default: out.append(c)
            }
        }
        return out
    }

    // MARK: DOT

    /// The diagram as a Graphviz DOT digraph.
    public var dot: String {
        var out = "digraph StateMachine {\n    rankdir=TB;\n    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n    edge [fontname=\"Helvetica\", fontsize=10];\n"
        func write(_ cluster: Cluster, indent: String) {
            for node in cluster.nodes {
                let shape: String
                switch node.shape {
                case .state: shape = ""
                case .choice: shape = ", shape=diamond, style=\"\""
                case .terminal: shape = ", style=\"rounded,bold\""
                case .marker: shape = ", shape=circle, style=\"\""
                }
                out += "\(indent)\(node.id) [label=\(Self.dotText(node.label))\(shape)];\n"
            }
            for inner in cluster.clusters {
                out += "\(indent)subgraph cluster_\(inner.id) {\n\(indent)    label=\(Self.dotText(inner.title));\n\(indent)    style=dashed;\n"
                write(inner, indent: indent + "    ")
                out += "\(indent)}\n"
            }
        }
        write(root, indent: "    ")
        for edge in edges {
            var attributes: [String] = []
            if let label = edge.label { attributes.append("label=\(Self.dotText(label))") }
            if edge.dashed { attributes.append("style=dashed") }
            out += "    \(edge.from) -> \(edge.to)" + (attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]") + ";\n"
        }
        return out + "}\n"
    }

    /// A DOT string literal: quotes and backslashes escaped, line breaks as `\n`.
    private static func dotText(_ text: String) -> String {
        var out = "\""
        for c in text {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
