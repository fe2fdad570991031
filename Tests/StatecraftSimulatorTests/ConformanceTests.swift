import Foundation
import Testing
import StatesLanguage
@testable import StatecraftSimulator
import StatecraftTestSupport

/// Runs the JSONPath-mode executions recorded against real AWS (../shared/conformance/localstack)
/// and compares status, output, error, cause and every event (type, id, previousEventId, details).
@Suite(.enabled(if: SharedFixtures.isAvailable, "needs ../shared (or STATECRAFT_SHARED)"))
struct ConformanceTests {
    /// The recorded JSONPath-mode cases the simulator knows it does not replay, each explained in
    /// Docs/Conformance.md. Every other case must replay exactly, and a listed case that starts
    /// passing fails the test too, so that the list (and the page) stays true.
    static let knownDifferences: Set<String> = [
        "tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_lambda_invoke_with_retry_extended_input",
        "tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_lambda_service_invoke_with_retry_extended_input",
        "tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.py::TestBaseScenarios::test_parallel_state_nested",
    ]

    /// The recorded JSONata-mode cases the simulator knows it does not replay (none).
    static let knownJSONataDifferences: Set<String> = []

    /// Checks the failures against a known-differences list: each unexpected failure and each listed
    /// case that passed is an issue of its own, naming the case.
    static func check(_ failures: [(id: String, reason: String)], ran ids: Set<String>, against known: Set<String>) {
        let failed = Set(failures.map(\.id))
        for f in failures where !known.contains(f.id) {
            Issue.record("\(f.id) no longer replays exactly: \(f.reason)")
        }
        for id in known.sorted() where !failed.contains(id) {
            if ids.contains(id) {
                Issue.record("\(id) now replays exactly: take it off the known differences (the test and Docs/Conformance.md)")
            } else {
                Issue.record("\(id) is listed as a known difference but is not in the corpus")
            }
        }
    }

    @Test func recordedAWSExecutionsReplay() throws {
        var passed = 0
        var failures: [(id: String, reason: String)] = []
        let cases = try SharedFixtures.jsonLines("conformance/localstack/cases.jsonl").filter { c in
            !(c["tags"]?.arrayValue ?? []).contains("jsonata")
        }
        for c in cases {
            let id = c["id"]?.stringValue ?? "?"
            switch Conformance.run(c) {
            case nil: passed += 1
            case let reason?: failures.append((id, reason))
            }
        }
        let rate = Double(passed) / Double(max(cases.count, 1))
        print("conformance: \(passed)/\(cases.count) JSONPath-mode executions replay exactly (\(String(format: "%.1f", rate * 100))%)")
        var byReason: [String: Int] = [:]
        for f in failures { byReason[String(f.reason.prefix(60)), default: 0] += 1 }
        for (reason, count) in byReason.sorted(by: { $0.value > $1.value }).prefix(25) { print("  \(count) × \(reason)") }
        if ProcessInfo.processInfo.environment["STATECRAFT_CONFORMANCE_DETAILS"] == "1" {
            for f in failures { print("  FAIL \(f.id): \(f.reason)") }
        }
        Self.check(failures, ran: Set(cases.map { $0["id"]?.stringValue ?? "?" }), against: Self.knownDifferences)
    }

