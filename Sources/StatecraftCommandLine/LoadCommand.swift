import Foundation
import StatesLanguage
import StatecraftSimulator

/// `statecraft load DEFINITION --services FILE`: many executions against one modelled account, and the report.
enum LoadCommand {
    static let subcommand = StatecraftCommand.Subcommand(
        name: "load",
        summary: "Start many executions on one virtual clock against a modelled account and report what happened.",
        help: """
            USAGE: statecraft load <definition> --services <file> [--plan <file>]
                                   [--executions <n>] [--over <seconds>] [--arrival burst|uniform|poisson]
                                   [--start-times <file>]
                                   [--input <json> | --input-file <file> | --inputs <file.jsonl> | --input-template <json>]
                                   [--duration fixed:S|uniform:A..B|lognormal:MU,SIGMA] [--profile default|seed-002]
                                   [--mock-config <file> --test-case <name> [--machine <name>]]
                                   [--substitutions <file>] [--seed <n>] [--format text|json] [--chart <file.svg>]
                                   [--compare <other definition> | --sweep NAME=A..B[:STEP]]
                                   [--diagnostics-format text|json|github|sarif]

            Starts every execution at its arrival time on one simulator, against the one account the
            services file describes: executions compete for RunTask tokens, task slots, vCPUs and gate
            slots. Statistics are gathered as executions end; their histories are not kept. On a
            terminal, a progress line goes to standard error while a run takes more than a second.

            OPTIONS:
              --services <file>     The services file: the modelled account (required).
              --plan <file>         A load plan (JSON; keys in Docs/Load.md); the flags below override it.
              --executions <n>      How many executions (default 100).
              --over <seconds>      The window they arrive in (default 0).
              --arrival <kind>      burst (all at 0, default), uniform (evenly spaced), poisson (seeded).
              --start-times <file>  A JSON array of start times in seconds (e.g. S3 event times), instead.
              --input <json>        Every execution's input (default {}).
              --input-file <file>   Read that input from a file.
              --inputs <file>       One input per line (JSON Lines); execution i takes line i (cycling).
              --input-template <json>
                                    JSON text in which {{index}} becomes the execution's index.
              --duration <spec>     How long each ECS task runs, drawn per task (seeded): fixed:60,
                                    uniform:60..600, lognormal:5,0.5 (default: the task definition's).
              --profile <name>      The account's ECS quotas: default (AWS's documented values today) or
                                    seed-002 (seed 002's 2020 account: 100 tasks, RunTask 100 + 40/s);
                                    without it, the services file's (today's unless it says otherwise).
              --mock-config <file>, --test-case <name>, --machine <name>
                                    Mock configuration responses win for their states, as in 'run'.
              --substitutions <file>
                                    DefinitionSubstitutions for ${Name} placeholders, as in 'run'.
              --seed <n>            Seeds arrivals, durations, jitter and ids (default 0).
              --format <fmt>        'text' (default) or 'json' (the keys of Docs/Load.md).
              --compare <definition>
                                    Run a second definition on the same arrivals, seed and account
                                    settings and print both reports side by side (JSON: {"compare": […]}).
              --sweep NAME=A..B[:STEP]
                                    Run once per value of one setting (STEP 1 when left out), on the
                                    same arrivals and seed; print a table and the value with no
                                    failures and the least makespan. NAME: gate.limit,
                                    retry.maxAttempts(STATE[, ERROR]), retry.intervalSeconds(STATE[, ERROR]),
                                    ecs.<quota> (e.g. ecs.runTaskBurst, ecs.fargateOnDemandVCPUs),
                                    lambda.reservedConcurrency(FUNCTION).
              --chart <file.svg>    Also draw the run over virtual time as a self-contained SVG: running
                                    tasks vs quota, RunTask throttles/s, gate holders vs limit, executions.
              --diagnostics-format <fmt>
                                    How the errors of an invalid definition are printed on standard
                                    error: 'text' (default), 'json', 'github' or 'sarif'.
              -h, --help            Show this help.

            EXIT CODES: 0 every execution SUCCEEDED and none was throttled at start (with --sweep:
            some value ran without failures), 1 otherwise,
            2 usage error, unreadable file, invalid definition, services file, plan or input.

            """,
        run: run)

    static let options: Set<String> = [
        "--services", "--plan", "--executions", "--over", "--arrival", "--start-times", "--input", "--input-file", "--inputs",
        "--input-template", "--duration", "--profile", "--mock-config", "--test-case", "--machine", "--substitutions", "--seed", "--format", "--chart", "--compare",
        "--sweep", "--diagnostics-format",
    ]

