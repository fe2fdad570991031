import StatesLanguage

/// Step Functions Local's mock configuration file: test cases map Task state names to named mocked
/// responses; each response lists what invocation `"0"`, `"1-2"`, … returns (`Return`) or throws (`Throw`).
///
/// One counter per state per execution counts every invocation, retries and Map iterations included.
/// Every invocation needs a response: running past the last one fails the execution with
/// `Statecraft.MissingMock`.
public struct MockConfigFile: Sendable {
    /// State machine name → test case name → state name → response name.
    public let stateMachines: [String: [String: [String: String]]]
    /// Response name → invocation ranges and outcomes, in order.
    public let responses: [String: [(range: ClosedRange<Int>, outcome: TaskOutcome)]]

    /// Parses a MockConfigFile.
    /// - Throws: ``MockConfigError`` naming the place of the first problem.
    public init(json: JSONValue) throws(MockConfigError) {
        guard case .object(let root) = json else { throw MockConfigError("the file must be a JSON object") }
        for key in root.keys where key != "StateMachines" && key != "MockedResponses" {
            throw MockConfigError("unknown top-level key \"\(key)\"; expected StateMachines and MockedResponses")
        }
        var machines: [String: [String: [String: String]]] = [:]
        if let value = root["StateMachines"] {
            guard case .object(let m) = value else { throw MockConfigError("StateMachines must be an object") }
            for machine in m {
                guard case .object(let body) = machine.value, case .object(let cases)? = body["TestCases"] else {
                    throw MockConfigError("StateMachines.\(machine.key) must be an object with TestCases")
                }
                var testCases: [String: [String: String]] = [:]
                for testCase in cases {
                    guard case .object(let mapping) = testCase.value else {
                        throw MockConfigError("StateMachines.\(machine.key).TestCases.\(testCase.key) must map state names to response names")
                    }
                    var states: [String: String] = [:]
                    for entry in mapping {
                        guard case .string(let response) = entry.value else {
                            throw MockConfigError("StateMachines.\(machine.key).TestCases.\(testCase.key).\(entry.key) must name a mocked response")
                        }
                        states[entry.key] = response
                    }
                    testCases[testCase.key] = states
                }
                machines[machine.key] = testCases
            }
        }
        var responses: [String: [(ClosedRange<Int>, TaskOutcome)]] = [:]
        if let value = root["MockedResponses"] {
            guard case .object(let r) = value else { throw MockConfigError("MockedResponses must be an object") }
            for response in r {
                guard case .object(let steps) = response.value else { throw MockConfigError("MockedResponses.\(response.key) must be an object") }
                var list: [(ClosedRange<Int>, TaskOutcome)] = []
                // The first invocation the next key must start at; nil once a range reaches the largest count.
                var expected: Int? = 0
                for step in steps {
                    let place = "MockedResponses.\(response.key).\(step.key)"
                    guard let range = MockConfigFile.range(step.key) else {
                        throw MockConfigError("\(place): invocation keys are \"0\" or ranges such as \"1-2\"")
                    }
                    guard let start = expected else {
                        throw MockConfigError("\(place): the range before it already covers every invocation")
                    }
                    guard range.lowerBound == start else {
                        throw MockConfigError("\(place): ranges must be consecutive from 0; expected one starting at \(start)")
                    }
                    let (next, overflow) = range.upperBound.addingReportingOverflow(1)
                    expected = overflow ? nil : next
                    guard case .object(let body) = step.value, body.count == 1 else {
                        throw MockConfigError("\(place) must hold exactly one of Return or Throw")
                    }
                    if let result = body["Return"] {
                        list.append((range, .success(result)))
                    } else if case .object(let thrown)? = body["Throw"] {
                        guard case .string(let error)? = thrown["Error"] else { throw MockConfigError("\(place).Throw needs an Error string") }
                        list.append((range, .failure(error: error, cause: thrown["Cause"]?.stringValue)))
                    } else {
                        throw MockConfigError("\(place) must hold Return or Throw (an object with Error and Cause)")
                    }
                }
                responses[response.key] = list
            }
        }
        for (machine, cases) in machines {
            for (testCase, states) in cases {
                for (state, response) in states where responses[response] == nil {
                    throw MockConfigError("StateMachines.\(machine).TestCases.\(testCase).\(state) names \"\(response)\", which MockedResponses does not define")
                }
            }
        }
        self.stateMachines = machines
        self.responses = responses
    }

    static func range(_ key: String) -> ClosedRange<Int>? {
        let parts = key.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let low = Int(parts[0]), low >= 0 else { return nil }
        let high = parts.count == 2 ? Int(parts[1]) : low
        guard let high, high >= low else { return nil }
        return low...high
    }

    /// The mocks of one test case.
    /// - Parameters:
    ///   - testCase: the test case's name under the machine's `TestCases`.
    ///   - machine: the state machine's name; may be omitted when the file has exactly one.
    /// - Throws: ``MockConfigError`` when the machine or test case is not in the file.
    public func mocks(testCase: String, machine: String? = nil) throws(MockConfigError) -> ScriptedMocks {
        let machineName: String
        if let machine {
            machineName = machine
        } else if stateMachines.count == 1, let only = stateMachines.keys.first {
            machineName = only
        } else {
            throw MockConfigError("the file has \(stateMachines.count) state machines (\(stateMachines.keys.sorted().joined(separator: ", "))); name one with --machine")
        }
        guard let cases = stateMachines[machineName] else {
            throw MockConfigError("no state machine \"\(machineName)\" in the file; it has \(stateMachines.keys.sorted().joined(separator: ", "))")
        }
        guard let states = cases[testCase] else {
            throw MockConfigError("no test case \"\(testCase)\" for \(machineName); it has \(cases.keys.sorted().joined(separator: ", "))")
        }
        let mocks = ScriptedMocks()
        for (state, responseName) in states {
            let list = responses[responseName] ?? []
            mocks.state(state) { call in
                // The ranges are consecutive from 0: the last one starting at or before the invocation.
                var low = 0
                var high = list.count
                while low < high {
                    let middle = (low + high) / 2
                    if list[middle].range.lowerBound <= call.invocation { low = middle + 1 } else { high = middle }
                }
                if low > 0, list[low - 1].range.contains(call.invocation) { return list[low - 1].outcome }
                return .failure(error: MissingMock.error,
                                cause: "mocked response \"\(responseName)\" of state \"\(state)\" has no entry for invocation \(call.invocation); add a key \"\(call.invocation)\" to MockedResponses.\(responseName)")
            }
        }
        return mocks
    }
}

/// A problem in a MockConfigFile.
public struct MockConfigError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, with its place.
    public let message: String
    /// A problem described by `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// The error of a Task that has no mock: it ends the execution, bypassing Retry and Catch.
public enum MissingMock {
    /// The error name: `Statecraft.MissingMock`.
    public static let error = "Statecraft.MissingMock"
}
