import Foundation
import StatesLanguage

/// The coverage of one machine: every item it has, covered or not, and the report as text, JSON or a
/// Mermaid diagram with the uncovered parts marked.
public struct CoverageReport: Sendable {
    /// Every item of the machine, in definition order.
    public let items: [CoverageItem]

    init(machine: StateMachine, covered: Set<CoverageItem.Key>) {
        let index = MachineIndex(machine)
        var items: [CoverageItem] = []
        func add(_ key: CoverageItem.Key) { items.append(CoverageItem(key: key, isCovered: covered.contains(key))) }
        for entry in index.entries {
            let name = entry.name, state = entry.state
            add(.init(kind: .state, state: name))
            var targets: [String] = []
            for target in state.successors where !targets.contains(target) {
                targets.append(target)
                add(.init(kind: .transition, state: name, target: target))
            }
            if case .choice(let choice) = state.kind {
                for i in choice.choices.indices { add(.init(kind: .choiceRule, state: name, index: i)) }
                if choice.defaultState != nil { add(.init(kind: .choiceDefault, state: name)) }
            }
            for i in state.retriers.indices { add(.init(kind: .retrier, state: name, index: i)) }
            for i in state.catchers.indices { add(.init(kind: .catcher, state: name, index: i)) }
            switch state.kind {
            case .map: add(.init(kind: .mapIterations, state: name))
            case .parallel(let parallel): for i in parallel.branches.indices { add(.init(kind: .parallelBranch, state: name, index: i)) }
            default: break
            }
        }
        self.items = items
        self.machine = machine
    }

    let machine: StateMachine

    /// The items not exercised.
    public var uncovered: [CoverageItem] { items.filter { !$0.isCovered } }

    /// How many items of `kind` there are and how many were exercised.
    public func count(of kind: CoverageItem.Kind) -> (covered: Int, total: Int) {
        let all = items.filter { $0.kind == kind }
        return (all.count { $0.isCovered }, all.count)
    }

    /// The covered fraction of the items of `kind` (1 when the machine has none).
    public func fraction(of kind: CoverageItem.Kind) -> Double {
        let (covered, total) = count(of: kind)
        return total == 0 ? 1 : Double(covered) / Double(total)
    }

    /// The covered fraction of every item.
    public var fraction: Double {
        items.isEmpty ? 1 : Double(items.count { $0.isCovered }) / Double(items.count)
    }

    /// One line per kind, then the uncovered items:
    ///
    /// ```
    /// states             5/5  100.0%
    /// catchers           1/2   50.0%
    /// not covered:
    ///   catcher 0 of "Plan batch"
    /// ```
    public var text: String {
        var out = ""
        for kind in CoverageItem.Kind.allCases {
            let (covered, total) = count(of: kind)
            guard total > 0 else { continue }
            let ratio = "\(covered)/\(total)"
            out += kind.title.padding(toLength: 18, withPad: " ", startingAt: 0) + " "
                + String(repeating: " ", count: max(0, 7 - ratio.count)) + ratio + "  " + CoverageReport.percent(fraction(of: kind)) + "\n"
        }
        out += "total".padding(toLength: 18, withPad: " ", startingAt: 0) + " "
        let ratio = "\(items.count { $0.isCovered })/\(items.count)"
        out += String(repeating: " ", count: max(0, 7 - ratio.count)) + ratio + "  " + CoverageReport.percent(fraction) + "\n"
        let missing = uncovered
        if !missing.isEmpty {
            out += "not covered:\n"
            for item in missing { out += "  \(item.label)\n" }
        }
        return out
    }

    /// `{"total": {"covered", "total"}, "kinds": {"states": {...}, ...}, "uncovered": ["catcher 0 of …", …]}`.
    public var json: JSONValue {
        var kinds = JSONObject()
        for kind in CoverageItem.Kind.allCases {
            let (covered, total) = count(of: kind)
            kinds[kind.rawValue] = ["covered": .number(JSONNumber(covered)), "total": .number(JSONNumber(total))]
        }
        return [
            "total": ["covered": .number(JSONNumber(items.count { $0.isCovered })), "total": .number(JSONNumber(items.count))],
            "kinds": .object(kinds),
            "uncovered": .array(uncovered.map { .string($0.label) }),
        ]
    }

    /// A Mermaid flowchart of the machine's top-level states, nested states inside subgraphs: covered
    /// states and transitions as usual, uncovered ones dashed in red and marked `✗`.
    public var mermaid: String {
        let index = MachineIndex(machine)
        var ids: [String: String] = [:]
        for (i, entry) in index.entries.enumerated() { ids[entry.name] = "s\(i)" }
        let coveredKeys = Set(items.filter(\.isCovered).map(\.key))
        var out = "flowchart TD\n"
        out += "    classDef uncovered fill:#fdecea,stroke:#c62828,stroke-dasharray:4 3\n"
        var edges = 0
        var uncoveredEdges: [Int] = []
        var uncoveredNodes: [String] = []
        for entry in index.entries {
            guard let id = ids[entry.name] else { continue }
            let covered = coveredKeys.contains(.init(kind: .state, state: entry.name))
            out += "    \(id)[\"\(CoverageReport.escape(entry.name))\(covered ? "" : " ✗")\"]\n"
            if !covered { uncoveredNodes.append(id) }
        }
        out += "    start((\"Start\")) --> \(ids[machine.startAt] ?? "s0")\n"
        edges += 1
        for item in items where item.kind == .transition {
            guard let from = ids[item.state], let target = item.target, let to = ids[target] else { continue }
            let viaCatch = index.state(named: item.state)?.catchers.contains { $0.next == target } == true
                && index.state(named: item.state)?.transition != .next(target)
            out += "    \(from) \(viaCatch ? "-.->" : "-->")\(item.isCovered ? "" : "|✗|") \(to)\n"
            if !item.isCovered { uncoveredEdges.append(edges) }
            edges += 1
        }
        if !uncoveredNodes.isEmpty { out += "    class \(uncoveredNodes.joined(separator: ",")) uncovered\n" }
        if !uncoveredEdges.isEmpty {
            out += "    linkStyle \(uncoveredEdges.map(String.init).joined(separator: ",")) stroke:#c62828,stroke-dasharray:4 3\n"
        }
        return out
    }

    static func percent(_ fraction: Double) -> String {
        let tenths = Int((fraction * 1000).rounded())
        let text = "\(tenths / 10).\(tenths % 10)%"
        return String(repeating: " ", count: max(0, 6 - text.count)) + text
    }

    static func escape(_ name: String) -> String {
        name.replacingOccurrences(of: "\"", with: "#quot;")
    }
}
