import Testing
import StatesLanguage
@testable import Statecraft

@Suite struct FlowTests {
    @Test func sequentialStepsChainAndTheLastEnds() {
        let m = buildClean(Machine {
            Pass("A")
            Wait("B", seconds: 5)
            Pass("C")
        }).machine
        #expect(m.startAt == "A")
        #expect(m.states.map(\.name) == ["A", "B", "C"])
        #expect(m.states.map(\.state.transition) == [.next("B"), .next("C"), .end])
    }

    @Test func buildTimeSwiftControlFlowChoosesSteps() {
        func machine(verbose: Bool, copies: Int) -> StateMachine {
            buildClean(Machine {
                Pass("Start")
                if verbose { Pass("Log") }
                if copies > 1 { Pass("Many") } else { Pass("One") }
                for i in 0..<copies { Pass("Copy \(i)") }
                Succeed("Done")
            }).machine
        }
        #expect(machine(verbose: true, copies: 2).states.map(\.name) == ["Start", "Log", "Many", "Copy 0", "Copy 1", "Done"])
        #expect(machine(verbose: false, copies: 1).states.map(\.name) == ["Start", "One", "Copy 0", "Done"])
    }

    @Test func choiceBranchesRejoinEndOrJump() {
        let m = buildClean(Machine {
            Pass("Load")
            Choice("Kind?") {
                When(Variable("$.kind") == "big") {
                    Pass("Split")
                }
                When(Variable("$.kind") == "bad") {
                    Fail("Rejected", error: "BadKind")
                }
                When(Variable("$.size") < 10) {}
                Otherwise {
                    Pass("Default path")
                }
            }
            Succeed("Done")
        }).machine
        guard case .choice(let c) = state("Kind?", in: m)?.kind else { Issue.record("no choice"); return }
        #expect(c.choices.map(\.next) == ["Split", "Rejected", "Done"])
        #expect(c.defaultState == "Default path")
        #expect(state("Split", in: m)?.transition == .next("Done"))
        #expect(state("Default path", in: m)?.transition == .next("Done"))
        #expect(m.states.map(\.name) == ["Load", "Kind?", "Split", "Rejected", "Default path", "Done"])
    }

    @Test func anEmptyBranchAtTheEndGetsASucceedState() {
        let m = buildClean(Machine {
            Choice("Skip?") {
                When(Variable("$.skip") == true) {}
                Otherwise { Pass("Work") }
            }
        }).machine
        guard case .choice(let c) = state("Skip?", in: m)?.kind else { Issue.record("no choice"); return }
        #expect(c.choices.first?.next == "Skip?: done")
        if case .succeed? = state("Skip?: done", in: m)?.kind {} else { Issue.record("no synthesized Succeed") }
    }

    @Test func loopsGoBackToTheirStartAndBreakLeaves() {
        let m = buildClean(Machine {
            Pass("Init", result: ["n": 0])
            Loop {
                Pass("Poll")
                Choice("Ready?") {
                    When(Variable("$.ready") == true) { Break() }
                    When(Variable("$.restart") == true) { Continue() }
                    Otherwise { Wait("Pause", seconds: 10) }
                }
            }
            Succeed("Done")
        }).machine
        guard case .choice(let c) = state("Ready?", in: m)?.kind else { Issue.record("no choice"); return }
        #expect(c.choices.map(\.next) == ["Done", "Poll"])
        #expect(c.defaultState == "Pause")
        #expect(state("Pause", in: m)?.transition == .next("Poll"))
        #expect(state("Init", in: m)?.transition == .next("Poll"))
    }

    @Test func gotoJumpsToANamedState() {
        let m = buildClean(Machine {
            Pass("First")
            Pass("Second")
            Choice("Again?") {
                When(Variable("$.again") == true) { Goto("First") }
                Otherwise { Succeed("Done") }
            }
        }).machine
        guard case .choice(let c) = state("Again?", in: m)?.kind else { Issue.record("no choice"); return }
        #expect(c.choices.first?.next == "First")
        #expect(c.defaultState == "Done")
    }

    @Test func aGotoAfterAStateSetsItsNext() {
        let m = buildClean(Machine {
            Choice("Start?") {
                When(Variable("$.skip") == true) {
                    Pass("Skip")
                    Goto("End")
                }
            }
            Pass("Work")
            Succeed("End")
        }).machine
        #expect(state("Skip", in: m)?.transition == .next("End"))
    }

