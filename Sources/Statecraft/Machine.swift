import StatesLanguage

/// A state machine written in Swift. Build it to get the ASL model, its JSON, and diagnostics that
/// point at the Swift lines that wrote each state.
///
/// ```swift
/// let machine = Machine(comment: "Nightly report") {
///     Pass("Start", result: ["status": "started"])
///     Succeed("Done")
/// }
/// print(try machine.json())
/// ```
public struct Machine: Sendable {
    /// `Comment`: free text for readers; `nil` leaves it out.
    public var comment: String?
    /// `TimeoutSeconds`: the longest the execution may run, in seconds; `nil` for no limit but AWS's.
    public var timeoutSeconds: Int?
    /// `Version`: the Amazon States Language version; `nil` leaves it out (`1.0`).
    public var version: String?
    /// `QueryLanguage` of the whole machine; `nil` leaves it out (JSONPath).
    public var queryLanguage: QueryLanguage?
    /// The partition of the ARNs the DSL writes (`arn:<partition>:states:::…`); `aws` by default.
    public var partition: Partition
    let nodes: [_StepNode]
    let location: SwiftLocation

    /// Makes a machine from the steps of `body`, in order.
    public init(
        comment: String? = nil, timeoutSeconds: Int? = nil, version: String? = nil, queryLanguage: QueryLanguage? = nil,
        partition: Partition = .aws, fileID: String = #fileID, line: Int = #line, @StepsBuilder _ steps: () -> AnySteps
    ) {
        self.partition = partition
        self.comment = comment
        self.timeoutSeconds = timeoutSeconds
        self.version = version
        self.queryLanguage = queryLanguage
        self.nodes = steps().nodes
        self.location = SwiftLocation(fileID: fileID, line: line)
    }

    /// Lowers the steps to the ASL model and validates it.
    /// - Parameter validator: the rules to run (all of Statecraft's by default).
    /// - Returns: the model and every finding, each located at the Swift line that made the state.
    public func build(validator: Validator = Validator()) -> BuildResult {
        let lowering = LoweringSession(machineLanguage: queryLanguage ?? .jsonPath)
        let (startAt, states) = lowering.lowerScope(nodes, base: .root, location: location)
        let machine = StateMachine(comment: comment, queryLanguage: queryLanguage, startAt: startAt, states: partition.apply(to: states),
                                   timeoutSeconds: timeoutSeconds, version: version)
        // One problem, one diagnostic: the collector leaves out rule findings at places lowering rejected.
        var collector = DiagnosticCollector()
        collector.collect(lowering.diagnostics)
        // Validation is the last stage: its findings are filtered first, then located (only those kept).
        let diagnostics = collector.diagnostics + collector.kept(validator.validate(machine)).map { d in
            var d = d
            let location = lowering.location(of: d.pointer) ?? location
            d.location = .swift(fileID: location.fileID, line: location.line)
            return d
        }
        return BuildResult(machine: machine, diagnostics: diagnostics.sortedForDisplay())
    }

    /// The same machine in another partition.
    public func inPartition(_ partition: Partition) -> Machine {
        var copy = self
        copy.partition = partition
        return copy
    }

    /// The validated model.
    /// - Throws: ``BuildError`` with every diagnostic when the machine has errors.
    public func definition() throws(BuildError) -> StateMachine {
        let result = build()
        guard result.isValid else { throw BuildError(diagnostics: result.diagnostics) }
        return result.machine
    }

    /// The validated definition as canonical pretty-printed JSON (deterministic: the same machine
    /// always gives the same bytes).
    /// - Throws: ``BuildError`` when the machine has errors.
    public func json() throws(BuildError) -> String {
        ASLEncoder.prettyText(try definition())
    }
}

/// What ``Machine/build(validator:)`` produced.
public struct BuildResult: Sendable {
    /// The lowered definition.
    public let machine: StateMachine
    /// What the validator found, errors and warnings, each at the Swift line of its step.
    public let diagnostics: [Diagnostic]
    /// Whether there are no errors (warnings allowed).
    public var isValid: Bool { !diagnostics.hasErrors }
    /// The definition as canonical pretty-printed JSON.
    public var json: String { ASLEncoder.prettyText(machine) }
}

/// A machine that does not validate: its diagnostics, printed compiler style.
public struct BuildError: Error, Sendable, CustomStringConvertible {
    /// Every finding of the build, errors and warnings, sorted for display.
    public let diagnostics: [Diagnostic]
    /// The findings in `DiagnosticRenderer`'s `text` format, each at the Swift line that wrote its state.
    public var description: String {
        var text = DiagnosticRenderer(format: .text).render(diagnostics, file: nil)
        if text.last == "\n" { text.removeLast() }
        return text
    }
}
