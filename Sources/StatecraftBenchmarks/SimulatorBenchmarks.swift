import StatecraftSimulator
import StatesLanguage

extension Benchmarks {
    /// The counting loop: Pass (MathAdd) → Choice (i < n) → … 5,000 times, history recorded.
    static let countingLoop = """
        {"StartAt":"Inc","States":{"Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)","n.$":"$.n"},"Next":"Check"},\
        "Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThanPath":"$.n","Next":"Inc"}],"Default":"Done"},\
        "Done":{"Type":"Succeed"}}}
        """

    /// State transitions per second over executions of the counting loop run back to back for at least
    /// a second; median of 5 such measurements.
    static func transitionsPerSecond() -> Double {
        guard let program = try? Program(json: Array(countingLoop.utf8)) else { return 0 }
        var samples: [Double] = []
        for _ in 0..<5 {
            var transitions = 0
            var elapsed = 0.0
            while elapsed < 1.0 {
                var execution: Execution?
                elapsed += time {
                    execution = Simulator().run(program, input: ["i": 0, "n": 5000])
                }
                guard let execution, execution.status == .succeeded else { return 0 }
                transitions += execution.history.filter { $0.type.hasSuffix("StateEntered") }.count
            }
            samples.append(Double(transitions) / elapsed)
        }
        return rounded(median(samples))
    }

    /// The counting loop in JSONata mode: `Output` and a Choice `Condition` as JSONata expressions.
    static let jsonataCountingLoop = """
        {"QueryLanguage":"JSONata","StartAt":"Inc","States":{"Inc":{"Type":"Pass","Output":{"i":"{% $states.input.i + 1 %}","n":"{% $states.input.n %}"},"Next":"Check"},\
        "Check":{"Type":"Choice","Choices":[{"Condition":"{% $states.input.i < $states.input.n %}","Next":"Inc"}],"Default":"Done"},\
        "Done":{"Type":"Succeed"}}}
        """

    /// State transitions per second of the JSONata counting loop; median of 5 seconds, as
    /// ``transitionsPerSecond()``.
    static func jsonataTransitionsPerSecond() -> Double {
        guard let program = try? Program(json: Array(jsonataCountingLoop.utf8)) else { return 0 }
        var samples: [Double] = []
        for _ in 0..<5 {
            var transitions = 0
            var elapsed = 0.0
            while elapsed < 1.0 {
                var execution: Execution?
                elapsed += time {
                    execution = Simulator().run(program, input: ["i": 0, "n": 5000])
                }
                guard let execution, execution.status == .succeeded else { return 0 }
                transitions += execution.history.filter { $0.type.hasSuffix("StateEntered") }.count
            }
            samples.append(Double(transitions) / elapsed)
        }
        return rounded(median(samples))
    }

    /// Seed 000's machine (Retry States.ALL, 3 s, 3 attempts, backoff 5) with a mock whose task fails
    /// every time: four attempts, then Catch → SNS publish. Wall time per execution in microseconds,
    /// median of 9 batches of 1,000.
    static func retryPathMicroseconds() -> Double {
        let seed000 = """
            {"Comment":"Example of Run Task","StartAt":"Run Task","States":{"Run Task":{"Type":"Task",
            "Resource":"arn:aws:states:::ecs:runTask.sync","Parameters":{"LaunchType":"FARGATE","Cluster":"jobs","TaskDefinition":"batch",
            "NetworkConfiguration":{"AwsvpcConfiguration":{"Subnets":["subnet-1"],"SecurityGroups":["sg-1"],"AssignPublicIp":"DISABLED"}}},
            "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Alert","ResultPath":null}],
            "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":3,"BackoffRate":5}],"End":true},
            "Alert":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Parameters":{"TopicArn":"arn:aws:sns:us-east-1:123456789012:alerts","Message.$":"$.message"},"End":true}}}
            """
        guard let program = try? Program(json: Array(seed000.utf8)) else { return 0 }
        let mocks = ScriptedMocks()
        mocks.state("Run Task", responses: [.failure(error: "States.TaskFailed", cause: "{\"StopCode\":\"EssentialContainerExited\"}")])
        mocks.state("Alert", responses: [.success(["MessageId": "m-1"])])
        var samples: [Double] = []
        for _ in 0..<9 {
            var ok = true
            let seconds = time {
                for _ in 0..<1_000 {
                    let execution = Simulator(services: [mocks]).run(program, input: ["message": "job failed"])
                    if execution.status != .succeeded || execution.events("TaskFailed").count != 4 { ok = false }
                }
            }
            guard ok else { return 0 }
            samples.append(seconds / 1_000 * 1e6)
        }
        return rounded(median(samples))
    }

