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
