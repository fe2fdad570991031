import Statecraft
import StatesLanguage

/// A generated machine of `count` states written with the DSL: ECS jobs with retries and an inline
/// alert handler, Pass states with computed parameters, Choices that jump ahead, and Waits (five
/// states per round, plus the final Succeed).
enum DSLMachineGenerator {
    static func machine(states count: Int) -> Machine {
        Machine(comment: "generated") {
            for i in 0..<(count / 5) {
                ECSJob("Job \(i)", cluster: "jobs", taskDefinition: .literal(.string("batch:\(i)")), subnets: ["subnet-1"])
                    .resultPath(.init("$.results.job\(i)"))
                    .catch([.all], resultPath: "$.error") {
                        SNS.Publish("Alert \(i)", topic: "arn:aws:sns:us-east-1:123456789012:alerts",
                                    message: .format("job {} failed: {}", .literal(.number(JSONNumber(i))), .path("$.error.Cause")))
                            .resultPath(nil)
                    }
                Pass("Count \(i)").parameters(["n": .mathAdd(.path("$.n"), 1), "results": .path("$.results")])
                Choice("Check \(i)") {
                    When(Variable("$.n") > 1_000_000) { Goto("Done") }
                }
                Wait("Pause \(i)", seconds: 1)
            }
            Succeed("Done")
        }
    }
}

extension Benchmarks {
    /// Writes (constructs), lowers and encodes a 10,000-state DSL machine: median of 9 runs.
    static func dslBuild() -> Double {
        dslRuns { DSLMachineGenerator.machine(states: 10_000).build(validator: Validator(rules: [])).json }
    }

    /// The same, validated as well: what `try machine.json()` costs. Median of 9 runs.
    static func dslBuildValidated() -> Double {
        dslRuns { (try? DSLMachineGenerator.machine(states: 10_000).json()) ?? "" }
    }

    static func dslRuns(_ body: () -> String) -> Double {
        var samples: [Double] = []
        var size = 0
        for _ in 0..<9 {
            samples.append(time { size = body().utf8.count } * 1000)
        }
        precondition(size > 0, "the generated machine did not build")
        return rounded(median(samples))
    }
}
