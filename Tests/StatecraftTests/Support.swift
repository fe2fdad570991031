import Foundation
import Testing
import StatesLanguage
@testable import Statecraft
import StatecraftTestSupport

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
let Golden = GoldenFiles(folder: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden"))
