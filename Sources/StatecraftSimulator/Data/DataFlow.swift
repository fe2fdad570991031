import StatesLanguage

/// The data layer of JSONPath states: paths, payload templates, intrinsic functions, `ResultPath`
/// and the JSON text Step Functions writes, with the values and the error causes recorded from AWS.
///
/// Error causes are returned without the `An error occurred while executing the state '<name>'
/// (entered at the event id #<n>). ` prefix AWS puts in front of `States.Runtime` causes; add it
/// with ``StatecraftSimulator/RuntimeError/prefixed(state:enteredEventId:)`` where the state is known.
public enum DataFlow {
    /// The error name of a failing intrinsic function. AWS documents `States.IntrinsicFailure`, but
    /// executions recorded against AWS fail with `States.Runtime` (cause `The function '...' had the
    /// following error: Invalid arguments in States.MathAdd`), so that is what the simulator raises.
    public static let intrinsicFailureError = "States.Runtime"

    // MARK: Paths

    /// Reads a path. A definite path (only names, indexes, a final `['a','b']` and a final
    /// `.length()`) returns its value; an indefinite one (wildcard, slice, index union, filter,
    /// `..`) returns the array of its matches, as Jayway JsonPath does on AWS.
    ///
    /// An array index past the end reads as `null`, as on AWS.
    /// - Throws: `States.Runtime` with Jayway's reason when a definite path finds nothing, e.g.
    ///   `Invalid path '$.a' : No results for path: $['a']` (the cause AWS gives for `InputPath`,
    ///   `OutputPath`, `ItemsPath` and the `...Path` fields), or `Unable to apply Path
    ///   transformation to null or empty input.` when the path starts at `$` and `$` is `null`.
    ///   Callers needing another error name rewrap it.
    public static func select(_ path: Path, in scope: DataScope) throws(RuntimeError) -> JSONValue {
        try checkInputPresent(path, scope)
        switch PathEvaluator.evaluate(path, in: scope, indexMiss: .null) {
        case .value(let v): return v
        case .missing(let reason): throw RuntimeError("States.Runtime", "Invalid path '\(path.text)' : \(reason)")
        }
    }

    /// Reads a path for a named field (a payload-template key such as `x.$`, or `ErrorPath`/`CausePath`).
    /// - Throws: `States.Runtime`, `The JSONPath '<path>' specified for the field '<field>' could not
    ///   be found in the input '<input>'` where the input is the compact JSON of what the path's root
    ///   refers to (`$`, the context object for `$$`, the variable for `$name`); for a `null` `$`,
    ///   the cause of ``select(_:in:)``.
    public static func select(_ path: Path, in scope: DataScope, field: String) throws(RuntimeError) -> JSONValue {
        try checkInputPresent(path, scope)
        switch PathEvaluator.evaluate(path, in: scope, indexMiss: .null) {
        case .value(let v): return v
        case .missing:
            let root = PathEvaluator.rootValue(path, in: scope) ?? scope.input
            throw RuntimeError("States.Runtime",
                "The JSONPath '\(path.text)' specified for the field '\(field)' could not be found in the input '\(serialize(root))'")
        }
    }

    /// AWS refuses to apply a `$` path to a `null` input (seen when a Lambda returned nothing):
    /// `States.Runtime`, `Unable to apply Path transformation to null or empty input.`
    static func checkInputPresent(_ path: Path, _ scope: DataScope) throws(RuntimeError) {
        if path.root == .input, case .null = scope.input {
            throw RuntimeError("States.Runtime", "Unable to apply Path transformation to null or empty input.")
        }
    }

    /// Reads a path, or returns `nil` when a definite path finds nothing (for `IsPresent` and the like).
    public static func selectIfPresent(_ path: Path, in scope: DataScope) -> JSONValue? {
        switch PathEvaluator.evaluate(path, in: scope, indexMiss: .null) {
        case .value(let v): return v
        case .missing: return nil
        }
    }

    /// Applies `InputPath`: `nil` (absent) keeps the input, `null` gives `{}`, a path selects from
    /// the scope (`$` is the raw state input).
    /// - Throws: `States.Runtime` as ``select(_:in:)`` describes.
    public static func inputPath(_ p: NullablePath?, _ scope: DataScope) throws(RuntimeError) -> JSONValue {
        switch p {
        case nil: return scope.input
        case .null?: return .object(JSONObject())
        case .path(let path)?: return try select(path, in: scope)
        }
    }

