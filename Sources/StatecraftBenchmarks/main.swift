import Foundation
import StatesLanguage

// Prints one JSON object per line: {"benchmark": NAME, "value": NUMBER, "unit": UNIT}.
// Each value is the median of several runs. Names given as arguments select benchmarks.

let selected = Set(CommandLine.arguments.dropFirst())
let unknown = selected.subtracting(Benchmarks.all.map(\.name))
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("StatecraftBenchmarks: unknown benchmark(s) \(unknown.sorted().joined(separator: ", ")); available: \(Benchmarks.all.map(\.name).joined(separator: ", "))\n".utf8))
    exit(2)
}
for benchmark in Benchmarks.all where selected.isEmpty || selected.contains(benchmark.name) {
    let value = benchmark.run()
    let line: JSONValue = ["benchmark": .string(benchmark.name), "value": .number(JSONNumber(value)), "unit": .string(benchmark.unit)]
    print(JSONWriter.string(line))
}
