import Testing
import StatesLanguage
@testable import StatecraftSimulator

/// `Configuration.history`: a summarised execution keeps its event count and last state, and every
/// event still reaches `eventRecorded`, as with full histories.
@Suite struct HistoryRecordingTests {
    static let definition = """
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Wait", "Seconds": 3, "Next": "C"},
         "C": {"Type": "Fail", "Error": "Stop", "Cause": "done"}}}
        """

    func run(_ recording: Simulator.Configuration.HistoryRecording) throws -> (Execution, [String]) {
        var configuration = Simulator.Configuration()
        configuration.history = recording
        let simulator = Simulator(configuration: configuration, services: [])
        var seen: [String] = []
        simulator.eventRecorded = { _, type, _ in seen.append(type) }
        return (simulator.run(try program(Self.definition), input: [:]), seen)
    }

    @Test func aSummaryCountsWhatAFullHistoryRecords() throws {
        let (full, fullSeen) = try run(.full)
        let (summary, summarySeen) = try run(.summary)
        #expect(summary.history.isEmpty)
        #expect(full.history.count == 7)  // started, A entered/exited, B entered/exited, C entered, failed
        #expect(summary.eventCount == full.history.count)
        #expect(summarySeen == full.history.map(\.type))
        #expect(fullSeen == summarySeen)
        #expect(summary.lastEventType == "ExecutionFailed")
        #expect(summary.lastStateName == "C")
        #expect(summary.status == .failed)
        #expect(summary.error == "Stop")
    }

    @Test func theHistoryLimitCountsSummarisedEvents() throws {
        var configuration = Simulator.Configuration(maximumHistoryEvents: 100)
        configuration.history = .summary
        let loop = try program(#"{"StartAt": "L", "States": {"L": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "E"}], "Default": "L"}, "E": {"Type": "Succeed"}}}"#)
        let execution = Simulator(configuration: configuration, services: []).run(loop, input: [:])
        #expect(execution.status == .failed)
        #expect(execution.error == "States.Runtime")
        #expect(execution.eventCount == 100)
        #expect(execution.history.isEmpty)
    }
}
