import StatesLanguage

/// A step that makes one named state; the base of the modifier protocols.
public protocol StateStep: Step {
    /// The state under construction (not API).
    var _spec: _StateSpec { get set }
}

extension StateStep {
    public var _node: _StepNode { .state(_spec) }

    /// The state's name, as it appears in the definition.
    public var name: String { _spec.name }

    func with(_ change: (inout _StateSpec) -> Void) -> Self {
        var copy = self
        change(&copy._spec)
        return copy
    }

    /// Sets `Comment`.
    public func comment(_ text: String) -> Self { with { $0.state.comment = text } }

    /// Sets the state's own `QueryLanguage`.
    public func queryLanguage(_ language: QueryLanguage) -> Self { with { $0.state.queryLanguage = language } }
}

extension _StateSpec {
    /// Parses a path for `field`, recording a problem when it does not parse.
    mutating func path(_ text: String, field: String, reference: Bool = false) -> Path? {
        do {
            return reference ? try Path.parseReferencePath(text) : try Path(parsing: text)
        } catch {
            problem("bad-jsonpath", "\(field) \"\(text)\" is not a valid \(reference ? "reference path" : "path"): \(error.message)", field: field)
            return nil
        }
    }

    mutating func nullablePath(_ text: String?, field: String, reference: Bool = false) -> NullablePath? {
        guard let text else { return .null }
        return path(text, field: field, reference: reference).map(NullablePath.path)
    }

    mutating func template(_ payload: Payload, field: String) -> PayloadTemplate {
        let (template, problems) = payload.lower()
        for p in problems { problem(p.code, "\(field): \(p.message)", field: field, hint: p.hint, onlyInJSONPath: p.onlyInJSONPath) }
        return template
    }
}

/// A step with `InputPath` and `OutputPath`.
public protocol InputOutputStep: StateStep {}

extension InputOutputStep {
    /// Sets `InputPath`: the part of the input the state sees (`nil` for `null`: an empty object).
    public func inputPath(_ path: String?) -> Self { with { $0.state._inputPath = $0.nullablePath(path, field: "InputPath") } }
    /// Sets `OutputPath`: the part of the result passed on (`nil` for `null`: an empty object).
    public func outputPath(_ path: String?) -> Self { with { $0.state._outputPath = $0.nullablePath(path, field: "OutputPath") } }
}

/// A step that can set workflow variables (`Assign`).
public protocol AssigningStep: StateStep {}

extension AssigningStep {
    /// Sets `Assign`: workflow variables set when the state completes.
    public func assign(_ variables: Payload) -> Self { with { $0.state._assign = $0.template(variables, field: "Assign") } }
}

/// A step whose result is placed into its input (`ResultPath`), with `Parameters`.
public protocol ResultStep: InputOutputStep, AssigningStep {}

extension ResultStep {
    /// Sets `ResultPath`: where the result goes in the input (`nil` for `null`: discard the result).
    public func resultPath(_ path: String?) -> Self {
        with { $0.state._resultPath = $0.nullablePath(path, field: "ResultPath", reference: true) }
    }
    /// Sets `Parameters` (for a Map, `ItemSelector`).
    public func parameters(_ payload: Payload) -> Self {
        with {
            let field = if case .map = $0.state.kind { "ItemSelector" } else { "Parameters" }
            $0.state._parameters = $0.template(payload, field: field)
        }
    }
}

/// A step whose raw result can be reshaped (`ResultSelector`) and whose errors can be retried and caught:
/// Task, Parallel and Map.
public protocol RecoverableStep: ResultStep {}

extension RecoverableStep {
    /// Sets `ResultSelector`: reshapes the raw result before `ResultPath`.
    public func resultSelector(_ payload: Payload) -> Self { with { $0.state._resultSelector = $0.template(payload, field: "ResultSelector") } }

    /// Adds a retrier.
    public func retry(_ retry: Retry, fileID: String = #fileID, line: Int = #line) -> Self {
        with {
            $0.state._retry.append(retry.retrier)
            $0.retryLocations.append(SwiftLocation(fileID: fileID, line: line))
        }
    }

