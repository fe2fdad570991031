import StatesLanguage
import StatecraftSimulator

/// `statecraft eval EXPRESSION`: evaluates one expression the way a state would.
enum EvalCommand {
    static let subcommand = StatecraftCommand.Subcommand(
        name: "eval",
        summary: "Evaluate one JSONata expression (or JSONPath path, or intrinsic call) against an input.",
        help: """
            USAGE: statecraft eval <expression> [--input <file> | -] [--bindings <json>] [--jsonata | --jsonpath | --intrinsic]

            Evaluates the expression as a state would and prints its value as JSON, or 'undefined' when a
            JSONata expression yields nothing. JSONata (the default): the input is the context '$' (and
            '$$'), the bindings are variables ('--bindings {"x": 1}' makes '$x'); '{% %}' around the
            expression is optional. JSONPath and intrinsic calls are evaluated as a '.$' value of
            Parameters: the input is '$' and the bindings are workflow variables.

            ARGUMENTS:
              <expression>        The expression. Put '--' before one that starts with '-' ('-- -42').

            OPTIONS:
              --input <file>      The input document (JSON); '-' reads standard input. Without it, a
                                  JSONata expression has no input (undefined) and JSONPath sees null.
              --bindings <json>   A JSON object of variables.
              --jsonata           Read the expression as JSONata (the default).
              --jsonpath          Read it as a JSONPath path ('$.a.b').
              --intrinsic         Read it as an intrinsic function call ('States.Format(...)').
              --seed <n>          Seed for $random, $uuid and States.UUID (default 0).
              --max-depth <n>     JSONata evaluation depth budget (default 100, as in states).
              -h, --help          Show this help.

            EXIT CODES: 0 evaluated, 1 the expression failed (its error code and message are printed),
            2 usage error, unreadable or invalid input.

            """,
        run: run)

    static func run(_ arguments: [String], _ console: Console) throws(CommandLineError) -> Int32 {
        let args = try Arguments(arguments, command: "eval", flags: ["--jsonata", "--jsonpath", "--intrinsic"],
                                 options: ["--input", "--bindings", "--seed", "--max-depth"])
        let chosen = ["--jsonata", "--jsonpath", "--intrinsic"].filter { args.flags.contains($0) }
        if chosen.count > 1 { throw .conflictingOptions(chosen[0], chosen[1]) }
        var positional = args.positional
        guard let expression = positional.first else { throw .missingArgument("an expression", command: "eval") }
        positional.removeFirst()
        guard positional.isEmpty else {
            throw .invalidValue(option: "arguments", value: positional.joined(separator: " "), expected: "one expression (quote it)")
        }
        let language: ExpressionEvaluation.Language =
            chosen.first == "--jsonpath" ? .jsonPath : chosen.first == "--intrinsic" ? .intrinsic : .jsonata
        var input: JSONValue?
        if let path = args.options["--input"] {
            let bytes = try console.readInput(path)
            do { input = try JSONParser.parse(bytes) } catch {
                throw .invalidValue(option: "--input", value: path == "-" ? "<stdin>" : path, expected: "a JSON document (\(error))")
            }
        }
        var bindings: [String: JSONValue] = [:]
        if let text = args.options["--bindings"] {
            guard case .object(let object)? = try? JSONParser.parse(text) else {
                throw .invalidValue(option: "--bindings", value: text, expected: "a JSON object of variables")
            }
            for member in object { bindings[member.key] = member.value }
        }
        let seed = try args.seed()
        var depth: Int?
        if let text = args.options["--max-depth"] {
            guard let value = Int(text), value > 0, value <= 10_000 else {
                throw .invalidValue(option: "--max-depth", value: text, expected: "an integer from 1 to 10000")
            }
            depth = value
        }
        switch ExpressionEvaluation.evaluate(expression, language: language, input: input, bindings: bindings, seed: seed,
                                             maximumDepth: depth) {
        case .success(let value?):
            let text = JSONWriter.string(value, style: .pretty)
            console.write(text.hasSuffix("\n") ? text : text + "\n")
            return 0
        case .success(nil):
            console.write("undefined\n")
            return 0
        case .failure(let failure):
            throw .expressionFailed("\(failure)")
        }
    }
}
