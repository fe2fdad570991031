import StatesLanguage

/// Catches any failure of the steps inside, publishes an SNS alert naming the failing state, the error,
/// the cause and the execution, then fails the execution (default) or continues after the block.
///
/// Every Task, Parallel and Map state written inside gets a last catcher on `States.ALL` that puts
/// `{Error, Cause}` at `$.error` and records the state's name in the workflow variable `failedState`.
///
/// ```swift
/// AlertOnFailure(topic: "arn:aws:sns:us-east-1:123456789012:alerts") {
///     ECSJob("Run batch", cluster: "jobs", taskDefinition: "batch", subnets: ["subnet-0a1b"])
/// }
/// ```
public struct AlertOnFailure: Step {
    /// The step falls through to the step written after it.
    public typealias Ending = Continues
    public let _node: _StepNode

    /// What happens after the alert.
    public enum Then: Sendable {
        /// Fail the execution with this error (and the caught cause).
        case fail(error: String)
        /// Continue with the step after the block (the input carries `$.error`).
        case `continue`
    }

    /// - Parameters:
    ///   - topic: the SNS topic ARN for alerts.
    ///   - name: the alert state's name (the Fail state is named after it).
    ///   - subject: the message subject.
    ///   - then: fail (the default, so the execution is marked failed) or continue.
    ///   - fileID: the file where the step is written; the default captures the call site, so diagnostics point at it.
    ///   - line: the line where the step is written (the call site by default).
    ///   - body: the steps whose failures raise the alert.
    public init(
        topic: PayloadValue, name: String = "Alert", subject: PayloadValue? = "Workflow step failed",
        then: Then = .fail(error: "WorkflowFailed"), fileID: String = #fileID, line: Int = #line,
        @StepsBuilder _ body: () -> AnySteps
    ) {
        let publish = SNS.Publish(name, topic: topic, message: AlertOnFailure.message, subject: subject, fileID: fileID, line: line)
            .resultPath(nil)
        var handler: [_StepNode] = [publish._node]
        if case .fail(let error) = then {
            handler.append(Fail("\(name): failed", error: .init(stringLiteral: error), cause: .path("$.error.Cause"), fileID: fileID, line: line)._node)
        }
        _node = .guarded(GuardSpec(
            body: body().nodes, errors: [.all], resultPath: Self.errorPath, failedStateVariable: "failedState",
            handler: handler, handlerRejoins: { if case .continue = then { true } else { false } }(),
            location: SwiftLocation(fileID: fileID, line: line)))
    }

    /// Where catchers put `{Error, Cause}`.
    static let errorPath: NullablePath? = (try? Path.parseReferencePath("$.error")).map(NullablePath.path)

    /// `State <name> failed in <execution>: <Error>: <Cause>`.
    static let message: PayloadValue = .format("State {} failed in {}: {}: {}", .variable("failedState"), .executionId,
                                                .path("$.error.Error"), .path("$.error.Cause"))
}

