import Foundation
import StatesLanguage
import StatecraftSimulator

/// `statecraft run DEFINITION`: runs a definition in the simulator and prints the result.
enum RunCommand {
    static let subcommand = StatecraftCommand.Subcommand(
        name: "run",
        summary: "Run a definition in the simulator, on a virtual clock, with mocked services.",
        help: """
            USAGE: statecraft run <definition> [--input <json> | --input-file <file>]
                                  [--mock-config <file> --test-case <name> [--machine <name>]]
                                  [--services <file>] [--substitutions <file>] [--seed <n>]
                                  [--format text|json] [--diagnostics-format text|json|github|sarif]

            Runs the definition to completion on a virtual clock: Waits, retry backoff and task
            durations take no real time. Task states are answered by the mocks of a Step Functions
            Local mock configuration file (--mock-config with --test-case) and by modelled ECS, SNS,
            Lambda and DynamoDB services (--services); a mock configuration response wins for its state.

            OPTIONS:
              --input <json>        The execution input (default {}).
              --input-file <file>   Read the execution input from a file.
              --mock-config <file>  A Step Functions Local MockConfigFile.
              --test-case <name>    The test case of the mock configuration to use.
              --machine <name>      The state machine of the mock configuration (default: its only one).
              --services <file>     A services file: the modelled account (ECS cluster, quotas and task
                                    behaviour, SNS topics, Lambda functions, DynamoDB tables).
              --substitutions <file>
                                    A JSON object of DefinitionSubstitutions: each ${Name} in the
                                    definition is replaced by its string value before the run.
              --seed <n>            Seeds jitter, UUIDs and States.MathRandom (default 0).
              --format <fmt>        'text' (a timeline, default) or 'json' ({status, output, error,
                                    cause, events} with events exactly as GetExecutionHistory returns them).
              --diagnostics-format <fmt>
                                    How the errors of an invalid definition are printed on standard
                                    error: 'text' (default), 'json', 'github' or 'sarif'.
              -h, --help            Show this help.

            EXIT CODES: 0 the execution SUCCEEDED, 1 it FAILED, TIMED_OUT or was ABORTED, 2 usage error,
            unreadable file, invalid definition, input or mock configuration.

            """,
        run: run)

    static func run(_ arguments: [String], _ console: Console) throws(CommandLineError) -> Int32 {
        let args = try Arguments(arguments, command: "run", flags: [],
                                 options: ["--input", "--input-file", "--mock-config", "--test-case", "--machine", "--services", "--substitutions", "--seed", "--format", "--diagnostics-format"])
        let format = try args.format(["text", "json"], default: "text")
        let diagnosticFormat = try args.diagnosticFormat()
        let definitionPath = try args.definitionPath(command: "run")
        let mocks = try args.mockConfiguration(console, command: "run")
        let seed = try args.seed()
        let input = try args.executionInput(console) ?? [:]
        let definitionBytes = try console.readDefinitions([definitionPath], substitutions: args.options["--substitutions"])[0]
        let program: Program
        do { program = try Program(json: definitionBytes) } catch {
            throw .invalidDefinition(definitionPath == "-" ? "<stdin>" : definitionPath, diagnostics: error.diagnostics, format: diagnosticFormat)
        }

        // Scripted mocks answer before the modelled account, so a mock configuration wins for its states.
        var services: [ServiceIntegration] = mocks.map { [$0.mocks] } ?? []
        var configuration = Simulator.Configuration(seed: seed)
        if let path = args.options["--services"] {
            services.append(try modelledAccount(path, seed: seed, configuration: &configuration, console))
        }

        let simulator = Simulator(configuration: configuration, services: services)
        let execution = simulator.run(program, input: input)
        if format == "json" {
            console.write(JSONWriter.string(execution.report(start: simulator.configuration.start), style: .pretty))
        } else {
            console.write(execution.timeline())
        }
        return execution.status == .succeeded ? 0 : 1
    }

    /// Reads the services file at `path` (the modelled account) and sets `configuration`'s region and
    /// account to its own.
    /// - Throws: ``CommandLineError/invalidInput(_:)`` for a file that cannot be read as one.
    static func modelledAccount(_ path: String, seed: UInt64, configuration: inout Simulator.Configuration,
                                _ console: Console) throws(CommandLineError) -> AWSServices {
        let bytes = try console.readInput(path, as: .services)
        do {
            // A seed of its own, so that the services' ids never repeat the simulator's tokens.
            let aws = try AWSServices.load(bytes, seed: seed ^ 0x5747_5343)
            configuration.region = aws.region
            configuration.account = aws.account
            return aws
        } catch {
            throw .invalidInput("\(path):\(error)")
        }
    }
}
