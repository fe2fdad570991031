import StatesLanguage

/// How Step Functions calls a service (the suffix of the `Resource` ARN).
public enum IntegrationPattern: String, Sendable, Hashable, CaseIterable {
    /// Call the API and continue with its response.
    case requestResponse = ""
    /// Run a job and wait for it to finish (`.sync`).
    case sync = ".sync"
    /// Call the API with a task token and wait until someone sends it back (`.waitForTaskToken`).
    case waitForTaskToken = ".waitForTaskToken"
}

extension _StateSpec {
    /// A Task state for `arn:aws:states:::service:action[pattern]` with `parameters`.
    static func task(_ name: String, service: String, action: String, pattern: IntegrationPattern, parameters: Payload,
                     fileID: String, line: Int) -> _StateSpec {
        var spec = _StateSpec(name: name, location: SwiftLocation(fileID: fileID, line: line),
                              state: State(.task(TaskState(resource: "arn:aws:states:::\(service):\(action)\(pattern.rawValue)", transition: .end))))
        spec.state._parameters = spec.template(parameters, field: "Parameters")
        return spec
    }
}

extension Payload {
    /// Adds `key` when `value` is present.
    mutating func add(_ key: String, _ value: PayloadValue?) {
        if let value { append(key, value) }
    }
}
