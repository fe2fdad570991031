import Foundation
import Testing
import StatesLanguage
@testable import StatecraftSimulator

/// The invariants of a load run: every started execution ends in one status, quotas and gate limits
/// hold, the naive gate overshoots, and the same seed gives the same report.
@Suite struct LoadRunTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Seed 002's workflow without a gate: RunTask `.sync`, retried 3 times on throttling (3, 6, 12 s).
    static let plain = """
        {"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
          "Parameters": {"Cluster": "jobs", "TaskDefinition": "batch", "LaunchType": "FARGATE",
            "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"]}}},
          "Retry": [{"ErrorEquals": ["ECS.AmazonECSException"], "IntervalSeconds": 3, "MaxAttempts": 3, "BackoffRate": 2.0}],
          "End": true}}}
        """

    static func template(_ name: String, _ file: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent("Templates/\(name)/\(file)")))
    }

    /// The gate template with its substitutions applied, and its services file (atomic or naive gate).
    static func gate(atomic: Bool) throws -> (Program, [UInt8]) {
        var text = String(decoding: try template("ecs-concurrency-gate", "statemachine.asl.json"), as: UTF8.self)
        guard case .object(let values) = try JSONParser.parse(try template("ecs-concurrency-gate", "substitutions.json")) else {
            throw LoadPlanError("substitutions.json is not an object")
        }
        for member in values.members { text = text.replacingOccurrences(of: "${\(member.key)}", with: member.value.stringValue ?? "") }
        var services = String(decoding: try template("ecs-concurrency-gate", "services.json"), as: UTF8.self)
        if !atomic { services = services.replacingOccurrences(of: "\"gate\": \"atomic\"", with: "\"gate\": \"naive\"") }
        return (try Program(json: Array(text.utf8)), Array(services.utf8))
    }

    static func plan(_ executions: Int, over: Double, seed: UInt64 = 7) -> LoadPlan {
        var plan = LoadPlan()
        plan.executions = executions
        plan.overSeconds = over
        plan.arrival = .uniform
        plan.seed = seed
        plan.duration = .uniform(60, 600)
        plan.profile = .seed002
        return plan
    }

    @Test func withoutAGateSeed002ProfileThrottlesAndEveryStartEnds() throws {
        let program = try Program(json: Array(Self.plain.utf8))
        let report = try LoadRun(program: program, plan: Self.plan(300, over: 4)) { AWSServices() }.run()
        #expect(report.started == 300)
        #expect(report.statuses.values.reduce(0, +) == report.started)
        #expect(report.statuses["RUNNING"] == nil)
        #expect(report.runTaskThrottled > 0)
        #expect((report.statuses["FAILED"] ?? 0) > 0)
        #expect(report.failures.first?.error == "ECS.AmazonECSException")
        #expect(report.failures.first?.state == "Run")
        #expect(report.peakRunningTasks <= 100)
        #expect(report.maxConcurrentTasks == 100)
        #expect(report.states.first { $0.state == "Run" }.map { $0.retries > 0 } == true)
    }

    @Test func theAtomicGateHoldsItsLimitAndLeavesNoSlotHeld() throws {
        let (program, services) = try Self.gate(atomic: true)
        let report = try LoadRun(program: program, plan: Self.plan(60, over: 2)) { try AWSServices.load(services) }.run()
        let gate = try #require(report.gates.first)
        #expect(gate.lock == "ecs-batch")
        #expect(gate.limit == 10)
        #expect(gate.peakHolders == 10)
        #expect(gate.heldAtEnd == 0)
        #expect(gate.polls > 60)
        #expect(report.peakRunningTasks <= 10)
        #expect(report.runTaskThrottled == 0)
        #expect(report.statuses.values.reduce(0, +) == 60)
    }

    /// A load run keeps no list of Lambda calls (memory grew with them); the gate's counts come from
    /// the run's own observer.
    @Test func aLoadRunKeepsNoLambdaCalls() throws {
        let (program, services) = try Self.gate(atomic: true)
        let run = LoadRun(program: program, plan: Self.plan(40, over: 1)) { try AWSServices.load(services) }
        let report = try run.run()
        #expect(run.account?.lambda.calls.isEmpty == true)
        #expect(run.account?.lambda.invocations.isEmpty == true)
        #expect((report.gates.first?.polls ?? 0) > 40)
        #expect(report.gates.first?.heldAtEnd == 0)
    }

    /// Without the call list, reserved concurrency still throttles: running invocations are counted
    /// from the invocations kept for functions that have it.
    @Test func reservedConcurrencyHoldsWithoutTheCallList() throws {
        let aws = AWSServices()
        aws.lambda.recordsCalls = false
        aws.lambda.function("slow", reservedConcurrency: 1, durationSeconds: 10) { _ in .returns(["ok": true]) }
        let definition = #"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "slow"}, "End": true}}}, {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "slow"}, "End": true}}}]}}}"#
        let execution = Simulator(services: [aws]).run(try Program(json: Array(definition.utf8)), input: [:])
        #expect(execution.status == .failed)
        #expect(execution.error == "Lambda.TooManyRequestsException")
        #expect(aws.lambda.calls.isEmpty)
    }

    @Test func theNaiveGateOvershootsItsLimit() throws {
        let (program, services) = try Self.gate(atomic: false)
        var plan = Self.plan(60, over: 0.05)
        plan.arrival = .burst
        let report = try LoadRun(program: program, plan: plan) { try AWSServices.load(services) }.run()
        let gate = try #require(report.gates.first)
        #expect(gate.peakHolders > 10)
    }

    @Test func theSameSeedGivesTheSameJSONAndAnotherSeedDoesNot() throws {
        let (program, services) = try Self.gate(atomic: true)
        func json(_ seed: UInt64) throws -> String {
            var plan = Self.plan(40, over: 3, seed: seed)
            plan.arrival = .poisson
            return JSONWriter.string(try LoadRun(program: program, plan: plan) { try AWSServices.load(services) }.run().json, style: .pretty)
        }
        let first = try json(3)
        #expect(first == (try json(3)))
        #expect(first != (try json(4)))
    }

    @Test func throttledStartsAreCountedAndNotRun() throws {
        let program = try Program(json: Array(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#.utf8))
        var plan = LoadPlan()
        plan.executions = 50
        plan.startExecutionBucket = .init(burst: 20, refillPerSecond: 0)
        let report = try LoadRun(program: program, plan: plan) { AWSServices() }.run()
        #expect(report.started == 20)
        #expect(report.throttledStarts == 30)
        #expect(report.statuses["SUCCEEDED"] == 20)
    }

    @Test func historiesAreFreedUnlessKept() throws {
        let program = try Program(json: Array(#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#.utf8))
        var plan = LoadPlan()
        plan.executions = 5
        let run = LoadRun(program: program, plan: plan) { AWSServices() }
        let report = try run.run()
        #expect(report.maxHistoryEvents == 4)
        #expect(run.simulator?.executions.allSatisfy { $0.history.isEmpty } == true)
        plan.keepHistories = true
        let kept = LoadRun(program: program, plan: plan) { AWSServices() }
        _ = try kept.run()
        #expect(kept.simulator?.executions.allSatisfy { $0.history.count == 4 } == true)
    }

    @Test func arrivalsAndInputs() throws {
        var plan = LoadPlan()
        plan.executions = 4
        plan.overSeconds = 2
        plan.arrival = .uniform
        #expect(plan.arrivalTimes() == [0, 500, 1000, 1500])
        plan.arrival = .burst
        #expect(plan.arrivalTimes() == [0, 0, 0, 0])
        plan.arrival = .poisson
        let times = plan.arrivalTimes()
        #expect(times.count == 4 && times == times.sorted() && times != [0, 500, 1000, 1500])
        plan.startTimes = [3, 1.5]
        #expect(plan.arrivalTimes() == [1500, 3000])
        plan.inputs = .template(#"{"key": "file-{{index}}.csv", "n": {{index}}}"#)
        #expect(try plan.input(7) == ["key": "file-7.csv", "n": 7])
        plan.inputs = .list([1, 2])
        #expect(try plan.input(3) == 2)
    }

    @Test func durationsParseAndDrawWithinBounds() throws {
        #expect(try LoadPlan.Duration(parsing: "fixed:60") == .fixed(60))
        #expect(try LoadPlan.Duration(parsing: "uniform:60..600") == .uniform(60, 600))
        #expect(try LoadPlan.Duration(parsing: "lognormal:5,0.5") == .lognormal(mu: 5, sigma: 0.5))
        #expect(throws: LoadPlanError.self) { try LoadPlan.Duration(parsing: "uniform:600..60") }
        #expect(throws: LoadPlanError.self) { try LoadPlan.Duration(parsing: "gamma:1") }
        var random = SeededRandom(seed: 1)
        let draws = (0..<1000).map { _ in LoadPlan.Duration.uniform(60, 600).draw(&random) }
        #expect(draws.allSatisfy { $0 >= 60 && $0 < 600 })
    }

    @Test func planFileErrorsAreLocated() throws {
        var plan = LoadPlan()
        try plan.apply(planFile: Array(#"{"executions": 12, "arrival": "poisson", "profile": "default", "duration": "fixed:30"}"#.utf8))
        #expect(plan.executions == 12 && plan.arrival == .poisson && plan.profile == .default && plan.duration == .fixed(30))
        do {
            try plan.apply(planFile: Array("{\n  \"executions\": 3,\n  \"arival\": \"burst\"\n}".utf8))
            Issue.record("an unknown key was accepted")
        } catch {
            #expect(error.message.hasPrefix("3:3: /arival: unknown key"))
        }
    }

    @Test func theChartFollowsTheRun() throws {
        let (program, services) = try Self.gate(atomic: true)
        let run = LoadRun(program: program, plan: Self.plan(30, over: 2)) { try AWSServices.load(services) }
        let report = try run.run()
        let chart = try #require(run.chart)
        #expect(chart.gateLimit == 10 && chart.gateLock == "ecs-batch")
        #expect(chart.gateHolders.max() == Double(report.gates.first?.peakHolders ?? -1))
        #expect(chart.runningTasks.max() ?? 0 <= Double(report.peakRunningTasks))
        #expect(chart.completed.last == Double(report.ended))
        #expect(chart.inFlight.last == 0)
        let svg = chart.svg
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 5)
        for label in ["ECS tasks running", "RunTask throttles per second", "Gate holders", "in flight", "completed", "limit 10", "virtual seconds"] {
            #expect(svg.contains(label), "no \(label)")
        }
        #expect(!svg.contains("http://") || svg.components(separatedBy: "http://").count == 2)
    }
}
