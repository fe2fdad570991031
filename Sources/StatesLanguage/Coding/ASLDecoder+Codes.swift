extension ASLDecoder {
    /// The codes the decoder reports for the shape of a definition, declared below.
    public static let codes: [Diagnostic.Code] = [
        .badType,
        .missingField,
        .unknownField,
        .fieldNotAllowed,
        .fieldExclusive,
        .badStateType,
        .badValue,
        .choiceRule,
        .badJSONPath,
        .badIntrinsic,
        .duplicateField,
    ]
}

extension Diagnostic.Code {
    /// `bad-type`: a field has the wrong JSON type.
    public static let badType: Self = "bad-type"
    /// `missing-field`: a required field is absent.
    public static let missingField: Self = "missing-field"
    /// `unknown-field`: a name ASL does not define here.
    public static let unknownField: Self = "unknown-field"
    /// `field-not-allowed`: an ASL field on a state type that does not take it.
    public static let fieldNotAllowed: Self = "field-not-allowed"
    /// `field-exclusive`: fields that cannot be set together.
    public static let fieldExclusive: Self = "field-exclusive"
    /// `bad-state-type`: Type is not one of the eight state types.
    public static let badStateType: Self = "bad-state-type"
    /// `bad-value`: a field has a value outside its fixed set.
    public static let badValue: Self = "bad-value"
    /// `choice-rule`: Choice rule structure.
    public static let choiceRule: Self = "choice-rule"
    /// `bad-jsonpath`: a path is not valid where it is used.
    public static let badJSONPath: Self = "bad-jsonpath"
    /// `bad-intrinsic`: an intrinsic call that does not parse, names no intrinsic function, or has the wrong number or kind of arguments.
    public static let badIntrinsic: Self = "bad-intrinsic"
    /// `duplicate-field`: a payload template has key and key.$.
    public static let duplicateField: Self = "duplicate-field"
}
