import Foundation
import StatesLanguage
import Testing
import StatecraftTestSupport
@testable import StatecraftSimulator

/// Executions against the modelled account are freed with the account: the simulator, the execution,
/// the program and every model (nothing a model records holds the simulator or the execution).
@Suite struct ServiceMemoryTests {
    @Test func theGateTemplateRunFreesEverything() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates/ecs-concurrency-gate")
        let definition = try [UInt8](Data(contentsOf: folder.appendingPathComponent("statemachine.asl.json")))
        let substitutions = try [UInt8](Data(contentsOf: folder.appendingPathComponent("substitutions.json")))
        let services = try [UInt8](Data(contentsOf: folder.appendingPathComponent("services.json")))
        weak var simulatorReleased: Simulator?
        weak var executionReleased: Execution?
        weak var programReleased: Program?
        weak var accountReleased: AWSServices?
        weak var lambdaReleased: LambdaModel?
        do {
            let program = try Program(json: try DefinitionSubstitutions(json: substitutions).apply(to: definition))
            let aws = try AWSServices.load(services)
            let simulator = Simulator(services: [aws])
            let execution = simulator.run(program, input: [:])
            #expect(execution.status == .succeeded)
            simulatorReleased = simulator
            executionReleased = execution
            programReleased = program
            accountReleased = aws
            lambdaReleased = aws.lambda
        }
        #expect(simulatorReleased == nil)
        #expect(executionReleased == nil)
        #expect(programReleased == nil)
        #expect(accountReleased == nil)
        #expect(lambdaReleased == nil)
    }
}
