import Foundation
import StatesLanguage

/// A measured figure: a name, its unit and how to measure it.
struct Benchmark: Sendable {
    let name: String
    let unit: String
    let run: @Sendable () -> Double
}

enum Benchmarks {
    static let all: [Benchmark] = [
        Benchmark(name: "json_parse_mb_per_s", unit: "MB/s", run: jsonParseThroughput),
        Benchmark(name: "validate_1mib_ms", unit: "ms", run: validateOneMebibyte),
        Benchmark(name: "validate_worst_1mib_ms", unit: "ms", run: validateWorstOneMebibyte),
        Benchmark(name: "dsl_build_10k_states_ms", unit: "ms", run: dslBuild),
        Benchmark(name: "dsl_build_validate_10k_states_ms", unit: "ms", run: dslBuildValidated),
        Benchmark(name: "transitions_per_second", unit: "transitions/s", run: transitionsPerSecond),
        Benchmark(name: "jsonata_transitions_per_second", unit: "transitions/s", run: jsonataTransitionsPerSecond),
        Benchmark(name: "jsonata_eval_suite_ms", unit: "ms", run: jsonataEvalSuiteMilliseconds),
        Benchmark(name: "retry_path_us", unit: "µs", run: retryPathMicroseconds),
        Benchmark(name: "modelled_retry_path_us", unit: "µs", run: modelledRetryPathMicroseconds),
        Benchmark(name: "map_100k_items_ms", unit: "ms", run: map100kItemsMilliseconds),
        Benchmark(name: "map_100k_items_peak_mb", unit: "MB", run: map100kItemsPeakMegabytes),
        Benchmark(name: "load_10k_gated_executions_s", unit: "s", run: load10kGated),
        Benchmark(name: "load_10k_gated_peak_mb", unit: "MB", run: load10kGatedPeakMegabytes),
        Benchmark(name: "load_100k_gated_executions_s", unit: "s", run: load100kGated),
        Benchmark(name: "load_100k_gated_peak_mb", unit: "MB", run: load100kGatedPeakMegabytes),
    ]

    /// Seconds taken by `body`.
    static func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Rounds for printing (3 significant decimals are plenty for these figures).
    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    /// Parse throughput over a generated 1 MiB definition: median of 9 runs of 10 parses each.
    static func jsonParseThroughput() -> Double {
        let bytes = DefinitionGenerator.definition(bytes: Validator.maximumDefinitionSize)
        var samples: [Double] = []
        for _ in 0..<9 {
            var parsed = 0
            let seconds = time {
                for _ in 0..<10 {
                    if case .object(let o)? = try? JSONParser.parse(bytes) { parsed += o.count }
                }
            }
            precondition(parsed > 0, "the generated definition did not parse")
            samples.append(Double(bytes.count * 10) / 1e6 / seconds)
        }
        return rounded(median(samples))
    }

    /// Parse with locations + decode + validate of a generated 1 MiB definition: median of 15 runs.
    static func validateOneMebibyte() -> Double {
        let bytes = DefinitionGenerator.definition(bytes: Validator.maximumDefinitionSize)
        let validator = Validator()
        var samples: [Double] = []
        for _ in 0..<15 {
            var valid = false
            let seconds = time { valid = validator.check(bytes).isValid }
            precondition(valid, "the generated definition is not valid")
            samples.append(seconds * 1000)
        }
        return rounded(median(samples))
    }
}
