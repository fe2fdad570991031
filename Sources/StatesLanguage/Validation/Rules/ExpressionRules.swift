/// Intrinsic function calls name a known function with the right number and kinds of arguments (`bad-intrinsic`).
public struct IntrinsicSignatureRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.badIntrinsic] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states {
            func verify(_ expression: Expression, at pointer: @autoclosure () -> JSONPointer) {
                guard case .intrinsic(let call) = expression else { return }
                for problem in call.checkSignature() {
                    let known = IntrinsicFunction.allCases.map(\.rawValue)
                    let hint = call.function == nil ? Spelling.suggestion(for: call.name, among: known).map { "did you mean \($0)?" } : nil
                    diagnostics.append(Diagnostic(.error, .badIntrinsic, problem, at: pointer(), hint: hint))
                }
            }
            for t in entry.templates {
                t.template.forEachExpression { e, tokens in verify(e, at: JSONPointer(tokens: t.pointer.tokens + tokens)) }
            }
            if case .fail(let f) = entry.state.kind {
                if case .expression(let e) = f.error { verify(e, at: entry.pointer.appending("ErrorPath")) }
                if case .expression(let e) = f.cause { verify(e, at: entry.pointer.appending("CausePath")) }
            }
        }
    }
}

/// A state uses the fields of its query language only (`query-language-mix`): no `InputPath`,
/// `Parameters`, `.$` keys or `Variable` rules in JSONata states; no `Arguments`, `Output` or
/// `Condition` in JSONPath states; no JSONPath state inside a JSONata machine.
public struct QueryLanguageRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.queryLanguageMix] }


    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states {
            if context.machine.queryLanguage == .jsonata, entry.state.queryLanguage == .jsonPath {
                diagnostics.append(Diagnostic(.error, .queryLanguageMix,
                    "state \"\(entry.name)\" sets QueryLanguage JSONPath inside a JSONata state machine; only the reverse is allowed",
                    at: entry.pointer.appending("QueryLanguage"), hint: "write the state in JSONata, or make the machine JSONPath and opt states in to JSONata"))
            }
            let jsonata = entry.queryLanguage == .jsonata
            let foreign = jsonata ? ASLFields.jsonPathOnly : ASLFields.jsonataOnly
            func report(_ field: String, at pointer: JSONPointer) {
                let message = jsonata
                    ? "\(field) is a JSONPath field; state \"\(entry.name)\" uses JSONata"
                    : "\(field) is a JSONata field; state \"\(entry.name)\" uses JSONPath"
                let hint = jsonata
                    ? "in JSONata use Arguments, Output and {% %} expressions instead"
                    : "set \"QueryLanguage\": \"JSONata\" on the state or the machine, or use the JSONPath fields"
                diagnostics.append(Diagnostic(.error, .queryLanguageMix, message, at: pointer, key: true, hint: hint))
            }
            for field in entry.languageSpecificFields where foreign.contains(field) {
                report(field, at: entry.pointer.appending(field))
            }
            if !jsonata {
                // Numbers and timestamps written as JSONata expressions.
                for v in entry.jsonataSources { report(v.field, at: v.pointer) }
            }
            for (i, c) in entry.state.catchers.enumerated() {
                let at = entry.pointer.appending("Catch").appending(i)
                if jsonata, c.resultPath != nil { report("ResultPath", at: at.appending("ResultPath")) }
                if !jsonata, c.output != nil { report("Output", at: at.appending("Output")) }
            }
            if case .choice(let choice) = entry.state.kind {
                for (i, b) in choice.choices.enumerated() {
                    let at = entry.pointer.appending("Choices").appending(i)
                    let isCondition: Bool
                    if case .jsonata = b.condition { isCondition = true } else { isCondition = false }
                    if jsonata && !isCondition { report("Variable", at: at) }
                    if !jsonata && isCondition { report("Condition", at: at.appending("Condition")) }
                    if !jsonata, b.output != nil { report("Output", at: at.appending("Output")) }
                }
            }
            if jsonata {
                for t in entry.templates {
                    t.template.forEachExpression { _, tokens in
                        report("\"\(tokens.last ?? "")\" (a .$ key)", at: JSONPointer(tokens: t.pointer.tokens + tokens))
                    }
                }
            }
        }
    }
}

/// JSONata expressions in `{% %}` parse, and are delimited on both sides (`bad-jsonata`).
public struct JSONataSyntaxRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.badJSONata] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states where entry.queryLanguage == .jsonata {
            for v in entry.jsonataValues {
                walk(v.value, at: v.pointer, into: &diagnostics)
                if v.field == "Condition" || v.field == "Items" {
                    let ok: Bool
                    switch v.value {
                    case .string(let s): ok = JSONata.template(s) != nil
                    case .bool: ok = v.field == "Condition"
                    case .array: ok = v.field == "Items"
                    default: ok = false
                    }
                    if !ok {
                        diagnostics.append(Diagnostic(.error, .badJSONata, "\(v.field) must be a JSONata expression in {% %}", at: v.pointer,
                                                      hint: "for example \"{% $states.input.count > 0 %}\""))
                    }
                }
            }
        }
    }

    func walk(_ value: JSONValue, at pointer: JSONPointer, into diagnostics: inout [Diagnostic]) {
        switch value {
        case .string(let s):
            if case .failure(let error) = JSONata.template(s) {
                var d = Diagnostic(.error, .badJSONata, "invalid JSONata in \"\(s.count > 60 ? s.prefix(57) + "…" : s)\": \(error.message) (at character \(error.offset + 1))",
                                   at: pointer, hint: "a JSONata value is written \"{% expression %}\"")
                d.stringOffset = error.offset
                diagnostics.append(d)
            }
        case .array(let items):
            for (i, item) in items.enumerated() { walk(item, at: pointer.appending(i), into: &diagnostics) }
        case .object(let o):
            for m in o { walk(m.value, at: pointer.appending(m.key), into: &diagnostics) }
        default:
            break
        }
    }
}

/// `Assign` names are identifiers of at most 80 characters (`bad-variable-name`).
public struct VariableNameRule: ValidationRule {
    /// The rule, ready to run.
    public init() {}
    /// The codes this rule reports.
    public var codes: [Diagnostic.Code] { [.badVariableName] }
    /// Adds what this rule finds in `context` to `diagnostics`.
    public func check(_ context: ValidationContext, into diagnostics: inout [Diagnostic]) {
        for entry in context.states {
            for t in entry.templates where t.field == "Assign" {
                guard case .object(let fields) = t.template else {
                    diagnostics.append(Diagnostic(.error, .badVariableName, "Assign must be an object of variable names and values", at: t.pointer))
                    continue
                }
                for field in fields where !VariableNameRule.isValid(field.name) {
                    diagnostics.append(Diagnostic(.error, .badVariableName,
                        "\"\(field.name)\" is not a valid variable name", at: t.pointer.appending(field.key), key: true,
                        hint: "use letters, digits and _ (not starting with a digit), at most 80 characters"))
                }
            }
        }
    }

    /// Whether `name` can name a workflow variable.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.first, name.count <= 80, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}

extension Diagnostic.Code {
    /// `query-language-mix`: a JSONata state uses no JSONPath-only field.
    public static let queryLanguageMix: Self = "query-language-mix"
    /// `bad-jsonata`: in JSONata states, every {% … %} string parses as JSONata, and is delimited on both ends.
    public static let badJSONata: Self = "bad-jsonata"
    /// `bad-variable-name`: Assign names are identifiers.
    public static let badVariableName: Self = "bad-variable-name"
}
