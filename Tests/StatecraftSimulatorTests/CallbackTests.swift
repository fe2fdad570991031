import Testing
import StatesLanguage
@testable import StatecraftSimulator

/// `.waitForTaskToken` tasks answered through the callback API.
@Suite struct CallbackTests {
    static let machine = """
        {"StartAt": "Ask", "States": {
          "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
                  "TimeoutSeconds": 600, "HeartbeatSeconds": 60,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Caught"}], "End": true},
          "Caught": {"Type": "Pass", "End": true}}}
        """

    /// A queue that accepts the message and leaves the answer to the test; the token the task sent is kept.
    final class Queue: ServiceIntegration {
        var tokens: [String] = []
        func invoke(_ call: TaskCall) -> TaskOutcome? {
            if let token = call.parameters["MessageBody"]?["token"]?.stringValue { tokens.append(token) }
            return .awaitCallback(submitted: ["MessageId": "m-1"])
        }
    }

    @Test func aScheduledWorkerCallsBackWithTheResult() throws {
        let queue = Queue()
        let simulator = Simulator(services: [queue])
        let execution = simulator.start(try program(Self.machine), input: ["job": 1])
        simulator.run(until: 10)
        #expect(simulator.pendingTaskTokens == queue.tokens)
        let token = try #require(queue.tokens.first)
        simulator.after(20) { try? $0.sendTaskSuccess(taskToken: token, output: ["done": true]) }
        simulator.run()
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["done": true])
        #expect(execution.events("TaskSucceeded").first?.time == 30)
        #expect(execution.history.map(\.type).contains("TaskSubmitted"))
        // The token is spent.
        #expect(throws: CallbackError(name: "TaskTimedOut", message: "the task of token \(token) is no longer waiting for a callback")) {
            try simulator.sendTaskSuccess(taskToken: token, output: [:])
        }
        #expect(throws: CallbackError.self) { try simulator.sendTaskHeartbeat(taskToken: "never-issued") }
    }

    @Test func aFailureWithoutErrorOrCauseIsCaughtAsNulls() throws {
        let queue = Queue()
        let simulator = Simulator(services: [queue])
        let execution = simulator.start(try program(Self.machine), input: ["job": 1])
        simulator.run(until: 1)
        try simulator.sendTaskFailure(taskToken: try #require(queue.tokens.first))
        simulator.run()
        #expect(execution.status == .succeeded)
        #expect(execution.output == ["job": 1, "error": ["Error": nil, "Cause": nil]])
        #expect(execution.events("TaskFailed").first?.details?["error"] == nil)
    }

    @Test func heartbeatsKeepTheTaskAliveUntilTheyStop() throws {
        let queue = Queue()
        let simulator = Simulator(services: [queue])
        let execution = simulator.start(try program(Self.machine))
        simulator.run(until: 0)
        let token = try #require(queue.tokens.first)
        // Beats at 50 and 100 s; none after, so the 60 s heartbeat expires at 160 s.
        simulator.after(50) { try? $0.sendTaskHeartbeat(taskToken: token) }
        simulator.after(100) { try? $0.sendTaskHeartbeat(taskToken: token) }
        simulator.run()
        #expect(execution.events("TaskTimedOut").first?.time == 160)
        #expect(execution.output?["error"]?["Error"] == "States.Timeout")
    }

    @Test func timeoutSecondsBoundsTheWaitDespiteHeartbeats() throws {
        let queue = Queue()
        let simulator = Simulator(services: [queue])
        let execution = simulator.start(try program(Self.machine))
        simulator.run(until: 0)
        let token = try #require(queue.tokens.first)
        for t in stride(from: 30, to: 1_000, by: 30) { simulator.after(.seconds(t)) { try? $0.sendTaskHeartbeat(taskToken: token) } }
        simulator.run()
        #expect(execution.events("TaskTimedOut").first?.time == 600)
        #expect(simulator.pendingTaskTokens.isEmpty)
    }
}
