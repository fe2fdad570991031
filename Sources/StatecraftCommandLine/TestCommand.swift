import Foundation
import StatesLanguage
import StatecraftSimulator
import StatecraftTestRunner

/// `statecraft test FILE`: runs the test cases of a test file and reports pass or fail for each.
enum TestCommand {
    static let subcommand = StatecraftCommand.Subcommand(
        name: "test",
        summary: "Run a test file's cases (a MockConfigFile plus expectations) and report each.",
        help: """
            USAGE: statecraft test <test-file> [--junit <file>] [--coverage] [--coverage-format text|json|mermaid]
                                   [--min-coverage <n>] [--diagnostics-format text|json|github|sarif]

            Runs each test case of the test file in the simulator with the mocks of its test case in
            the MockConfigFile, and checks the expectations (status, error, cause, output, path).
            The mock file is checked against the machine first: a test case that mocks a state the
            machine does not have is an error with its place. Docs/Testing.md describes the format.

            OPTIONS:
              --junit <file>        Also write the results as JUnit XML.
              --coverage            Print the coverage of the machine by the test cases.
              --coverage-format <fmt>
                                    'text' (default), 'json', or 'mermaid' (a flowchart with what is
                                    not covered dashed and marked ✗); implies --coverage.
              --min-coverage <n>    Fail when fewer than n percent of the states or of the catchers
                                    are covered.
              --diagnostics-format <fmt>
                                    How the errors of an invalid definition are printed on standard
                                    error: 'text' (default), 'json', 'github' or 'sarif'.
              -h, --help            Show this help.

            EXIT CODES: 0 every case passed, 1 a case failed (or coverage is below --min-coverage),
            2 usage error, unreadable or invalid file, a mock file that does not fit the machine,
            3 an execution ran past its mocks (a problem of the test, not of the workflow).

            """,
        run: run)

