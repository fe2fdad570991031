import StatesLanguage

/// The shape of an API's response, as far as TestState checks a mocked result against it
/// (`fieldValidationMode`): each field's type, the values an enumeration allows, the required fields.
/// Fields the shape does not name are not checked (recorded AWS behaviour: a result with a field the
/// API does not have passes even STRICT).
indirect enum MockResultShape: Sendable {
    case string
    case number
    case boolean
    /// Anything (a Lambda payload, the `Sdk*` metadata Step Functions adds).
    case any
    /// A string with one of these values.
    case oneOf([String])
    case list(MockResultShape)
    /// An object with any keys, each value of this shape.
    case map(MockResultShape)
    /// An object with these fields.
    case structure([String: MockResultShape], required: Set<String> = [])
    /// A DynamoDB `AttributeValue` (recursive: `M` and `L` hold more of them).
    case attributeValue

    /// Checks `value` against the shape.
    /// - Returns: the first problem, as AWS words it (`Field 'StatusCode' must be a number`), or `nil`.
    func problem(in value: JSONValue, field: String?, mode: TestStateRequest.FieldValidationMode) -> String? {
        let name = field.map { "Field '\($0)'" } ?? "The result"
        switch self {
        case .any: return nil
        case .string: return value.stringValue == nil ? "\(name) must be a string" : nil
        case .number: return value.numberValue == nil ? "\(name) must be a number" : nil
        case .boolean: return value.boolValue == nil ? "\(name) must be a boolean" : nil
        case .oneOf(let allowed):
            guard let text = value.stringValue else { return "\(name) must be a string" }
            return allowed.contains(text) ? nil : "\(name) is not an expected value"
        case .list(let element):
            guard let items = value.arrayValue else { return "\(name) must be an array" }
            for item in items { if let problem = element.problem(in: item, field: field, mode: mode) { return problem } }
            return nil
        case .map(let element):
            guard let object = value.objectValue else { return "\(name) must be an object" }
            for member in object.members {
                if let problem = element.problem(in: member.value, field: member.key, mode: mode) { return problem }
            }
            return nil
        case .attributeValue:
            return MockResultShape.attributeValueFields.problem(in: value, field: field, mode: mode)
        case .structure(let fields, let required):
            guard let object = value.objectValue else { return "\(name) must be an object" }
            for member in object.members {
                guard member.value != .null, let shape = fields[member.key] else { continue }
                if let problem = shape.problem(in: member.value, field: member.key, mode: mode) { return problem }
            }
            if mode == .strict {
                for key in required.sorted() where object[key] == nil || object[key] == .null {
                    return "Required field '\(key)' is missing"
                }
            }
            return nil
        }
    }

    // MARK: The modelled APIs' responses

    /// The shape of what `target` returns to Step Functions, when Statecraft knows it; `nil` for a
    /// target it has no model of (activities, Lambda function ARNs, callbacks, other services), whose
    /// results are not checked.
    static func response(of target: TaskTarget) -> MockResultShape? {
        guard target.kind == .integration else { return nil }
        switch (target.resourceType, target.resourceName) {
        case ("ecs", "runTask"): return runTaskResponse
        case ("ecs", "runTask.sync"): return ecsTask
        case ("sns", "publish"): return .structure(["MessageId": .string, "SequenceNumber": .string] + sdkMetadata)
        case ("lambda", "invoke"):
            return .structure(["StatusCode": .number, "FunctionError": .string, "LogResult": .string, "Payload": .any,
                               "ExecutedVersion": .string] + sdkMetadata)
        case ("dynamodb", "getItem"): return .structure(["Item": .map(.attributeValue), "ConsumedCapacity": consumedCapacity] + sdkMetadata)
        case ("dynamodb", "putItem"), ("dynamodb", "updateItem"), ("dynamodb", "deleteItem"):
            return .structure(["Attributes": .map(.attributeValue), "ConsumedCapacity": consumedCapacity,
                               "ItemCollectionMetrics": .structure(["ItemCollectionKey": .map(.attributeValue),
                                                                    "SizeEstimateRangeGB": .list(.number)])] + sdkMetadata)
        case ("states", "startExecution"):
            return .structure(["ExecutionArn": .string, "StartDate": .string] + sdkMetadata, required: ["ExecutionArn", "StartDate"])
        case ("events", "putEvents"):
            return .structure(["FailedEntryCount": .number,
                               "Entries": .list(.structure(["EventId": .string, "ErrorCode": .string, "ErrorMessage": .string]))] + sdkMetadata)
        default: return nil
        }
    }

    /// What Step Functions adds to a service's response; not part of the API, so not checked.
    static let sdkMetadata: [String: MockResultShape] = ["SdkHttpMetadata": .any, "SdkResponseMetadata": .any]

    static let attributeValueFields: MockResultShape = .structure([
        "S": .string, "N": .string, "B": .string, "SS": .list(.string), "NS": .list(.string), "BS": .list(.string),
        "M": .map(.attributeValue), "L": .list(.attributeValue), "NULL": .boolean, "BOOL": .boolean,
    ])

    static let capacity: MockResultShape = .structure(["CapacityUnits": .number, "ReadCapacityUnits": .number, "WriteCapacityUnits": .number])

    static let consumedCapacity: MockResultShape = .structure([
        "TableName": .string, "CapacityUnits": .number, "ReadCapacityUnits": .number, "WriteCapacityUnits": .number,
        "Table": capacity, "LocalSecondaryIndexes": .map(capacity), "GlobalSecondaryIndexes": .map(capacity),
    ])

    static let runTaskResponse: MockResultShape = .structure([
        "Tasks": .list(ecsTask),
        "Failures": .list(.structure(["Arn": .string, "Reason": .string, "Detail": .string])),
    ] + sdkMetadata)

    static let nameValue: MockResultShape = .structure(["Name": .string, "Value": .string])
    static let healthStatus: MockResultShape = .oneOf(["HEALTHY", "UNHEALTHY", "UNKNOWN"])

    /// A Task object as DescribeTasks gives it (what `runTask.sync` returns); timestamps are epoch milliseconds.
    static let ecsTask: MockResultShape = .structure([
        "Attachments": .list(.structure(["Id": .string, "Type": .string, "Status": .string, "Details": .list(nameValue)])),
        "Attributes": .list(.structure(["Name": .string, "Value": .string, "TargetType": .string, "TargetId": .string])),
        "AvailabilityZone": .string, "CapacityProviderName": .string, "ClusterArn": .string,
        "Connectivity": .oneOf(["CONNECTED", "DISCONNECTED"]), "ConnectivityAt": .number, "ContainerInstanceArn": .string,
        "Containers": .list(.structure([
            "ContainerArn": .string, "TaskArn": .string, "Name": .string, "Image": .string, "ImageDigest": .string, "RuntimeId": .string,
            "LastStatus": .string, "ExitCode": .number, "Reason": .string, "NetworkBindings": .list(.any),
            "NetworkInterfaces": .list(.structure(["AttachmentId": .string, "PrivateIpv4Address": .string, "Ipv6Address": .string])),
            "HealthStatus": healthStatus, "ManagedAgents": .list(.any), "Cpu": .string, "Memory": .string, "MemoryReservation": .string,
            "GpuIds": .list(.string),
        ])),
        "Cpu": .string, "CreatedAt": .number, "DesiredStatus": .string, "EnableExecuteCommand": .boolean,
        "EphemeralStorage": .structure(["SizeInGiB": .number]), "ExecutionStoppedAt": .number, "Group": .string,
        "HealthStatus": healthStatus, "InferenceAccelerators": .list(.any), "LastStatus": .string,
        "LaunchType": .oneOf(["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"]), "Memory": .string,
        "Overrides": .structure([
            "ContainerOverrides": .list(.structure([
                "Name": .string, "Command": .list(.string), "Environment": .list(nameValue),
                "EnvironmentFiles": .list(.structure(["Value": .string, "Type": .string])),
                "Cpu": .number, "Memory": .number, "MemoryReservation": .number,
                "ResourceRequirements": .list(.structure(["Value": .string, "Type": .string])),
            ])),
            "Cpu": .string, "Memory": .string, "ExecutionRoleArn": .string, "TaskRoleArn": .string,
            "InferenceAcceleratorOverrides": .list(.any), "EphemeralStorage": .structure(["SizeInGiB": .number]),
        ]),
        "PlatformFamily": .string, "PlatformVersion": .string, "PullStartedAt": .number, "PullStoppedAt": .number,
        "StartedAt": .number, "StartedBy": .string,
        "StopCode": .oneOf(["TaskFailedToStart", "EssentialContainerExited", "UserInitiated", "ServiceSchedulerInitiated",
                            "SpotInterruption", "TerminationNotice"]),
        "StoppedAt": .number, "StoppedReason": .string, "StoppingAt": .number,
        "Tags": .list(.structure(["Key": .string, "Value": .string])), "TaskArn": .string, "TaskDefinitionArn": .string, "Version": .number,
    ])
}

private func + (lhs: [String: MockResultShape], rhs: [String: MockResultShape]) -> [String: MockResultShape] {
    lhs.merging(rhs) { a, _ in a }
}
