/// Checks state machines: structure (via ``ASLDecoder``) and meaning (a list of ``ValidationRule``s),
/// reporting every problem at once.
public struct Validator: Sendable {
    /// The rules ``validate(_:)`` runs, in reporting order.
    public var rules: [any ValidationRule]
    /// The most findings of one code ``check(_:)`` lists; past it, one more finding of that code says how
    /// many were left out (as compilers stop after so many errors). Locating and sorting a finding is
    /// the costly part of a check, so a definition with thousands of the same mistake stays fast to
    /// check. `nil` lists every finding.
    public var maximumFindingsPerCode: Int? = 100

    /// The rules Statecraft runs by default, in reporting order.
    public static let defaultRules: [any ValidationRule] = [
        StateNameRule(), DuplicateStateNameRule(), TransitionTargetRule(), ReachabilityRule(), TerminalRule(),
        ErrorMatcherRule(), RetrierRangeRule(), NumericRangeRule(), TimestampRule(), ResourceRule(),
        IntrinsicSignatureRule(), QueryLanguageRule(), JSONataSyntaxRule(), VariableNameRule(), MapRule(),
        TaskTokenRule(), ECSRunTaskRule(), GateLeakRule(),
        JSONataUsageRule(),
    ]

    /// A validator running `rules` (Statecraft's default rules unless told otherwise).
    public init(rules: [any ValidationRule] = Validator.defaultRules) {
        self.rules = rules
    }

    /// Runs every rule on a model.
    /// - Returns: the findings, in rule order.
    public func validate(_ machine: StateMachine) -> [Diagnostic] {
        guard !rules.isEmpty else { return [] }
        let context = ValidationContext(machine)
        var diagnostics: [Diagnostic] = []
        for rule in rules { rule.check(context, into: &diagnostics) }
        return diagnostics
    }

    /// Parses, decodes and validates a definition given as JSON text, and locates every finding.
    /// - Parameter bytes: the UTF-8 text of the definition.
    /// - Returns: the model (when the JSON was a decodable object) and every finding with its line and column.
    ///   A definition over ``maximumDefinitionSize`` is refused before it is parsed.
    public func check(_ bytes: [UInt8]) -> CheckResult {
        let (decoded, sourceMap) = Validator.decodeLocated(bytes)
        guard let sourceMap else { return decoded }
        // One problem, one diagnostic: the collector leaves out rule findings at places decoding rejected.
        var collector = DiagnosticCollector()
        collector.collect(decoded.diagnostics)
        var found: [Diagnostic] = []
        if let machine = decoded.machine {
            // The last stage: its findings are filtered, not remembered (nothing comes after them).
            found = collector.kept(validate(machine))
        }
        var unlisted = 0
        if let limit = maximumFindingsPerCode { (found, unlisted) = Validator.capped(found, perCode: limit) }
        let diagnostics = decoded.diagnostics + Validator.locate(found, in: sourceMap).map { Validator.pointAtCharacter($0, in: bytes) }
        var result = CheckResult(machine: decoded.machine, diagnostics: diagnostics.sortedForDisplay())
        result.unlisted = unlisted
        return result
    }

    /// Parses and decodes a definition, locating each structural problem: the first half of
    /// ``check(_:)``, enough to format a definition. A definition over ``maximumDefinitionSize`` is
    /// refused before it is parsed.
    public static func decode(_ bytes: [UInt8]) -> CheckResult {
        decodeLocated(bytes).result
    }

    /// The finding for a definition over ``maximumDefinitionSize``, at its first byte.
    static func tooLarge(_ size: Int) -> Diagnostic {
        var d = Diagnostic(.error, .definitionTooLarge,
            "the definition is \(size) bytes; Step Functions accepts at most \(Validator.maximumDefinitionSize)",
            at: .root, hint: "split the workflow into nested state machines")
        d.location = .json(SourcePosition(line: 1, column: 1, offset: 0))
        return d
    }

    static func decodeLocated(_ bytes: [UInt8]) -> (result: CheckResult, sourceMap: SourceMap?) {
        // The size first: a larger text is not worth parsing, however well formed.
        guard bytes.count <= Validator.maximumDefinitionSize else {
            return (CheckResult(machine: nil, diagnostics: [tooLarge(bytes.count)]), nil)
        }
        let value: JSONValue
        let sourceMap: SourceMap
        do {
            (value, sourceMap) = try JSONParser.parseWithSourceMap(bytes)
        } catch {
            var d = Diagnostic(.error, Diagnostic.Code(rawValue: error.kind.rawValue), error.message, at: .root)
            d.location = .json(error.position)
            return (CheckResult(machine: nil, diagnostics: [d]), nil)
        }
        let (machine, problems) = ASLDecoder.decode(value)
        return (CheckResult(machine: machine, diagnostics: locate(problems, in: sourceMap).sortedForDisplay()), sourceMap)
    }