    /// JSONata-mode executions: the same comparison, against their own list.
    @Test func recordedJSONataExecutionsReplay() throws {
        var passed = 0
        var failures: [(id: String, reason: String)] = []
        let cases = try SharedFixtures.jsonLines("conformance/localstack/cases.jsonl").filter { c in
            (c["tags"]?.arrayValue ?? []).contains("jsonata")
        }
        for c in cases {
            switch Conformance.run(c) {
            case nil: passed += 1
            case let reason?: failures.append((c["id"]?.stringValue ?? "?", reason))
            }
        }
        let rate = Double(passed) / Double(max(cases.count, 1))
        print("conformance (JSONata): \(passed)/\(cases.count) executions replay exactly (\(String(format: "%.1f", rate * 100))%)")
        var byReason: [String: Int] = [:]
        for f in failures { byReason[String(f.reason.prefix(90)), default: 0] += 1 }
        for (reason, count) in byReason.sorted(by: { $0.value > $1.value }).prefix(25) { print("  \(count) × \(reason)") }
        if ProcessInfo.processInfo.environment["STATECRAFT_CONFORMANCE_DETAILS"] == "1" {
            for f in failures { print("  FAIL \(f.id): \(f.reason)") }
        }
        Self.check(failures, ran: Set(cases.map { $0["id"]?.stringValue ?? "?" }), against: Self.knownJSONataDifferences)
    }
}

/// Replays one recorded case; `nil` when everything matches, else the first difference.
enum Conformance {
    static func run(_ c: JSONValue) -> String? {
        guard let definition = c["definition"] else { return "no definition" }
        let (decoded, problems) = ASLDecoder.decode(definition)
        guard let machine = decoded, !problems.hasErrors else { return "definition does not decode: \(problems.first?.description ?? "")" }
        // The API responses recorded as TaskSubmitted (for .sync and callback tasks), per state, in order:
        // mock inputs, like the results themselves.
        var submitted: [String: [JSONValue]] = [:]
        var current = ""
        for e in c["expected"]?["events"]?.arrayValue ?? [] {
            if e["type"] == "TaskStateEntered", let name = e["details"]?["name"]?.stringValue { current = name }
            if e["type"] == "TaskSubmitted", let output = e["details"]?["output"] {
                submitted[current, default: []].append(output.stringValue.flatMap { try? JSONParser.parse($0) } ?? output)
            }
        }
        let mocks = ScriptedMocks()
        if case .object(let byState)? = c["mocks"] {
            for entry in byState {
                var responses = submitted[entry.key] ?? []
                let outcomes: [TaskOutcome] = (entry.value.arrayValue ?? []).map { item in
                    // (Not a ternary: `nil` there would become JSON null, JSONValue being nil-literal expressible.)
                    var api: JSONValue?
                    if !responses.isEmpty { api = responses.removeFirst() }
                    if let value = item["Return"] { return .success(value, submitted: api) }
                    // An explicit null error: the worker's SendTaskFailure gave none (an empty name is none).
                    let error = item["Throw"]?["Error"] == .null ? "" : item["Throw"]?["Error"]?.stringValue ?? "States.TaskFailed"
                    let cause = item["Throw"]?["Cause"]?.stringValue
                    if error == "States.Timeout" || error == "States.HeartbeatTimeout" { return .timeout(error: error, submitted: api) }
                    return .failure(error: error, cause: cause, submitted: api)
                }
                mocks.state(entry.key, responses: outcomes)
            }
        }
        let objects = InMemoryS3()
        for object in c["s3Objects"]?.arrayValue ?? [] {
            if let bucket = object["Bucket"]?.stringValue, let key = object["Key"]?.stringValue {
                objects.put(bucket: bucket, key: key, body: object["Body"]?.stringValue ?? object["Body"].map { JSONWriter.string($0) } ?? "")
            }
        }
        // The execution role is configuration: take the recorded one.
        let role = c["expected"]?["events"]?.arrayValue?.first?["details"]?["roleArn"]?.stringValue ?? "snf_role_arn"
        var configuration = Simulator.Configuration(region: "<region>", account: "111111111111", partition: "<partition>",
                                                    stateMachineName: "<ArnPart_0idx>", roleArn: role)
        // Recordings made before late 2024 show the earlier distributed-Map behaviour: select the AWS
        // version the case was recorded with, as the role and region.
        let recorded = c["expected"]?["events"]?.arrayValue ?? []
        if let exited = recorded.first(where: { $0["type"] == "MapStateExited" }),
           let succeeded = recorded.first(where: { $0["type"] == "MapRunSucceeded" }), exited["previousEventId"] == succeeded["id"] {
            configuration.mapStateExitedFollowsMapRunStarted = false
        }
        // A recording without mocks had no worker: its activities did not exist.
        if c["mocks"] == nil { configuration.activities = [] }
        // So is the activity worker's name.
        if let started = recorded.first(where: { $0["type"] == "ActivityStarted" }) {
            configuration.activityWorkerName = started["details"]?["workerName"]?.stringValue
        }
        let simulator = Simulator(
            configuration: configuration,
            services: [mocks, objects])
        let execution = simulator.run(Program(machine), input: c["input"] ?? [:], name: "<ExecArnPart_0idx>")
        guard let expected = c["expected"] else { return "no expectation" }
        if execution.status.rawValue != expected["status"]?.stringValue {
            return "status \(execution.status.rawValue) ≠ \(expected["status"]?.stringValue ?? "?") (error \(execution.error ?? "-"): \(execution.cause ?? "-"))"
        }
        if let output = expected["output"], !output.isNull {
            guard let actual = execution.output, same(normalise(actual), output) else {
                return "output \(execution.output.map { JSONWriter.string($0) } ?? "nil") ≠ \(JSONWriter.string(output))"
            }
        }
        if case .string(let error)? = expected["error"], execution.error != error {
            return "error \(execution.error ?? "nil") ≠ \(error)"
        }
        if case .string(let cause)? = expected["cause"], !sameText(execution.cause ?? "", cause) {
            return "cause \(execution.cause ?? "nil") ≠ \(cause)"
        }
        let events = expected["events"]?.arrayValue ?? []
        let unordered = (c["tags"]?.arrayValue ?? []).contains("parallel-events-unordered")
        if unordered { return compareUnordered(execution.history, events) }
        for (i, e) in events.enumerated() {
            guard i < execution.history.count else { return "event \(i + 1) \(e["type"]?.stringValue ?? "") missing (history has \(execution.history.count))" }
            let actual = execution.history[i]
            if let reason = compare(actual, e) { return "event \(i + 1): \(reason)" }
        }
        if execution.history.count > events.count {
            return "extra event \(events.count + 1) \(execution.history[events.count].type)"
        }
        return nil
    }

