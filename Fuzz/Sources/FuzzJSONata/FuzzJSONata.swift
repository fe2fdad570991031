import FuzzSupport
import StatesLanguage
import StatecraftSimulator

// SLOT: JSONata parser and evaluator.
// The JSONata engine is being hardened separately (recursion depth, value sizes, regular
// expressions). This target drives today's public API: `JSONata.parse`, then the evaluator through a
// one-state JSONata machine run with a small event budget. When the engine exposes an evaluation
// entry point with budgets, call it here directly.

/// The bytes are a JSONata expression: it parses or throws a syntax error; a parsed expression is
/// evaluated as a Pass state's Output and the run must end without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONata(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size <= 4 * 1024 else { return 0 }
    let expression = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard (try? JSONata.parse(expression)) != nil else { return 0 }
    let output = JSONWriter.string(.string("{% " + expression + " %}"))
    let definition = #"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"# + output + #","End":true}}}"#
    guard let program = try? Program(json: Array(definition.utf8)) else { return 0 }
    var configuration = Simulator.Configuration(seed: 7)
    configuration.maximumHistoryEvents = 50
    let simulator = Simulator(configuration: configuration, services: [])
    _ = simulator.run(program, input: ["a": 1, "items": [1, 2, 3], "s": "text"])
    return 0
}

/// The program's entry point (SwiftPM links `main` to it): libFuzzer's driver with this target.
@_cdecl("FuzzJSONata_main")
public func fuzzJSONataMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzJSONata)
}
