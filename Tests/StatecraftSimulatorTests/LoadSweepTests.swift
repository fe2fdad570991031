import Foundation
import Testing
import StatesLanguage
@testable import StatecraftSimulator

/// `LoadSweep`: the names and ranges it reads, that each row is the run of its value, that the same
/// seed gives the same table, and that the recommendation is the least makespan among rows without failures.
@Suite struct LoadSweepTests {
    static var plain: JSONValue { get throws { try JSONParser.parse(LoadRunTests.plain) } }

    /// The gate template's definition with its substitutions applied, and its services file.
    static func gate() throws -> (JSONValue, [UInt8]) {
        var text = String(decoding: try LoadRunTests.template("ecs-concurrency-gate", "statemachine.asl.json"), as: UTF8.self)
        guard case .object(let values) = try JSONParser.parse(try LoadRunTests.template("ecs-concurrency-gate", "substitutions.json")) else {
            throw LoadPlanError("substitutions.json is not an object")
        }
        for member in values.members { text = text.replacingOccurrences(of: "${\(member.key)}", with: member.value.stringValue ?? "") }
        return (try JSONParser.parse(text), try LoadRunTests.template("ecs-concurrency-gate", "services.json"))
    }

    @Test(arguments: [
        ("gate.limit=5..20:5", "gate.limit", [5.0, 10, 15, 20]),
        ("retry.maxAttempts(Run)=3..6", "retry.maxAttempts(Run)", [3, 4, 5, 6]),
        ("retry.intervalSeconds(Run batch, ECS.AmazonECSException)=1..3", "retry.intervalSeconds(Run batch, ECS.AmazonECSException)", [1, 2, 3]),
        ("ecs.runTaskRefillPerSecond=0.5..1.5:0.5", "ecs.runTaskRefillPerSecond", [0.5, 1, 1.5]),
        ("lambda.reservedConcurrency(ecs-gate)=0..2", "lambda.reservedConcurrency(ecs-gate)", [0, 1, 2]),
        ("ecs.maxConcurrentTasks=100..100", "ecs.maxConcurrentTasks", [100]),
    ])
    func readsNamesAndRanges(_ spec: String, _ name: String, _ values: [Double]) throws {
        let sweep = try LoadSweep(parsing: spec)
        #expect(sweep.setting.description == name)
        #expect(sweep.values == values)
    }

