import StatesLanguage
import StatecraftSimulator

/// The options the commands that simulate share (`run`, `load`, `test-state`, `eval`), read once here
/// so that each means the same and fails with the same message everywhere.
extension Arguments {
    /// The one definition file of a command that takes exactly one.
    func definitionPath(command: String) throws(CommandLineError) -> String {
        guard positional.count == 1, let path = positional.first else {
            throw positional.isEmpty ? .missingArgument("a definition file", command: command)
                : .invalidValue(option: "arguments", value: positional.joined(separator: " "), expected: "one definition file")
        }
        return path
    }

    /// `--seed` (0 when absent).
    func seed() throws(CommandLineError) -> UInt64 {
        guard let text = options["--seed"] else { return 0 }
        guard let value = UInt64(text) else { throw .invalidValue(option: "--seed", value: text, expected: "a non-negative integer") }
        return value
    }

    /// The execution input of `--input JSON` or `--input-file FILE` (at most one of them), within the
    /// 256 KiB payload budget; `nil` when neither is given.
    func executionInput(_ console: Console) throws(CommandLineError) -> JSONValue? {
        if options["--input"] != nil && options["--input-file"] != nil { throw .conflictingOptions("--input", "--input-file") }
        if let text = options["--input"] {
            guard text.utf8.count <= InputKind.input.limit else { throw .tooLarge("--input", budget: InputKind.input.budget) }
            do { return try JSONParser.parse(text) } catch { throw .invalidInput("--input is not valid JSON: \(error)") }
        }
        if let path = options["--input-file"] {
            let bytes = try console.readInput(path, as: .input)
            do { return try JSONParser.parse(bytes) } catch { throw .invalidInput("\(path):\(error)") }
        }
        return nil
    }

    /// The MockConfigFile of `--mock-config FILE --test-case NAME` (the two go together) and the mocks
    /// of that test case of `--machine` (or of the file's only machine); `nil` when neither is given.
    /// A load run makes fresh mocks from the file for each execution; `run` uses `mocks` once.
    func mockConfiguration(_ console: Console, command: String) throws(CommandLineError)
        -> (file: MockConfigFile, testCase: String, mocks: ScriptedMocks)? {
        if (options["--mock-config"] == nil) != (options["--test-case"] == nil) {
            throw .missingArgument(options["--mock-config"] == nil ? "--mock-config with --test-case" : "--test-case with --mock-config",
                                   command: command)
        }
        guard let path = options["--mock-config"], let testCase = options["--test-case"] else { return nil }
        let bytes = try console.readInput(path, as: .mockConfig)
        do {
            let file = try MockConfigFile(json: try JSONParser.parse(bytes))
            return (file, testCase, try file.mocks(testCase: testCase, machine: options["--machine"]))
        } catch let error as JSONSyntaxError {
            throw .invalidInput("\(path):\(error)")
        } catch {
            throw .invalidInput("\(path): \(error)")
        }
    }
}