    static func run(_ arguments: [String], _ console: Console) throws(CommandLineError) -> Int32 {
        let args = try Arguments(arguments, command: "test", flags: ["--coverage"], options: ["--junit", "--min-coverage", "--coverage-format",
                                                                                                         "--diagnostics-format"])
        let diagnosticFormat = try args.diagnosticFormat()
        guard args.positional.count == 1, let testPath = args.positional.first else {
            throw args.positional.isEmpty ? .missingArgument("a test file", command: "test")
                : .invalidValue(option: "arguments", value: args.positional.joined(separator: " "), expected: "one test file")
        }
        let coverageFormat = args.options["--coverage-format"]
        if let format = coverageFormat, !["text", "json", "mermaid"].contains(format) {
            throw .invalidValue(option: "--coverage-format", value: format, expected: "text, json or mermaid")
        }
        var minimum: Double?
        if let text = args.options["--min-coverage"] {
            guard let value = Double(text), (0...100).contains(value) else {
                throw .invalidValue(option: "--min-coverage", value: text, expected: "a percentage from 0 to 100")
            }
            minimum = value
        }
        let file: WorkflowTestFile
        do { file = try WorkflowTestFile(json: try console.readInput(testPath)) } catch let error as WorkflowTestError {
            throw .locatedInput(testPath + error.message)
        } catch let error as CommandLineError {
            throw error
        } catch {
            throw .invalidInput("\(testPath): \(error)")
        }
        // Paths in the file are relative to it (kept relative, so messages name files as the user did).
        let folder = testPath.lastIndex(of: "/").map { String(testPath[...$0]) } ?? ""
        func resolve(_ path: String) -> String { path.hasPrefix("/") ? path : folder + path }

        let definitionBytes = try console.readDefinitions([resolve(file.definition)], substitutions: file.substitutions.map(resolve))[0]
        let program: Program
        do { program = try Program(json: definitionBytes) } catch {
            throw .invalidDefinition(resolve(file.definition), diagnostics: error.diagnostics, format: diagnosticFormat)
        }
        var input: JSONValue = file.input ?? [:]
        if let path = file.inputFile {
            do { input = try JSONParser.parse(try console.readInput(resolve(path))) } catch let error as JSONSyntaxError {
                throw .locatedInput("\(resolve(path)):\(error)")
            } catch let error as CommandLineError {
                throw error
            } catch {
                throw .invalidInput("\(resolve(path)): \(error)")
            }
        }
        let mockPath = resolve(file.mockConfig)
        let runner: WorkflowTestRunner
        do {
            runner = try WorkflowTestRunner(file: file, program: program, mockConfig: try console.readInput(mockPath),
                                            mockConfigName: mockPath, input: input)
        } catch let error as WorkflowTestError {
            throw .locatedInput(error.message.replacingOccurrences(of: "test file:", with: "\(testPath):"))
        } catch let error as CommandLineError {
            throw error
        } catch {
            throw .invalidInput("\(error)")
        }

        let results = runner.run()
        var failed = 0, pastMocks = 0
        for result in results {
            switch result.outcome {
            case .passed:
                console.write("PASS  \(result.testCase.name)\n")
            case .failed(let differences):
                failed += 1
                console.write("FAIL  \(result.testCase.name)\n")
                for difference in differences { console.write("      \(difference)\n") }
            case .ranPastMocks(let cause):
                pastMocks += 1
                console.write("ERROR \(result.testCase.name): ran past its mocks: \(cause)\n")
            }
        }
        console.write("\(results.count) test cases: \(results.count - failed - pastMocks) passed, \(failed) failed, \(pastMocks) ran past their mocks\n")

        let report = runner.coverage.report(for: program.machine)
        if args.flags.contains("--coverage") || coverageFormat != nil {
            switch coverageFormat ?? "text" {
            case "json": console.write(JSONWriter.string(report.json, style: .pretty) + "\n")
            case "mermaid": console.write(report.mermaid)
            default: console.write("\ncoverage of \(resolve(file.definition)):\n" + report.text)
            }
        }
        var belowMinimum: [String] = []
        if let minimum {
            for kind in [CoverageItem.Kind.state, .catcher] where report.fraction(of: kind) * 100 < minimum {
                let (covered, total) = report.count(of: kind)
                belowMinimum.append("\(kind.title) coverage \(covered)/\(total) is below --min-coverage \(minimum)%")
            }
        }
        if let path = args.options["--junit"] {
            let xml = JUnitReport.xml(suite: testPath, results)
            do { try console.writeFile(path, Array(xml.utf8)) } catch {
                throw .unwritableFile(path, reason: "\(error)")
            }
        }
        if !belowMinimum.isEmpty { throw .belowMinimumCoverage(belowMinimum, ranPastMocks: pastMocks > 0) }
        if pastMocks > 0 { return 3 }
        return failed > 0 ? 1 : 0
    }
}

/// JUnit XML, as CI systems read it: a failed case is a `<failure>`, one that ran past its mocks an `<error>`.
enum JUnitReport {
    static func xml(suite: String, _ results: [WorkflowTestRunner.Result]) -> String {
        let failures = results.count { if case .failed = $0.outcome { true } else { false } }
        let errors = results.count { if case .ranPastMocks = $0.outcome { true } else { false } }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        out += "  <testsuite name=\"\(escape(suite))\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for result in results {
            let seconds = (result.execution.execution.stopTime ?? .zero) - result.execution.execution.startTime
            out += "    <testcase classname=\"\(escape(suite))\" name=\"\(escape(result.testCase.name))\" time=\"\(seconds.seconds)\""
            switch result.outcome {
            case .passed:
                out += "/>\n"
            case .failed(let differences):
                out += ">\n      <failure message=\"\(escape(differences.first ?? ""))\">\(escape(differences.joined(separator: "\n") + "\n\n" + result.execution.timeline))</failure>\n    </testcase>\n"
            case .ranPastMocks(let cause):
                out += ">\n      <error message=\"ran past its mocks\">\(escape(cause + "\n\n" + result.execution.timeline))</error>\n    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // Characters XML 1.0 does not allow.
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}": out += "?"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
