import Testing
import StatesLanguage
@testable import StatecraftCommandLine

/// `statecraft run --services`: RunTask requests ECS refuses fail with ECS's error and message.
@Suite struct ECSServicesRunTests {
    static func machine(_ overrides: String) -> String {
        #"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Parameters": {"LaunchType": "FARGATE", "Cluster": "jobs", "TaskDefinition": "batch", "NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"]}}, "Overrides": {"ContainerOverrides": [\#(overrides)]}}, "End": true}}}"#
    }
    static let services = #"{"ecs": {"taskDefinitions": {"batch": {"containers": [{"name": "app"}]}}}}"#

    func run(_ overrides: String) throws -> JSONValue {
        let console = MemoryConsole(files: ["m.json": Array(Self.machine(overrides).utf8), "services.json": Array(Self.services.utf8)])
        let code = StatecraftCommand.main(["run", "m.json", "--services", "services.json", "--format", "json"], console: console)
        #expect(code != 0)
        return try JSONParser.parse(console.output)
    }

    @Test func anOverrideForAContainerTheTaskDefinitionLacksFails() throws {
        let report = try run(#"{"Name": "ap", "Command": ["echo"]}"#)
        #expect(report["status"] == "FAILED")
        #expect(report["error"] == "ECS.InvalidParameterException")
        #expect(report["cause"]?.stringValue?.hasPrefix("Override for container named ap is not a container in the TaskDefinition.") == true)
    }

    @Test func aNestedCommandFails() throws {
        let report = try run(#"{"Name": "app", "Command": [["echo", "hi"]]}"#)
        #expect(report["error"] == "ECS.InvalidParameterException")
        #expect(report["cause"]?.stringValue?.contains("Command must be a list of strings; element 0 is a list") == true)
    }
}
