import StatesLanguage

/// Builds large, valid, realistic definitions: chains of ECS `.sync` tasks with Retry and Catch,
/// Pass states with intrinsic calls, Choice states and Waits, all ending in an alert.
enum DefinitionGenerator {
    /// A definition whose pretty JSON text is just under `bytes` long.
    static func definition(bytes limit: Int) -> [UInt8] {
        var states = JSONObject()
        var i = 0
        var size = 0
        func name(_ k: Int) -> String { "Step \(k)" }
        while true {
            let next = name(i + 1)
            let state: JSONValue
            switch i % 4 {
            case 0:
                state = [
                    "Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
                    "Parameters": [
                        "LaunchType": "FARGATE", "Cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/jobs",
                        "TaskDefinition": .string("arn:aws:ecs:us-east-1:123456789012:task-definition/batch:\(i)"),
                        "NetworkConfiguration": ["AwsvpcConfiguration": ["Subnets": ["subnet-0123456789abcdef0"], "SecurityGroups": ["sg-0123456789abcdef0"], "AssignPublicIp": "DISABLED"]],
                        "Overrides": ["ContainerOverrides": [["Name": "app", "Environment": [["Name": "STEP", "Value.$": "States.Format('step-{}', $.index)"]]]]],
                    ],
                    "ResultPath": .string("$.results.step\(i)"),
                    "Retry": [["ErrorEquals": ["ECS.AmazonECSException"], "IntervalSeconds": 3, "MaxAttempts": 3, "BackoffRate": 2.0, "MaxDelaySeconds": 60, "JitterStrategy": "FULL"]],
                    "Catch": [["ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Alert"]],
                    "Next": .string(next),
                ]
            case 1:
                state = ["Type": "Pass", "Parameters": ["index.$": "States.MathAdd($.index, 1)", "results.$": "$.results", "id.$": "$$.Execution.Id"], "Next": .string(next)]
            case 2:
                state = ["Type": "Choice", "Choices": [["And": [["Variable": "$.index", "NumericGreaterThan": 1_000_000], ["Variable": "$.stop", "IsPresent": true]], "Next": "Alert"]], "Default": .string(next)]
            default:
                state = ["Type": "Wait", "Seconds": 5, "Next": .string(next)]
            }
            let stateSize = JSONWriter.bytes(state, style: .pretty).count * 11 / 10 + name(i).utf8.count + 8
            if size + stateSize > limit - 4096 { break }
            states[name(i)] = state
            size += stateSize
            i += 1
        }
        states[name(i)] = ["Type": "Succeed"]
        states["Alert"] = [
            "Type": "Task", "Resource": "arn:aws:states:::sns:publish",
            "Parameters": ["TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message.$": "States.JsonToString($)"], "Next": "Failed",
        ]
        states["Failed"] = ["Type": "Fail", "Error": "JobFailed", "Cause": "a step failed"]
        let machine: JSONValue = ["Comment": "generated", "StartAt": .string(name(0)), "States": .object(states)]
        let bytes = JSONWriter.bytes(machine, style: .pretty)
        precondition(bytes.count <= limit, "generated \(bytes.count) bytes, over \(limit)")
        return bytes
    }
}