    static func run(_ arguments: [String], _ console: Console) throws(CommandLineError) -> Int32 {
        let args = try Arguments(arguments, command: "load", flags: [], options: options)
        let format = try args.format(["text", "json"], default: "text")
        let diagnosticFormat = try args.diagnosticFormat()
        let definitionPath = try args.definitionPath(command: "load")
        guard let servicesPath = args.options["--services"] else { throw .missingArgument("--services <file>", command: "load") }
        let inputOptions = ["--input", "--input-file", "--inputs", "--input-template"].filter { args.options[$0] != nil }
        if inputOptions.count > 1 { throw .conflictingOptions(inputOptions[0], inputOptions[1]) }

        // The plan: the file, then the flags.
        var plan = LoadPlan()
        if let path = args.options["--plan"] {
            let bytes = try console.readInput(path)
            do { try plan.apply(planFile: bytes) } catch { throw .invalidInput("\(path):\(error.message)") }
        }
        do { try applyFlags(args, to: &plan, console) } catch let error as LoadPlanError { throw .invalidInput(error.message) }
        catch let error as CommandLineError { throw error }
        catch { throw .invalidInput("\(error)") }

        // The definitions (with --compare, two on the same arrivals and seed), the mocks and the account.
        let paths = [definitionPath] + (args.options["--compare"].map { [$0] } ?? [])
        let definitions = try console.readDefinitions(paths, substitutions: args.options["--substitutions"])
        var programs: [(name: String, program: Program)] = []
        var definitionBytes: [UInt8] = []
        for (path, bytes) in zip(paths, definitions) {
            let name = path == "-" ? "<stdin>" : path
            if programs.isEmpty { definitionBytes = bytes }
            do { programs.append((name, try Program(json: bytes))) } catch {
                throw .invalidDefinition(name, diagnostics: error.diagnostics, format: diagnosticFormat)
            }
        }
        let mockFile = try args.mockConfiguration(console, command: "load").map { ($0.file, $0.testCase) }
        let servicesBytes = try console.readInput(servicesPath)
        let seed = plan.seed
        do { _ = try AWSServices.load(servicesBytes) } catch { throw .invalidInput("\(servicesPath):\(error)") }

        if let sweep = plan.sweep {
            return try run(sweep, definition: definitionBytes, plan: plan, mockFile: mockFile,
                         machine: args.options["--machine"], servicesBytes: servicesBytes, format: format, console)
        }

        var reports: [LoadReport] = []
        var chart: LoadChart?
        for (name, program) in programs {
            do {
                // Fresh mocks for each run: their invocation counters start from 0.
                let mocks: [ServiceIntegration] = try mockFile.map { [try $0.0.mocks(testCase: $0.1, machine: args.options["--machine"])] } ?? []
                let load = LoadRun(program: program, plan: plan, mocks: mocks) { try AWSServices.load(servicesBytes, seed: seed ^ 0x5747_5343) }
                reports.append(try load.run(progress: progressLine(console)))
                if chart == nil { chart = load.chart }
            } catch { throw .invalidInput("\(name): \(error)") }
            if progressShown { console.writeError("\r\u{1B}[K") }
        }
        if let path = args.options["--chart"], let chart {
            do { try console.writeFile(path, Array(chart.svg.utf8)) } catch {
                throw .unwritableFile(path, reason: CommandLineError.describe(error))
            }
        }
        if reports.count == 1 {
            console.write(format == "json" ? JSONWriter.string(reports[0].json, style: .pretty) : reports[0].text)
        } else if format == "json" {
            let pairs = zip(programs, reports).map { JSONValue.object(JSONObject(distinctPairs: [("definition", .string($0.name)), ("report", $1.json)])) }
            console.write(JSONWriter.string(.object(JSONObject(distinctPairs: [("compare", .array(pairs))])), style: .pretty))
        } else {
            console.write(sideBySide(programs.map(\.name), reports.map(\.text)))
        }
        let clean = reports.allSatisfy { $0.statuses["SUCCEEDED"] == $0.started && $0.throttledStarts == 0 }
        return clean ? 0 : 1
    }

    /// `--sweep`: one run per value, the table and the recommendation.
    static func run(_ sweep: LoadSweep, definition bytes: [UInt8], plan: LoadPlan, mockFile: (MockConfigFile, String)?,
                    machine: String?, servicesBytes: [UInt8], format: String, _ console: Console) throws(CommandLineError) -> Int32 {
        do {
            let definition = try JSONParser.parse(bytes)
            let seed = plan.seed
            let result = try sweep.run(definition: definition, plan: plan,
                                       mocks: { try mockFile.map { [try $0.0.mocks(testCase: $0.1, machine: machine)] } ?? [] },
                                       services: { try AWSServices.load(servicesBytes, seed: seed ^ 0x5747_5343) })
            console.write(format == "json" ? JSONWriter.string(result.json, style: .pretty) : result.text)
            return result.recommended == nil ? 1 : 0
        } catch let error as LoadPlanError {
            throw .invalidInput("--sweep: \(error.message)")
        } catch {
            throw .invalidInput("--sweep: \(error)")
        }
    }