    /// Applies `OutputPath` to `value`: `nil` keeps it, `null` gives `{}`, a path selects from it
    /// (`$$` and variables from `scope`).
    /// - Throws: `States.Runtime` as ``select(_:in:)`` describes.
    public static func outputPath(_ p: NullablePath?, _ value: JSONValue, _ scope: DataScope) throws(RuntimeError) -> JSONValue {
        switch p {
        case nil: return value
        case .null?: return .object(JSONObject())
        case .path(let path)?: return try select(path, in: scope.with(input: value))
        }
    }

    // MARK: Payload templates and expressions

    /// Evaluates a payload template (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`).
    ///
    /// In each object the literal fields keep their order and come first; the computed (`.$`)
    /// fields follow in `java.util.HashMap` order, as AWS writes them.
    /// - Throws: `States.Runtime` when a path finds nothing (``select(_:in:field:)``) or an
    ///   intrinsic function fails.
    public static func evaluate(_ template: PayloadTemplate, _ scope: DataScope, random: inout SeededRandom) throws(RuntimeError) -> JSONValue {
        switch template {
        case .value(let v):
            return v
        case .array(let items):
            var values: [JSONValue] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item, scope, random: &random)) }
            return .array(values)
        case .object(let fields):
            var object = JSONObject()
            object.reserveCapacity(fields.count)
            var computed: [(String, JSONValue)] = []
            computed.reserveCapacity(fields.count)
            for i in fields.indices {
                switch fields[i].value {
                case .template(let t):
                    object[fields[i].name] = try evaluate(t, scope, random: &random)
                case .expression(.path(let path)):
                    // The `.$` key is spelled out only for the cause of a failure.
                    let value: JSONValue
                    do { value = try select(path, in: scope) } catch { value = try select(path, in: scope, field: fields[i].key) }
                    computed.append((fields[i].name, value))
                case .expression(.intrinsic(let call)):
                    computed.append((fields[i].name, try evaluate(call, scope, random: &random)))
                }
            }
            if computed.count == 1 {
                object[computed[0].0] = computed[0].1
            } else if computed.count == 2, computed[0].0 != computed[1].0 {
                // Two fields (common): one bucket comparison instead of the general ordering.
                let second = JavaText.hashMapBucket(computed[1].0) < JavaText.hashMapBucket(computed[0].0) ? 1 : 0
                object[computed[second].0] = computed[second].1
                object[computed[1 - second].0] = computed[1 - second].1
            } else if !computed.isEmpty {
                for i in JavaText.hashMapOrder(computed.map(\.0)) {
                    object[computed[i].0] = computed[i].1
                }
            }
            return .object(object)
        }
    }

    /// Evaluates a path or an intrinsic call written as a `.$` value, `ErrorPath` or `CausePath`.
    /// - Parameters:
    ///   - expression: the path or intrinsic call.
    ///   - scope: the input, context object and variables the expression reads.
    ///   - field: the field named in the cause when a path finds nothing (`x.$`,
    ///     `ErrorPath`, `CausePath`); without it the cause is the one of ``select(_:in:)``.
    ///   - random: the generator `States.MathRandom` and `States.UUID` draw from.
    /// - Throws: ``RuntimeError`` (`States.Runtime`, `States.IntrinsicFailure`) when the path or call fails.
    public static func evaluate(_ expression: Expression, _ scope: DataScope, field: String? = nil,
                                random: inout SeededRandom) throws(RuntimeError) -> JSONValue {
        switch expression {
        case .path(let path):
            if let field { return try select(path, in: scope, field: field) }
            return try select(path, in: scope)
        case .intrinsic(let call):
            return try evaluate(call, scope, random: &random)
        }
    }

    /// Evaluates an intrinsic function call, nested calls included.
    /// - Throws: ``intrinsicFailureError`` with the cause `The function '<call>' had the following
    ///   error: Invalid arguments in States.X`, or `... The JsonPath argument for the field '<path>'
    ///   could not be found in the input '<input>'` when a path argument matches nothing.
    public static func evaluate(_ call: IntrinsicCall, _ scope: DataScope, random: inout SeededRandom) throws(RuntimeError) -> JSONValue {
        try Intrinsics(scope: scope, expressionText: call.text).evaluate(call, random: &random)
    }

    // MARK: ResultPath

    /// Applies `ResultPath`: `nil` (absent) gives the result, `null` keeps the input, a reference
    /// path writes the result into a copy of the input, creating missing objects on the way.
    /// - Throws: `States.ResultPathMatchFailure` when the path cannot be applied (the input or an
    ///   intermediate value is not an object, an index is out of range, or the path is not a
    ///   reference path), with the cause `Unable to apply ReferencePath <path> to input <json>`.
    public static func applyResultPath(_ p: NullablePath?, result: JSONValue, input: JSONValue) throws(RuntimeError) -> JSONValue {
        guard case .path(let path)? = p else {
            return p == nil ? result : input
        }
        // The cause quotes the input: written only when the path cannot be applied.
        var failure: RuntimeError { RuntimeError("States.ResultPathMatchFailure", "Unable to apply ReferencePath \(path.text) to input \(serialize(input))") }
        guard path.root == .input else { throw failure }
        if path.segments.isEmpty { return result }
        guard let written = ResultPathWriter.write(result, at: path.segments[...], into: input) else { throw failure }
        return written
    }

    // MARK: Text

    /// JSON text as Step Functions writes it into histories and intrinsic results (Jackson, compact):
    /// no whitespace, members in order, non-ASCII and `/` unescaped, control characters as `\n`,
    /// `\t`, `\r`, `\b`, `\f` or `\u00XX` (upper-case hex); integers as written (`-0` as `0`) and
    /// other numbers as Java doubles (`1.5`, `1.0`, `1.0E21`).
    public static func serialize(_ value: JSONValue) -> String {
        JavaText.write(value, style: .jackson)
    }

    /// The size in bytes (UTF-8) of `value` written as ``serialize(_:)`` writes it, found without writing it.
    public static func serializedSize(_ value: JSONValue) -> Int {
        JavaText.jacksonSize(value, stoppingAfter: .max)
    }

    /// Whether `value` written as ``serialize(_:)`` writes it would take more than `limit` bytes (UTF-8),
    /// found without writing it: Step Functions' payload checks.
    public static func exceedsSize(_ value: JSONValue, _ limit: Int) -> Bool {
        // Nearly every payload is far below the limit, which a bound from lengths alone shows
        // without reading the text; only one that might exceed it is measured exactly.
        if JavaText.jacksonSizeBound(value, stoppingAfter: limit) <= limit { return false }
        return JavaText.jacksonSize(value, stoppingAfter: limit) > limit
    }

    /// The text `States.Format` inserts for a value: strings as they are, other values as Java's
    /// `toString` of the Jackson-converted value (`null`, `1.5`, `[1, 2]`, `{a=1, b=[]}`).
    public static func formatText(_ value: JSONValue) -> String {
        JavaText.write(value, style: .javaToString)
    }
}

