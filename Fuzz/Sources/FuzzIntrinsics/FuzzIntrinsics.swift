import FuzzSupport
import StatesLanguage
import StatecraftSimulator

/// Intrinsic function calls: the first line is the call (`States.Format('{}', $.a)`), the rest the
/// input JSON. Parsing either succeeds or throws a syntax error; evaluating either returns a value or
/// fails with a `States.*` error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIntrinsics(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    let text = String(decoding: bytes[..<newline], as: UTF8.self)
    let input = newline < bytes.count ? (try? JSONParser.parse(Array(bytes[(newline + 1)...]))) ?? [:] : [:]
    guard let call = try? IntrinsicCall(parsing: text) else { return 0 }
    _ = call.checkSignature()
    let scope = DataScope(input: input, context: ["Execution": ["Id": "arn:aws:states:us-east-1:123456789012:execution:M:e"]], variables: [:])
    var random = SeededRandom(seed: 1)
    do {
        _ = try DataFlow.evaluate(call, scope, random: &random)
    } catch {
        precondition(error.error.hasPrefix("States."), "an intrinsic failed with \(error.error)")
    }
    return 0
}

/// The program's entry point (SwiftPM links `main` to it): libFuzzer's driver with this target.
@_cdecl("FuzzIntrinsics_main")
public func fuzzIntrinsicsMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzIntrinsics)
}
