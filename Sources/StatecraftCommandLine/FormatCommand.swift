import StatesLanguage

/// `statecraft fmt FILE...`: prints definitions in Statecraft's canonical layout.
enum FormatCommand {
    static let subcommand = StatecraftCommand.Subcommand(
        name: "fmt",
        summary: "Print definitions in canonical form, or check or rewrite them in place.",
        help: """
            USAGE: statecraft fmt <file>... [--check | --write] [--format text|json|github|sarif]

            Rewrites each definition in Statecraft's canonical layout: two-space indentation, states in
            their written order, the fields of every state in one fixed conventional order (Type first,
            Next/End last), payload templates untouched. Formatting is idempotent. A file whose structure
            has errors is not formatted; its problems are printed instead.

            ARGUMENTS:
              <file>      A definition; '-' reads standard input.

            OPTIONS:
              --check     Write nothing; list the files that are not formatted and exit 1 if any.
              --write     Rewrite the files in place (not with '-').
              --format <fmt>
                          How the problems of a file that cannot be formatted are printed on
                          standard error: 'text' (default), 'json', 'github' or 'sarif' (one
                          document for all files). Also spelled --diagnostics-format.
              -h, --help  Show this help.

            EXIT CODES: 0 success (or every file already formatted with --check), 1 a file is not
            formatted (--check) or cannot be formatted, 2 usage error or unreadable file.

            """,
        run: run)

    /// The outcome of formatting one definition.
    enum Formatted {
        case text([UInt8])
        case problems([Diagnostic])
    }

    static func run(_ arguments: [String], _ console: Console) throws(CommandLineError) -> Int32 {
        let args = try Arguments(arguments, command: "fmt", flags: ["--check", "--write"], options: ["--format", "--diagnostics-format"])
        let diagnosticFormat = try args.diagnosticFormat(acceptingFormat: true)
        let check = args.flags.contains("--check")
        let write = args.flags.contains("--write")
        if check && write { throw .conflictingOptions("--check", "--write") }
        guard !args.positional.isEmpty else { throw .missingArgument("at least one file", command: "fmt") }
        if write && args.positional.contains("-") {
            throw .invalidValue(option: "--write", value: "-", expected: "files, not standard input")
        }
        var inputs: [(path: String, bytes: [UInt8])] = []
        for path in args.positional { inputs.append((path, try console.readInput(path))) }

        var status: Int32 = 0
        var unformattable: [(file: String?, diagnostics: [Diagnostic])] = []
        for (path, bytes) in inputs {
            let name = path == "-" ? "<stdin>" : path
            switch format(bytes) {
            case .problems(let diagnostics):
                unformattable.append((name, diagnostics))
                status = 1
            case .text(let formatted) where check:
                if formatted != bytes {
                    console.write("\(name): not formatted\n")
                    status = 1
                }
            case .text(let formatted) where write:
                guard formatted != bytes else { continue }
                do {
                    try console.writeFile(path, formatted)
                } catch {
                    throw .unwritableFile(path, reason: CommandLineError.describe(error))
                }
                console.write("formatted \(name)\n")
            case .text(let formatted):
                console.write(String(decoding: formatted, as: UTF8.self))
            }
        }
        if !unformattable.isEmpty {
            console.writeError(DiagnosticRenderer(format: diagnosticFormat).render(files: unformattable))
            if diagnosticFormat == .text || diagnosticFormat == .github {
                for (name, _) in unformattable { console.writeError("\(name ?? "<stdin>"): not formatted: fix the errors above first\n") }
            }
        }
        return status
    }

    /// The canonical text of a definition, or the structural problems that prevent formatting it.
    static func format(_ bytes: [UInt8]) -> Formatted {
        let decoded = Validator.decode(bytes)
        guard let machine = decoded.machine, decoded.isValid else { return .problems(decoded.diagnostics) }
        return .text(Array(ASLEncoder.prettyText(machine).utf8))
    }
}
