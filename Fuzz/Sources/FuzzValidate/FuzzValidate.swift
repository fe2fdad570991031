import FuzzSupport
import StatesLanguage

/// Parse, decode and validate (what `statecraft validate` does) and format (what `statecraft fmt`
/// does) on arbitrary bytes: every finding carries a place, and a formatted definition is a fixed point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValidate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let result = Validator().check(bytes)
    for diagnostic in result.diagnostics where diagnostic.location == nil {
        fatalError("a diagnostic without a location: \(diagnostic)")
    }
    let decoded = Validator.decode(bytes)
    if let machine = decoded.machine, decoded.isValid {
        let formatted = Array(ASLEncoder.prettyText(machine).utf8)
        let again = Validator.decode(formatted)
        guard let reformatted = again.machine, again.isValid else {
            fatalError("the formatted text does not decode: \(String(decoding: formatted, as: UTF8.self))")
        }
        guard Array(ASLEncoder.prettyText(reformatted).utf8) == formatted else {
            fatalError("formatting is not idempotent")
        }
    }
    return 0
}

/// The program's entry point (SwiftPM links `main` to it): libFuzzer's driver with this target.
@_cdecl("FuzzValidate_main")
public func fuzzValidateMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzValidate)
}
