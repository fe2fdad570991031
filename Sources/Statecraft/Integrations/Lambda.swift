import StatesLanguage

/// AWS Lambda integrations.
public enum Lambda {
    /// Invokes a function. The optimized integration (`arn:aws:states:::lambda:invoke`) returns
    /// `{ExecutedVersion, Payload, StatusCode, …}`; select the function's own result with
    /// `.resultSelector(["value.$": "$.Payload"])` or use ``legacy(_:functionArn:payload:fileID:line:)``.
    public struct Invoke: TaskStep {
        /// The step falls through to the step written after it.
        public typealias Ending = Continues
        public var _spec: _StateSpec

        /// - Parameters:
        ///   - function: the function name or ARN (literal or `.path(...)`).
        ///   - payload: the event (`Payload`); the whole state input when `nil`.
        ///   - qualifier: a version or alias.
        ///   - name: the state's name, unique in the machine.
        ///   - pattern: `.requestResponse` (the default: wait for the function's answer) or `.waitForTaskToken`.
        ///   - fileID: the file where the step is written; the default captures the call site, so diagnostics point at it.
        ///   - line: the line where the step is written (the call site by default).
        public init(
            _ name: String, function: PayloadValue, payload: PayloadValue? = nil, qualifier: String? = nil,
            pattern: IntegrationPattern = .requestResponse, fileID: String = #fileID, line: Int = #line
        ) {
            var p: Payload = ["FunctionName": function]
            p.append("Payload", payload ?? .path("$"))
            p.add("Qualifier", qualifier.map { .literal(.string($0)) })
            _spec = .task(name, service: "lambda", action: "invoke", pattern: pattern, parameters: p, fileID: fileID, line: line)
        }

        /// The older form: `Resource` is the function ARN itself and the state's output is the
        /// function's result. History shows `LambdaFunction*` events instead of `Task*`.
        public static func legacy(
            _ name: String, functionArn: String, payload: Payload? = nil, fileID: String = #fileID, line: Int = #line
        ) -> Invoke {
            Invoke(spec: AnyTask(name, resource: functionArn, parameters: payload, fileID: fileID, line: line)._spec)
        }

        init(spec: _StateSpec) { _spec = spec }
    }
}
