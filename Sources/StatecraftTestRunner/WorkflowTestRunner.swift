import StatesLanguage
import StatecraftSimulator

/// Runs the test cases of a ``WorkflowTestFile`` against a machine and its MockConfigFile: the engine
/// of `statecraft test`.
public struct WorkflowTestRunner {
    /// How one test case ended.
    public enum Outcome: Sendable, Equatable {
        /// The execution met every expectation.
        case passed
        /// The execution differs from the expectations: one line per difference.
        case failed([String])
        /// The execution asked for a response the mock file does not have (`Statecraft.MissingMock`):
        /// a problem of the test, not of the workflow.
        case ranPastMocks(String)
    }

    /// One test case's result.
    public struct Result {
        /// The test case.
        public let testCase: WorkflowTestFile.Case
        /// How it ended.
        public let outcome: Outcome
        /// The execution it ran, to print or query.
        public let execution: SimulatedExecution
    }

    let file: WorkflowTestFile
    let program: Program
    let mocks: MockConfigFile
    let machineName: String
    let input: JSONValue

    /// Every execution's coverage of the machine.
    public let coverage = PathCoverage()

    /// Checks the mock file against the machine and the test file.
    /// - Parameters:
    ///   - file: the test file.
    ///   - program: the compiled definition (substitutions applied).
    ///   - mockConfig: the MockConfigFile's bytes; `mockConfigName` names it in messages.
    ///   - input: the execution input of cases without their own.
    /// - Throws: ``WorkflowTestError`` listing every problem with its place: a test case the mock file
    ///   does not have, a mocked state the machine does not have (with "did you mean").
    public init(file: WorkflowTestFile, program: Program, mockConfig: [UInt8], mockConfigName: String, input: JSONValue) throws(WorkflowTestError) {
        let value: JSONValue, map: SourceMap
        do { (value, map) = try JSONParser.parseWithSourceMap(mockConfig) } catch {
            throw WorkflowTestError("\(mockConfigName):\(error.position.line):\(error.position.column): error: \(error.message)")
        }
        let mocks: MockConfigFile
        do { mocks = try MockConfigFile(json: value) } catch {
            throw WorkflowTestError("\(mockConfigName): error: \(error.message)")
        }
        let machines = mocks.stateMachines.keys.sorted()
        guard let machineName = file.machine ?? (machines.count == 1 ? machines.first : nil) else {
            throw WorkflowTestError("\(mockConfigName): error: the file has \(machines.count) state machines (\(machines.joined(separator: ", "))); name one with \"machine\" in the test file")
        }
        guard let testCases = mocks.stateMachines[machineName] else {
            let hint = Spelling.suggestion(for: machineName, among: machines).map { "; did you mean \"\($0)\"?" } ?? ""
            throw WorkflowTestError("\(mockConfigName): error: no state machine \"\(machineName)\"\(hint)")
        }
        var problems: [String] = []
        func place(_ pointer: JSONPointer) -> String {
            map.position(of: pointer, key: true).map { "\(mockConfigName):\($0.line):\($0.column)" } ?? mockConfigName
        }
        for testCase in file.cases where testCases[testCase.name] == nil {
            let hint = Spelling.suggestion(for: testCase.name, among: testCases.keys).map { "; did you mean \"\($0)\"?" } ?? ""
            let at = testCase.position.map { ":\($0.line):\($0.column)" } ?? ""
            problems.append("test file\(at): error: test case \"\(testCase.name)\" is not in \(mockConfigName)\(hint)")
        }
        let index = MachineIndex(program.machine)
        let names = index.names
        for caseName in testCases.keys.sorted() {
            for state in (testCases[caseName] ?? [:]).keys.sorted() where index.state(named: state) == nil {
                let pointer = JSONPointer.root.appending("StateMachines").appending(machineName).appending("TestCases")
                    .appending(caseName).appending(state)
                let hint = Spelling.suggestion(for: state, among: names).map { "; did you mean \"\($0)\"?" } ?? ""
                problems.append("\(place(pointer)): error: test case \"\(caseName)\" mocks state \"\(state)\", which the machine does not have\(hint)")
            }
        }
        guard problems.isEmpty else { throw WorkflowTestError(problems.joined(separator: "\n")) }
        self.file = file
        self.program = program
        self.mocks = mocks
        self.machineName = machineName
        self.input = input
    }

    /// Runs every test case, each on a fresh simulator with the seed 0.
    public func run() -> [Result] {
        file.cases.map { testCase in
            let services: [ServiceIntegration]
            do { services = [try mocks.mocks(testCase: testCase.name, machine: machineName)] } catch {
                // Checked in init; kept as a failure rather than a crash.
                let execution = SimulatedMachine(program.machine).run(input: testCase.input ?? input)
                return Result(testCase: testCase, outcome: .failed(["\(error)"]), execution: execution)
            }
            let execution = SimulatedMachine(program).run(input: testCase.input ?? input, services: services)
            coverage.record(execution)
            return Result(testCase: testCase, outcome: WorkflowTestRunner.judge(execution, testCase), execution: execution)
        }
    }

    /// Compares an execution with a test case's expectations.
    static func judge(_ execution: SimulatedExecution, _ expected: WorkflowTestFile.Case) -> Outcome {
        if execution.error == MissingMock.error { return .ranPastMocks(execution.cause ?? MissingMock.error) }
        var differences: [String] = []
        if execution.status != expected.status {
            var got = execution.status.rawValue
            if let error = execution.error { got += " with \(error)" }
            differences.append("status: expected \(expected.status.rawValue), got \(got)")
        }
        if let error = expected.error, execution.error != error {
            differences.append("error: expected \(error), got \(execution.error ?? "none")")
        }
        if let cause = expected.cause, execution.cause != cause {
            differences.append("cause: expected \(cause), got \(execution.cause ?? "none")")
        }
        if let output = expected.output, execution.output != output {
            differences.append("output: expected \(JSONWriter.string(output)), got \(execution.output.map { JSONWriter.string($0) } ?? "none")")
        }
        if let path = expected.path, execution.path != path {
            let actual = execution.path
            let step = zip(actual, path).prefix { $0 == $1 }.count + 1
            differences.append("path: expected \(path), got \(actual) (they differ from step \(step))")
        }
        return differences.isEmpty ? .passed : .failed(differences)
    }
}

extension SimulatedMachine {
    /// Wraps an already compiled program.
    public init(_ program: Program) {
        self.program = program
    }
}
