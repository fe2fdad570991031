import StatesLanguage

extension LambdaModel {
    /// One call a state made to a modelled function, as tests ask about it: which function, from which
    /// state and execution, with which payload, and what came of it (throttled calls included, which
    /// never reach the function).
    public struct Call: Sendable {
        /// What came of a call.
        public enum Result: Sendable, Equatable {
            /// Reserved concurrency was exhausted: `Lambda.TooManyRequestsException`, the function did not run.
            case throttled
            /// The function ran and gave this response.
            case answered(Response)
        }

        /// The function called.
        public let functionName: String
        /// The payload the function received (or would have).
        public let payload: JSONValue
        /// The calling execution.
        public let executionName: String
        /// The calling Task state.
        public let stateName: String
        /// Virtual time of the call, in seconds since the start instant.
        public let time: Double
        /// What came of the call.
        public let result: Result

        /// Whether the call was throttled rather than run.
        public var isThrottled: Bool { result == .throttled }
    }

    /// Every call made to a defined function, in order, throttled ones included.
    public var calls: [Call] { callLog.calls }
}

/// Where ``LambdaModel`` keeps its ``LambdaModel/Call``s.
final class LambdaCallLog {
    var calls: [LambdaModel.Call] = []

    func record(_ name: String, _ call: TaskCall, legacy: Bool, _ result: LambdaModel.Call.Result) {
        let payload = legacy ? call.parameters : call.parameters["Payload"] ?? [:]
        calls.append(LambdaModel.Call(functionName: name, payload: payload, executionName: call.executionName,
                                      stateName: call.stateName, time: call.now, result: result))
    }
}