    /// Adds a retrier: on `errors`, wait `interval` seconds, multiplied by `backoffRate` after each retry
    /// (capped at `maxDelay`), at most `maxAttempts` times.
    public func retry(
        on errors: [ErrorName], interval: Int? = nil, maxAttempts: Int? = nil, backoffRate: BackoffRate? = nil,
        maxDelay: Int? = nil, jitter: JitterStrategy? = nil, fileID: String = #fileID, line: Int = #line
    ) -> Self {
        retry(Retry(on: errors, interval: interval, maxAttempts: maxAttempts, backoffRate: backoffRate, maxDelay: maxDelay, jitter: jitter),
              fileID: fileID, line: line)
    }

    /// Catches `errors` and continues at the state called `target`.
    public func `catch`(
        _ errors: [ErrorName], resultPath: String? = "$", assign: Payload? = nil, goto target: String,
        fileID: String = #fileID, line: Int = #line
    ) -> Self {
        addCatch(errors, resultPath: resultPath, assign: assign, handler: .named(target), location: SwiftLocation(fileID: fileID, line: line))
    }

    /// Catches `errors` and runs `handler`, written inline; its states follow this one in the definition.
    /// Like `do`/`catch`, the handler then continues with the step after this state; end it with
    /// `Fail`/`Succeed` or a jump (``Goto``, ``Break``, ``Continue``) to go elsewhere. An empty handler
    /// ignores the errors.
    public func `catch`(
        _ errors: [ErrorName], resultPath: String? = "$", assign: Payload? = nil, fileID: String = #fileID,
        line: Int = #line, @StepsBuilder handler: () -> AnySteps
    ) -> Self {
        addCatch(errors, resultPath: resultPath, assign: assign, handler: .inline(handler().nodes),
                 location: SwiftLocation(fileID: fileID, line: line))
    }

    func addCatch(_ errors: [ErrorName], resultPath: String?, assign: Payload?, handler: _StateSpec.CatchClause.Handler, location: SwiftLocation) -> Self {
        with { spec in
            // "$" (replace the input) is the default; leave it out of the definition.
            let path: NullablePath? = resultPath == "$" ? nil : spec.nullablePath(resultPath, field: "Catch", reference: true)
            let catcher = Catcher(errorEquals: errors, next: "", resultPath: path, assign: assign.map { spec.template($0, field: "Catch Assign") })
            spec.catches.append(.init(catcher: catcher, handler: handler, location: location))
        }
    }
}

/// A Task step, with its timeout and heartbeat.
public protocol TaskStep: RecoverableStep {}

extension TaskStep {
    /// Sets `TimeoutSeconds`.
    public func timeout(seconds: Int) -> Self { with { $0.setTask { $0.timeoutSeconds = .literal(seconds) } } }
    /// Sets `TimeoutSecondsPath`.
    public func timeout(secondsPath: String) -> Self {
        with { spec in
            let p = spec.path(secondsPath, field: "TimeoutSecondsPath", reference: true)
            spec.setTask { $0.timeoutSeconds = p.map(ValueSource.path) }
        }
    }
    /// Sets `HeartbeatSeconds`.
    public func heartbeat(seconds: Int) -> Self { with { $0.setTask { $0.heartbeatSeconds = .literal(seconds) } } }
    /// Sets `HeartbeatSecondsPath`.
    public func heartbeat(secondsPath: String) -> Self {
        with { spec in
            let p = spec.path(secondsPath, field: "HeartbeatSecondsPath", reference: true)
            spec.setTask { $0.heartbeatSeconds = p.map(ValueSource.path) }
        }
    }
    /// Sets `Credentials`: a role to assume for the call.
    public func credentials(roleArn: PayloadValue) -> Self {
        with { $0.setTask { [template = _StateSpec.plain(["RoleArn": roleArn])] in $0.credentials = template } }
    }
}

extension _StateSpec {
    mutating func setTask(_ change: (inout TaskState) -> Void) {
        if case .task(var t) = state.kind {
            change(&t)
            state.kind = .task(t)
        }
    }

    static func plain(_ payload: Payload) -> PayloadTemplate { payload.lower().template }
}
