import StatesLanguage

/// `statecraft validate FILE...`: checks definitions and prints every problem with its place.
enum ValidateCommand {
    static let subcommand = StatecraftCommand.Subcommand(
        name: "validate",
        summary: "Check Amazon States Language files and report every problem with its line and column.",
        help: """
            USAGE: statecraft validate <file>... [--format text|json|github|sarif] [--all]

            Checks each definition: JSON syntax, the structure of every state, and the rules in
            Docs/Validation.md. Prints one line per problem, then a summary:

              FILE:LINE:COL: error|warning: [CODE] message (at /json/pointer)
                  hint: how to fix it

            ARGUMENTS:
              <file>           A definition to check; '-' reads standard input.

            OPTIONS:
              --format <fmt>   'text' (default), 'json' (one JSON object on standard output),
                               'github' (GitHub Actions annotations, then the summary) or
                               'sarif' (a SARIF 2.1.0 log). Also spelled --diagnostics-format.
              --all            List every finding (by default at most 100 of one code, then
                               one finding that counts the rest).
              -h, --help       Show this help.

            EXIT CODES: 0 every file is valid (warnings allowed), 1 some file has errors,
            2 usage error or unreadable file.

            """,
        run: run)

    static func run(_ arguments: [String], _ console: Console) throws(CommandLineError) -> Int32 {
        let args = try Arguments(arguments, command: "validate", flags: ["--all"], options: ["--format", "--diagnostics-format"])
        let format = try args.diagnosticFormat(acceptingFormat: true)
        guard !args.positional.isEmpty else { throw .missingArgument("at least one file", command: "validate") }
        // Read everything first so that an unreadable file stops the command before any output.
        var inputs: [(name: String, bytes: [UInt8])] = []
        for path in args.positional {
            inputs.append((path == "-" ? "<stdin>" : path, try console.readInput(path)))
        }
        var validator = Validator()
        if args.flags.contains("--all") { validator.maximumFindingsPerCode = nil }
        var results: [(name: String, result: CheckResult)] = []
        for input in inputs { results.append((input.name, validator.check(input.bytes))) }
        let errors = results.reduce(0) { $0 + $1.result.diagnostics.filter { $0.severity == .error }.count }
        let warnings = results.reduce(0) { $0 + $1.result.diagnostics.filter { $0.severity == .warning }.count }
        let invalidFiles = results.filter { !$0.result.isValid }.count
        let unlisted = results.reduce(0) { $0 + $1.result.unlisted }

        switch format {
        case .json:
            // The validate report: the renderer's objects, grouped by file, with the counts.
            let files: [JSONValue] = results.map { name, result in
                [
                    "file": .string(name),
                    "valid": .bool(result.isValid),
                    "diagnostics": .array(result.diagnostics.map { DiagnosticRenderer.jsonObject($0, file: name) }),
                ]
            }
            let report: JSONValue = [
                "valid": .bool(invalidFiles == 0), "errors": .number(JSONNumber(errors)),
                "warnings": .number(JSONNumber(warnings)), "unlisted": .number(JSONNumber(unlisted)), "files": .array(files),
            ]
            console.write(JSONWriter.string(report, style: .pretty))
        case .sarif:
            console.write(DiagnosticRenderer(format: .sarif).render(files: results.map { ($0.name, $0.result.diagnostics) }))
        case .text, .github:
            console.write(DiagnosticRenderer(format: format).render(files: results.map { ($0.name, $0.result.diagnostics) }))
            console.write(summary(files: results.count, invalid: invalidFiles, errors: errors, warnings: warnings, unlisted: unlisted))
        }
        return invalidFiles == 0 ? 0 : 1
    }

    static func summary(files: Int, invalid: Int, errors: Int, warnings: Int, unlisted: Int = 0) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let verdict = invalid == 0 ? "valid" : "\(plural(invalid, "file")) invalid"
        let more = unlisted == 0 ? "" : " listed (\(unlisted) more not listed: --all)"
        return "\(plural(files, "file")) checked: \(verdict); \(plural(errors, "error")), \(plural(warnings, "warning"))\(more)\n"
    }
}
