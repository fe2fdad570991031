import FuzzSupport
import StatesLanguage

/// The JSON parser on arbitrary bytes: it either parses or throws a located syntax error; what it
/// parses writes back to text that parses to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let value = try JSONParser.parse(bytes)
        let written = JSONWriter.string(value)
        guard let again = try? JSONParser.parse(written), again == value else {
            fatalError("round trip changed the value: \(written)")
        }
        _ = try? JSONParser.parseWithSourceMap(bytes)
    } catch {
        // A syntax error must point inside the text (or just past its end).
        precondition(error.position.offset <= bytes.count, "error offset past the end: \(error)")
    }
    return 0
}

/// The program's entry point (SwiftPM links `main` to it): libFuzzer's driver with this target.
@_cdecl("FuzzJSONParser_main")
public func fuzzJSONParserMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzJSONParser)
}
