import StatesLanguage

/// A `Pass` state: passes its input on, or a fixed `Result`, or a payload built with ``ResultStep/parameters(_:)``.
public struct Pass: ResultStep {
    /// The step falls through to the step written after it.
    public typealias Ending = Continues
    public var _spec: _StateSpec

    /// - Parameters:
    ///   - name: the state name.
    ///   - result: a fixed result (`Result`), placed at `ResultPath`.
    ///   - fileID: the file where the step is written; the default captures the call site, so diagnostics point at it.
    ///   - line: the line where the step is written (the call site by default).
    public init(_ name: String, result: JSONValue? = nil, fileID: String = #fileID, line: Int = #line) {
        _spec = _StateSpec(name: name, location: SwiftLocation(fileID: fileID, line: line),
                           state: State(.pass(PassState(transition: .end, result: result))))
    }
}

/// A `Wait` state: pauses for a number of seconds or until a timestamp, given literally or read from the input.
public struct Wait: InputOutputStep, AssigningStep {
    /// The step falls through to the step written after it.
    public typealias Ending = Continues
    public var _spec: _StateSpec

    /// Waits `seconds` seconds.
    public init(_ name: String, seconds: Int, fileID: String = #fileID, line: Int = #line) {
        self.init(name, .seconds(.literal(seconds)), fileID: fileID, line: line)
    }

    /// Waits until an RFC 3339 timestamp such as `2026-01-31T09:30:00Z`.
    public init(_ name: String, timestamp: String, fileID: String = #fileID, line: Int = #line) {
        self.init(name, .timestamp(.literal(timestamp)), fileID: fileID, line: line)
    }

    /// Waits the number of seconds found at `secondsPath` in the input.
    public init(_ name: String, secondsPath: String, fileID: String = #fileID, line: Int = #line) {
        self.init(name, .seconds(.literal(0)), fileID: fileID, line: line)
        if let p = _spec.path(secondsPath, field: "SecondsPath", reference: true) { setDuration(.seconds(.path(p))) }
    }

    /// Waits until the timestamp found at `timestampPath` in the input.
    public init(_ name: String, timestampPath: String, fileID: String = #fileID, line: Int = #line) {
        self.init(name, .timestamp(.literal("")), fileID: fileID, line: line)
        if let p = _spec.path(timestampPath, field: "TimestampPath", reference: true) { setDuration(.timestamp(.path(p))) }
    }

    init(_ name: String, _ duration: WaitState.Duration, fileID: String, line: Int) {
        _spec = _StateSpec(name: name, location: SwiftLocation(fileID: fileID, line: line),
                           state: State(.wait(WaitState(duration: duration, transition: .end))))
    }

    mutating func setDuration(_ duration: WaitState.Duration) {
        if case .wait(var w) = _spec.state.kind {
            w.duration = duration
            _spec.state.kind = .wait(w)
        }
    }
}

/// A `Succeed` state: ends its flow successfully. Nothing can follow it.
public struct Succeed: InputOutputStep {
    /// The step ends its flow: nothing may be written after it.
    public typealias Ending = Terminates
    public var _spec: _StateSpec

    /// Makes a Succeed state named `name`.
    public init(_ name: String, fileID: String = #fileID, line: Int = #line) {
        _spec = _StateSpec(name: name, location: SwiftLocation(fileID: fileID, line: line), state: State(.succeed(SucceedState())))
    }
}

/// A `Fail` state: ends the execution with an error name and a cause. Nothing can follow it.
public struct Fail: StateStep {
    /// The step ends its flow: nothing may be written after it.
    public typealias Ending = Terminates
    public var _spec: _StateSpec

    /// The error or cause of a Fail state: fixed text, or computed from the input (`ErrorPath`/`CausePath`).
    public struct Text: Sendable, ExpressibleByStringLiteral {
        let value: PayloadValue
        public init(stringLiteral text: String) { value = .literal(.string(text)) }
        /// Read from the input, e.g. `.path("$.error.Cause")`.
        public static func path(_ path: String) -> Text { Text(value: .path(path)) }
        /// Composed with `States.Format`.
        public static func format(_ template: String, _ arguments: PayloadValue...) -> Text {
            Text(value: .intrinsic(.format, [.literal(.string(template))] + arguments))
        }
        /// Any computed value (a path or an intrinsic call).
        public static func computed(_ value: PayloadValue) -> Text { Text(value: value) }
        init(value: PayloadValue) { self.value = value }
    }

