import Foundation
import Testing
import StatesLanguage
@testable import Statecraft

/// Builds a machine and expects no diagnostics at all (every DSL-built machine in the suite must validate).
@discardableResult
func buildClean(_ machine: Machine, sourceLocation: SourceLocation = #_sourceLocation) -> BuildResult {
    let result = machine.build()
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))", sourceLocation: sourceLocation)
    return result
}

/// The state called `name` anywhere in `machine` (top level first).
func state(_ name: String, in machine: StateMachine) -> State? {
    func find(_ states: [NamedState]) -> State? {
        for s in states {
            if s.name == name { return s.state }
            switch s.state.kind {
            case .parallel(let p): for b in p.branches { if let f = find(b.states) { return f } }
            case .map(let m): if let f = find(m.itemProcessor.states) { return f }
            default: break
            }
        }
        return nil
    }
    return find(machine.states)
}

/// Golden files under Tests/StatecraftTests/Golden, re-recorded with `STATECRAFT_RECORD=1`.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["STATECRAFT_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            print("recorded \(name)")
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no golden file \(name); run the tests with STATECRAFT_RECORD=1 to record it", sourceLocation: sourceLocation)
            return
        }
        if expected != text {
            Issue.record("\(name) differs from its golden file (STATECRAFT_RECORD=1 re-records):\n\(lineDiff(expected, text))", sourceLocation: sourceLocation)
        }
    }

    /// The lines that differ, `-` golden, `+` actual.
    static func lineDiff(_ a: String, _ b: String) -> String {
        let x = a.components(separatedBy: "\n"), y = b.components(separatedBy: "\n")
        var out: [String] = []
        for i in 0..<max(x.count, y.count) {
            let l = i < x.count ? x[i] : nil, r = i < y.count ? y[i] : nil
            if l != r {
                if let l { out.append("\(i + 1) - \(l)") }
                if let r { out.append("\(i + 1) + \(r)") }
            }
            if out.count > 40 { out.append("…"); break }
        }
        return out.joined(separator: "\n")
    }
}