    /// The same retry path against the modelled services instead of a script: an ECS cluster whose task
    /// exits 1 on every attempt (lifecycle, stopped Task objects, quotas) and a modelled SNS topic.
    /// Wall time per execution in microseconds (a fresh account and simulator each), median of 9
    /// batches of 1,000.
    static func modelledRetryPathMicroseconds() -> Double {
        let seed000 = """
            {"StartAt":"Run Task","States":{"Run Task":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask.sync",
            "Parameters":{"LaunchType":"FARGATE","Cluster":"jobs","TaskDefinition":"batch",
            "NetworkConfiguration":{"AwsvpcConfiguration":{"Subnets":["subnet-1"],"SecurityGroups":["sg-1"],"AssignPublicIp":"DISABLED"}}},
            "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Alert","ResultPath":null}],
            "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":3,"BackoffRate":5}],"End":true},
            "Alert":{"Type":"Task","Resource":"arn:aws:states:::sns:publish","Parameters":{"TopicArn":"arn:aws:sns:us-east-1:123456789012:alerts","Message.$":"$.message"},"End":true}}}
            """
        guard let program = try? Program(json: Array(seed000.utf8)) else { return 0 }
        var samples: [Double] = []
        for _ in 0..<9 {
            var ok = true
            let seconds = time {
                for _ in 0..<1_000 {
                    let aws = AWSServices()
                    aws.ecs.define("batch", ECSModel.TaskDefinition(attempts: [.exit(1)]))
                    let execution = Simulator(services: [aws]).run(program, input: ["message": "job failed"])
                    if execution.status != .succeeded || execution.events("TaskFailed").count != 4 || aws.sns.published.count != 1 { ok = false }
                }
            }
            guard ok else { return 0 }
            samples.append(seconds / 1_000 * 1e6)
        }
        return rounded(median(samples))
    }

    /// A distributed Map of 100,000 Pass items read by its ItemReader from an in-memory S3 object: each
    /// item a child execution with its own history. Wall time in milliseconds, median of 3 runs.
    static func map100kItemsMilliseconds() -> Double {
        guard let program = try? Program(json: Array(map100kDefinition.utf8)) else { return 0 }
        let body = "[" + (0..<100_000).map { "{\"n\":\($0)}" }.joined(separator: ",") + "]"
        var samples: [Double] = []
        for _ in 0..<3 {
            let s3 = InMemoryS3()
            s3.put(bucket: "b", key: "items.json", body: body)
            var ok = false
            samples.append(time {
                let execution = Simulator(services: [s3]).run(program, input: [:])
                ok = execution.status == .succeeded && execution.output?["count"] == 100_000
            } * 1000)
            guard ok else { return 0 }
        }
        return rounded(median(samples))
    }

    /// The process's peak resident memory after one run of ``map100kItemsMilliseconds()``'s Map, in MB
    /// (run it alone: the peak is the process's).
    static func map100kItemsPeakMegabytes() -> Double {
        guard let program = try? Program(json: Array(map100kDefinition.utf8)) else { return 0 }
        let s3 = InMemoryS3()
        s3.put(bucket: "b", key: "items.json", body: "[" + (0..<100_000).map { "{\"n\":\($0)}" }.joined(separator: ",") + "]")
        let execution = Simulator(services: [s3]).run(program, input: [:])
        guard execution.status == .succeeded else { return 0 }
        return rounded(peakResidentMegabytes())
    }

    static let map100kDefinition = """
        {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:getObject",
        "ReaderConfig":{"InputType":"JSON"},"Parameters":{"Bucket":"b","Key":"items.json"}},
        "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
        "StartAt":"Touch","States":{"Touch":{"Type":"Pass","End":true}}},
        "MaxConcurrency":1000,"ResultSelector":{"count.$":"States.ArrayLength($)"},"End":true}}}
        """

    /// `VmHWM` of /proc/self/status, in MB (0 where the file is not there).
    static func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }
}
