import StatesLanguage

/// A TestState request, in the shape of Step Functions' `TestState` API: one state of a definition,
/// its input, and optionally a mock for what the state calls and where in a retry or Map it stands.
///
/// ```swift
/// let request = try TestStateRequest(json: JSONParser.parse(#"{"definition": "…", "stateName": "Charge", "input": "{}"}"#))
/// let response = try Simulator().testState(request)
/// ```
public struct TestStateRequest: Sendable {
    /// How much of the state's data flow the response shows.
    public enum InspectionLevel: String, Sendable, CaseIterable {
        /// The status, next state, output, error and cause only.
        case info = "INFO"
        /// Also `inspectionData`: the input after each data-flow stage, the variables, and which
        /// retrier or catcher handled an error.
        case debug = "DEBUG"
        /// What DEBUG shows (AWS adds an HTTP Task's request and response, which Statecraft does not model).
        case trace = "TRACE"
    }

    /// How a mocked result is checked against the response shape of the API the Task calls.
    public enum FieldValidationMode: String, Sendable, CaseIterable {
        /// Every required field is present and every field present has the API's type (the default).
        case strict = "STRICT"
        /// Every field present has the API's type.
        case present = "PRESENT"
        /// No check.
        case none = "NONE"
    }

    /// What the tested state's call returns instead of calling a service (for a Map or Parallel
    /// state: its result, without running its iterations or branches).
    public struct Mock: Sendable {
        /// What the mocked call does.
        public enum Outcome: Sendable {
            /// The call succeeds with this result.
            case result(JSONValue)
            /// The call fails with this error and cause.
            case error(error: String, cause: String)
        }
        /// What the mocked call does.
        public var outcome: Outcome
        /// How strictly a mocked result is checked against the API's output shape.
        public var fieldValidationMode: FieldValidationMode

        /// Makes a mock.
        public init(_ outcome: Outcome, fieldValidationMode: FieldValidationMode = .strict) {
            self.outcome = outcome
            self.fieldValidationMode = fieldValidationMode
        }
    }

    /// Where the tested state stands: in a retry, or in a Map run.
    public struct StateConfiguration: Sendable {
        /// The retries already made by the retrier that matches the error.
        public var retrierRetryCount: Int?
        /// The state inside a Map or Parallel that a mocked error comes from.
        public var errorCausedByState: String?
        /// How many iterations of a Map state failed (checked against its tolerated failures).
        public var mapIterationFailureCount: Int?
        /// What a distributed Map's `ItemReader` reads (accepted; the mocked result stands for the run).
        public var mapItemReaderData: JSONValue?

        /// Makes a configuration; `nil` leaves a field out.
        public init(retrierRetryCount: Int? = nil, errorCausedByState: String? = nil, mapIterationFailureCount: Int? = nil,
                    mapItemReaderData: JSONValue? = nil) {
            self.retrierRetryCount = retrierRetryCount
            self.errorCausedByState = errorCausedByState
            self.mapIterationFailureCount = mapIterationFailureCount
            self.mapItemReaderData = mapItemReaderData
        }
    }

    /// The definition: one state (an object with `Type`), or a whole state machine with ``stateName``.
    public var definition: String
    /// Accepted and ignored: nothing runs under a role here.
    public var roleArn: String?
    /// The state's input.
    public var input: JSONValue
    /// How much the response shows: `INFO`, `DEBUG` (the data at each stage) or `TRACE`.
    public var inspectionLevel: InspectionLevel
    /// Accepted and ignored: it shows an HTTP Task's connection secrets, which Statecraft does not model.
    public var revealSecrets: Bool
    /// Workflow variables visible to the state.
    public var variables: JSONObject
    /// The state to test, when ``definition`` is a whole state machine.
    public var stateName: String?
    /// What the state's call returns instead of calling a service; `nil` calls the simulator's services.
    public var mock: Mock?
    /// A context object (`$$`): its `Execution` and `StateMachine` members replace the simulated ones.
    public var context: JSONValue?
    /// Where the state stands: in a retry, or in a Map run.
    public var stateConfiguration: StateConfiguration

