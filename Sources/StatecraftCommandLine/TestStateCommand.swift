import StatesLanguage
import StatecraftSimulator

/// `statecraft test-state DEFINITION --state-name NAME`: runs one state, as the TestState API does,
/// and prints the API's response.
enum TestStateCommand {
    static let subcommand = StatecraftCommand.Subcommand(
        name: "test-state",
        summary: "Run one state of a definition, as the TestState API does, and print its response.",
        help: """
            USAGE: statecraft test-state <definition> [--state-name <name>] [--input <json> | --input-file <file>]
                                         [--mock <json>] [--inspection-level INFO|DEBUG|TRACE]
                                         [--state-configuration <json>] [--context <json>] [--variables <json>]
                                         [--services <file>] [--substitutions <file>] [--seed <n>]
                                         [--diagnostics-format text|json|github|sarif]
                   statecraft test-state --request <file> [options]

            Runs one state locally, in the simulator, and prints the TestState response: status
            (SUCCEEDED, FAILED, RETRIABLE or CAUGHT_ERROR), nextState, output, error, cause and, with
            DEBUG or TRACE, inspectionData (the input after each data-flow stage, the variables, and the
            retrier or catcher that handled an error). The definition is one state, or a state machine
            with --state-name. A Task calls its mock, else the modelled services of --services.

            OPTIONS:
              --state-name <name>   The state to test (needed when the definition is a state machine).
              --input <json>        The state's input (default {}).
              --input-file <file>   Read the state's input from a file.
              --mock <json>         {"result": "<json>"} or {"errorOutput": {"error": "…", "cause": "…"}},
                                    with "fieldValidationMode": "STRICT" (default), "PRESENT" or "NONE".
              --inspection-level <level>
                                    INFO (default), DEBUG or TRACE.
              --state-configuration <json>
                                    {"retrierRetryCount": n, "mapIterationFailureCount": n,
                                    "errorCausedByState": "…", "mapItemReaderData": "<json>"}.
              --context <json>      A context object; its Execution and StateMachine replace the simulated ones.
              --variables <json>    Workflow variables visible to the state.
              --services <file>     A services file: the modelled account a Task without a mock calls.
              --substitutions <file>
                                    A JSON object of strings: each ${Name} in the definition file is
                                    replaced by its value, as in 'statecraft run'.
              --request <file>      A whole TestState request (the API's JSON); the options above
                                    replace its fields.
              --seed <n>            Seeds jitter, UUIDs and States.MathRandom (default 0).
              --diagnostics-format <fmt>
                                    How the errors of an invalid definition are printed on standard
                                    error: 'text' (default), 'json', 'github' or 'sarif'.
              -h, --help            Show this help.

            EXIT CODES: 0 the state ran (whatever its status, as the API answers), 2 a bad request:
            usage error, unreadable file, invalid definition, unknown state, bad JSON, a mock that does not
            fit the API's response.

            """,
        run: run)

    /// Each option, and the request field it sets (the JSON-text fields take the option's JSON text).
    static let fields: [(option: String, field: String)] = [
        ("--state-name", "stateName"), ("--input", "input"), ("--mock", "mock"), ("--inspection-level", "inspectionLevel"),
        ("--state-configuration", "stateConfiguration"), ("--context", "context"), ("--variables", "variables"),
    ]

    static func run(_ arguments: [String], _ console: Console) throws(CommandLineError) -> Int32 {
        let args = try Arguments(arguments, command: "test-state", flags: [],
                                 options: Set(fields.map(\.option) + ["--input-file", "--services", "--substitutions", "--request", "--seed",
                                                                       "--diagnostics-format"]))
        let diagnosticFormat = try args.diagnosticFormat()
        guard args.positional.count <= 1 else {
            throw .invalidValue(option: "arguments", value: args.positional.joined(separator: " "), expected: "one definition file")
        }
        if args.options["--input"] != nil && args.options["--input-file"] != nil { throw .conflictingOptions("--input", "--input-file") }
        guard args.positional.count == 1 || args.options["--request"] != nil else {
            throw .missingArgument("a definition file (or --request)", command: "test-state")
        }
        let seed = try args.seed()

        // The request: the --request file, with the definition and options put over it.
        var object = JSONObject()
        var sourceMap: SourceMap?
        let requestPath = args.options["--request"]
        if let path = requestPath {
            let bytes = try console.readInput(path, as: .definition)
            do {
                let (value, map) = try JSONParser.parseWithSourceMap(bytes)
                guard case .object(let given) = value else {
                    throw CommandLineError.invalidInput("\(path): a TestState request is a JSON object, such as {\"definition\": \"…\"}")
                }
                (object, sourceMap) = (given, map)
            } catch let error as CommandLineError {
                throw error
            } catch {
                throw .invalidInput("\(path):\(error)")
            }
        }
        var definitionName = requestPath.map { "\($0) (definition)" } ?? "<definition>"
        if let path = args.positional.first {
            let bytes = try console.readDefinitions([path], substitutions: args.options["--substitutions"])[0]
            definitionName = path == "-" ? "<stdin>" : path
            object["definition"] = .string(String(decoding: bytes, as: UTF8.self))
            sourceMap = nil
        }
        var fromOption: [String: String] = [:]
        for (option, field) in fields {
            guard let text = args.options[option] else { continue }
            if field == "stateName" || field == "inspectionLevel" {
                object[field] = .string(text)
            } else {
                guard text.utf8.count <= InputKind.input.limit else { throw .tooLarge(option, budget: InputKind.input.budget) }
                do {
                    let value = try JSONParser.parse(text)
                    // The API's JSON-text fields take the text itself (so that a JSON string stays one).
                    object[field] = ["input", "context", "variables"].contains(field) ? .string(text) : value
                } catch {
                    throw .invalidInput("\(option) is not valid JSON: \(error)")
                }
            }
            fromOption[field] = option
            sourceMap = nil
        }
        if let path = args.options["--input-file"] {
            let bytes = try console.readInput(path, as: .input)
            do {
                _ = try JSONParser.parse(bytes)
                object["input"] = .string(String(decoding: bytes, as: UTF8.self))
            } catch {
                throw .invalidInput("\(path):\(error)")
            }
            fromOption["input"] = path
        }

        var configuration = Simulator.Configuration(seed: seed)
        var services: [ServiceIntegration] = []
        if let path = args.options["--services"] {
            services.append(try RunCommand.modelledAccount(path, seed: seed, configuration: &configuration, console))
        }

        let response: TestStateResponse
        do {
            let request = try TestStateRequest(json: .object(object), sourceMap: sourceMap)
            response = try Simulator(configuration: configuration, services: services).testState(request)
        } catch {
            switch error {
            case .invalidDefinition(let diagnostics):
                throw .invalidDefinition(definitionName, diagnostics: diagnostics, format: diagnosticFormat)
            case .invalidRequest(let field, let message, let position):
                let top = String(field.prefix { $0 != "." })
                let place: String
                if let option = fromOption[top] { place = option }
                else if requestPath == nil, let option = fields.first(where: { $0.field == top })?.option { place = option }
                else if let path = requestPath { place = path + (position.map { ":\($0)" } ?? "") + ": " + field }
                else { place = field }
                throw .invalidInput("\(place): \(message)")
            }
        }
        console.write(JSONWriter.string(response.json, style: .pretty))
        return 0
    }
}