    static func compare(_ actual: HistoryEvent, _ e: JSONValue) -> String? {
        if actual.type != e["type"]?.stringValue { return "type \(actual.type) ≠ \(e["type"]?.stringValue ?? "")" }
        if actual.id != e["id"]?.numberValue?.intValue { return "\(actual.type) id \(actual.id) ≠ \(e["id"].map { JSONWriter.string($0) } ?? "")" }
        if actual.previousEventId != e["previousEventId"]?.numberValue?.intValue {
            return "\(actual.type) #\(actual.id) previousEventId \(actual.previousEventId) ≠ \(e["previousEventId"].map { JSONWriter.string($0) } ?? "")"
        }
        let expectedDetails = e["details"] ?? .null
        let actualDetails = actual.details.map { normaliseDetails(.object($0)) } ?? .null
        if !same(actualDetails, expectedDetails, details: true) {
            return "\(actual.type) #\(actual.id) details \(JSONWriter.string(actualDetails)) ≠ \(JSONWriter.string(expectedDetails))"
        }
        return nil
    }

    static func compareUnordered(_ fullHistory: [HistoryEvent], _ events: [JSONValue]) -> String? {
        // LocalStack dropped these events when it sorted the branch events (see the corpus README).
        let dropped: Set<String> = ["ParallelStateSucceeded", "ParallelStateFailed"]
        var history = fullHistory.filter { !dropped.contains($0.type) }
        if history.count == events.count + 1,
           let i = history.lastIndex(where: { $0.type == "ParallelStateExited" }), history.filter({ $0.type == "ParallelStateExited" }).count > 1,
           !events.contains(where: { $0["type"] == "ParallelStateExited" && $0["id"] == .number(JSONNumber(history[i].id)) }) {
            history.remove(at: history.firstIndex(where: { $0.type == "ParallelStateExited" }) ?? i)
        }
        if history.count != events.count { return "history has \(history.count) events, expected \(events.count)" }
        var remaining = events
        for actual in history {
            let details = actual.details.map { normaliseDetails(.object($0)) } ?? .null
            guard let i = remaining.firstIndex(where: { $0["type"]?.stringValue == actual.type && same(details, $0["details"] ?? .null, details: true) }) else {
                return "no matching event for \(actual.type) \(JSONWriter.string(details))"
            }
            remaining.remove(at: i)
        }
        return nil
    }

