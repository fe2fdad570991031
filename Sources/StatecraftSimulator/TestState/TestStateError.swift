import StatesLanguage

/// A TestState request that cannot be run: the API's `InvalidDefinition` and `ValidationException`.
/// (A state that fails is not an error: it is a response with status `FAILED`.)
public enum TestStateError: Error, Sendable, CustomStringConvertible {
    /// The definition has errors, each with its place in the definition's text.
    case invalidDefinition([Diagnostic])
    /// A field of the request is wrong: its name (`stateName`, `mock.result`, …), what is wrong, and
    /// where it is in the request's text when that is known.
    case invalidRequest(field: String, message: String, position: SourcePosition?)

    public var description: String {
        switch self {
        case .invalidDefinition(let diagnostics):
            return diagnostics.map(\.description).joined(separator: "\n")
        case .invalidRequest(let field, let message, let position):
            let place = position.map { "\($0): " } ?? ""
            return field.isEmpty ? place + message : "\(place)\(field): \(message)"
        }
    }
}