extension RuntimeError {
    /// The error with AWS's state prefix on its cause:
    /// `An error occurred while executing the state '<state>' (entered at the event id #<id>). <cause>`,
    /// as AWS writes it for `States.Runtime` failures raised by the interpreter.
    public func prefixed(state: String, enteredEventId: Int) -> RuntimeError {
        RuntimeError(error, "An error occurred while executing the state '\(state)' (entered at the event id #\(enteredEventId)). \(cause)")
    }
}

/// Writing a value into a copy of a JSON value at a reference path.
enum ResultPathWriter {
    /// Returns `container` with `value` at `segments`, or `nil` when the path cannot be applied.
    static func write(_ value: JSONValue, at segments: ArraySlice<Path.Segment>, into container: JSONValue) -> JSONValue? {
        // Iterative descent keeps deep paths off the call stack: collect the containers on the
        // way down, then rebuild them on the way up.
        var chain: [JSONValue] = []
        var current: JSONValue? = container
        for segment in segments {
            guard let node = current else { return nil }
            chain.append(node)
            switch (segment, node) {
            case (.member(let name), .object(let object)):
                current = object[name] ?? .object(JSONObject())
            case (.index(let i), .array(let elements)):
                guard i >= 0, i < elements.count else { return nil }
                current = elements[i]
            default:
                return nil
            }
        }
        var rebuilt = value
        for (segment, node) in zip(segments, chain).reversed() {
            switch (segment, node) {
            case (.member(let name), .object(var object)):
                object[name] = rebuilt
                rebuilt = .object(object)
            case (.index(let i), .array(var elements)):
                elements[i] = rebuilt
                rebuilt = .array(elements)
            default:
                return nil
            }
        }
        return rebuilt
    }
}
