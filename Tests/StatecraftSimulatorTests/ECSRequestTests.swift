import Testing
import StatesLanguage
import Statecraft
@testable import StatecraftSimulator

/// RunTask requests the ECS model refuses as ECS does, and its quota profiles.
@Suite struct ECSRequestTests {
    /// A `.sync` RunTask on Fargate whose `Overrides` are `overrides` (JSON text).
    static func machine(overrides: String, cpuAndMemory: String = "") -> String {
        #"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"LaunchType": "FARGATE", "Cluster": "jobs", "TaskDefinition": "batch", "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"]}}, "Overrides": \#(overrides)}, "End": true}}}"#
    }

    static func run(_ definition: String, input: JSONValue = [:], quotas: ECSModel.Quotas = ECSModel.Quotas()) throws -> (Execution, AWSServices) {
        let aws = AWSServices()
        aws.ecs.quotas = quotas
        aws.ecs.define("batch", ECSModel.TaskDefinition(containers: [ECSModel.Container(name: "app")]))
        let execution = Simulator(services: [aws]).run(try program(definition), input: input)
        return (execution, aws)
    }

    @Test(arguments: [
        (#"{"ContainerOverrides": [{"Name": "ap", "Command": ["echo"]}]}"#, "Override for container named ap is not a container in the TaskDefinition."),
        (#"{"ContainerOverrides": [{"Name": "app", "Command": [["echo", "hi"]]}]}"#, "Overrides.ContainerOverrides[0].Command must be a list of strings; element 0 is a list"),
        (#"{"ContainerOverrides": [{"Name": "app", "Command": "echo hi"}]}"#, "Overrides.ContainerOverrides[0].Command must be a list of strings, not a string"),
        (#"{"ContainerOverrides": [{"Name": "app", "Environment": {"STAGE": "prod"}}]}"#, "Overrides.ContainerOverrides[0].Environment must be a list of Name/Value pairs, not a structure"),
        (#"{"Cpu": 512}"#, "Overrides.Cpu must be a string, not a number"),
        (#"{"Cpu": "512", "Memory": "8192"}"#, "No Fargate configuration exists for given values: 512 CPU, 8192 memory. See the Amazon ECS documentation for the valid values."),
        (#"{"EphemeralStorage": {"SizeInGiB": 10}}"#, "The ephemeral storage size must be between 21 and 200 GiB; got 10"),
    ])
    func requestsECSRefusesFailWithInvalidParameterException(_ overrides: String, _ message: String) throws {
        let (execution, aws) = try Self.run(Self.machine(overrides: overrides))
        #expect(execution.status == .failed)
        #expect(execution.error == "ECS.InvalidParameterException")
        #expect(execution.cause?.hasPrefix(message + " (Service: AmazonECS; Status Code: 400; Error Code: InvalidParameterException;") == true,
                "\(execution.cause ?? "")")
        #expect(aws.ecs.tasks.isEmpty)
    }

    @Test func validOverridesRunTheTask() throws {
        let (execution, aws) = try Self.run(Self.machine(
            overrides: #"{"Cpu": "1 vCPU", "Memory": "2 GB", "EphemeralStorage": {"SizeInGiB": 30}, "ContainerOverrides": [{"Name": "app", "Command.$": "$.command", "Environment": [{"Name": "STAGE", "Value": "prod"}]}]}"#),
            input: ["command": ["echo", "hi"]])
        #expect(execution.status == .succeeded, "\(execution.cause ?? "")")
        #expect(aws.ecs.tasks.count == 1)
    }

    @Test func aLaunchTypeAndACapacityProviderStrategyAreRefusedTogether() throws {
        let definition = #"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask", "Parameters": {"LaunchType": "EC2", "CapacityProviderStrategy": [{"CapacityProvider": "spot"}], "Cluster": "jobs", "TaskDefinition": "batch"}, "End": true}}}"#
        let (execution, _) = try Self.run(definition)
        #expect(execution.error == "ECS.InvalidParameterException")
        #expect(execution.cause?.hasPrefix("Specifying both a launch type and capacity provider strategy is not supported.") == true)
    }

    /// Today's profile: 6 On-Demand vCPUs at 0.25 vCPU a task is 24 tasks; the 25th is refused.
    @Test func theDefaultProfileCountsFargateVCPUs() throws {
        let aws = AWSServices()
        aws.ecs.quotas = .default
        aws.ecs.quotas.runTaskBurst = 100  // this test is about vCPUs, not the RunTask rate
        aws.ecs.define("batch", ECSModel.TaskDefinition(runningSeconds: 600))
        let simulator = Simulator(services: [aws])
        let p = try program(Self.machine(overrides: "{}"))
        let executions = (0..<25).map { i in simulator.start(p, name: "e\(i)") }
        simulator.run(until: 1)
        simulator.run()
        #expect(executions.filter { $0.status == .succeeded }.count == 24)
        let refused = try #require(executions.first { $0.status == .failed })
        #expect(refused.error == "ECS.AmazonECSException")
        #expect(refused.cause?.contains("You've reached the limit on the number of vCPUs you can run concurrently") == true)
    }

    /// The RunTask bucket of today's profile holds 20 calls: the 21st call in the same instant is throttled.
    @Test func theDefaultProfileThrottlesTheTwentyFirstCallInOneSecond() throws {
        let aws = AWSServices()
        aws.ecs.quotas = .default
        aws.ecs.quotas.fargateOnDemandVCPUs = nil
        let simulator = Simulator(services: [aws])
        let p = try program(Self.machine(overrides: "{}"))
        let executions = (0..<21).map { i in simulator.start(p, name: "e\(i)") }
        simulator.run()
        #expect(executions.filter { $0.error == "ECS.AmazonECSException" }.count == 1)
        #expect(aws.ecs.calls.filter { $0.result == "throttled" }.count == 1)
    }

    @Test func failureReasonsAreAWSs() throws {
        #expect(ECSModel.FailureReason.allCases.map(\.rawValue).prefix(3) == ["RESOURCE:CPU", "RESOURCE:MEMORY", "AGENT"])
        let aws = AWSServices()
        aws.ecs.define("batch", ECSModel.TaskDefinition(attempts: [.failure(.resourceMemory)]))
        let execution = Simulator(services: [aws]).run(try program(Self.machine(overrides: "{}")))
        #expect(execution.error == "AmazonECS.Unknown")
        #expect(execution.cause?.contains("RESOURCE:MEMORY") == true)
    }

    /// EC2 launches beyond the instances' CPU or memory come back as `failures`, as RunTask reports them.
    @Test func ec2CapacityRunsOutWithResourceReasons() throws {
        let definition = #"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask", "Parameters": {"LaunchType": "EC2", "Cluster": "jobs", "TaskDefinition": "batch"}, "End": true}}}"#
        for (capacity, reason) in [(ECSModel.EC2Capacity(cpuUnits: 512, memoryMiB: 8192), "RESOURCE:CPU"),
                                   (ECSModel.EC2Capacity(cpuUnits: 4096, memoryMiB: 1024), "RESOURCE:MEMORY"),
                                   (ECSModel.EC2Capacity(cpuUnits: 4096, memoryMiB: 8192, agentConnected: false), "AGENT")] {
            let aws = AWSServices()
            aws.ecs.ec2Capacity = capacity
            aws.ecs.define("batch", ECSModel.TaskDefinition(cpu: "256", memory: "512", runningSeconds: 600))
            let simulator = Simulator(services: [aws])
            let p = try program(definition)
            let executions = (0..<3).map { i in simulator.start(p, name: "e\(i)") }
            simulator.run()
            let reasons = executions.compactMap { $0.output?["Failures"]?.arrayValue?.first?["Reason"]?.stringValue }
            #expect(reasons.contains(reason), "\(reason): \(reasons)")
            #expect(aws.ecs.tasks.count == (reason == "AGENT" ? 0 : 2))
        }
    }

    /// The model's default is today's documented quotas; seed 002's 2020 figures are the `seed-002`
    /// profile; the earlier names are aliases.
    @Test func todaysQuotasAreTheDefaultAndSeed002IsAProfile() throws {
        let today = AWSServices().ecs.quotas
        #expect(today == .default)
        #expect(today.fargateOnDemandVCPUs == 6 && today.runTaskBurst == 20 && today.runTaskRefillPerSecond == 20)
        #expect(today.taskLaunchBurst == 100 && today.taskLaunchRefillPerSecond == 20 && today.maxTasksPerCall == 10)
        #expect(today.maxConcurrentTasks == .max)
        let seed = ECSModel.Quotas.seed002
        #expect(seed.maxConcurrentTasks == 100 && seed.runTaskBurst == 100 && seed.runTaskRefillPerSecond == 40)
        #expect(seed.fargateOnDemandVCPUs == nil && seed.taskLaunchBurst == nil)
        for (name, quotas) in [("default", today), ("current", today), ("seed-002", seed), ("seed002-2020", seed)] {
            let file = try AWSServices.load(Array(#"{"ecs": {"quotas": {"profile": "\#(name)"}}}"#.utf8))
            #expect(file.ecs.quotas == quotas, "\(name)")
            #expect(LoadPlan.Profile(named: name)?.ecsQuotas == quotas, "\(name)")
        }
        #expect(LoadPlan.Profile(named: "2020") == nil)
        // A plan without a profile keeps the account's quotas and applies its overrides on top.
        var plan = LoadPlan()
        plan.maxConcurrentTasks = 50
        #expect(plan.ecsQuotas(account: seed).maxConcurrentTasks == 50 && plan.ecsQuotas(account: seed).runTaskBurst == 100)
        plan.profile = .default
        #expect(plan.ecsQuotas(account: seed).runTaskBurst == 20)
        do {
            _ = try AWSServices.load(Array(#"{"ecs": {"quotas": {"profile": "2019"}}}"#.utf8))
            Issue.record("an unknown profile was accepted")
        } catch {
            #expect("\(error)".contains(#"the profiles are "default" and "seed-002""#), "\(error)")
        }
    }

    /// 30 executions at once, each with one 1-vCPU task: today's quotas let 6 run (the vCPU quota), and
    /// seed 002's let all 30 run.
    @Test func theDefaultProfileLimitsFargateByVCPUs() throws {
        let definition = #"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "End": true, "Parameters": {"Cluster": "jobs", "TaskDefinition": "big", "LaunchType": "FARGATE", "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"]}}}}}}"#
        let program = try Program(json: Array(definition.utf8))
        for (quotas, started) in [(ECSModel.Quotas.default, 6), (.seed002, 30)] {
            let aws = AWSServices()
            aws.ecs.quotas = quotas
            aws.ecs.define("big", ECSModel.TaskDefinition(cpu: "1024", memory: "2048"))
            let simulator = Simulator(services: [aws])
            let executions = (0..<30).map { simulator.start(program, input: [:], name: "e\($0)") }
            simulator.run()
            #expect(aws.ecs.tasks.count == started)
            #expect(executions.filter { $0.status == .succeeded }.count == started)
            #expect(Set(executions.compactMap(\.error)) == (started == 30 ? [] : ["ECS.AmazonECSException"]))
        }
    }

    @Test func theServicesFileSelectsAProfile() throws {
        let aws = try AWSServices.load(Array(#"{"ecs": {"quotas": {"profile": "default", "runTaskBurst": 5}}}"#.utf8))
        #expect(aws.ecs.quotas.fargateOnDemandVCPUs == 6)
        #expect(aws.ecs.quotas.runTaskBurst == 5)
        #expect(throws: ServicesFileError.self) { try AWSServices.load(Array(#"{"ecs": {"quotas": {"profile": "2019"}}}"#.utf8)) }
        let ec2 = try AWSServices.load(Array(#"{"ecs": {"ec2Capacity": {"cpuUnits": 1024, "memoryMiB": 2048}}}"#.utf8))
        #expect(ec2.ecs.ec2Capacity == ECSModel.EC2Capacity(cpuUnits: 1024, memoryMiB: 2048))
        #expect(throws: ServicesFileError.self) { try AWSServices.load(Array(#"{"ecs": {"ec2Capacity": {"cpuUnits": 1024}}}"#.utf8)) }
        let rules = try AWSServices.load(Array(#"{"lambda": {"functions": {"gate": {"gate": "atomic", "alertTopic": "arn:aws:sns:us-east-1:123456789012:a"}}}, "events": {"executionEndRules": [{"function": "gate", "statuses": ["FAILED"]}]}}"#.utf8))
        #expect(rules.executionEndRules.first?.statuses == [.failed])
        #expect(throws: ServicesFileError.self) { try AWSServices.load(Array(#"{"events": {"executionEndRules": [{"function": "nope"}]}}"#.utf8)) }
    }
}
