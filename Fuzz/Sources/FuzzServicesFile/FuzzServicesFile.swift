import FuzzSupport
import StatecraftSimulator

/// The services file on arbitrary bytes: it loads or throws a located ``ServicesFileError``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServicesFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        _ = try AWSServices.load(bytes)
    } catch {
        precondition(!error.message.isEmpty, "an error without a message")
    }
    return 0
}

/// The program's entry point (SwiftPM links `main` to it): libFuzzer's driver with this target.
@_cdecl("FuzzServicesFile_main")
public func fuzzServicesFileMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzServicesFile)
}
