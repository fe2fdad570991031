/// A problem found in a definition: what, how bad, where, and how to fix it.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var severity: Severity
    /// A stable identifier of the rule, e.g. `missing-target` (listed in Docs/Validation.md).
    public var code: String
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
        case json(SourcePosition)
        case swift(fileID: String, line: Int)
    }

    public init(
        _ severity: Severity, _ code: String, _ message: String, at pointer: JSONPointer, key: Bool = false,
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

    /// `error: [code] message (at /pointer)`, plus the hint on its own line.
    public var formatted: String {
        var text = "\(severity.rawValue): [\(code)] \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

extension Diagnostic: CustomStringConvertible {
    public var description: String {
        let place: String
        switch location {
        case .json(let p): place = "\(p): "
        case .swift(let file, let line): place = "\(file):\(line): "
        case nil: place = ""
        }
        let pointerText = pointer.tokens.isEmpty ? "" : " (at \(pointer))"
        return place + "\(severity.rawValue): [\(code)] \(message)\(pointerText)" + (hint.map { "\n  hint: \($0)" } ?? "")
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
