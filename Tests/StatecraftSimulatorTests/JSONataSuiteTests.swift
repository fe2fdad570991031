import Foundation
import Testing
import StatesLanguage
@testable import StatecraftSimulator
import StatecraftTestSupport

/// The JSONata 2.0.6 reference suite (`../shared/conformance/jsonata`): every applicable case
/// evaluated, the pass rate printed, and the cases not passed checked against the list in
/// Docs/Conformance.md.
@Suite struct JSONataSuiteTests {
    /// One case of the suite.
    struct Case {
        let id: String
        let group: String
        let expression: String
        let input: JSONValue?
        let bindings: [String: JSONValue]
        let expected: Expected
        let unordered: Bool
        let depth: Int?
        let timeLimit: Int?

        enum Expected {
            case value(JSONValue)
            case undefined
            /// An error with this code; `nil` when the suite file records that an error is expected
            /// but not its code (the upstream files keep those in an `error` object the flattened
            /// file does not carry).
            case error(String?)
        }

        /// `$eval` does not exist in Step Functions.
        var isApplicable: Bool { !expression.contains("$eval") }
    }

    /// The suite's cases, and the ids of lines our JSON parser refuses (lone surrogate escapes,
    /// which Step Functions' JSON cannot carry either).
    static func loadCases() throws -> (cases: [Case], unreadable: [String]) {
        let datasetsText = try String(contentsOf: SharedFixtures.root.appendingPathComponent("conformance/jsonata/datasets.json"), encoding: .utf8)
        let datasets = try JSONParser.parse(datasetsText).objectValue ?? JSONObject()
        let text = try String(contentsOf: SharedFixtures.root.appendingPathComponent("conformance/jsonata/cases.jsonl"), encoding: .utf8)
        var unreadable: [String] = []
        let cases = text.split(separator: "\n").compactMap { raw -> Case? in
            guard let line = try? JSONParser.parse(String(raw)) else {
                let id = raw.split(separator: "\"").dropFirst(3).first.map(String.init) ?? String(raw.prefix(40))
                unreadable.append(id)
                return nil
            }
            guard let o = line.objectValue, let id = o["id"]?.stringValue, let expression = o["expr"]?.stringValue else { return nil }
            var input: JSONValue? = o["data"]
            if let name = o["dataset"]?.stringValue { input = datasets[name] }
            if o["data_undefined"]?.boolValue == true { input = nil }
            let expected: Case.Expected
            if let code = o["code"]?.stringValue {
                expected = .error(code)
            } else if o["undefinedResult"]?.boolValue == true {
                expected = .undefined
            } else if let result = o["result"] {
                expected = .value(result)
            } else {
                expected = .error(nil)
            }
            var bindings: [String: JSONValue] = [:]
            for m in o["bindings"]?.objectValue ?? JSONObject() { bindings[m.key] = m.value }
            return Case(id: id, group: o["group"]?.stringValue ?? "", expression: expression, input: input, bindings: bindings,
                        expected: expected, unordered: o["unordered"]?.boolValue == true,
                        depth: o["depth"]?.numberValue?.intValue, timeLimit: o["timelimit"]?.numberValue?.intValue)
        }
        return (cases, unreadable)
    }

    /// What happened when a case ran: a value, undefined, or an error code.
    enum Outcome: Equatable {
        case value(JSONValue)
        case undefined
        case error(code: String, message: String)
    }

    /// Whether `outcome` is what the case expects.
    static func passes(_ c: Case, _ outcome: Outcome) -> Bool {
        switch (c.expected, outcome) {
        case (.value(let expected), .value(let actual)): return same(expected, actual, unordered: c.unordered)
        case (.undefined, .undefined): return true
        case (.error(let code), .error(let actual, _)): return code == nil || code == actual
        default: return false
        }
    }

    /// JSON equality (numbers by value, objects as maps); `unordered` compares top-level arrays as multisets.
    static func same(_ a: JSONValue, _ b: JSONValue, unordered: Bool = false) -> Bool {
        guard unordered, case .array(let x) = a, case .array(var remaining) = b, x.count == remaining.count else {
            return a.isSemanticallyEqual(to: b)
        }
        for item in x {
            guard let i = remaining.firstIndex(where: { item.isSemanticallyEqual(to: $0) }) else { return false }
            remaining.remove(at: i)
        }
        return true
    }