    /// Makes a request; only `definition` is required.
    public init(definition: String, stateName: String? = nil, input: JSONValue = [:], inspectionLevel: InspectionLevel = .info,
                variables: JSONObject = JSONObject(), mock: Mock? = nil, context: JSONValue? = nil,
                stateConfiguration: StateConfiguration = StateConfiguration(), roleArn: String? = nil, revealSecrets: Bool = false) {
        self.definition = definition
        self.stateName = stateName
        self.input = input
        self.inspectionLevel = inspectionLevel
        self.variables = variables
        self.mock = mock
        self.context = context
        self.stateConfiguration = stateConfiguration
        self.roleArn = roleArn
        self.revealSecrets = revealSecrets
    }
}

extension TestStateRequest {
    /// Reads a request in the API's JSON shape: `definition`, `roleArn`, `input`, `inspectionLevel`,
    /// `revealSecrets`, `variables`, `stateName`, `mock {result | errorOutput {error, cause},
    /// fieldValidationMode}`, `context`, `stateConfiguration {retrierRetryCount, errorCausedByState,
    /// mapIterationFailureCount, mapItemReaderData}`. The API's JSON-text fields (`input`, `variables`,
    /// `context`, `mock.result`, `mapItemReaderData`) may also be given as JSON values.
    /// - Parameters:
    ///   - json: the request.
    ///   - sourceMap: where the request's values are in its text, for the positions of errors.
    /// - Throws: ``TestStateError/invalidRequest(field:message:position:)`` naming the field.
    public init(json: JSONValue, sourceMap: SourceMap? = nil) throws(TestStateError) {
        let reader = RequestReader(sourceMap: sourceMap)
        guard case .object(let object) = json else {
            throw reader.problem([], "a TestState request is a JSON object, such as {\"definition\": \"…\", \"stateName\": \"…\"}")
        }
        try reader.onlyKnown(object, at: [], ["definition", "roleArn", "input", "inspectionLevel", "revealSecrets", "variables", "stateName",
                                               "mock", "context", "stateConfiguration"])
        guard let definition = try reader.string(object, "definition", at: []) else {
            throw reader.problem(["definition"], "the request needs a definition: one state, or a state machine with stateName")
        }
        self.init(definition: definition)
        roleArn = try reader.string(object, "roleArn", at: [])
        stateName = try reader.string(object, "stateName", at: [])
        input = try reader.jsonText(object, "input", at: []) ?? [:]
        if let level = try reader.string(object, "inspectionLevel", at: []) {
            guard let known = InspectionLevel(rawValue: level) else {
                throw reader.problem(["inspectionLevel"], "inspectionLevel is INFO, DEBUG or TRACE, not \"\(level)\"")
            }
            inspectionLevel = known
        }
        if let reveal = object["revealSecrets"] {
            guard let flag = reveal.boolValue else { throw reader.problem(["revealSecrets"], "revealSecrets is true or false") }
            revealSecrets = flag
        }
        if let values = try reader.jsonText(object, "variables", at: []) {
            guard case .object(let variables) = values else {
                throw reader.problem(["variables"], "variables is a JSON object of variable names and values")
            }
            self.variables = variables
        }
        if let value = try reader.jsonText(object, "context", at: []) {
            guard case .object = value else { throw reader.problem(["context"], "context is a JSON object (a context object, $$)") }
            context = value
        }
        if let mock = object["mock"] { self.mock = try reader.mock(mock) }
        if let configuration = object["stateConfiguration"] { stateConfiguration = try reader.configuration(configuration) }
    }
}

/// Reads the members of a request, naming the field and its place in each problem.
private struct RequestReader {
    let sourceMap: SourceMap?

    /// The problem at `path`; `key`: at its member key rather than its value (an unknown field).
    func problem(_ path: [String], _ message: String, key: Bool = false) -> TestStateError {
        .invalidRequest(field: path.joined(separator: "."), message: message,
                        position: sourceMap?.position(of: JSONPointer(tokens: path), key: key))
    }

