import Testing

/// A typed JSONata expression goes only where its type fits: a wrong type does not compile.
extension CompileTimeTests {
    @Test func typedJSONataExpressionsOfTheRightTypeCompile() throws {
        let result = try typecheck("""
            let attempts = WorkflowVariable<Int>("attempts")
            let m = Machine {
                Pass("Start").assign(attempts, 0)
                Wait("Pause", seconds: attempts * 10)
                Wait("Until", timestamp: JSONataExpr<String>("$states.input.at"))
                ECS.RunTask("Run", cluster: "jobs", taskDefinition: "batch").timeout(seconds: JSONataExpr<Int>("$states.input.t")).assign(attempts, attempts + 1)
                Map("Each") { Pass("Item") }.maxConcurrency(JSONataExpr<Int>("2")).toleratedFailurePercentage(JSONataExpr<Double>("5.5"))
                Wait("Count", seconds: .expression("{% $count %}"))
                Pass("Later").assign(attempts, .expression("$attempts * 2"))
                Choice("Again?") {
                    When(attempts >= 3) { Succeed("Done") }
                    When(.expression("{% $attempts = 2 %}")) { Succeed("Two") }
                }
            }
            """)
        #expect(result.compiled, "\(result.output)")
    }

    @Test(arguments: [
        ("a string expression for Wait seconds", #"let w = Wait("W", seconds: JSONataExpr<String>("'x'"))"#, "JSONataExpr<String>"),
        ("a Boolean expression for MaxConcurrency", #"let m = Map("M") { Pass("P") }.maxConcurrency(JSONataExpr<Bool>("true"))"#, "JSONataExpr<Bool>"),
        ("a number expression as a Choice condition", #"let b = When(JSONataExpr<Int>("1")) { Pass("P") }"#, "When"),
        ("a string assigned to an Int variable", #"let p = Pass("P").assign(WorkflowVariable<Int>("n"), "text")"#, "assign"),
        ("a string variable as a timeout", #"let t = ECS.RunTask("R", taskDefinition: "b").timeout(seconds: WorkflowVariable<String>("s"))"#, "timeout"),
        ("an Int variable set from a Boolean expression", #"let p = Pass("P").assign(WorkflowVariable<Int>("n"), WorkflowVariable<Int>("n") >= 1)"#, "assign"),
    ])
    func aJSONataExpressionOfTheWrongTypeDoesNotCompile(_ what: String, _ source: String, _ mention: String) throws {
        let result = try typecheck(source)
        #expect(!result.compiled, "\(what) compiled")
        #expect(result.output.contains(mention), "\(what): \(result.output)")
    }
}
