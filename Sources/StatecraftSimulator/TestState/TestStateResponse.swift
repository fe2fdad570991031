import StatesLanguage

/// What TestState answers, in the shape of Step Functions' `TestState` response.
public struct TestStateResponse: Sendable {
    /// How the state's visit ended.
    public enum Status: String, Sendable {
        /// The state completed: ``TestStateResponse/output`` and, unless it ends the flow, ``TestStateResponse/nextState``.
        case succeeded = "SUCCEEDED"
        /// The state failed and nothing handles the error.
        case failed = "FAILED"
        /// A retrier matches the error and has attempts left: the state would run again after
        /// ``InspectionData/ErrorDetails/retryBackoffIntervalSeconds``.
        case retriable = "RETRIABLE"
        /// A catcher handled the error: the output is the catcher's and the next state its `Next`.
        case caughtError = "CAUGHT_ERROR"
    }

    /// The state's data at each stage of its data flow (DEBUG and TRACE only); a stage the state
    /// does not go through is `nil`.
    public struct InspectionData: Sendable, Equatable {
        /// Which retrier or catcher handled an error.
        public struct ErrorDetails: Sendable, Equatable {
            /// The index of the catcher that caught the error; `nil` when none did.
            public var catchIndex: Int?
            /// The index of the retrier that retries the error; `nil` when none does.
            public var retryIndex: Int?
            /// The wait before the retry, in whole seconds.
            public var retryBackoffIntervalSeconds: Int?
        }
        /// The state's input.
        public var input: JSONValue?
        /// The value after `Arguments` (JSONata).
        public var afterArguments: JSONValue?
        /// The value after `InputPath`.
        public var afterInputPath: JSONValue?
        /// The value after `Parameters`.
        public var afterParameters: JSONValue?
        /// The result of the state's work.
        public var result: JSONValue?
        /// The result after `ResultSelector`.
        public var afterResultSelector: JSONValue?
        /// The input after `ResultPath` placed the result.
        public var afterResultPath: JSONValue?
        /// The workflow variables after the state.
        public var variables: JSONValue?
        /// Which retrier or catcher handled an error; `nil` when there was none.
        public var errorDetails: ErrorDetails?
    }

    /// How the state ended.
    public var status: Status
    /// The state the flow goes to next (`nil` when the state ends the flow, fails, or would retry).
    public var nextState: String?
    /// The state's output; `nil` when it failed.
    public var output: JSONValue?
    /// The error; `nil` unless the state failed or caught one.
    public var error: String?
    /// The error's cause; `nil` unless the state failed or caught one.
    public var cause: String?
    /// The data at each stage (`DEBUG` and `TRACE` only).
    public var inspectionData: InspectionData?

    /// The response as the API returns it: `output`, `error`, `cause`, `inspectionData`, `nextState`,
    /// `status`, with JSON values as JSON text (as the API's string fields carry them).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = []
        if let output { members.append(("output", .string(DataFlow.serialize(output)))) }
        if let error { members.append(("error", .string(error))) }
        if let cause { members.append(("cause", .string(cause))) }
        if let data = inspectionData {
            var fields: [(String, JSONValue)] = []
            let stages: [(String, JSONValue?)] = [
                ("input", data.input), ("afterArguments", data.afterArguments), ("afterInputPath", data.afterInputPath),
                ("afterParameters", data.afterParameters), ("result", data.result), ("afterResultSelector", data.afterResultSelector),
                ("afterResultPath", data.afterResultPath), ("variables", data.variables),
            ]
            for (name, value) in stages { if let value { fields.append((name, .string(DataFlow.serialize(value)))) } }
            if let details = data.errorDetails {
                var d: [(String, JSONValue)] = []
                if let i = details.catchIndex { d.append(("catchIndex", .number(JSONNumber(i)))) }
                if let i = details.retryIndex { d.append(("retryIndex", .number(JSONNumber(i)))) }
                if let s = details.retryBackoffIntervalSeconds { d.append(("retryBackoffIntervalSeconds", .number(JSONNumber(s)))) }
                fields.append(("errorDetails", .object(JSONObject(distinctPairs: d))))
            }
            members.append(("inspectionData", .object(JSONObject(distinctPairs: fields))))
        }
        if let nextState { members.append(("nextState", .string(nextState))) }
        members.append(("status", .string(status.rawValue)))
        return .object(JSONObject(distinctPairs: members))
    }
}