    /// Applies the corpus's normalisation to our event details: JSON-object strings parsed, timestamps → "date".
    static func normaliseDetails(_ value: JSONValue) -> JSONValue {
        guard case .object(let o) = value else { return value }
        var out = JSONObject()
        for m in o {
            if case .string(let s) = m.value, s.hasPrefix("{"), let parsed = try? JSONParser.parse(s) {
                out[m.key] = normalise(parsed)
            } else {
                out[m.key] = normalise(m.value)
            }
        }
        return .object(out)
    }

    static func normalise(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(replacingTimestamps(s))
        case .array(let a): return .array(a.map(normalise))
        case .object(let o): return .object(JSONObject(o.map { ($0.key, normalise($0.value)) }))
        default: return value
        }
    }

    static let timestamp = try! NSRegularExpression(pattern: #"[1-9]\d{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-][01]\d(?::?[0-5]\d)?)"#)

    static func replacingTimestamps(_ s: String) -> String {
        guard s.contains("T") else { return s }
        return timestamp.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "date")
    }

    /// JSON equality where expected strings may hold `<placeholder>` wildcards. In event details
    /// (`details: true`) our strings are JSON text, which some recordings hold parsed.
    static func same(_ actual: JSONValue, _ expected: JSONValue, details: Bool = false) -> Bool {
        switch (actual, expected) {
        case (.string(let a), .string(let e)): return sameText(a, e)
        case (.object(let a), .object(let e)):
            guard a.count == e.count else { return false }
            return e.allSatisfy { m in
                // Item 3: values under keys containing "timestamp" were replaced by that word.
                if m.key.lowercased().contains("timestamp"), m.value == "timestamp", a[m.key] != nil { return true }
                return a[m.key].map { same($0, m.value, details: details) } ?? false
            }
        case (.array(let a), .array(let e)):
            return a.count == e.count && zip(a, e).allSatisfy { same($0, $1, details: details) }
        case (.number, .string(let e)) where fixedWords.contains(e):
            return true
        // Some recordings parsed every JSON string, arrays and numbers included (item 4 describes the
        // usual rule): compare our text as the value it holds.
        case (.string(let a), _) where details:
            guard let parsed = try? JSONParser.parse(a) else { return false }
            return same(parsed, expected, details: true)
        default:
            return actual.isSemanticallyEqual(to: expected)
        }
    }

    /// Words that the recording tests' transformers put in place of generated values (corpus README, item 6).
    static let fixedWords: Set<String> = ["a_task_token", "start-time", "entered-time", "RandomNumberGenerated", "generated-uuid", "map_run_arn", "state-machine-arn"]

    static func sameText(_ a: String, _ e: String) -> Bool {
        if a == e { return true }
        if fixedWords.contains(e) { return true }
        if let pa = try? JSONParser.parse(a), let pe = try? JSONParser.parse(e), pa.objectValue != nil || pa.arrayValue != nil {
            return same(pa, pe)
        }
        guard e.contains("<") else { return replacingTimestamps(a) == e }
        // Placeholders are wildcards.
        var pattern = "^"
        var rest = Substring(e)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<open])) + ".*"
            rest = rest[rest.index(after: close)...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return false }
        let text = replacingTimestamps(a)
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
