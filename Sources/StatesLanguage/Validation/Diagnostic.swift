/// A problem found in a definition: what, how bad, where, and how to fix it.
///
/// Diagnostics are values: the decoder, the DSL's lowering and the rules add them to a
/// ``DiagnosticCollector``, and ``DiagnosticRenderer`` prints them in one of its ``DiagnosticFormat``s.
public struct Diagnostic: Sendable, Hashable {
    /// How bad a finding is: an error makes a definition invalid, a warning does not.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// The definition is invalid: Step Functions refuses it, or it cannot run as written.
        case error
        /// The definition is valid but probably wrong.
        case warning

        /// Errors sort before warnings.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    /// How bad the finding is.
    public var severity: Severity
    /// A stable identifier of the kind of problem, e.g. `missing-target` (listed in Docs/Validation.md).
    public var code: Code
    /// What is wrong, in one sentence.
    public var message: String
    /// How to fix it, when there is a useful suggestion.
    public var hint: String?
    /// Where in the definition, as a JSON pointer.
    public var pointer: JSONPointer
    /// Whether the place is the member key at ``pointer`` (e.g. an unknown field) rather than its value.
    public var pointsAtKey: Bool
    /// Where in the source, once resolved: a line and column of JSON text, or the Swift line that built the state.
    public var location: Location?
    /// For a finding inside a JSON string (a JSONata expression), the offset in Unicode scalars of
    /// the character within the string's value: the location then points at that character.
    public var stringOffset: Int? = nil

    /// A resolved place in a source file.
    public enum Location: Sendable, Hashable {
        /// A line and column of the definition's JSON text.
        case json(SourcePosition)
        /// The Swift line (`#fileID`, `#line`) of the DSL call that wrote the state.
        case swift(fileID: String, line: Int)
    }

    /// Makes a finding, not yet located in a source.
    /// - Parameters:
    ///   - severity: how bad it is.
    ///   - code: the stable code of the kind of problem (declared next to the rule that reports it).
    ///   - message: what is wrong.
    ///   - pointer: where in the definition.
    ///   - key: whether the place is the member key at `pointer` rather than its value.
    ///   - hint: how to fix it.
    public init(
        _ severity: Severity, _ code: Code, _ message: String, at pointer: JSONPointer, key: Bool = false,
        hint: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.hint = hint
        self.pointer = pointer
        self.pointsAtKey = key
        self.location = nil
    }

    /// The finding as ``DiagnosticRenderer`` prints it in the `text` format, without a file name
    /// (the same text as ``description``).
    public var formatted: String { description }
}

extension Diagnostic: CustomStringConvertible {
    /// The finding in the `text` format of ``DiagnosticRenderer``, without a file name and without
    /// the final line break: `line:col: error: [code] message (at /pointer)`, then the hint indented.
    public var description: String {
        var text = DiagnosticRenderer(format: .text).render(self, file: nil)
        if text.last == "\n" { text.removeLast() }
        return text
    }
}

extension Diagnostic {
    /// A stable identifier of a kind of problem, such as `missing-target`.
    ///
    /// Codes are declared as static members next to the rule (or decoder) that reports them, and the
    /// rule lists the same symbols in ``ValidationRule/codes``, so the list of every code
    /// (``Validator/allCodes``) is made from the declarations. The string is what users write to
    /// suppress or look up a finding: it never changes once released. A string literal is a code too.
    public struct Code: RawRepresentable, Sendable, Hashable, Comparable, ExpressibleByStringLiteral, CustomStringConvertible {
        /// The stable string, e.g. `missing-target`.
        public let rawValue: String

        /// A code with this stable string.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A code with this stable string.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        /// A code written as a string literal: `"missing-target"`.
        public init(stringLiteral value: String) { self.rawValue = value }

        /// The stable string.
        public var description: String { rawValue }

        /// Codes sort by their string.
        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }

        /// Whether the code's string is `rhs` (code written before codes had a type compare with strings).
        public static func == (lhs: Code, rhs: String) -> Bool { lhs.rawValue == rhs }

        /// Whether the code's string is `lhs`.
        public static func == (lhs: String, rhs: Code) -> Bool { lhs == rhs.rawValue }
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted for printing: by location (or pointer), errors before warnings at the same place.
    ///
    /// Sorts positions, not the diagnostics themselves, so that thousands of findings are cheap to order.
    public func sortedForDisplay() -> [Diagnostic] {
        let locations = map(\.location)
        let order = locations.indices.sorted { i, j in
            switch (locations[i], locations[j]) {
            case (.json(let p), .json(let q)) where p.offset != q.offset: return p.offset < q.offset
            case (.swift(let f, let l), .swift(let g, let m)) where (f, l) != (g, m): return (f, l) < (g, m)
            default: return i < j
            }
        }
        return order.map { self[$0] }
    }
}
