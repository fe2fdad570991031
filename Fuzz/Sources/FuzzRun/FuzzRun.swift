import FuzzSupport
import StatesLanguage
import StatecraftSimulator

/// Runs small machines: the bytes are a definition; a valid one runs on the simulator with a small
/// event budget and must end (succeeded, failed, timed out or aborted) without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRun(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Small machines only: the budget keeps each run short.
    guard size <= 16 * 1024 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let program = try? Program(json: bytes) else { return 0 }
    var configuration = Simulator.Configuration(seed: 7)
    configuration.maximumHistoryEvents = 200
    let simulator = Simulator(configuration: configuration, services: [])
    let execution = simulator.run(program, input: ["a": 1, "items": [1, 2, 3], "s": "text"])
    precondition(execution.status != .running, "the run returned before the execution ended")
    return 0
}

/// The program's entry point (SwiftPM links `main` to it): libFuzzer's driver with this target.
@_cdecl("FuzzRun_main")
public func fuzzRunMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzRun)
}
