import Foundation
import StatesLanguage
import Testing

@testable import StatecraftSimulator
import StatecraftTestSupport

/// Replays the recorded AWS executions made only of Pass, Succeed and Fail states (JSONPath mode)
/// with a tiny interpreter built on ``DataFlow`` alone, and compares the final status, output,
/// error and cause, and every `PassStateExited` output and `assignedVariables`, with what AWS wrote.
@Suite(.enabled(if: SharedFixtures.isAvailable, "needs ../shared (or STATECRAFT_SHARED)"))
struct DataCorpusTests {
    @Test func passOnlyMachinesReplayExactly() throws {
        let cases = try DataCorpus.passOnlyCases()
        var failures: [String] = []
        for c in cases {
            let problems = DataCorpus.check(c)
            if !problems.isEmpty { failures.append("\(c.id): " + problems.joined(separator: "; ")) }
        }
        let passed = cases.count - failures.count
        print("data corpus: \(passed)/\(cases.count) Pass/Succeed/Fail-only executions match AWS")
        for f in failures { print("  mismatch: \(f)") }
        #expect(cases.count > 150, "expected the Pass-only subset of the corpus")
        #expect(failures.isEmpty, "\(failures.count) mismatches:\n\(failures.joined(separator: "\n"))")
    }
}

/// One recorded execution of the corpus.
struct DataCorpusCase {
    var id: String
    var definition: JSONValue
    var input: JSONValue
    var expected: JSONValue
}

/// What the tiny interpreter observed.
struct DataCorpusRun {
    var status = "SUCCEEDED"
    var output: JSONValue?
    var error: String?
    var cause: String?
    /// Each `PassStateExited`: state name, output, assigned variables.
    var passExits: [(name: String, output: JSONValue, assigned: [(String, JSONValue)]?)] = []
}

