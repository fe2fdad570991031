import Foundation

/// A problem with how `statecraft` was called or with its files: printed as one line, exit code 2.
public enum CommandLineError: Error, Equatable, CustomStringConvertible {
    case unknownCommand(String)
    case unknownOption(String, command: String)
    case missingValue(String)
    case invalidValue(option: String, value: String, expected: String)
    case missingArgument(String, command: String)
    case conflictingOptions(String, String)
    case unreadableFile(String, reason: String)
    case unwritableFile(String, reason: String)
    /// A file over its budget (``InputKind``), refused before it is parsed.
    case tooLarge(String, budget: String)
    /// Input that cannot be used (an invalid definition, JSON that is not what an option wants), said
    /// with its place.
    case invalidInput(String)

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
        }
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
