import StatesLanguage

/// Builds large, valid, realistic definitions: chains of ECS `.sync` tasks with Retry and Catch,
/// Pass states with intrinsic calls, Choice states and Waits, all ending in an alert.
enum DefinitionGenerator {
    /// The largest generated definition whose pretty JSON text is at most `limit` bytes.
    static func definition(bytes limit: Int) -> [UInt8] {
        var low = 1
        var high = 1
        while definition(states: high).count <= limit { high *= 2 }
        // definition(states: low) fits, definition(states: high) does not.
        while high - low > 1 {
            let mid = (low + high) / 2
            if definition(states: mid).count <= limit { low = mid } else { high = mid }
        }
        return definition(states: low)
    }

    /// A definition with `count` generated steps (plus a final Succeed, an alert and a Fail).
    static func definition(states count: Int) -> [UInt8] {
        var states = JSONObject()
        func name(_ k: Int) -> String { "Step \(k)" }
        for i in 0..<count {
            let next = JSONValue.string(name(i + 1))
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
                    "Next": next,
                ]
            case 1:
                state = ["Type": "Pass", "Parameters": ["index.$": "States.MathAdd($.index, 1)", "results.$": "$.results", "id.$": "$$.Execution.Id"], "Next": next]
            case 2:
                state = ["Type": "Choice", "Choices": [["And": [["Variable": "$.index", "NumericGreaterThan": 1_000_000], ["Variable": "$.stop", "IsPresent": true]], "Next": "Alert"]], "Default": next]
            default:
                state = ["Type": "Wait", "Seconds": 5, "Next": next]
            }
            states[name(i)] = state
        }
        states[name(count)] = ["Type": "Succeed"]
        states["Alert"] = [
            "Type": "Task", "Resource": "arn:aws:states:::sns:publish",
            "Parameters": ["TopicArn": "arn:aws:sns:us-east-1:123456789012:alerts", "Message.$": "States.JsonToString($)"], "Next": "Failed",
        ]
        states["Failed"] = ["Type": "Fail", "Error": "JobFailed", "Cause": "a step failed"]
        let machine: JSONValue = ["Comment": "generated", "StartAt": .string(name(0)), "States": .object(states)]
        return JSONWriter.bytes(machine, style: .pretty)
    }
}