enum DataCorpus {
    /// The JSONPath cases whose machines use only Pass, Succeed and Fail (the suite runs only when
    /// the shared folder is there: ``SharedFixtures/isAvailable``).
    static func passOnlyCases() throws -> [DataCorpusCase] {
        var cases: [DataCorpusCase] = []
        for json in try SharedFixtures.jsonLines("conformance/localstack/cases.jsonl") {
            guard case .object(let c) = json, let definition = c["definition"], let expected = c["expected"] else { continue }
            let tags = c["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if tags.contains("jsonata") { continue }
            guard let states = definition["States"]?.objectValue,
                  states.allSatisfy({ ["Pass", "Succeed", "Fail"].contains($0.value["Type"]?.stringValue ?? "") }) else { continue }
            cases.append(DataCorpusCase(id: c["id"]?.stringValue ?? "?", definition: definition, input: c["input"] ?? .null, expected: expected))
        }
        return cases
    }

    // MARK: Running

    static let startTime = "2024-05-01T12:00:00.000Z"
    static let enteredTime = "2024-05-01T12:00:00.250Z"

    /// The context object as AWS builds it for these executions, with the corpus' normalised names.
    static func context(input: JSONValue, state: String) -> JSONValue {
        [
            "Execution": [
                "Id": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
                "Input": input,
                "StartTime": .string(startTime),
                "Name": "<ExecArnPart_0idx>",
                "RoleArn": "snf_role_arn",
                "RedriveCount": 0,
            ],
            "StateMachine": [
                "Id": "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>",
                "Name": "<ArnPart_0idx>",
            ],
            "State": ["Name": .string(state), "EnteredTime": .string(enteredTime)],
        ]
    }

    /// Runs a single chain of Pass/Succeed/Fail states: InputPath → Parameters → Result → ResultPath
    /// → OutputPath, Assign against the state's result, Fail ErrorPath/CausePath against the input.
    static func run(_ machine: StateMachine, input executionInput: JSONValue) -> DataCorpusRun {
        var run = DataCorpusRun()
        var random = SeededRandom(seed: 7)
        var variables: [String: JSONValue] = [:]
        var name = machine.startAt
        var input = executionInput
        var eventId = 1  // ExecutionStarted
        for _ in 0..<1000 {
            guard let state = machine.state(named: name) else {
                run.status = "FAILED"; run.error = "Harness"; run.cause = "no state \(name)"
                return run
            }
            eventId += 1
            let entered = eventId
            let scope = DataScope(input: input, context: context(input: executionInput, state: name), variables: variables)
            do throws(RuntimeError) {
                switch state.kind {
                case .pass(let pass):
                    let effective = try DataFlow.inputPath(pass.inputPath, scope)
                    var result = effective
                    if let parameters = pass.parameters {
                        result = try DataFlow.evaluate(parameters, scope.with(input: effective), random: &random)
                    }
                    if let r = pass.result { result = r }
                    let assigned = try pass.assign.map { t throws(RuntimeError) in
                        try DataFlow.evaluate(t, scope.with(input: result), random: &random)
                    }
                    let output = try DataFlow.outputPath(pass.outputPath,
                        try DataFlow.applyResultPath(pass.resultPath, result: result, input: input), scope)
                    if DataFlow.serialize(output).utf8.count > 262_144 {
                        run.status = "FAILED"
                        run.error = "States.DataLimitExceeded"
                        run.cause = "The state/task '\(name)' returned a result with a size exceeding the maximum number of bytes service limit."
                        return run
                    }
                    eventId += 1
                    var assignedList: [(String, JSONValue)]?
                    if case .object(let fields)? = assigned {
                        assignedList = fields.map { ($0.key, $0.value) }
                        for f in fields { variables[f.key] = f.value }
                    }
                    run.passExits.append((name, output, assignedList))
                    input = output
                    switch pass.transition {
                    case .end:
                        run.output = output
                        return run
                    case .next(let n):
                        name = n
                    }
                case .succeed(let succeed):
                    let effective = try DataFlow.inputPath(succeed.inputPath, scope)
                    run.output = try DataFlow.outputPath(succeed.outputPath, effective, scope)
                    return run
                case .fail(let fail):
                    run.status = "FAILED"
                    run.error = try text(fail.error, field: "ErrorPath", scope, &random)
                    run.cause = try text(fail.cause, field: "CausePath", scope, &random)
                    return run
                default:
                    run.status = "FAILED"; run.error = "Harness"; run.cause = "unsupported state type \(state.typeName)"
                    return run
                }
            } catch {
                let e = error.error == "States.Runtime" ? error.prefixed(state: name, enteredEventId: entered) : error
                run.status = "FAILED"
                run.error = e.error
                run.cause = e.cause
                return run
            }
        }
        run.status = "FAILED"; run.error = "Harness"; run.cause = "too many transitions"
        return run
    }

    static func text(_ source: FailState.Source?, field: String, _ scope: DataScope, _ random: inout SeededRandom) throws(RuntimeError) -> String? {
        switch source {
        case nil: return nil
        case .literal(let s)?: return s
        case .expression(let e)?:
            let value = try DataFlow.evaluate(e, scope, field: field, random: &random)
            if case .string(let s) = value { return s }
            return DataFlow.serialize(value)
        }
    }

    // MARK: Comparing

    /// Every difference between the run and the recording; empty when they agree.
    static func check(_ c: DataCorpusCase) -> [String] {
        let decoded = ASLDecoder.decode(c.definition)
        guard let machine = decoded.machine else { return ["definition does not decode"] }
        let run = run(machine, input: c.input)
        if ProcessInfo.processInfo.environment["DATA_CORPUS_DUMP"] != nil {
            print("RUN \(c.id): \(run.status) \(run.output.map(DataFlow.serialize) ?? "-") \(run.error ?? "-") \(run.cause ?? "-")")
            for e in run.passExits {
                print("    exit \(e.name) \(DataFlow.serialize(e.output)) \(e.assigned.map { $0.map { "\($0.0)=\(DataFlow.serialize($0.1))" }.joined(separator: " ") } ?? "")")
            }
        }
        var problems: [String] = []
        let expected = c.expected
        let status = expected["status"]?.stringValue ?? "?"
        if status != run.status { problems.append("status \(run.status), expected \(status) (\(run.error ?? "") \(run.cause ?? ""))") }
        if status == "SUCCEEDED" {
            let want = expected["output"] ?? .null
            if !matches(want, run.output ?? .null, ordered: true) {
                problems.append("output \(run.output.map(DataFlow.serialize) ?? "none"), expected \(DataFlow.serialize(want))")
            }
        } else {
            if !optionalTextMatches(expected["error"]?.stringValue, run.error) {
                problems.append("error \(run.error ?? "nil"), expected \(expected["error"]?.stringValue ?? "nil")")
            }
            if !optionalTextMatches(expected["cause"]?.stringValue, run.cause) {
                problems.append("cause \(run.cause ?? "nil"), expected \(expected["cause"]?.stringValue ?? "nil")")
            }
        }
        let exits = (expected["events"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == "PassStateExited" }
        if exits.count != run.passExits.count {
            problems.append("\(run.passExits.count) PassStateExited events, expected \(exits.count)")
        }
        for (want, got) in zip(exits, run.passExits) {
            let details = want["details"] ?? .null
            if details["name"]?.stringValue != got.name { problems.append("exited \(got.name), expected \(details["name"]?.stringValue ?? "?")") }
            if let wantOutput = details["output"], !detailMatches(wantOutput, got.output) {
                problems.append("\(got.name) output \(DataFlow.serialize(got.output)), expected \(DataFlow.serialize(wantOutput))")
            }
            let wantAssigned = details["assignedVariables"]?.objectValue
            switch (wantAssigned, got.assigned) {
            case (nil, nil): break
            case (let w?, let g?):
                if w.count != g.count { problems.append("\(got.name) assigned \(g.count) variables, expected \(w.count)") }
                for m in w {
                    guard let value = g.first(where: { $0.0 == m.key })?.1 else {
                        problems.append("\(got.name) did not assign \(m.key)")
                        continue
                    }
                    if !detailMatches(m.value, value) {
                        problems.append("\(got.name) assigned \(m.key) = \(DataFlow.serialize(value)), expected \(DataFlow.serialize(m.value))")
                    }
                }
            case (nil, let g?):
                if !g.isEmpty { problems.append("\(got.name) assigned variables AWS did not record") }
            case (_?, nil):
                problems.append("\(got.name) assigned nothing, AWS recorded assignedVariables")
            }
        }
        return problems
    }

    /// A history detail holds JSON text; the recorder parsed the texts that start with `{`.
    static func detailMatches(_ recorded: JSONValue, _ value: JSONValue) -> Bool {
        if case .string(let text) = recorded {
            return glob(text, normalise(DataFlow.serialize(value)))
        }
        return matches(recorded, value, ordered: true)
    }

    static func optionalTextMatches(_ expected: String?, _ actual: String?) -> Bool {
        switch (expected, actual) {
        case (nil, nil): return true
        case (let e?, let a?): return glob(e, normalise(a))
        default: return false
        }
    }

    /// Whole values the recording's transformers replaced with fixed words.
    static let fixedWords: Set<String> = ["date", "datetime", "timestamp", "start-time", "entered-time",
                                          "RandomNumberGenerated", "generated-uuid"]

    /// JSON equality where recorded strings may hold `<...>` wildcards and fixed words, and the
    /// simulator's ISO timestamps read as `date`.
    static func matches(_ expected: JSONValue, _ actual: JSONValue, ordered: Bool) -> Bool {
        switch (expected, actual) {
        case (.string(let e), _) where fixedWords.contains(e):
            return true
        case (.string(let e), .string(let a)):
            return glob(e, normalise(a))
        case (.number(let e), .number(let a)):
            return e.isNumericallyEqual(to: a)
        case (.array(let e), .array(let a)):
            return e.count == a.count && zip(e, a).allSatisfy { matches($0, $1, ordered: ordered) }
        case (.object(let e), .object(let a)):
            guard e.count == a.count else { return false }
            if ordered && e.keys != a.keys { return false }
            return e.allSatisfy { m in a[m.key].map { matches(m.value, $0, ordered: ordered) } ?? false }
        default:
            return expected == actual
        }
    }

    /// ISO-8601 date-times become `date`, as the recorder normalised them.
    static func normalise(_ text: String) -> String {
        text.replacing(#/[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}(:?\d{2})?)/#, with: "date")
    }

    /// Whether `text` matches `pattern`, where each `<...>` in the pattern matches any run of characters.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        var parts: [String] = []
        var current = ""
        var inPlaceholder = false
        var placeholder = ""
        for c in pattern {
            if inPlaceholder {
                placeholder.append(c)
                if c == ">" { inPlaceholder = false; parts.append(current); current = ""; placeholder = "" }
                if c == "<" { current += placeholder.dropLast(); placeholder = "<" }
            } else if c == "<" {
                inPlaceholder = true
                placeholder = "<"
            } else {
                current.append(c)
            }
        }
        current += placeholder
        parts.append(current)
        if parts.count == 1 { return pattern == text }
        // Literal parts must appear in order; the first anchors the start and the last the end.
        let t = Array(text.unicodeScalars)
        let p = parts.map { Array($0.unicodeScalars) }
        func starts(_ at: Int, _ lit: [Unicode.Scalar]) -> Bool {
            at + lit.count <= t.count && Array(t[at..<at + lit.count]) == lit
        }
        guard starts(0, p[0]) else { return false }
        var position = p[0].count
        for k in 1..<(p.count - 1) {
            let lit = p[k]
            var found = -1
            var i = position
            while i + lit.count <= t.count {
                if starts(i, lit) { found = i; break }
                i += 1
            }
            if found < 0 { return false }
            position = found + lit.count
        }
        let last = p[p.count - 1]
        return t.count - last.count >= position && starts(t.count - last.count, last)
    }
}
