import StatesLanguage

/// `statecraft graph DEFINITION [--format mermaid|dot]`: draws a definition.
enum GraphCommand {
    static let subcommand = StatecraftCommand.Subcommand(
        name: "graph",
        summary: "Draw a definition as a Mermaid or Graphviz (DOT) diagram.",
        help: """
            USAGE: statecraft graph <definition> [--format mermaid|dot] [--diagnostics-format text|json|github|sarif]

            Prints a diagram of the definition: every state (its type, Task resource, Wait duration, Fail
            error), transitions, Choice conditions on their edges, Catch edges dashed, retry policies
            under their state (↻ errors · attempts · interval · backoff), Parallel branches and Map
            processors as subgraphs.

            OPTIONS:
              --format <fmt>  'mermaid' (a flowchart, default: GitHub renders it in Markdown) or 'dot'
                              (Graphviz: statecraft graph m.json --format dot | dot -Tsvg > m.svg).
              --diagnostics-format <fmt>
                              How the errors of an invalid definition are printed on standard
                              error: 'text' (default), 'json', 'github' or 'sarif'.
              -h, --help      Show this help.

            EXIT CODES: 0 drawn, 2 usage error, unreadable file or a definition with errors.

            """,
        run: run)

    static func run(_ arguments: [String], _ console: Console) throws(CommandLineError) -> Int32 {
        let args = try Arguments(arguments, command: "graph", flags: [], options: ["--format", "--diagnostics-format"])
        let format = try args.format(["mermaid", "dot"], default: "mermaid")
        let diagnosticFormat = try args.diagnosticFormat()
        let path = try args.definitionPath(command: "graph")
        let bytes = try console.readInput(path)
        let name = path == "-" ? "<stdin>" : path
        let result = Validator().check(bytes)
        guard let machine = result.machine, result.isValid else {
            throw .invalidDefinition(name, diagnostics: result.diagnostics.filter { $0.severity == .error }, format: diagnosticFormat)
        }
        let graph = StateGraph(machine)
        console.write(format == "dot" ? graph.dot : graph.mermaid)
        return 0
    }
}