    /// Runs one case through the evaluator, with the case's depth and time limits.
    static func run(_ c: Case, builtins: JSONataEvaluator.Environment) -> Outcome {
        let parsed: JSONataExpression
        do throws(JSONataSyntaxError) {
            parsed = try JSONata.parse(c.expression)
        } catch {
            return .error(code: error.code ?? "S0000", message: error.message)
        }
        var evaluator = JSONataEvaluator(builtins: builtins)
        if let depth = c.depth {
            // The suite's own depth limit replaces ours; the suite runs on a thread with a 16 MiB stack.
            evaluator.budget.depth = depth
            evaluator.budget.stackBytes = 12 * 1024 * 1024
        }
        if let limit = c.timeLimit { evaluator.budget.deadline = Date().addingTimeInterval(Double(limit) / 1000) }
        do throws(JSONataError) {
            let value = try evaluator.evaluateValue(parsed, input: c.input.map(JSONataEvaluator.Value.init),
                                                    variables: c.bindings.mapValues(JSONataEvaluator.Value.init))
            guard let value else { return .undefined }
            guard let json = value.json else { return .value(.string("<function>")) }
            return .value(json)
        } catch {
            return .error(code: error.code, message: error.message)
        }
    }

    /// Runs `body` on a thread with a 16 MiB stack (the suite's deepest cases recurse 500 levels).
    static func onLargeStack<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 16 * 1024 * 1024
            thread.start()
        }
    }

    @Test(.enabled(if: SharedFixtures.isAvailable, Comment(rawValue: SharedFixtures.skipReason)))
    func referenceSuite() async throws {
        let result = await Self.onLargeStack { Result { try Self.runSuite() } }
        try result.get()
    }

    static func runSuite() throws {
        let (cases, unreadable) = try Self.loadCases()
        #expect(cases.count + unreadable.count == 1625)
        let builtins = JSONataEvaluator.makeBuiltins(random: SeededRandom(seed: 1))
        let verbose = ProcessInfo.processInfo.environment["STATECRAFT_JSONATA_DETAILS"] != nil
        var failed: [String] = unreadable
        if verbose { for id in unreadable { print("FAIL \(id): the case's JSON line does not parse") } }
        var applicable = unreadable.count
        for c in cases where c.isApplicable {
            applicable += 1
            let outcome = Self.run(c, builtins: builtins)
            if !Self.passes(c, outcome) {
                failed.append(c.id)
                if verbose { print("FAIL \(c.id): \(c.expression)\n  expected \(c.expected)\n  got      \(outcome)") }
            }
        }
        let passed = applicable - failed.count
        let rate = Double(passed) / Double(applicable)
        print("JSONata 2.0.6 suite: \(passed) of \(applicable) applicable cases pass (\(String(format: "%.1f", rate * 100))%)")
        #expect(rate >= 0.98, "the JSONata suite pass rate fell below 98%")
        let known = try Self.knownDifferences()
        let failedSet = Set(failed)
        for id in failedSet.subtracting(known).sorted() {
            Issue.record("\(id) fails but is not listed in Docs/Conformance.md (JSONata known differences)")
        }
        for id in known.subtracting(failedSet).sorted() {
            Issue.record("\(id) is listed in Docs/Conformance.md as a known difference but passes: remove it from the list")
        }
    }

    /// The case ids listed under "Known differences" in Docs/Conformance.md.
    static func knownDifferences() throws -> Set<String> {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/Conformance.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        guard let start = text.range(of: "<!-- jsonata-known-differences"),
              let end = text.range(of: "<!-- end jsonata-known-differences -->") else { return [] }
        var ids = Set<String>()
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("- `") {
            let rest = line.dropFirst(3)
            if let close = rest.firstIndex(of: "`") { ids.insert(String(rest[..<close])) }
        }
        return ids
    }
}
