import Testing
import StatesLanguage
@testable import Statecraft

@Suite struct DiagnosticTests {
    static let file = "StatecraftTests/DiagnosticTests.swift"

    func diagnostic(_ code: String, in machine: Machine) -> Diagnostic? {
        machine.build().diagnostics.first { $0.code == code }
    }

    @Test func aMissingGotoTargetPointsAtTheGoto() {
        let line = #line + 3
        let machine = Machine {
            Pass("Start")
            Goto("Nowhere")
        }
        let d = diagnostic("missing-target", in: machine)
        #expect(d?.location == .swift(fileID: Self.file, line: line))
        #expect(d?.pointer.description == "/States/Start/Next")
    }

    @Test func aBadPathPointsAtItsState() {
        let line = #line + 2
        let machine = Machine {
            Pass("Start").resultPath("$.items[*]")
        }
        let d = diagnostic("bad-jsonpath", in: machine)
        #expect(d?.location == .swift(fileID: Self.file, line: line))
        #expect(d?.message.contains("reference path") == true)
    }

    @Test func aRetryProblemPointsAtTheRetryLine() {
        let taskLine = #line + 2
        let machine = Machine {
            AnyTask("Call", resource: "arn:aws:states:::lambda:invoke", parameters: ["FunctionName": "f"])
                .retry(on: [.taskFailed], backoffRate: 0.5)
        }
        let d = diagnostic("retry-range", in: machine)
        #expect(d?.location == .swift(fileID: Self.file, line: taskLine + 1))
    }

    @Test func duplicateNamesNameBothPlaces() {
        let first = #line + 2
        let machine = Machine {
            Pass("Same")
            Parallel("Fan out") {
                Branch {
                    Pass("Same")
                }
            }
        }
        let d = diagnostic("duplicate-state-name", in: machine)
        #expect(d?.location == .swift(fileID: Self.file, line: first + 3))
        #expect(d?.message.contains("\(Self.file):\(first)") == true, "\(d?.message ?? "")")
        #expect(machine.build().diagnostics.filter { $0.code == "duplicate-state-name" }.count == 1)
    }

    @Test func aFIFOTopicWithoutAGroupIdIsRejected() {
        let line = #line + 2
        let machine = Machine {
            SNS.Publish("Notify", topic: "arn:aws:sns:us-east-1:123456789012:orders.fifo", message: "hello")
        }
        let d = diagnostic("sns-fifo-group", in: machine)
        #expect(d?.severity == .error)
        #expect(d?.location == .swift(fileID: Self.file, line: line))
        buildClean(Machine {
            SNS.Publish("Notify", fifoTopic: "arn:aws:sns:us-east-1:123456789012:orders.fifo", message: "hello", messageGroupId: .path("$.orderId"))
        })
    }

    @Test func runTaskCountIsCheckedWhenBuilt() {
        let machine = Machine { ECS.RunTask("Run", cluster: "jobs", taskDefinition: "batch", count: 11) }
        #expect(diagnostic("value-range", in: machine)?.message.contains("1 to 10") == true)
    }

    @Test func breakOutsideALoopIsReported() {
        let line = #line + 3
        let machine = Machine {
            Choice("Stop?") {
                When(Variable("$.stop") == true) { Break() }
            }
            Succeed("Done")
        }
        #expect(diagnostic("jump-outside-loop", in: machine)?.location == .swift(fileID: Self.file, line: line))
    }

    @Test func noMatchFailLeavesOutDefault() {
        let m = buildClean(Machine {
            Choice("Known?", noMatch: .fail) {
                When(Variable("$.kind") == "a") { Pass("A") }
            }
            Succeed("Done")
        }).machine
        guard case .choice(let c) = state("Known?", in: m)?.kind else { Issue.record("no choice"); return }
        #expect(c.defaultState == nil)
    }

    @Test func buildErrorsPrintCompilerStyle() {
        let line = #line + 1
        let machine = Machine { Pass("A").outputPath("not a path") }
        do {
            _ = try machine.json()
            Issue.record("expected a build error")
        } catch {
            #expect(error.description.hasPrefix("\(Self.file):\(line): error: [bad-jsonpath] OutputPath \"not a path\""), "\(error)")
        }
    }

    @Test func aBuildErrorIsTheRenderersTextOfEveryFinding() {
        let machine = Machine {
            Pass("A").outputPath("not a path")
            Pass("B").outputPath("also not")
        }
        let result = machine.build()
        #expect(result.diagnostics.count >= 2)
        let error = BuildError(diagnostics: result.diagnostics)
        #expect(error.description + "\n" == DiagnosticRenderer(format: .text).render(result.diagnostics, file: nil))
        #expect(error.description.contains("(at /States/A/OutputPath)"), "\(error)")
    }

    /// One problem, one diagnostic through lower → validate: the rule that also finds the duplicate
    /// name is left out, because lowering already reported an error at that place.
    @Test func loweringAndValidationReportAPlaceOnce() {
        let machine = Machine {
            Pass("Same")
            Parallel("Fan out") {
                Branch { Pass("Same") }
            }
        }
        let result = machine.build()
        let place = JSONPointer(tokens: ["States", "Fan out", "Branches", "0", "States", "Same"])
        // Alone, the rule finds it too.
        #expect(Validator().validate(result.machine).contains { $0.code == .duplicateStateName && $0.pointer == place })
        let reported = result.diagnostics.filter { $0.pointer == place }
        #expect(reported.count == 1)
        // The one kept is lowering's, which names the Swift line of the first state.
        #expect(reported.first?.message.contains("\(Self.file):") == true, "\(reported)")
    }

    @Test func payloadsLowerPathsIntrinsicsAndASLSpelling() throws {
        let json = try Machine {
            Pass("Build").parameters([
                "literal": "text",
                "path": .path("$.a"),
                "context": .executionId,
                "variable": .variable("count"),
                "format": .format("{} of {}", .path("$.i"), 10),
                "quoted": .format("it's {}", "x{y}"),
                "array": [.path("$.a"), 1, "two"],
                "nested": ["deep": .mathAdd(.path("$.n"), 1)],
                "asl.$": "States.JsonToString($)",
                "aslPath.$": "$.b",
            ])
        }.json()
        for fragment in [
            "\"literal\": \"text\"", "\"path.$\": \"$.a\"", "\"context.$\": \"$$.Execution.Id\"", "\"variable.$\": \"$count\"",
            "\"format.$\": \"States.Format('{} of {}', $.i, 10)\"", #""quoted.$": "States.Format('it\\'s {}', 'x\\{y\\}')""#,
            "\"array.$\": \"States.Array($.a, 1, 'two')\"", "\"deep.$\": \"States.MathAdd($.n, 1)\"",
            "\"asl.$\": \"States.JsonToString($)\"", "\"aslPath.$\": \"$.b\"",
        ] {
            #expect(json.contains(fragment), "\(fragment)\n\(json)")
        }
    }
}
