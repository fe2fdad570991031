import Testing
import StatesLanguage

@Suite struct StateGraphTests {
    @Test func aMachineIsDrawnInBothFormats() throws {
        let result = Validator().check(Array(#"""
            {"StartAt": "Check", "States": {
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 3, "Next": "Run"}], "Default": "Done"},
              "Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Next": "Done",
                      "Retry": [{"ErrorEquals": ["ECS.AmazonECSException"], "MaxAttempts": 5, "IntervalSeconds": 3, "BackoffRate": 2}],
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Alert"}]},
              "Alert": {"Type": "Fail", "Error": "Batch\"Failed"},
              "Done": {"Type": "Succeed"}}}
            """#.utf8))
        let machine = try #require(result.machine)
        let graph = StateGraph(machine)
        let mermaid = graph.mermaid
        #expect(mermaid.hasPrefix("flowchart TD\n"))
        #expect(mermaid.contains("$.n #gt; 3"), "< and > are entities in Mermaid labels")
        #expect(mermaid.contains("ECS.AmazonECSException · ×5 · 3 s · backoff 2"))
        #expect(mermaid.contains("Batch#quot;Failed"))
        #expect(mermaid.contains(#"s1 -. "catch States.ALL" .-> s2"#), "the Catch edge is dashed")
        let dot = graph.dot
        #expect(dot.hasPrefix("digraph StateMachine {"))
        #expect(dot.contains("Batch\\\"Failed"))
        #expect(dot.contains("style=dashed"))
        #expect(dot.hasSuffix("}\n"))
    }
}
