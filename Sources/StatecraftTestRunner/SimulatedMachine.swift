import Foundation
import StatesLanguage
import Statecraft
import StatecraftSimulator

/// A state machine compiled once for the simulator, ready to run in tests as often as needed.
///
/// ```swift
/// let machine = try SimulatedMachine(NightlyBatch(), substitutions: ["ClusterArn": "jobs"])
/// let execution = machine.run(input: ["date": "2026-11-23"], services: [mocks], jitter: .off)
/// #expect(execution.retryDelays(of: "Run batch") == [3, 6])
/// ```
public struct SimulatedMachine {
    /// The compiled program the simulator runs.
    public let program: Program

    /// Compiles an ASL model.
    public init(_ definition: StateMachine) {
        program = Program(definition)
    }

    /// Lowers a DSL machine, replaces its `${Name}` placeholders, and compiles it.
    /// - Parameters:
    ///   - machine: the DSL machine.
    ///   - substitutions: values for `${Name}` placeholders, as `DefinitionSubstitutions` gives them
    ///     (none: the definition runs with its placeholders as written).
    /// - Throws: ``Statecraft/BuildError`` when the machine does not validate,
    ///   `DefinitionSubstitutions.Failure` for a placeholder without a value or a value no placeholder
    ///   uses, `ProgramError` when the substituted definition does not validate.
    public init(_ machine: Machine, substitutions: [String: String] = [:]) throws {
        let definition = try machine.definition()
        guard !substitutions.isEmpty else {
            program = Program(definition)
            return
        }
        program = try Program(json: try DefinitionSubstitutions(substitutions).apply(to: Array(ASLEncoder.prettyText(definition).utf8)))
    }

    /// Lowers a catalog workflow's machine (see ``init(_:substitutions:)-(Machine,_)``).
    public init(_ workflow: some Workflow, substitutions: [String: String] = [:]) throws {
        try self.init(workflow.machine, substitutions: substitutions)
    }

    /// Parses, validates and compiles an ASL definition, with its `${Name}` placeholders filled in first.
    /// - Throws: `DefinitionSubstitutions.Failure`, `JSONSyntaxError` or `ProgramError`, with the place of each problem.
    public init(json: String, substitutions: [String: String] = [:]) throws {
        program = try Program(json: substitutions.isEmpty ? Array(json.utf8) : try DefinitionSubstitutions(substitutions).apply(to: Array(json.utf8)))
    }

    /// Runs one execution to its end on a fresh simulator.
    /// - Parameters:
    ///   - input: the execution input.
    ///   - services: mocks and modelled services, asked in order (scripted mocks first to let them win).
    ///   - seed: seeds jitter, UUIDs and `States.MathRandom`.
    ///   - jitter: `.off` makes FULL-jitter retriers wait their computed delay exactly.
    ///   - configure: further changes to the simulator's configuration (region, start instant, limits).
    /// - Returns: the ended execution, with typed queries.
    public func run(input: JSONValue = [:], services: [ServiceIntegration] = [], seed: UInt64 = 0,
                    jitter: Simulator.Configuration.Jitter = .seeded,
                    configure: (inout Simulator.Configuration) -> Void = { _ in }) -> SimulatedExecution {
        var configuration = Simulator.Configuration(seed: seed)
        configuration.jitter = jitter
        if let aws = services.lazy.compactMap({ $0 as? AWSServices }).first {
            configuration.region = aws.region
            configuration.account = aws.account
        }
        configure(&configuration)
        let simulator = Simulator(configuration: configuration, services: services)
        let execution = simulator.run(program, input: input)
        let result = SimulatedExecution(execution, of: program.machine, simulator: simulator)
        PathCoverage.shared.record(result)
        return result
    }
}

extension Machine {
    /// Runs the machine once in the simulator (see ``SimulatedMachine/run(input:services:seed:jitter:configure:)``).
    /// - Throws: ``Statecraft/BuildError`` when the machine does not validate.
    public func simulate(input: JSONValue = [:], services: [ServiceIntegration] = [], substitutions: [String: String] = [:],
                         seed: UInt64 = 0, jitter: Simulator.Configuration.Jitter = .seeded) throws -> SimulatedExecution {
        try SimulatedMachine(self, substitutions: substitutions).run(input: input, services: services, seed: seed, jitter: jitter)
    }
}

extension Workflow {
    /// Runs the workflow's machine once in the simulator (see ``SimulatedMachine/run(input:services:seed:jitter:configure:)``).
    /// - Throws: ``Statecraft/BuildError`` when the machine does not validate.
    public func simulate(input: JSONValue = [:], services: [ServiceIntegration] = [], substitutions: [String: String] = [:],
                         seed: UInt64 = 0, jitter: Simulator.Configuration.Jitter = .seeded) throws -> SimulatedExecution {
        try SimulatedMachine(machine, substitutions: substitutions).run(input: input, services: services, seed: seed, jitter: jitter)
    }
}
