import Foundation
import StatesLanguage
import StatecraftSimulator

extension Benchmarks {
    /// The JSONata 2.0.6 reference suite (`../shared/conformance/jsonata`, or `STATECRAFT_SHARED`):
    /// every case but `$eval`'s parsed and evaluated in process, one session of built-ins. Milliseconds
    /// for the whole suite, median of 5 runs; 0 when the suite is not found.
    static func jsonataEvalSuiteMilliseconds() -> Double {
        let shared: URL
        if let o = ProcessInfo.processInfo.environment["STATECRAFT_SHARED"], !o.isEmpty {
            shared = URL(fileURLWithPath: o)
        } else {
            shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
        }
        let root = shared.appendingPathComponent("conformance/jsonata")
        guard let datasetsText = try? String(contentsOf: root.appendingPathComponent("datasets.json"), encoding: .utf8),
              let datasets = (try? JSONParser.parse(datasetsText))?.objectValue,
              let casesText = try? String(contentsOf: root.appendingPathComponent("cases.jsonl"), encoding: .utf8) else { return 0 }
        var cases: [(expression: String, input: JSONValue?, bindings: [String: JSONValue], depth: Int?)] = []
        for line in casesText.split(separator: "\n") {
            guard let o = (try? JSONParser.parse(String(line)))?.objectValue, let expression = o["expr"]?.stringValue,
                  !expression.contains("$eval") else { continue }
            var input = o["data"]
            if let name = o["dataset"]?.stringValue { input = datasets[name] }
            if o["data_undefined"]?.boolValue == true { input = nil }
            var bindings: [String: JSONValue] = [:]
            for m in o["bindings"]?.objectValue ?? JSONObject() { bindings[m.key] = m.value }
            cases.append((expression, input, bindings, o["depth"]?.numberValue?.intValue))
        }
        // The deepest cases recurse 500 levels: run on a thread with a large stack.
        let suite = cases
        let result = LargeStack.run {
            var samples: [Double] = []
            for _ in 0..<5 {
                let session = ExpressionEvaluation.Session(seed: 1)
                var evaluated = 0
                samples.append(time {
                    for c in suite {
                        if case .success = session.evaluate(c.expression, input: c.input, bindings: c.bindings, maximumDepth: c.depth) {
                            evaluated += 1
                        }
                    }
                })
                if evaluated < suite.count / 2 { return 0.0 }
            }
            return rounded(median(samples) * 1000)
        }
        return result
    }
}

/// Runs work on a thread with a 64 MiB stack and waits for it.
enum LargeStack {
    static func run(_ body: @escaping @Sendable () -> Double) -> Double {
        final class Box: @unchecked Sendable { var value = 0.0 }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 64 * 1024 * 1024
        thread.start()
        done.wait()
        return box.value
    }
}