    /// - Parameters:
    ///   - error: the error name (`Error`, or `ErrorPath` when computed).
    ///   - cause: the cause (`Cause`, or `CausePath` when computed).
    ///   - name: the state's name, unique in the machine.
    ///   - fileID: the file where the step is written; the default captures the call site, so diagnostics point at it.
    ///   - line: the line where the step is written (the call site by default).
    public init(_ name: String, error: Text? = nil, cause: Text? = nil, fileID: String = #fileID, line: Int = #line) {
        var spec = _StateSpec(name: name, location: SwiftLocation(fileID: fileID, line: line), state: State(.fail(FailState())))
        func source(_ text: Text?, _ field: String) -> FailState.Source? {
            guard let text else { return nil }
            if case .literal(.string(let s)) = text.value { return .literal(s) }
            if case .jsonata(let expression) = text.value {
                spec.problems.append(.jsonataInJSONPath("\(field.dropLast(4)) as a JSONata expression", field: String(field.dropLast(4))))
                return .literal(JSONataExpr<String>(expression).template)
            }
            var problems: [StepProblem] = []
            let expression = text.value.lowerExpression(&problems)
            for p in problems { spec.problem(p.code, p.message, field: field, hint: p.hint) }
            if expression == nil && problems.isEmpty {
                spec.problem("bad-jsonpath", "\(field) must be a string, a path or an intrinsic call", field: field)
            }
            return expression.map(FailState.Source.expression)
        }
        let errorSource = source(error, "ErrorPath")
        let causeSource = source(cause, "CausePath")
        spec.state.kind = .fail(FailState(error: errorSource, cause: causeSource))
        _spec = spec
    }
}

/// A `Task` state for any resource: the escape hatch when no typed integration fits.
public struct AnyTask: TaskStep {
    /// The step falls through to the step written after it.
    public typealias Ending = Continues
    public var _spec: _StateSpec

    /// - Parameters:
    ///   - resource: the `Resource` ARN, e.g. `arn:aws:states:::sqs:sendMessage`.
    ///   - parameters: the request (`Parameters`).
    ///   - name: the state's name, unique in the machine.
    ///   - fileID: the file where the step is written; the default captures the call site, so diagnostics point at it.
    ///   - line: the line where the step is written (the call site by default).
    public init(_ name: String, resource: String, parameters: Payload? = nil, fileID: String = #fileID, line: Int = #line) {
        var spec = _StateSpec(name: name, location: SwiftLocation(fileID: fileID, line: line),
                              state: State(.task(TaskState(resource: resource, transition: .end))))
        if let parameters { spec.state._parameters = spec.template(parameters, field: "Parameters") }
        _spec = spec
    }
}

// MARK: - Jumps and loops

/// Continues at the named state instead of the next step: a back-edge or a jump forward.
public struct Goto: Step {
    /// The step ends its flow: nothing may be written after it.
    public typealias Ending = Terminates
    public let _node: _StepNode
    /// Jumps to the state named `target`, anywhere in the same flow.
    public init(_ target: String, fileID: String = #fileID, line: Int = #line) {
        _node = .jump(.goto(target), SwiftLocation(fileID: fileID, line: line))
    }
}

/// Leaves the innermost ``Loop``: continues with the step after it.
public struct Break: Step {
    /// The step ends its flow: nothing may be written after it.
    public typealias Ending = Terminates
    public let _node: _StepNode
    /// Leaves the innermost loop.
    public init(fileID: String = #fileID, line: Int = #line) {
        _node = .jump(.breakLoop, SwiftLocation(fileID: fileID, line: line))
    }
}

/// Goes back to the start of the innermost ``Loop``.
public struct Continue: Step {
    /// The step ends its flow: nothing may be written after it.
    public typealias Ending = Terminates
    public let _node: _StepNode
    /// Goes back to the start of the innermost loop.
    public init(fileID: String = #fileID, line: Int = #line) {
        _node = .jump(.continueLoop, SwiftLocation(fileID: fileID, line: line))
    }
}

/// Steps that repeat: the end of the body goes back to its first step. Leave with ``Break`` (usually
/// in a ``Choice`` branch), a terminal state, or a ``Goto``.
///
/// ```swift
/// Loop {
///     Lambda.Invoke("Acquire slot", function: gate)
///     Choice("Acquired?") {
///         When(Variable("$.Payload.acquired") == true) { Break() }
///         Otherwise { Wait("Wait for a slot", seconds: 10) }
///     }
/// }
/// ```
public struct Loop: Step {
    /// The step falls through to the step written after it.
    public typealias Ending = Continues
    public let _node: _StepNode
    /// Makes a loop of the steps of `body`.
    public init(fileID: String = #fileID, line: Int = #line, @StepsBuilder _ body: () -> AnySteps) {
        _node = .loop(body().nodes, SwiftLocation(fileID: fileID, line: line))
    }
}

/// Steps that no earlier step flows into: reached only by name, from a ``Goto`` or a catch's `goto:`.
/// They may follow a terminal step; their own flow ends the execution when it ends.
///
/// ```swift
/// ECS.RunTask("Run", taskDefinition: "batch").catch([.all], goto: "Give up")
/// Succeed("Done")
/// Detached {
///     Fail("Give up", error: "JobFailed")
/// }
/// ```
public struct Detached: Step {
    /// The steps are reached by name only, never by falling through.
    public typealias Ending = Unreached
    public let _node: _StepNode
    /// Makes the detached steps of `steps`.
    public init(@StepsBuilder _ steps: () -> AnySteps) {
        _node = .detached(steps().nodes)
    }
}
