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
        var diagnostics = lowering.diagnostics
        // One problem, one diagnostic: lowering already reported these places.
        let reported = Set(diagnostics.map(\.pointer))
        for var d in validator.validate(machine) where !reported.contains(d.pointer) {
            let location = lowering.location(of: d.pointer) ?? location
            d.location = .swift(fileID: location.fileID, line: location.line)
            diagnostics.append(d)
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
    /// The problems, at least one an error, each at the Swift line of its step.
    public let diagnostics: [Diagnostic]
    public var description: String {
        diagnostics.map { d in
            let place: String
            switch d.location {
            case .swift(let file, let line): place = "\(file):\(line): "
            case .json(let p): place = "\(p): "
            case nil: place = ""
            }
            return place + d.formatted
        }.joined(separator: "\n")
    }
}