    @Test(arguments: [
        ("gate.limits=1..2", "cannot sweep 'gate.limits'"),
        ("gate.limit", "expected NAME=A..B[:STEP]"),
        ("gate.limit=5..1", "expected NAME=A..B[:STEP]"),
        ("gate.limit=1..5:0", "the step of a sweep must be a number > 0"),
        ("gate.limit=1..1000", "at most 100 values"),
        ("gate.limit=1..1e300:1e-300", "at most 100 values"),
        ("gate.limit=0..2", "gate.limit cannot be 0"),
        ("retry.maxAttempts(Run)=1..2:0.5", "takes whole numbers, got 1.5"),
        ("ecs.colour=1..2", "cannot sweep 'ecs.colour'"),
        ("retry.maxAttempts()=1..2", "cannot sweep"),
    ])
    func refusesBadSweepsWithAClearMessage(_ spec: String, _ message: String) {
        do {
            _ = try LoadSweep(parsing: spec)
            Issue.record("\(spec) was accepted")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func aPlanFileMayHoldTheSweep() throws {
        var plan = LoadPlan()
        try plan.apply(planFile: Array(#"{"executions": 3, "sweep": "gate.limit=2..6:2"}"#.utf8))
        #expect(plan.sweep == (try LoadSweep(setting: .gateLimit, values: [2, 4, 6])))
        do {
            try plan.apply(planFile: Array("{\n  \"sweep\": \"gate.limit=2..\"\n}".utf8))
            Issue.record("a bad sweep was accepted")
        } catch {
            #expect(error.message.hasPrefix("2:12: /sweep: expected NAME=A..B[:STEP]"), "\(error.message)")
        }
    }

    /// Seed 002's plain workflow under its 2020 quotas: more attempts let more executions through. Each
    /// row is exactly the run of its value (the definition edited by hand), the same seed gives the same
    /// table, and the recommendation is the least makespan among the rows without failures.
    @Test func sweepingMaxAttemptsOfSeed002sRetrier() throws {
        let sweep = try LoadSweep(parsing: "retry.maxAttempts(Run, ECS.AmazonECSException)=3..9:2")
        let plan = LoadRunTests.plan(200, over: 4, seed: 1)
        let result = try sweep.run(definition: try Self.plain, plan: plan) { AWSServices() }
        #expect(result.rows.map(\.value) == [3, 5, 7, 9])
        #expect(result.rows.first?.failed ?? 0 > 0, "seed 002's 3 attempts leave failures")
        for row in result.rows {
            #expect(row.succeeded + row.failed == row.report.started)
            #expect(row.report.peakRunningTasks <= 100)
        }

        // Row 9 is the run of the definition with MaxAttempts 9.
        let edited = LoadRunTests.plain.replacingOccurrences(of: "\"MaxAttempts\": 3", with: "\"MaxAttempts\": 9")
        let alone = try LoadRun(program: try Program(json: Array(edited.utf8)), plan: plan) { AWSServices() }.run()
        #expect(result.rows.last?.report == alone)

        // Same seed, same table; the recommendation checked against the rows.
        let again = try sweep.run(definition: try Self.plain, plan: plan) { AWSServices() }
        #expect(JSONWriter.string(again.json) == JSONWriter.string(result.json))
        #expect(again.text == result.text)
        let clean = result.rows.filter { $0.failed == 0 && $0.report.throttledStarts == 0 }
        #expect(!clean.isEmpty)
        #expect(result.recommended?.report.makespan == clean.map(\.report.makespan).min())
        #expect(result.text.contains("recommended: retry.maxAttempts(Run, ECS.AmazonECSException) = \(LoadSweep.format(result.recommended?.value ?? 0))"))
    }

    /// The gate's limit, on the gate template: each run's gate never has more holders than its limit, and
    /// a limit of 0 is refused before anything runs.
    @Test func sweepingTheGateLimit() throws {
        let (definition, services) = try Self.gate()
        var plan = LoadRunTests.plan(60, over: 2, seed: 3)
        plan.duration = .fixed(60)
        let result = try LoadSweep(parsing: "gate.limit=5..15:5").run(definition: definition, plan: plan) { try AWSServices.load(services) }
        #expect(result.rows.count == 3)
        for row in result.rows {
            let gate = try #require(row.report.gates.first)
            #expect(gate.limit == Int(row.value))
            #expect(gate.peakHolders <= Int(row.value) && gate.peakHolders > 0)
            #expect(gate.heldAtEnd == 0)
        }
        #expect(result.rows.map(\.report.makespan) == result.rows.map(\.report.makespan).sorted(by: >), "more slots, shorter makespan")

        #expect(throws: LoadPlanError.self) { try LoadSweep(parsing: "gate.limit=5..5").run(definition: try Self.plain, plan: plan) { AWSServices() } }
    }

    /// Account settings: an ECS quota caps the peak in each row; a gate function with reserved
    /// concurrency 0 fails every execution, so no value is recommended when that is the only one.
    @Test func sweepingAccountSettings() throws {
        let plan = LoadRunTests.plan(150, over: 2, seed: 5)
        let quotas = try LoadSweep(parsing: "ecs.maxConcurrentTasks=40..120:40").run(definition: try Self.plain, plan: plan) { AWSServices() }
        for row in quotas.rows {
            #expect(row.report.maxConcurrentTasks == Int(row.value))
            #expect(row.report.peakRunningTasks <= Int(row.value))
        }

        let (definition, services) = try Self.gate()
        let stopped = try LoadSweep(parsing: "lambda.reservedConcurrency(ecs-gate)=0..0")
            .run(definition: definition, plan: LoadRunTests.plan(20, over: 1)) { try AWSServices.load(services) }
        #expect(stopped.rows.first?.failuresByError.first?.error == "Lambda.TooManyRequestsException")
        #expect(stopped.recommended == nil)
        #expect(stopped.json["recommended"] == .null)
        #expect(stopped.text.contains("recommended: none"))

        #expect(throws: LoadPlanError.self) {
            try LoadSweep(parsing: "lambda.reservedConcurrency(nope)=1..2").run(definition: definition, plan: plan) { try AWSServices.load(services) }
        }
        #expect(throws: LoadPlanError.self) {
            try LoadSweep(parsing: "retry.maxAttempts(Run, States.Timeout)=1..2").run(definition: try Self.plain, plan: plan) { AWSServices() }
        }
    }
}
