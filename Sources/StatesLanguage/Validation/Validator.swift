/// Checks state machines: structure (via ``ASLDecoder``) and meaning (a list of ``ValidationRule``s),
/// reporting every problem at once.
public struct Validator: Sendable {
    public var rules: [any ValidationRule]

    /// The rules Statecraft runs by default, in reporting order.
    public static let defaultRules: [any ValidationRule] = [
        StateNameRule(), DuplicateStateNameRule(), TransitionTargetRule(), ReachabilityRule(), TerminalRule(),
        ErrorMatcherRule(), RetrierRangeRule(), NumericRangeRule(), TimestampRule(), ResourceRule(),
        IntrinsicSignatureRule(), QueryLanguageRule(), JSONataSyntaxRule(), VariableNameRule(), MapRule(),
        TaskTokenRule(), ECSRunTaskRule(),
    ]

    public init(rules: [any ValidationRule] = Validator.defaultRules) {
        self.rules = rules
    }

    /// Runs every rule on a model.
    /// - Returns: the findings, in rule order.
    public func validate(_ machine: StateMachine) -> [Diagnostic] {
        let context = ValidationContext(machine)
        var diagnostics: [Diagnostic] = []
        for rule in rules { rule.check(context, into: &diagnostics) }
        return diagnostics
    }

    /// Parses, decodes and validates a definition given as JSON text, and locates every finding.
    /// - Parameter bytes: the UTF-8 text of the definition.
    /// - Returns: the model (when the JSON was a decodable object) and every finding with its line and column.
    public func check(_ bytes: [UInt8]) -> CheckResult {
        let value: JSONValue
        let sourceMap: SourceMap
        do {
            (value, sourceMap) = try JSONParser.parseWithSourceMap(bytes)
        } catch {
            var d = Diagnostic(.error, error.kind.rawValue, error.message, at: .root)
            d.location = .json(error.position)
            return CheckResult(machine: nil, diagnostics: [d])
        }
        var (machine, diagnostics) = ASLDecoder.decode(value)
        if bytes.count > Validator.maximumDefinitionSize {
            diagnostics.append(Diagnostic(.error, "definition-too-large",
                "the definition is \(bytes.count) bytes; Step Functions accepts at most \(Validator.maximumDefinitionSize)",
                at: .root, hint: "split the workflow into nested state machines"))
        }
        if let machine {
            // One problem, one diagnostic: a rule finding at a place the decoder already reported is a consequence.
            let reported = Set(diagnostics.filter { $0.severity == .error }.map(\.pointer))
            diagnostics += validate(machine).filter { !reported.contains($0.pointer) }
        }
        for i in diagnostics.indices {
            if let position = sourceMap.position(of: diagnostics[i].pointer, key: diagnostics[i].pointsAtKey) {
                diagnostics[i].location = .json(position)
            }
        }
        return CheckResult(machine: machine, diagnostics: diagnostics.sortedForDisplay())
    }

    /// The codes the decoder reports for the shape of a definition.
    public static let structuralCodes = [
        "bad-type", "missing-field", "unknown-field", "field-not-allowed", "field-exclusive", "bad-state-type",
        "bad-value", "choice-rule", "bad-jsonpath", "bad-intrinsic", "duplicate-field", "definition-too-large",
    ]

    /// Every code a check can report: JSON syntax, structure, and the default rules.
    public static var allCodes: [String] {
        var seen = Set<String>()
        return (JSONSyntaxError.Kind.allCases.map(\.rawValue) + structuralCodes + defaultRules.flatMap(\.codes))
            .filter { seen.insert($0).inserted }
    }

    /// Step Functions' limit on a definition's size, in bytes (1 MiB).
    public static let maximumDefinitionSize = 1_048_576
}

/// What ``Validator/check(_:)`` found.
public struct CheckResult: Sendable {
    public var machine: StateMachine?
    public var diagnostics: [Diagnostic]
    /// Whether the definition is valid (no errors; warnings allowed).
    public var isValid: Bool { !diagnostics.hasErrors }
}