    /// Moves a located finding with a ``Diagnostic/stringOffset`` from its string's opening quote to
    /// the character itself (escapes in the JSON text counted as the one character they stand for).
    static func pointAtCharacter(_ diagnostic: Diagnostic, in bytes: [UInt8]) -> Diagnostic {
        guard let target = diagnostic.stringOffset, case .json(let start)? = diagnostic.location,
              start.offset < bytes.count, bytes[start.offset] == UInt8(ascii: "\"") else { return diagnostic }
        var i = start.offset + 1
        var scalars = 0
        while scalars < target, i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") {
                let isUnicode = i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "u")
                var width = isUnicode ? 6 : 2
                // A surrogate pair written as two escapes is one scalar.
                if isUnicode, i + 11 < bytes.count, bytes[i + 2] | 0x20 == UInt8(ascii: "d"), (bytes[i + 3] | 0x20) >= UInt8(ascii: "8"),
                   (bytes[i + 3] | 0x20) <= UInt8(ascii: "b"), bytes[i + 6] == UInt8(ascii: "\\") { width = 12 }
                i += width
            } else {
                let b = bytes[i]
                i += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
            }
            scalars += 1
        }
        var moved = diagnostic
        moved.location = .json(LineTable(bytes).position(ofOffset: min(i, bytes.count)))
        return moved
    }

    /// The first `limit` findings of each code, then for each code with more, one finding at the first
    /// one left out that counts them.
    static func capped(_ diagnostics: [Diagnostic], perCode limit: Int) -> (listed: [Diagnostic], unlisted: Int) {
        // Per code, in the order codes first appear: how many came, and the first one left out.
        // A definition has a few codes and maybe tens of thousands of findings, which come in runs of
        // one code: a short list searched from the code last seen beats hashing every code.
        var tallies: [(code: Diagnostic.Code, count: Int, firstOmitted: Diagnostic?)] = []
        var last = 0
        var kept: [Diagnostic] = []
        kept.reserveCapacity(min(diagnostics.count, limit * 4))
        var omittedOrder: [Int] = []
        // By index: a finding is copied only when it is kept, not to be looked at.
        for index in diagnostics.indices {
            if last >= tallies.count || tallies[last].code != diagnostics[index].code {
                if let i = tallies.firstIndex(where: { $0.code == diagnostics[index].code }) {
                    last = i
                } else {
                    tallies.append((diagnostics[index].code, 0, nil))
                    last = tallies.count - 1
                }
            }
            tallies[last].count += 1
            if tallies[last].count <= limit {
                kept.append(diagnostics[index])
            } else if tallies[last].firstOmitted == nil {
                tallies[last].firstOmitted = diagnostics[index]
                omittedOrder.append(last)
            }
        }
        var unlisted = 0
        for i in omittedOrder {
            guard let first = tallies[i].firstOmitted else { continue }
            let count = tallies[i].count - limit
            unlisted += count
            kept.append(Diagnostic(first.severity, first.code,
                "\(count) more [\(first.code)] finding\(count == 1 ? "" : "s") like the \(limit) above, from here on, not listed",
                at: first.pointer, hint: "fix the ones listed and check again, or list every finding (statecraft validate --all)"))
        }
        return (kept, unlisted)
    }

    static func locate(_ diagnostics: [Diagnostic], in sourceMap: SourceMap) -> [Diagnostic] {
        diagnostics.map { d in
            var d = d
            if let position = sourceMap.position(of: d.pointer, key: d.pointsAtKey) { d.location = .json(position) }
            return d
        }
    }

    /// The codes of JSON syntax errors (``JSONSyntaxError/Kind``).
    public static var syntaxCodes: [Diagnostic.Code] {
        JSONSyntaxError.Kind.allCases.map { Diagnostic.Code(rawValue: $0.rawValue) }
    }

    /// The codes the decoder reports for the shape of a definition (``ASLDecoder/codes``), and
    /// `definition-too-large`.
    public static var structuralCodes: [Diagnostic.Code] { ASLDecoder.codes + [.definitionTooLarge] }

    /// Every code a check can report: JSON syntax, structure, and the default rules' ``ValidationRule/codes``,
    /// each once, in that order.
    public static var allCodes: [Diagnostic.Code] {
        var seen = Set<Diagnostic.Code>()
        return (syntaxCodes + structuralCodes + defaultRules.flatMap(\.codes)).filter { seen.insert($0).inserted }
    }

    /// Step Functions' limit on a definition's size, in bytes (1 MiB).
    public static let maximumDefinitionSize = 1_048_576
}

/// What ``Validator/check(_:)`` found.
public struct CheckResult: Sendable {
    /// The model, when the JSON was a decodable object (also when it has problems).
    public var machine: StateMachine?
    /// Every finding, located and sorted for display.
    public var diagnostics: [Diagnostic]
    /// Findings left out by ``Validator/maximumFindingsPerCode`` (each code's last listed finding counts its own).
    public var unlisted = 0
    /// Whether the definition is valid (no errors; warnings allowed).
    public var isValid: Bool { !diagnostics.hasErrors }
}

extension Diagnostic.Code {
    /// `definition-too-large`: the definition is over Step Functions' limit of 1,048,576 bytes.
    public static let definitionTooLarge: Self = "definition-too-large"
}
