import Foundation
import StatesLanguage

/// The `statecraft` command line: parses arguments, calls the libraries, prints, returns the exit code.
///
/// Exit codes (Docs/CLI.md): 0 success, 1 the input has problems (invalid definition, unformatted
/// file, a failed execution or test), 2 usage errors and input that cannot be used, 3 a test ran past
/// its mocks. Errors map to them in ``CommandLineError/exitCode``.
public enum StatecraftCommand {
    /// What `statecraft --version` prints.
    public static let version = "0.1.0"

    /// A subcommand: its name, one-line summary, full help and implementation.
    struct Subcommand: Sendable {
        let name: String
        let summary: String
        let help: String
        let run: @Sendable ([String], Console) throws(CommandLineError) -> Int32
    }

    static let subcommands: [Subcommand] = [ValidateCommand.subcommand, FormatCommand.subcommand, RunCommand.subcommand, LoadCommand.subcommand,
                                           GraphCommand.subcommand, EvalCommand.subcommand, TestCommand.subcommand,
                                           TestStateCommand.subcommand]

    /// Runs `statecraft` with `arguments` (without the program name).
    /// - Returns: the process exit code.
    public static func main(_ arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first else {
            console.write(usage)
            return 0
        }
        switch first {
        case "--help", "-h":
            console.write(usage)
            return 0
        case "--version":
            console.write("statecraft \(version)\n")
            return 0
        case "help":
            guard arguments.count > 1 else {
                console.write(usage)
                return 0
            }
            guard let command = subcommands.first(where: { $0.name == arguments[1] }) else {
                return fail(.unknownCommand(arguments[1]), console)
            }
            console.write(command.help)
            return 0
        default:
            guard let command = subcommands.first(where: { $0.name == first }) else {
                return fail(.unknownCommand(first), console)
            }
            let rest = Array(arguments.dropFirst())
            if rest.contains("--help") || rest.contains("-h") {
                console.write(command.help)
                return 0
            }
            do {
                return try command.run(rest, console)
            } catch {
                return fail(error, console)
            }
        }
    }

    /// Reports `error` the one way every command does, and gives its exit code.
    static func fail(_ error: CommandLineError, _ console: Console) -> Int32 {
        error.report(to: console)
    }

    static var usage: String {
        var text = """
            statecraft \(version): author, check and test AWS Step Functions state machines.

            USAGE: statecraft <command> [options]

            COMMANDS:

            """
        for command in subcommands {
            text += "  " + command.name.padding(toLength: 12, withPad: " ", startingAt: 0) + command.summary + "\n"
        }
        text += """

            OPTIONS:
              -h, --help    Show help (also 'statecraft help <command>').
              --version     Show the version.

            EXIT CODES: 0 success, 1 problems found in the input, 2 usage error or unusable input,
                3 a test ran past its mocks (Docs/CLI.md has the table).

            """
        return text
    }
}