    @Test func inlineCatchHandlersFollowTheirStateAndRejoinTheFlow() {
        let m = buildClean(Machine {
            AnyTask("Call", resource: "arn:aws:states:::lambda:invoke", parameters: ["FunctionName": "f"])
                .catch([.timeout], resultPath: "$.error") {
                    Pass("Timed out")
                }
                .catch([.all], goto: "Give up")
            Succeed("Done")
            Detached {
                Fail("Give up", error: "Failed")
            }
        }).machine
        #expect(m.states.map(\.name) == ["Call", "Timed out", "Done", "Give up"])
        let catchers = state("Call", in: m)?.catchers ?? []
        #expect(catchers.map(\.next) == ["Timed out", "Give up"])
        #expect(catchers.first?.resultPath == .path(try! Path(parsing: "$.error")))
        #expect(catchers.last?.resultPath == nil)
        #expect(state("Timed out", in: m)?.transition == .next("Done"))
        #expect(state("Call", in: m)?.transition == .next("Done"))
    }

    @Test func anEmptyHandlerIgnoresTheError() {
        let m = buildClean(Machine {
            AnyTask("Try", resource: "arn:aws:states:::lambda:invoke", parameters: ["FunctionName": "f"])
                .catch([.lambdaUnknown], resultPath: nil) {}
            Succeed("Done")
        }).machine
        #expect(state("Try", in: m)?.catchers.first?.next == "Done")
    }

    @Test func parallelBranchesAndMapsAreScopesOfTheirOwn() {
        let m = buildClean(Machine {
            Parallel("Both") {
                Branch { Pass("Left") }
                Branch {
                    Pass("Right 1")
                    Pass("Right 2")
                }
            }
            .resultPath("$.both")
            Map("Each", itemsPath: "$.items", maxConcurrency: 2) {
                Pass("Item")
            }
            Map("Each object", distributed: .express, reader: .s3Objects(bucket: "in", prefix: "data/"),
                batcher: .batches(maxItems: 10), writer: .s3(bucket: "out", prefix: "results"),
                toleratedFailurePercentage: 5, label: "objects") {
                Pass("Object")
            }
        }).machine
        guard case .parallel(let p) = state("Both", in: m)?.kind else { Issue.record("no parallel"); return }
        #expect(p.branches.map(\.startAt) == ["Left", "Right 1"])
        #expect(p.branches[1].states.map(\.state.transition) == [.next("Right 2"), .end])
        guard case .map(let inline) = state("Each", in: m)?.kind, case .map(let distributed) = state("Each object", in: m)?.kind else {
            Issue.record("no maps"); return
        }
        #expect(inline.itemProcessor.startAt == "Item")
        #expect(inline.maxConcurrency == .literal(2))
        #expect(distributed.isDistributed)
        #expect(distributed.itemReader?.resource == "arn:aws:states:::s3:listObjectsV2")
        #expect(distributed.itemBatcher?.maxItemsPerBatch == .literal(10))
    }

    @Test func waitsInAllFourForms() {
        let m = buildClean(Machine {
            Wait("Seconds", seconds: 3)
            Wait("Timestamp", timestamp: "2026-12-24T18:00:00Z")
            Wait("Seconds path", secondsPath: "$.delay")
            Wait("Timestamp path", timestampPath: "$.until")
        }).machine
        let json = ASLEncoder.prettyText(m)
        for key in ["\"Seconds\": 3", "\"Timestamp\": \"2026-12-24T18:00:00Z\"", "\"SecondsPath\": \"$.delay\"", "\"TimestampPath\": \"$.until\""] {
            #expect(json.contains(key), "\(key)")
        }
    }

    @Test func dataFlowFieldsAndTaskTimeouts() throws {
        let json = try Machine(comment: "data flow", timeoutSeconds: 3600) {
            AnyTask("Call", resource: "arn:aws:states:::lambda:invoke", parameters: ["FunctionName": "f", "Payload.$": "$"])
                .comment("calls f")
                .inputPath("$.request")
                .resultSelector(["body": .path("$.Payload")])
                .resultPath("$.response")
                .outputPath("$.response")
                .timeout(seconds: 30)
                .heartbeat(seconds: 10)
                .assign(["lastCall": .stateEnteredTime])
        }.json()
        for fragment in ["\"Comment\": \"calls f\"", "\"InputPath\": \"$.request\"", "\"body.$\": \"$.Payload\"",
                         "\"ResultPath\": \"$.response\"", "\"OutputPath\": \"$.response\"", "\"TimeoutSeconds\": 30",
                         "\"HeartbeatSeconds\": 10", "\"lastCall.$\": \"$$.State.EnteredTime\"", "\"TimeoutSeconds\": 3600"] {
            #expect(json.contains(fragment), "\(fragment)")
        }
    }

    @Test func theSameMachineGivesTheSameBytes() throws {
        func make() -> Machine {
            Machine {
                ECSJob("Run", cluster: "jobs", taskDefinition: "batch", subnets: ["subnet-1"])
                    .catch([.all], resultPath: "$.error") { Fail("Failed", error: .path("$.error.Error")) }
                Succeed("Done")
            }
        }
        #expect(try make().json() == make().json())
    }
}

extension Machine {
    /// A copy with another comment (tests).
    func with(comment: String) -> Machine {
        var copy = self
        copy.comment = comment
        return copy
    }
}
