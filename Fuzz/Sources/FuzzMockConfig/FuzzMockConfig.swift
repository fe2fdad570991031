import FuzzSupport
import StatesLanguage
import StatecraftSimulator

/// MockConfigFile on arbitrary JSON: it loads or throws a ``MockConfigError``; a loaded file's test
/// cases answer invocations far past their ranges without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMockConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let json = try? JSONParser.parse(bytes), let file = try? MockConfigFile(json: json) else { return 0 }
    for (machine, cases) in file.stateMachines {
        for testCase in cases.keys {
            _ = try? file.mocks(testCase: testCase, machine: machine)
        }
    }
    for (_, list) in file.responses {
        for entry in list { _ = entry.range.contains(Int.max) }
    }
    return 0
}

/// The program's entry point (SwiftPM links `main` to it): libFuzzer's driver with this target.
@_cdecl("FuzzMockConfig_main")
public func fuzzMockConfigMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzMockConfig)
}
