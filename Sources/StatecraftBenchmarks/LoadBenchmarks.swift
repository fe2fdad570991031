import Foundation
import StatecraftSimulator
import StatesLanguage

extension Benchmarks {
    /// Templates/ecs-concurrency-gate with its substitutions, and its services file, read from the
    /// package (the benchmarks run from a checkout).
    static func gateTemplate() -> (Program, [UInt8])? {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates/ecs-concurrency-gate")
        guard let definition = try? Data(contentsOf: folder.appendingPathComponent("statemachine.asl.json")),
              let substitutions = try? Data(contentsOf: folder.appendingPathComponent("substitutions.json")),
              let services = try? Data(contentsOf: folder.appendingPathComponent("services.json")),
              let deployed = try? DefinitionSubstitutions(json: [UInt8](substitutions)).apply(to: [UInt8](definition)),
              let program = try? Program(json: deployed) else { return nil }
        return (program, [UInt8](services))
    }

    /// `count` executions of the gate template arriving over `count / 300` seconds (a burst as fast as
    /// the StartExecution bucket admits: none is throttled), tasks of 60–600 s, seed 002's quotas: wall
    /// seconds of one run.
    static func gatedLoad(_ count: Int) -> Double {
        guard let (program, services) = gateTemplate() else { return 0 }
        var plan = LoadPlan()
        plan.executions = count
        plan.arrival = .uniform
        plan.overSeconds = Double(count) / 300
        plan.duration = .uniform(60, 600)
        plan.profile = .seed002
        var report: LoadReport?
        let seconds = time { report = try? LoadRun(program: program, plan: plan) { try AWSServices.load(services) }.run() }
        guard let report, report.ended == count, report.started == count else { return 0 }
        return seconds
    }

    /// Median wall seconds of 3 runs of 10,000 gated executions.
    static func load10kGated() -> Double { rounded(median((0..<3).map { _ in gatedLoad(10_000) })) }

    /// Peak resident memory (MB) of the process after one run of 10,000 gated executions (run it alone).
    static func load10kGatedPeakMegabytes() -> Double {
        guard gatedLoad(10_000) > 0 else { return 0 }
        return rounded(peakResidentMegabytes())
    }

    /// Wall seconds of one run of 100,000 gated executions (arriving over 333 s, as above).
    static func load100kGated() -> Double { rounded(gatedLoad(100_000)) }

    /// Peak resident memory (MB) of the process after one run of 100,000 gated executions (run it alone).
    static func load100kGatedPeakMegabytes() -> Double {
        guard gatedLoad(100_000) > 0 else { return 0 }
        return rounded(peakResidentMegabytes())
    }
}
