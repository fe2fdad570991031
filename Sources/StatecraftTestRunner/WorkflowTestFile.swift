import StatesLanguage
import StatecraftSimulator

/// A test file for `statecraft test`: a definition, a Step Functions Local MockConfigFile, and per
/// test case what the execution must give.
///
/// ```json
/// {
///   "definition": "statemachine.asl.json",
///   "mockConfig": "mock-config.json",
///   "machine": "ecs-throttle-safe",
///   "substitutions": "substitutions.json",
///   "inputFile": "input.json",
///   "testCases": {
///     "HappyPath": {"status": "SUCCEEDED", "path": ["Plan batch", "Run batch", "Done"]},
///     "AlertPath": {"status": "FAILED", "error": "WorkflowFailed", "input": {"date": "2026-11-23"}}
///   }
/// }
/// ```
///
/// Paths are relative to the test file. Each test case names a test case of the mock file; `status`
/// is required, `error`, `cause`, `output`, `path` and `input` (instead of the file's input) are optional.
public struct WorkflowTestFile: Sendable {
    /// What one test case expects.
    public struct Case: Sendable {
        /// The test case's name: a test case of the mock file.
        public let name: String
        /// The input for this case; `nil` uses the file's input.
        public let input: JSONValue?
        /// The status the execution must end with.
        public let status: Execution.Status
        /// The error it must fail with; `nil` checks nothing.
        public let error: String?
        /// The cause it must fail with; `nil` checks nothing.
        public let cause: String?
        /// The output it must give; `nil` checks nothing.
        public let output: JSONValue?
        /// The states it must enter, in order; `nil` checks nothing.
        public let path: [String]?
        /// Where the case is in the test file.
        public let position: SourcePosition?
    }

    /// The definition's path, relative to the test file.
    public let definition: String
    /// The MockConfigFile's path, relative to the test file.
    public let mockConfig: String
    /// The state machine's name in the mock file; `nil` when the mock file has only one.
    public let machine: String?
    /// The path of a JSON object of `${Name}` substitutions; `nil` for none.
    public let substitutions: String?
    /// The input every case uses unless it has its own; `nil` when absent.
    public let input: JSONValue?
    /// The path of a file holding that input; `nil` when absent.
    public let inputFile: String?
    /// The test cases, in the order written.
    public let cases: [Case]

    /// Parses a test file.
    /// - Throws: ``WorkflowTestError`` with the line and column of the problem.
    public init(json bytes: [UInt8]) throws(WorkflowTestError) {
        let value: JSONValue, map: SourceMap
        do { (value, map) = try JSONParser.parseWithSourceMap(bytes) } catch {
            throw WorkflowTestError(":\(error.position.line):\(error.position.column): error: \(error.message)")
        }
        func fail(_ pointer: JSONPointer, _ message: String) -> WorkflowTestError {
            let place = map.position(of: pointer, key: true).map { ":\($0.line):\($0.column)" } ?? ""
            return WorkflowTestError(place + ": error: " + message)
        }
        guard case .object(let root) = value else { throw fail(.root, "a test file is a JSON object") }
        let known = ["definition", "mockConfig", "machine", "substitutions", "input", "inputFile", "testCases"]
        for key in root.keys where !known.contains(key) {
            let hint = Spelling.suggestion(for: key, among: known).map { "; did you mean \"\($0)\"?" } ?? ""
            throw fail(JSONPointer.root.appending(key), "unknown field \"\(key)\"\(hint)")
        }
        func string(_ key: String, required: Bool) throws(WorkflowTestError) -> String? {
            guard let member = root[key] else {
                if required { throw fail(.root, "missing \"\(key)\"") }
                return nil
            }
            guard let text = member.stringValue else { throw fail(JSONPointer.root.appending(key), "\"\(key)\" must be a string") }
            return text
        }
        definition = try string("definition", required: true) ?? ""
        mockConfig = try string("mockConfig", required: true) ?? ""
        machine = try string("machine", required: false)
        substitutions = try string("substitutions", required: false)
        inputFile = try string("inputFile", required: false)
        input = root["input"]
        guard case .object(let list)? = root["testCases"], !list.isEmpty else {
            throw fail(JSONPointer.root.appending("testCases"), "\"testCases\" must be an object with at least one test case")
        }
        var cases: [Case] = []
        for member in list.members {
            let pointer = JSONPointer.root.appending("testCases").appending(member.key)
            guard case .object(let body) = member.value else { throw fail(pointer, "test case \"\(member.key)\" must be an object") }
            let fields = ["status", "error", "cause", "output", "path", "input"]
            for key in body.keys where !fields.contains(key) {
                let hint = Spelling.suggestion(for: key, among: fields).map { "; did you mean \"\($0)\"?" } ?? ""
                throw fail(pointer.appending(key), "unknown expectation \"\(key)\"\(hint)")
            }
            guard let statusText = body["status"]?.stringValue, let status = Execution.Status(rawValue: statusText), status != .running else {
                throw fail(pointer.appending("status"), "\"status\" must be SUCCEEDED, FAILED, TIMED_OUT or ABORTED")
            }
            var path: [String]?
            if let value = body["path"] {
                guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                    throw fail(pointer.appending("path"), "\"path\" must be an array of state names")
                }
                path = items.compactMap(\.stringValue)
            }
            for key in ["error", "cause"] where body[key] != nil && body[key]?.stringValue == nil {
                throw fail(pointer.appending(key), "\"\(key)\" must be a string")
            }
            cases.append(Case(name: member.key, input: body["input"], status: status, error: body["error"]?.stringValue,
                              cause: body["cause"]?.stringValue, output: body["output"], path: path,
                              position: map.position(of: pointer, key: true)))
        }
        self.cases = cases
    }
}

/// A problem in a test file or in what it refers to. A problem in the test file itself starts with
/// `:line:column: error:` (to follow the file's name); one in the mock file starts with its name.
public struct WorkflowTestError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, with its place.
    public let message: String
    /// Makes an error with its message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