    func onlyKnown(_ object: JSONObject, at path: [String], _ known: [String]) throws(TestStateError) {
        for key in object.keys where !known.contains(key) {
            let hint = Spelling.suggestion(for: key, among: known).map { "; did you mean \"\($0)\"?" } ?? "; known fields: " + known.joined(separator: ", ")
            throw problem(path + [key], "unknown field \"\(key)\"\(hint)", key: true)
        }
    }

    func string(_ object: JSONObject, _ key: String, at path: [String]) throws(TestStateError) -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw problem(path + [key], "\(key) is a string, not \(value.typeName)") }
        return text
    }

    func integer(_ object: JSONObject, _ key: String, at path: [String]) throws(TestStateError) -> Int? {
        guard let value = object[key], value != .null else { return nil }
        guard let n = value.numberValue?.intValue, n >= 0, value.numberValue?.isIntegerLiteral == true else {
            throw problem(path + [key], "\(key) is a whole number of at least 0, not \(Simulator.shown(value))")
        }
        return n
    }

    /// A field the API gives as JSON text: parsed when it is a string; any other JSON value as it is.
    func jsonText(_ object: JSONObject, _ key: String, at path: [String]) throws(TestStateError) -> JSONValue? {
        guard let value = object[key], value != .null else { return nil }
        guard case .string(let text) = value else { return value }
        do { return try JSONParser.parse(text) } catch {
            throw problem(path + [key], "\(key) is not valid JSON: \(error.position): \(error.message)")
        }
    }

    func mock(_ value: JSONValue) throws(TestStateError) -> TestStateRequest.Mock {
        let path = ["mock"]
        guard case .object(let object) = value else {
            throw problem(path, "mock is an object: {\"result\": \"…\"} or {\"errorOutput\": {\"error\": \"…\", \"cause\": \"…\"}}")
        }
        try onlyKnown(object, at: path, ["result", "errorOutput", "fieldValidationMode"])
        var mode = TestStateRequest.FieldValidationMode.strict
        if let text = try string(object, "fieldValidationMode", at: path) {
            guard let known = TestStateRequest.FieldValidationMode(rawValue: text) else {
                throw problem(path + ["fieldValidationMode"], "fieldValidationMode is STRICT, PRESENT or NONE, not \"\(text)\"")
            }
            mode = known
        }
        let result = try jsonText(object, "result", at: path)
        let errorOutput = object["errorOutput"]
        switch (result, errorOutput) {
        case (let result?, nil):
            return .init(.result(result), fieldValidationMode: mode)
        case (nil, .object(let output)?):
            try onlyKnown(output, at: path + ["errorOutput"], ["error", "cause"])
            return .init(.error(error: try string(output, "error", at: path + ["errorOutput"]) ?? "",
                                cause: try string(output, "cause", at: path + ["errorOutput"]) ?? ""), fieldValidationMode: mode)
        case (nil, _?):
            throw problem(path + ["errorOutput"], "errorOutput is an object: {\"error\": \"…\", \"cause\": \"…\"}")
        case (_?, _?):
            throw problem(path, "a mock has a result or an errorOutput, not both")
        case (nil, nil):
            throw problem(path, "a mock needs a result or an errorOutput")
        }
    }

    func configuration(_ value: JSONValue) throws(TestStateError) -> TestStateRequest.StateConfiguration {
        let path = ["stateConfiguration"]
        guard case .object(let object) = value else { throw problem(path, "stateConfiguration is an object") }
        try onlyKnown(object, at: path, ["retrierRetryCount", "errorCausedByState", "mapIterationFailureCount", "mapItemReaderData"])
        return .init(retrierRetryCount: try integer(object, "retrierRetryCount", at: path),
                     errorCausedByState: try string(object, "errorCausedByState", at: path),
                     mapIterationFailureCount: try integer(object, "mapIterationFailureCount", at: path),
                     mapItemReaderData: try jsonText(object, "mapItemReaderData", at: path))
    }
}
