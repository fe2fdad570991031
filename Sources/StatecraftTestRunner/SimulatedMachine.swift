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
    ///   - substitutions: values for `${Name}` placeholders, as `DefinitionSubstitutions` gives them.
    /// - Throws: ``Statecraft/BuildError`` when the machine does not validate, `ProgramError` when the
    ///   substituted definition does not.
    public init(_ machine: Machine, substitutions: [String: String] = [:]) throws {
        let definition = try machine.definition()
        guard !substitutions.isEmpty else {
            program = Program(definition)
            return
        }
        let json = try JSONParser.parse(ASLEncoder.prettyText(definition))
        let text = JSONWriter.string(SimulatedMachine.substitute(json, substitutions), style: .pretty)
        program = try Program(json: Array(text.utf8))
    }

    /// Lowers a catalog workflow's machine (see ``init(_:substitutions:)-(Machine,_)``).
    public init(_ workflow: some Workflow, substitutions: [String: String] = [:]) throws {
        try self.init(workflow.machine, substitutions: substitutions)
    }

    /// Parses, validates and compiles an ASL definition.
    /// - Throws: `JSONSyntaxError` or `ProgramError`, with the place of each problem.
    public init(json: String, substitutions: [String: String] = [:]) throws {
        var value = try JSONParser.parse(json)
        if !substitutions.isEmpty { value = SimulatedMachine.substitute(value, substitutions) }
        program = try Program(json: Array(JSONWriter.string(value, style: .pretty).utf8))
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

    /// `value` with every `${Name}` inside its strings replaced by its substitution.
    static func substitute(_ value: JSONValue, _ substitutions: [String: String]) -> JSONValue {
        switch value {
        case .string(let text) where text.contains("${"):
            var result = text
            for (name, replacement) in substitutions { result = result.replacingOccurrences(of: "${\(name)}", with: replacement) }
            return .string(result)
        case .array(let items):
            return .array(items.map { substitute($0, substitutions) })
        case .object(let object):
            return .object(JSONObject(uniqueMembers: object.members.map { .init(key: $0.key, value: substitute($0.value, substitutions)) }))
        default:
            return value
        }
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
