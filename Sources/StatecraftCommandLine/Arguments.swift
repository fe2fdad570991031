import StatesLanguage

/// The parsed arguments of one command: flags, options with values, and positional arguments.
struct Arguments {
    var flags: Set<String> = []
    var options: [String: String] = [:]
    var positional: [String] = []

    /// Splits `arguments` by the command's declared flags and value options.
    /// `--name=value` and `--name value` both work; `-` alone and anything after `--` are positional.
    init(_ arguments: [String], command: String, flags allowedFlags: Set<String>, options allowedOptions: Set<String>) throws(CommandLineError) {
        var i = 0
        var onlyPositional = false
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if onlyPositional || argument == "-" || !argument.hasPrefix("-") {
                positional.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositional = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if allowedFlags.contains(name) && inlineValue == nil {
                flags.insert(name)
            } else if allowedOptions.contains(name) {
                if let inlineValue {
                    options[name] = inlineValue
                } else {
                    guard i < arguments.count else { throw .missingValue(name) }
                    options[name] = arguments[i]
                    i += 1
                }
            } else {
                throw .unknownOption(name, command: command)
            }
        }
    }

    /// The value of `--format`, checked against the allowed names.
    func format(_ allowed: [String], default defaultValue: String) throws(CommandLineError) -> String {
        let value = options["--format"] ?? defaultValue
        guard allowed.contains(value) else {
            throw .invalidValue(option: "--format", value: value, expected: allowed.joined(separator: " or "))
        }
        return value
    }

    /// The format of definition diagnostics: `--diagnostics-format`, or also `--format` on a command
    /// whose own output is diagnostics (`acceptingFormat`); `text` when neither is given.
    func diagnosticFormat(acceptingFormat: Bool = false) throws(CommandLineError) -> DiagnosticFormat {
        let names = acceptingFormat ? ["--format", "--diagnostics-format"] : ["--diagnostics-format"]
        let given = names.filter { options[$0] != nil }
        if given.count > 1 { throw .conflictingOptions(given[0], given[1]) }
        guard let name = given.first, let value = options[name] else { return .text }
        guard let format = DiagnosticFormat(rawValue: value) else {
            throw .invalidValue(option: name, value: value, expected: "text, json, github or sarif")
        }
        return format
    }
}
