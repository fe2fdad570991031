/// The field names of Amazon States Language, per place they may appear.
enum ASLFields {
    static let common: Set<String> = ["Type", "Comment", "QueryLanguage"]

    static let byStateType: [String: Set<String>] = [
        "Task": common.union([
            "Resource", "Next", "End", "InputPath", "OutputPath", "Parameters", "Arguments", "ResultSelector",
            "ResultPath", "Output", "Assign", "Retry", "Catch", "TimeoutSeconds", "TimeoutSecondsPath",
            "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials",
        ]),
        "Pass": common.union(["Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath", "Output", "Assign"]),
        "Choice": common.union(["Choices", "Default", "InputPath", "OutputPath", "Output", "Assign"]),
        "Wait": common.union([
            "Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Output",
            "Assign",
        ]),
        "Succeed": common.union(["InputPath", "OutputPath", "Output"]),
        "Fail": common.union(["Error", "ErrorPath", "Cause", "CausePath"]),
        "Parallel": common.union([
            "Branches", "Next", "End", "InputPath", "OutputPath", "Parameters", "Arguments", "ResultSelector",
            "ResultPath", "Output", "Assign", "Retry", "Catch",
        ]),
        "Map": common.union([
            "Iterator", "ItemProcessor", "ItemsPath", "Items", "ItemSelector", "Parameters", "ItemReader", "ItemBatcher",
            "ResultWriter", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath",
            "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label", "Next", "End", "InputPath",
            "OutputPath", "ResultSelector", "ResultPath", "Output", "Assign", "Retry", "Catch",
        ]),
    ]

    /// Every field some state type accepts.
    static let anyState: Set<String> = byStateType.values.reduce(into: Set<String>()) { $0.formUnion($1) }

    static let machine: Set<String> = ["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"]
    static let branch: Set<String> = ["Comment", "StartAt", "States"]
    static let itemProcessor: Set<String> = ["Comment", "StartAt", "States", "ProcessorConfig"]
    static let retrier: Set<String> = [
        "ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment",
    ]
    static let catcher: Set<String> = ["ErrorEquals", "Next", "ResultPath", "Comment", "Assign", "Output"]
    static let processorConfig: Set<String> = ["Mode", "ExecutionType"]
    static let itemReader: Set<String> = ["Resource", "ReaderConfig", "Parameters", "Arguments"]
    static let itemBatcher: Set<String> = [
        "MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput",
    ]
    static let resultWriter: Set<String> = ["Resource", "Parameters", "Arguments", "WriterConfig"]

    /// Fields that exist only in JSONPath mode.
    static let jsonPathOnly: Set<String> = [
        "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Result", "ItemsPath",
        "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
        "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath",
    ]
    /// Fields that exist only in JSONata mode.
    static let jsonataOnly: Set<String> = ["Arguments", "Output", "Items"]
}
