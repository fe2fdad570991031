import StatesLanguage

/// What paths can read: the state input (`$`), the context object (`$$`) and workflow variables (`$name`).
///
/// `input` is whatever `$` means for the field being evaluated: the raw state input for `InputPath`,
/// the effective input for `Parameters`/`ItemSelector`, the task result for `ResultSelector`, the
/// state's result for `Assign`, and the state output for `OutputPath`.
public struct DataScope: Sendable {
    /// The value `$` refers to.
    public var input: JSONValue
    /// The context object `$$` refers to.
    public var context: JSONValue
    /// The workflow variables visible to the state, by name (without `$`).
    public var variables: [String: JSONValue]

    /// Creates a scope.
    /// - Parameters:
    ///   - input: the value `$` refers to.
    ///   - context: the context object `$$` refers to.
    ///   - variables: the workflow variables, by name without `$`.
    public init(input: JSONValue, context: JSONValue, variables: [String: JSONValue]) {
        self.input = input
        self.context = context
        self.variables = variables
    }

    /// The same scope with `$` rebound to `value`.
    public func with(input value: JSONValue) -> DataScope {
        var copy = self
        copy.input = value
        return copy
    }
}
