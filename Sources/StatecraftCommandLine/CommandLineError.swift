import Foundation
import StatesLanguage

/// Every way a `statecraft` command ends other than with its result: printed by
/// ``StatecraftCommand/main(_:console:)`` as `statecraft: error: …` on standard error, with the exit
/// code ``exitCode`` gives (the one table of Docs/CLI.md).
public enum CommandLineError: Error, Equatable, CustomStringConvertible {
    /// A command `statecraft` does not have.
    case unknownCommand(String)
    /// An option the command does not take.
    case unknownOption(String, command: String)
    /// An option given without its value.
    case missingValue(String)
    /// An option whose value is not one it takes.
    case invalidValue(option: String, value: String, expected: String)
    /// An argument the command needs.
    case missingArgument(String, command: String)
    /// Two options that exclude each other.
    case conflictingOptions(String, String)
    /// A file that cannot be read, and why.
    case unreadableFile(String, reason: String)
    /// A file that cannot be written, and why.
    case unwritableFile(String, reason: String)
    /// A file over its budget (``InputKind``), refused before it is parsed.
    case tooLarge(String, budget: String)
    /// Input that cannot be used (JSON that is not what an option wants, a services file, a load plan,
    /// a TestState request), said with its place.
    case invalidInput(String)
    /// Input that cannot be used, said by a message that starts with its place compiler style
    /// (`file:line:col: error: …`): printed as it is, without the `statecraft: error: ` prefix.
    case locatedInput(String)
    /// A definition with errors, which the command cannot use: its diagnostics, printed in `format`
    /// before the error line (for `json` and `sarif`, instead of it, so that standard error holds one document).
    case invalidDefinition(String, diagnostics: [Diagnostic], format: DiagnosticFormat)
    /// `statecraft eval`: the expression failed when evaluated (its error code and message).
    case expressionFailed(String)
    /// `statecraft test --min-coverage`: each kind of coverage below the minimum, one message each;
    /// whether some case also ran past its mocks (which sets the exit code to 3).
    case belowMinimumCoverage([String], ranPastMocks: Bool)

    /// The process exit code for this error: 1 when the input was read and judged (an expression
    /// that fails, coverage below the minimum), 2 for usage errors and input that cannot be used,
    /// 3 when a test case ran past its mocks.
    public var exitCode: Int32 {
        switch self {
        case .expressionFailed: 1
        case .belowMinimumCoverage(_, let pastMocks): pastMocks ? 3 : 1
        case .unknownCommand, .unknownOption, .missingValue, .invalidValue, .missingArgument, .conflictingOptions,
             .unreadableFile, .unwritableFile, .tooLarge, .invalidInput, .locatedInput, .invalidDefinition: 2
        }
    }

    /// The message after `statecraft: error: ` (one line per message for several).
    public var description: String {
        switch self {
        case .unknownCommand(let c): "unknown command '\(c)'; run 'statecraft --help' for the list"
        case .unknownOption(let o, let c): "unknown option '\(o)' for '\(c)'; run 'statecraft help \(c)'"
        case .missingValue(let o): "option '\(o)' needs a value"
        case .invalidValue(let o, let v, let e): "invalid value '\(v)' for \(o); expected \(e)"
        case .missingArgument(let a, let c): "'\(c)' needs \(a); run 'statecraft help \(c)'"
        case .conflictingOptions(let a, let b): "options '\(a)' and '\(b)' cannot be used together"
        case .unreadableFile(let p, let r): "cannot read '\(p)': \(r)"
        case .unwritableFile(let p, let r): "cannot write '\(p)': \(r)"
        case .tooLarge(let p, let b): "cannot read '\(p)': it is too large; \(b)"
        case .invalidInput(let message): message
        case .locatedInput(let message): message
        case .invalidDefinition(let name, _, _): "\(name) is not a valid definition"
        case .expressionFailed(let message): message
        case .belowMinimumCoverage(let messages, _): messages.joined(separator: "\n")
        }
    }

    /// Writes the error to standard error: the diagnostics of an invalid definition, then
    /// `statecraft: error: ` and the message (on each line of it).
    /// - Returns: ``exitCode``.
    func report(to console: Console) -> Int32 {
        if case .invalidDefinition(let name, let diagnostics, let format) = self {
            console.writeError(DiagnosticRenderer(format: format).render(diagnostics, file: name))
            if format == .json || format == .sarif { return exitCode }
        }
        if case .locatedInput(let message) = self {
            console.writeError(message + "\n")
            return exitCode
        }
        for line in description.split(separator: "\n", omittingEmptySubsequences: false) {
            console.writeError("statecraft: error: \(line)\n")
        }
        return exitCode
    }

    static func describe(_ error: any Error) -> String {
        if let problem = error as? FileProblem { return problem.description }
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError: return "permission denied"
            default: break
            }
        }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue)).lowercased()
        }
        return ns.localizedDescription
    }
}
