import Testing
import StatesLanguage
@testable import Statecraft

/// Inside a gate, the DSL routes the user's own terminals through a release, or refuses the machine at
/// the Swift line that would leave the gate holding the slot.
@Suite struct GateRoutingTests {
    static let gate: PayloadValue = "arn:aws:lambda:us-east-1:123456789012:function:ecs-gate"

    @Test func aChoiceWithoutOtherwiseFailsThroughTheRelease() throws {
        let machine = Machine {
            ConcurrencyGate(lockName: "jobs", limit: 2, lock: .lambda(function: Self.gate)) {
                Lambda.Invoke("Plan", function: "plan")
                Choice("Kind?", noMatch: .fail) {
                    When(Variable("$.kind") == "batch") { Pass("Batch") }
                }
            }
            Succeed("Done")
        }
        let definition = buildClean(machine).machine
        guard case .choice(let choice)? = state("Kind?", in: definition)?.kind else { Issue.record("no Choice"); return }
        #expect(choice.defaultState == "Gate: no rule matched in Kind?")
        let fallback = try #require(state("Gate: no rule matched in Kind?", in: definition))
        #expect(fallback.transition == .next("Gate: release slot after failure"))
        guard case .pass(let pass) = fallback.kind else { Issue.record("not a Pass"); return }
        #expect(pass.result?["Error"] == "States.NoChoiceMatched")
        #expect(pass.assign != nil)
    }

    @Test func aSucceedInsideTheWorkIsPrecededByARelease() throws {
        let machine = Machine {
            ConcurrencyGate(lockName: "jobs", limit: 2, lock: .dynamoDB(table: "locks")) {
                Lambda.Invoke("Count", function: "count")
                Choice("Anything to do?") {
                    When(Variable("$.items") == 0) { Succeed("Nothing to do") }
                    Otherwise { Pass("Work") }
                }
            }
            Succeed("Done")
        }
        let definition = buildClean(machine).machine
        guard case .choice(let choice)? = state("Anything to do?", in: definition)?.kind else { Issue.record("no Choice"); return }
        #expect(choice.choices.first?.next == "Gate: release slot before Nothing to do")
        let release = try #require(state("Gate: release slot before Nothing to do", in: definition))
        #expect(release.comment == "statecraft:gate release jobs")
        #expect(release.transition == .next("Nothing to do"))
    }

    @Test func aGotoOutOfTheGateIsRefusedAtItsSwiftLine() {
        let machine = Machine {
            ConcurrencyGate(lockName: "jobs", limit: 2, lock: .lambda(function: Self.gate)) {
                Lambda.Invoke("Prepare", function: "prepare")
                Goto("Give up")
            }
            Succeed("Done")
            Detached {
                Fail("Give up", error: "Abandoned")
            }
        }
        let result = machine.build()
        let leak = result.diagnostics.first { $0.code == "gate-leak" }
        #expect(leak?.message.contains("Fail state \"Give up\" ends the execution while holding a slot of lock \"jobs\"") == true)
        #expect(leak?.location == .swift(fileID: "StatecraftTests/GateRoutingTests.swift", line: 57))
    }
}
