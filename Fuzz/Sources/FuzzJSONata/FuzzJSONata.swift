import FuzzSupport
import StatesLanguage
import StatecraftSimulator

/// The bytes are a JSONata expression: it parses or throws a syntax error; a parsed expression is
/// evaluated by `ExpressionEvaluation.evaluate` (the engine with its depth, step, size and
/// backtracking budgets) to a value or a coded failure, never a trap. An expression that reads
/// `$states` is also run as a Pass state's Output in a one-state machine with a budget of 50 events.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONata(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size <= 4 * 1024 else { return 0 }
    let expression = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard (try? JSONata.parse(expression)) != nil else { return 0 }
    let input: JSONValue = ["a": 1, "items": [1, 2, 3], "s": "text", "o": ["n": -2.5, "t": true, "z": nil]]
    _ = ExpressionEvaluation.evaluate(expression, input: input, bindings: ["v": [1, "x"]], seed: 7)
    guard expression.contains("$states") else { return 0 }
    let output = JSONWriter.string(.string("{% " + expression + " %}"))
    let definition = #"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"# + output + #","End":true}}}"#
    guard let program = try? Program(json: Array(definition.utf8)) else { return 0 }
    var configuration = Simulator.Configuration(seed: 7)
    configuration.maximumHistoryEvents = 50
    let simulator = Simulator(configuration: configuration, services: [])
    _ = simulator.run(program, input: input)
    return 0
}

/// The program's entry point (SwiftPM links `main` to it): libFuzzer's driver with this target.
@_cdecl("FuzzJSONata_main")
public func fuzzJSONataMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzJSONata)
}