    /// Two texts in columns, each headed by its definition's name.
    static func sideBySide(_ names: [String], _ texts: [String]) -> String {
        let columns = zip(names, texts).map { [$0] + $1.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
        let width = (columns.first?.map(\.count).max() ?? 0) + 3
        let rows = columns.map(\.count).max() ?? 0
        var out = ""
        for row in 0..<rows {
            let left = row < columns[0].count ? columns[0][row] : ""
            let right = columns.count > 1 && row < columns[1].count ? columns[1][row] : ""
            out += (right.isEmpty ? left : left.padding(toLength: width, withPad: " ", startingAt: 0) + right) + "\n"
        }
        return out
    }

    nonisolated(unsafe) static var progressShown = false

    /// On a terminal, a progress line on standard error (executions ended, virtual time, wall time),
    /// shown once the run has taken a second; nothing when standard error is not a terminal.
    static func progressLine(_ console: Console) -> ((Int, Double) -> Void)? {
        progressShown = false
        guard console is ProcessConsole, isatty(STDERR_FILENO) == 1 else { return nil }
        let start = Date()
        return { ended, virtual in
            let wall = Date().timeIntervalSince(start)
            guard wall >= 1 else { return }
            progressShown = true
            console.writeError(String(format: "\r\u{1B}[K%d executions ended, virtual %.0f s, wall %.1f s", ended, virtual, wall))
        }
    }

    /// Applies the flags over the plan.
    static func applyFlags(_ args: Arguments, to plan: inout LoadPlan, _ console: Console) throws -> Void {
        let o = args.options
        if let text = o["--executions"] {
            guard let v = Int(text), v >= 0 else { throw CommandLineError.invalidValue(option: "--executions", value: text, expected: "a non-negative integer") }
            plan.executions = v
        }
        if let text = o["--over"] {
            guard let v = Double(text), v.isFinite, v >= 0 else { throw CommandLineError.invalidValue(option: "--over", value: text, expected: "seconds ≥ 0") }
            plan.overSeconds = v
        }
        if let text = o["--arrival"] {
            guard let v = LoadPlan.Arrival(rawValue: text) else { throw CommandLineError.invalidValue(option: "--arrival", value: text, expected: "burst, uniform or poisson") }
            plan.arrival = v
        }
        if let text = o["--seed"] {
            guard let v = UInt64(text) else { throw CommandLineError.invalidValue(option: "--seed", value: text, expected: "a non-negative integer") }
            plan.seed = v
        }
        if let text = o["--profile"] {
            guard let v = LoadPlan.Profile(named: text) else { throw CommandLineError.invalidValue(option: "--profile", value: text, expected: "default or seed-002") }
            plan.profile = v
        }
        if let text = o["--sweep"] {
            do { plan.sweep = try LoadSweep(parsing: text) } catch { throw LoadPlanError("--sweep: \(error.message)") }
        }
        if plan.sweep != nil {
            for other in ["--compare", "--chart"] where o[other] != nil { throw CommandLineError.conflictingOptions("--sweep", other) }
        }
        if let text = o["--duration"] {
            do { plan.duration = try LoadPlan.Duration(parsing: text) } catch { throw LoadPlanError("--duration: \(error.message)") }
        }
        if let path = o["--start-times"] {
            guard case .array(let items)? = try? JSONParser.parse(try console.readInput(path)) else {
                throw LoadPlanError("\(path): expected a JSON array of start times in seconds")
            }
            var times: [Double] = []
            for (i, item) in items.enumerated() {
                guard let v = item.numberValue?.doubleValue, v.isFinite, v >= 0 else { throw LoadPlanError("\(path): element \(i) is not a number of seconds ≥ 0") }
                times.append(v)
            }
            plan.startTimes = times
        }
        if let text = o["--input"] {
            do { plan.inputs = .one(try JSONParser.parse(text)) } catch { throw LoadPlanError("--input is not valid JSON: \(error)") }
        } else if let path = o["--input-file"] {
            do { plan.inputs = .one(try JSONParser.parse(try console.readInput(path))) } catch let error as JSONSyntaxError { throw LoadPlanError("\(path):\(error)") }
        } else if let path = o["--inputs"] {
            let text = String(decoding: try console.readInput(path), as: UTF8.self)
            var values: [JSONValue] = []
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                do { values.append(try JSONParser.parse(String(line))) } catch { throw LoadPlanError("\(path):\(number + 1): not valid JSON: \(error)") }
            }
            guard !values.isEmpty else { throw LoadPlanError("\(path): no inputs (expected one JSON value per line)") }
            plan.inputs = .list(values)
        } else if let text = o["--input-template"] {
            plan.inputs = .template(text)
            _ = try plan.input(0)
        }
    }
}
